"""Context of the standard Notification "Application Rejected" (Frappe loads this module for it)."""


def get_context(context):
	pass
