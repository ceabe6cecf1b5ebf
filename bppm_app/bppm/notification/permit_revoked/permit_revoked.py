"""Context of the standard Notification "Permit Revoked" (Frappe loads this module for it)."""


def get_context(context):
	pass
