"""Context of the standard Notification "SLA At Risk" (Frappe loads this module for it)."""


def get_context(context):
	pass
