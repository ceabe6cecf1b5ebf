"""/check-application?name=…: check your answers before submitting one's own draft (each answer with a
link to change it, each document, the estimated levy, the due date promised in working days), then
submit it; the confirmation follows on /application-submitted."""

import frappe
from frappe import _

from bppm_app.web import applicant_portal

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("name")
	applicant_portal.require_login("/applications")
	if frappe.request and frappe.request.method == "POST" and frappe.form_dict.get("action") == "submit":
		from bppm_app.api import submit_application

		if not frappe.form_dict.get("confirm"):
			frappe.throw(_("Tick the box to confirm that your answers are correct."), frappe.ValidationError)
		submit_application(name)
		frappe.local.flags.redirect_location = "/application-submitted?" + _query(name)
		raise frappe.Redirect
	# not one's own (or no such application): Frappe's "not found" page, status 404
	context.check = applicant_portal.check_answers(name)
	context.title = _("Check your answers")
	context.no_breadcrumbs = True
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	return context


def _query(name) -> str:
	from urllib.parse import urlencode

	return urlencode({"name": name})
