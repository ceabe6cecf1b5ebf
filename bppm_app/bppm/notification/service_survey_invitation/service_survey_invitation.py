"""Context of the standard Notification "Service Survey Invitation" (Frappe loads this module for it)."""


def get_context(context):
	pass
