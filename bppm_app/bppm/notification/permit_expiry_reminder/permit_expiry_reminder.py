"""Context of the standard Notification "Permit Expiry Reminder" (Frappe loads this module for it)."""


def get_context(context):
	pass
