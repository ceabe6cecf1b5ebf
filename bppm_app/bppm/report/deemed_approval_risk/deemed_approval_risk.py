"""Open stages past their own service level (BPPM Settings → Stage Service Levels).

Under PP 28/2025 a stage that overruns its time may lead to deemed approval (fiktif positif), so
the head of office chases these first. Longest overrun first, a page at a time.

The database picks the overrun stages: a stage is over its limit exactly when it was entered
before a cut-off instant per state (``rules.sla.overrun_cutoff``), so the query is an index range
per state; it also sorts them by their overrun in working days, with the office's calendar
written into the query (``report_sql.working_days_from``)."""

import frappe
from frappe import _
from frappe.query_builder import Case, Order
from frappe.query_builder.functions import Count, Min
from frappe.utils import get_datetime, getdate, now_datetime

from bppm_app.rules import sla
from bppm_app.services import calendar as office_calendar
from bppm_app.services import service_level
from bppm_app.services.report_sql import (
	Sql,
	page_message,
	page_of,
	read_condition,
	readable_through,
	table,
	where_all,
	working_days_from,
)

STAGE = table("Permit Application Stage")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	columns = [
		{
			"fieldname": "permit_application",
			"label": _("Permit Application"),
			"fieldtype": "Link",
			"options": "Permit Application",
			"width": 160,
		},
		{
			"fieldname": "permit_type",
			"label": _("Permit Type"),
			"fieldtype": "Link",
			"options": "Permit Type",
			"width": 220,
		},
		{"fieldname": "state", "label": _("State"), "fieldtype": "Data", "width": 150},
		{"fieldname": "holder", "label": _("Held By"), "fieldtype": "Data", "width": 110},
		{"fieldname": "entered_on", "label": _("Entered On"), "fieldtype": "Datetime", "width": 160},
		{
			"fieldname": "working_days",
			"label": _("Working Days"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		{
			"fieldname": "stage_sla",
			"label": _("Stage SLA (Working Days)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 120,
		},
		{
			"fieldname": "over_by",
			"label": _("Over By (Working Days)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
	]
	rows, total = deemed_approval_risks(filters)
	rows = [{**row, "state": _(row.state), "holder": _(row.holder)} for row in rows]
	return columns, rows, page_message(filters, total, len(rows))


def deemed_approval_risks(filters=None, now=None) -> tuple[list[frappe._dict], int]:
	"""(one page of the open stages past their own service level, how many there are)."""
	filters = frappe._dict(filters or {})
	limits = service_level.stage_limits()
	if not limits:
		return [], 0
	now = get_datetime(now) if now else now_datetime()
	calendar = office_calendar.get()
	overrun = None
	for state, limit in limits.items():
		term = (STAGE.state == state) & (STAGE.entered_on < sla.overrun_cutoff(calendar, now, limit))
		overrun = term if overrun is None else overrun | term
	base = where_all(
		frappe.qb.from_(STAGE).where(STAGE.left_on.isnull() & (STAGE.sla_clock == sla.RUNNING) & overrun),
		read_condition("Permit Application Stage"),
		readable_through(STAGE.permit_application, "Permit Application"),
	)
	total, oldest = base.select(Count("*"), Min(STAGE.entered_on)).run()[0]
	if not total:
		return [], 0
	first_day, last_day = getdate(oldest), getdate(now)
	entered = working_days_from("`tabPermit Application Stage`.`entered_on`", calendar, first_day, last_day)
	until_now = calendar.working_days_between(get_datetime(first_day), now)
	limit_of = Case()
	for state, limit in limits.items():
		limit_of = limit_of.when(STAGE.state == state, limit)
	offset, length = page_of(filters)
	rows = (
		base.select(
			STAGE.name,
			STAGE.permit_application,
			STAGE.permit_type,
			STAGE.state,
			STAGE.holder,
			STAGE.entered_on,
		)
		.orderby(Sql(f"({until_now} - {entered})") - limit_of, order=Order.desc)
		.orderby(STAGE.name)
		.limit(length)
		.offset(offset)
		.run(as_dict=True)
	)
	for row in rows:
		days = calendar.working_days_between(get_datetime(row.entered_on), now)
		row.update(
			working_days=round(days, 2),
			stage_sla=limits[row.state],
			over_by=round(days - limits[row.state], 2),
		)
	return rows, total
