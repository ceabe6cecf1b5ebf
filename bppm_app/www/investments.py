"""/investments: the portal user's own investments and their quarterly LKPM reports."""

import frappe
from frappe import _

from bppm_app.services import portal

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/investments"
		raise frappe.Redirect
	if frappe.request and frappe.request.method == "POST" and frappe.form_dict.get("action") == "submit":
		from bppm_app.api import submit_investment_report

		name = frappe.form_dict.get("name")
		submit_investment_report(name)
		frappe.local.flags.redirect_location = f"/investments?submitted={name}"
		raise frappe.Redirect
	context.title = _("My Investments")
	context.no_breadcrumbs = True
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	context.investments = portal.investments()
	return context
