"""Context of the standard Notification "Levy Assessment Issued SMS" (Frappe loads this module for it)."""


def get_context(context):
	pass
