"""Context of the standard Notification "Complaint Overdue" (Frappe loads this module for it)."""


def get_context(context):
	pass
