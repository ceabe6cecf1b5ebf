import frappe

from bppm_app.permissions import owned_applicants
from bppm_app.web.applicant_portal import translate_web_form


def get_context(context):
	"""One profile per portal user: a profile the office registered for them (at the counter) opens
	for editing, instead of a new form that the unique user would refuse."""
	if frappe.session.user != "Guest" and not frappe.form_dict.name:
		mine = owned_applicants(frappe.session.user)
		if mine:
			frappe.local.flags.redirect_location = f"/applicant-profile/{mine[0]}/edit"
			raise frappe.Redirect
	context.no_breadcrumbs = True
	translate_web_form(context)
