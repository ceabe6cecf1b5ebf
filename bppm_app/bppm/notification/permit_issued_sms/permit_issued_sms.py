"""Context of the standard Notification "Permit Issued SMS" (Frappe loads this module for it)."""


def get_context(context):
	pass
