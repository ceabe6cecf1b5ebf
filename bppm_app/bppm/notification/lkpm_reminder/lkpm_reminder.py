"""Context of the standard Notification "LKPM Reminder" (Frappe loads this module for it)."""


def get_context(context):
	pass
