"""My Tasks (Tugas saya): the permit applications waiting for the session user, that is their own
open assignments (ToDo, given by the Assignment Rules of each stage), with the stage, who holds the
file, its due date and SLA status; oldest due date first, files without one last. The applications
are read with ``frappe.get_list``, so a row appears only where the user may read the file."""

import frappe
from frappe import _

from bppm_app.reports.filters import column

DOCTYPE = "Permit Application"


def execute(filters=None):
	return columns(), get_data(frappe.session.user)


def get_data(user: str) -> list[dict]:
	# the user's own open assignments (ToDo rows allocated to them: no one else's)
	todos = frappe.get_all(
		"ToDo",
		filters={"allocated_to": user, "status": "Open", "reference_type": DOCTYPE},
		fields=["reference_name", "date", "description"],
		order_by="creation asc",
	)
	if not todos:
		return []
	assigned_on = {todo.reference_name: todo.date for todo in todos}
	apps = frappe.get_list(
		DOCTYPE,
		filters={"name": ("in", list(assigned_on)), "docstatus": 0},
		fields=[
			"name",
			"subject",
			"applicant_name",
			"permit_type",
			"workflow_state",
			"sla_due_date",
			"sla_status",
			"submitted_on",
		],
		limit_page_length=0,
	)
	apps.sort(key=lambda app: (app.sla_due_date is None, app.sla_due_date or "", app.submitted_on or ""))
	return [
		{
			"permit_application": app.name,
			"subject": app.subject,
			"applicant_name": app.applicant_name,
			"permit_type": app.permit_type,
			"stage": _(app.workflow_state) if app.workflow_state else "",
			"holder": user,
			"sla_due_date": app.sla_due_date,
			"sla_status": _(app.sla_status) if app.sla_status else "",
			"assigned_on": assigned_on.get(app.name),
		}
		for app in apps
	]


def columns() -> list[dict]:
	return [
		column(_("Permit Application"), "permit_application", "Link", DOCTYPE, 150),
		column(_("Subject"), "subject", width=200),
		column(_("Applicant Name"), "applicant_name", width=160),
		column(_("Permit Type"), "permit_type", "Link", "Permit Type", 180),
		column(_("Stage"), "stage", width=160),
		column(_("Held By"), "holder", "Link", "User", 160),
		column(_("SLA Due Date"), "sla_due_date", "Date", width=110),
		column(_("SLA Status"), "sla_status", width=110),
	]
