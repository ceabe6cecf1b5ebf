"""/application-submitted?name=…: the confirmation after submitting one's own application: its
registration number, the tracking PIN, the due date, what happens next and the receipt (PDF)."""

import frappe
from frappe import _

from bppm_app.web import applicant_portal

no_cache = 1


def get_context(context):
	applicant_portal.require_login("/applications")
	# not one's own (or no such application): Frappe's "not found" page, status 404
	context.done = applicant_portal.confirmation(frappe.form_dict.get("name"))
	context.title = _("Application submitted")
	context.no_breadcrumbs = True
	return context
