import frappe

from bppm_app.web import applicant_portal


def get_context(context):
	"""Reporting needs an investment of one's own; the office records investments."""
	if frappe.session.user != "Guest" and not applicant_portal.own_investments():
		frappe.local.flags.redirect_location = "/investments"
		raise frappe.Redirect
	context.no_breadcrumbs = True
	applicant_portal.translate_web_form(context)
