import frappe

from bppm_app.web.applicant_portal import translate_web_form


def get_context(context):
	"""Applying needs an applicant profile first."""
	if frappe.session.user != "Guest" and not frappe.db.exists("Applicant", {"user": frappe.session.user}):
		frappe.local.flags.redirect_location = "/applicant-profile/new"
		raise frappe.Redirect
	context.no_breadcrumbs = True
	translate_web_form(context)
