"""Context of the standard Notification "Application Submitted" (Frappe loads this module for it)."""


def get_context(context):
	pass
