"""Context of the standard Notification "Complaint Received" (Frappe loads this module for it)."""


def get_context(context):
	pass
