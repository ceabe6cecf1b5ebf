"""/investments: the portal user's own investments and their quarterly LKPM reports."""

import frappe
from frappe import _

from bppm_app.web import applicant_portal

no_cache = 1


def get_context(context):
	applicant_portal.require_login("/investments")
	name = applicant_portal.posted_action()
	if name is not None:
		from bppm_app.api import submit_investment_report

		submit_investment_report(name)
		frappe.local.flags.redirect_location = f"/investments?submitted={name}"
		raise frappe.Redirect
	context.title = _("My Investments")
	context.no_breadcrumbs = True
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	context.investments = applicant_portal.investments()
	return context
