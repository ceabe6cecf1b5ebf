"""Context of the standard Notification "SLA Overdue" (Frappe loads this module for it)."""


def get_context(context):
	pass
