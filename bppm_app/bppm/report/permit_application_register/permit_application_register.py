"""Permit Application Register: every application received in a period, where it stands, its
clock, levy and permit, a page at a time (in the order received). The totals and the chart come
from one GROUP BY over the whole period. Each user sees what get_list would show them."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum

from bppm_app.reports.filters import as_filters, bar_chart, column, date_range, report_filters, summary
from bppm_app.reports.sql import (
	count_if,
	hinted,
	in_days,
	page_message,
	page_of,
	read_condition,
	table,
	where_all,
)

APP = table("Permit Application")
FILTERS = ("permit_type", "workflow_state", "channel", "kecamatan", "sla_status", "decision")

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
	filters = report_filters(filters)
	base = received(filters)
	groups = totals(base)
	rows = get_data(filters, base)
	received_total = sum(int(g["n"]) for g in groups)
	return (
		columns(),
		rows,
		page_message(filters, received_total, len(rows)),
		chart(groups),
		report_summary(groups),
	)


def received(filters):
	"""The applications received in the period that match the filters, as the user may see them."""
	from_date, to_date = date_range(filters)
	query = frappe.qb.from_(APP).where(in_days(APP.submitted_on, from_date, to_date))
	for field, value in as_filters(filters, *FILTERS).items():
		query = query.where(APP[field] == value)
	return where_all(query, read_condition("Permit Application"))


def totals(base) -> list[dict]:
	"""Per workflow state: how many, in process, issued, rejected, open and overdue. What the
	summary and the chart are made of: one pass over the index (workflow state, received, …),
	one range per state, grouped in index order."""
	states = frappe.qb.from_(APP).select(APP.workflow_state).distinct().run(pluck=True)
	in_process = APP.docstatus == 0
	return (
		hinted(base, "bppm_register")
		.where(
			APP.workflow_state.isin([s for s in states if s is not None] or [""])
			| APP.workflow_state.isnull()
		)
		.select(
			APP.workflow_state,
			Count("*").as_("n"),
			count_if(in_process).as_("in_process"),
			count_if(APP.decision == "Approved").as_("issued"),
			count_if(APP.decision == "Rejected").as_("rejected"),
			count_if(in_process & (APP.sla_status == "Overdue")).as_("overdue"),
		)
		.groupby(APP.workflow_state)
		.run(as_dict=True)
	)


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


def get_data(filters, base=None) -> list[dict]:
	"""One page of the register, in the order received."""
	base = base if base is not None else received(filters)
	offset, length = page_of(filters)
	return (
		base.select(*[APP[field] for field in FIELDS])
		.orderby(APP.submitted_on)
		.orderby(APP.name)
		.limit(length)
		.offset(offset)
		.run(as_dict=True)
	)


def chart(groups):
	if not groups:
		return None
	by_state: dict[str, int] = {}
	for g in groups:
		state = g.workflow_state or _("Not Set")
		by_state[state] = by_state.get(state, 0) + int(g.n)
	labels = sorted(by_state, key=lambda state: -by_state[state])
	return bar_chart([_(s) for s in labels], [(_("Applications"), [by_state[s] for s in labels])])


def report_summary(groups):
	def count(key):
		return sum(int(g[key] or 0) for g in groups)

	return [
		summary(_("Received"), count("n")),
		summary(_("In Process"), count("in_process"), indicator="Blue"),
		summary(_("Issued"), count("issued"), indicator="Green"),
		summary(_("Rejected"), count("rejected"), indicator="Red"),
		summary(_("Overdue"), count("overdue"), indicator="Red"),
	]
