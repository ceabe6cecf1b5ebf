"""Permit Application Register: every application received in a period, where it stands, its
clock, levy and permit. Rows come from frappe.get_list, so each user sees what they may read."""

from collections import Counter

import frappe
from frappe import _

from bppm_app.services.reporting import as_filters, bar_chart, column, date_range, datetime_between, summary

FIELDS = (
	"name",
	"submitted_on",
	"applicant",
	"applicant_name",
	"permit_type",
	"subject",
	"kecamatan",
	"channel",
	"workflow_state",
	"decision",
	"sla_due_date",
	"sla_working_days_used",
	"sla_status",
	"levy_amount",
	"levy_paid",
	"permit_number",
	"issued_on",
	"valid_until",
	"application_type",
	"previous_application",
	"superseded_by",
	"docstatus",
)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return columns(), rows, None, chart(rows), report_summary(rows)


def columns():
	return [
		column(_("Registration Number"), "name", "Link", "Permit Application", 150),
		column(_("Submitted On"), "submitted_on", "Datetime", width=150),
		# the applicant's ID as text: a link would ask for read access to Applicant, which the
		# treasurer (who reads the register) does not hold (the NIK is not theirs to see)
		column(_("Applicant"), "applicant", "Data", width=110),
		column(_("Applicant Name"), "applicant_name", width=170),
		column(_("Permit Type"), "permit_type", "Link", "Permit Type", 200),
		column(_("Subject"), "subject", width=200),
		column(_("Kecamatan"), "kecamatan", width=130),
		column(_("Channel"), "channel", width=90),
		column(_("Workflow State"), "workflow_state", "Link", "Workflow State", 150),
		column(_("SLA Due Date"), "sla_due_date", "Date", width=110),
		column(_("Working Days Used"), "sla_working_days_used", "Float", width=110),
		column(_("SLA Status"), "sla_status", width=110),
		column(_("Levy Amount"), "levy_amount", "Currency", width=130),
		column(_("Levy Paid"), "levy_paid", "Check", width=80),
		column(_("Permit Number"), "permit_number", width=180),
		column(_("Issued On"), "issued_on", "Date", width=100),
		column(_("Valid Until"), "valid_until", "Date", width=100),
		# the chain of a permit: what it renews or amends, and what replaced it
		column(_("Application Type"), "application_type", width=100),
		column(_("Previous Permit"), "previous_application", "Link", "Permit Application", 150),
		column(_("Superseded By"), "superseded_by", "Link", "Permit Application", 150),
	]


def get_data(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	conditions = as_filters(
		filters, "permit_type", "workflow_state", "channel", "kecamatan", "sla_status", "decision"
	)
	conditions["submitted_on"] = ("between", datetime_between(from_date, to_date))
	return frappe.get_list(
		"Permit Application",
		fields=list(FIELDS),
		filters=conditions,
		order_by="submitted_on asc, name asc",
	)


def chart(rows):
	if not rows:
		return None
	by_state = Counter(row.workflow_state or _("Not Set") for row in rows)
	labels = sorted(by_state, key=lambda state: -by_state[state])
	return bar_chart([_(s) for s in labels], [(_("Applications"), [by_state[s] for s in labels])])


def report_summary(rows):
	return [
		summary(_("Received"), len(rows)),
		summary(_("In Process"), sum(1 for r in rows if r.docstatus == 0), indicator="Blue"),
		summary(_("Issued"), sum(1 for r in rows if r.decision == "Approved"), indicator="Green"),
		summary(_("Rejected"), sum(1 for r in rows if r.decision == "Rejected"), indicator="Red"),
		summary(
			_("Overdue"),
			sum(1 for r in rows if r.docstatus == 0 and r.sla_status == "Overdue"),
			indicator="Red",
		),
	]
