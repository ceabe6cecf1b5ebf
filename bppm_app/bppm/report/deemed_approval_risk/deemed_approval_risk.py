"""Open stages past their own service level (BPPM Settings → Stage Service Levels), and the
applications received from OSS that OSS's own clock puts at risk.

Under PP 28/2025 a stage that overruns its time may lead to deemed approval (fiktif positif), so
the head of office chases these first. Longest overrun first, a page at a time. OSS counts the
statutory deadline from the statuses the office reports (engine/oss_exchange.py keeps it on each OSS
application): the first page opens with the OSS applications At Risk or Overdue by that clock, or
already approved by OSS (57), and every row shows OSS's deadline where there is one.

The database picks the overrun stages: a stage is over its limit exactly when it was entered
before a cut-off instant per state (``rules.sla.overrun_cutoff``), so the query is an index range
per state; it also sorts them by their overrun in working days, with the office's calendar
written into the query (``report_sql.working_days_from``)."""

import frappe
from frappe import _
from frappe.query_builder import Case, Order
from frappe.query_builder.functions import Count, Min
from frappe.utils import get_datetime, getdate, now_datetime

from bppm_app.config import office_calendar
from bppm_app.engine import service_level
from bppm_app.reports.filters import report_filters
from bppm_app.reports.sql import (
	PAGE_LENGTH,
	Sql,
	page_message,
	page_of,
	read_condition,
	readable_through,
	table,
	where_all,
	working_days_from,
)
from bppm_app.rules import sla

STAGE = table("Permit Application Stage")


def execute(filters=None):
	filters = report_filters(filters)
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
		{"fieldname": "oss_deadline", "label": _("OSS Deadline"), "fieldtype": "Date", "width": 110},
		{"fieldname": "oss_sla_status", "label": _("OSS SLA Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "oss_status", "label": _("Status in OSS"), "fieldtype": "Data", "width": 90},
		{
			"fieldname": "oss_deemed_approved",
			"label": _("Approved by OSS (Fiktif Positif)"),
			"fieldtype": "Check",
			"width": 120,
		},
	]
	rows, total = deemed_approval_risks(filters)
	oss_rows = oss_risks(exclude={row.permit_application for row in rows}) if page_of(filters)[0] == 0 else []
	with_oss(rows)
	rows = [
		{
			**row,
			"state": _(row.state),
			"holder": _(row.holder) if row.holder else "",
			"oss_sla_status": _(row.oss_sla_status) if row.get("oss_sla_status") else "",
		}
		for row in oss_rows + rows
	]
	return columns, rows, page_message(filters, total + len(oss_rows), len(rows))


OSS_RISKS = ("At Risk", "Overdue")


def oss_risks(exclude=frozenset()) -> list[frappe._dict]:
	"""Open OSS applications that OSS's own clock puts At Risk or Overdue, or that OSS approved by
	itself (57), nearest OSS deadline first (the user's own view of the applications)."""
	rows = frappe.get_list(
		"Permit Application",
		filters={"channel": "OSS", "docstatus": 0},
		or_filters={"oss_sla_status": ("in", OSS_RISKS), "oss_deemed_approved": 1},
		fields=[
			"name as permit_application",
			"permit_type",
			"workflow_state as state",
			"oss_deadline",
			"oss_sla_status",
			"oss_status",
			"oss_deemed_approved",
		],
		order_by="oss_deemed_approved desc, oss_deadline asc",
		limit_page_length=PAGE_LENGTH,
	)
	return [frappe._dict(row, holder="") for row in rows if row.permit_application not in exclude]


def with_oss(rows) -> None:
	"""OSS's deadline and status on the page's stage rows of OSS applications."""
	names = [row.permit_application for row in rows]
	if not names:
		return
	found = {
		row.name: row
		for row in frappe.get_list(
			"Permit Application",
			filters={"name": ("in", names), "channel": "OSS"},
			fields=["name", "oss_deadline", "oss_sla_status", "oss_status", "oss_deemed_approved"],
			limit_page_length=len(names),
		)
	}
	for row in rows:
		oss = found.get(row.permit_application) or {}
		row.update(
			{
				field: oss.get(field)
				for field in ("oss_deadline", "oss_sla_status", "oss_status", "oss_deemed_approved")
			}
		)


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
