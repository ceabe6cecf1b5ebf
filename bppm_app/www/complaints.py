"""/complaints: the complaints a portal user filed while logged in, with the office's answers."""

import frappe
from frappe import _

from bppm_app.engine import quality

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/complaints"
		raise frappe.Redirect
	context.title = _("My Complaints")
	context.no_breadcrumbs = True
	context.complaints = quality.own_complaints()
	return context
