"""Context of the standard Notification "Levy Assessment Issued" (Frappe loads this module for it)."""


def get_context(context):
	pass
