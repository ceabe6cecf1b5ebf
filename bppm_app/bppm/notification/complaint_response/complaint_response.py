"""Context of the standard Notification "Complaint Response" (Frappe loads this module for it)."""


def get_context(context):
	pass
