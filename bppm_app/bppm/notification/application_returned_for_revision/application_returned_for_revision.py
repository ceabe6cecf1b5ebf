"""Context of the standard Notification "Application Returned for Revision" (Frappe loads this module for it)."""


def get_context(context):
	pass
