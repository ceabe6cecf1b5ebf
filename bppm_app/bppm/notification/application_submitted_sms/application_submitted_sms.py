"""Context of the standard Notification "Application Submitted SMS" (Frappe loads this module for it)."""


def get_context(context):
	pass
