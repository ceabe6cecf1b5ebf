"""/applications: the portal user's own permit applications, their stage and next step."""

import frappe
from frappe import _
from frappe.model.workflow import get_transitions

from bppm_app.roles import APPLICANT
from bppm_app.services import workflow

no_cache = 1
CERTIFICATE, RECEIPT = "Permit Certificate", "Application Receipt"


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/applications"
		raise frappe.Redirect
	if frappe.request and frappe.request.method == "POST" and frappe.form_dict.get("action") == "submit":
		submit(frappe.form_dict.get("name"))
	context.title = _("My Applications")
	context.no_breadcrumbs = True
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	context.has_profile = bool(frappe.db.exists("Applicant", {"user": frappe.session.user}))
	context.applications = rows()
	return context


def submit(name):
	from bppm_app.api import submit_application

	submit_application(name)
	frappe.local.flags.redirect_location = f"/applications?submitted={name}"
	raise frappe.Redirect


def rows() -> list[dict]:
	wf = workflow.get_workflow("Permit Application")
	out = []
	# get_list: the permission hooks keep this to the user's own applications
	for app in frappe.get_list(
		"Permit Application",
		fields=[
			"name",
			"permit_type",
			"subject",
			"workflow_state",
			"docstatus",
			"decision",
			"sla_due_date",
			"sla_status",
			"sla_clock",
			"creation",
		],
		order_by="creation desc",
		limit_page_length=100,
	):
		state = workflow.state_row(wf, app.workflow_state)
		doc = frappe.get_doc("Permit Application", app.name)
		actions = (
			[t.action for t in get_transitions(doc) if t.allowed == APPLICANT] if app.docstatus == 0 else []
		)
		out.append(
			{
				**app,
				"stage": _(app.workflow_state) if app.workflow_state else "",
				"next_step": _(state.message) if state and state.message else "",
				"action": _(actions[0]) if actions else None,
				"editable": bool(actions),
				"certificate_url": pdf_url(app.name, CERTIFICATE)
				if app.docstatus == 1 and app.decision == "Approved"
				else None,
				"receipt_url": pdf_url(app.name, RECEIPT)
				if app.sla_clock
				and app.sla_clock != "Not Started"
				and frappe.db.exists("Print Format", RECEIPT)
				else None,
			}
		)
	return out


def pdf_url(name: str, print_format: str) -> str:
	from urllib.parse import urlencode

	return "/api/method/frappe.utils.print_format.download_pdf?" + urlencode(
		{"doctype": "Permit Application", "name": name, "format": print_format}
	)
