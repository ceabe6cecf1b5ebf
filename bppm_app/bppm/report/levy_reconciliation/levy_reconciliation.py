"""Levy Reconciliation: what the bank notified against what the office assessed, for the treasurer.

Three views. *By Day and Bank*: per payment day and bank, the notices and their amounts by status
(matched, amount mismatch, unknown code, duplicate) and how many still wait for a resolution,
counted in SQL. *Payment Notices*: every notice, with its application, status, note and
resolution. *Overdue Assessments*: the applications waiting for payment (an SKRD issued, not paid,
in a state where the treasurer works) whose SKRD due date has passed. Rows are read through
``frappe.get_list``, so they follow the user's permissions.
"""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, today

from bppm_app.engine import workflow
from bppm_app.reports.filters import column, date_range, report_filters, summary
from bppm_app.reports.sql import day_range
from bppm_app.roles import TREASURER
from bppm_app.rules import payments as rules

BY_DAY, NOTICES, OVERDUE = "By Day and Bank", "Payment Notices", "Overdue Assessments"
STATUS_KEYS = {
	rules.MATCHED: "matched",
	rules.AMOUNT_MISMATCH: "mismatch",
	rules.UNKNOWN_CODE: "unknown",
	rules.DUPLICATE: "duplicate",
}


# the Select filters the report branches on (reports.filters.report_filters refuses other values)
FILTER_CHOICES = {"view": (BY_DAY, NOTICES, OVERDUE)}


def execute(filters=None):
	filters = report_filters(filters, FILTER_CHOICES)
	view = filters.get("view") or BY_DAY
	if view == OVERDUE:
		return overdue(filters)
	if view == NOTICES:
		return notices(filters)
	return by_day(filters)


def payment_filters(filters) -> dict:
	from_date, to_date = date_range(filters)
	out = {"paid_at": ("between", day_range(from_date, to_date))}
	if filters.get("bank"):
		out["bank"] = ("like", f"%{filters.bank}%")
	if filters.get("status"):
		out["status"] = filters.status
	return out


def resolutions(names: list[str]) -> dict:
	if not names:
		return {}
	rows = frappe.get_list(
		"Levy Payment Resolution",
		filters={"levy_payment": ("in", names)},
		fields=["levy_payment", "resolution", "reason", "resolved_by"],
	)
	return {row.levy_payment: row for row in rows}


# --- by day and bank --------------------------------------------------------------------------


def by_day(filters):
	where = payment_filters(filters)
	grouped = frappe.get_list(
		"Levy Payment",
		filters=where,
		fields=[
			"date(paid_at) as day",
			"bank",
			"status",
			"count(name) as notices",
			"sum(amount) as amount",
		],
		group_by="day, bank, status",
		order_by="day asc, bank asc",
	)
	open_rows = frappe.get_list(
		"Levy Payment",
		filters={**where, "status": ("!=", rules.MATCHED)},
		fields=["name", "date(paid_at) as day", "bank"],
	)
	resolved = resolutions([row.name for row in open_rows])
	rows: dict[tuple, dict] = {}
	for row in grouped:
		key = (str(row.day), row.bank)
		line = rows.setdefault(key, blank_line(*key))
		prefix = STATUS_KEYS.get(row.status)
		if prefix:
			line[f"{prefix}_count"] += row.notices
			line[f"{prefix}_amount"] += row.amount or 0
		line["notices"] += row.notices
		line["amount"] += row.amount or 0
	for row in open_rows:
		if row.name not in resolved:
			rows[(str(row.day), row.bank)]["unresolved"] += 1
	data = [rows[key] for key in sorted(rows)]
	return by_day_columns(), data, None, None, by_day_summary(data)


def blank_line(day: str, bank: str) -> dict:
	line = {"day": day, "bank": bank, "notices": 0, "amount": 0, "unresolved": 0}
	for prefix in STATUS_KEYS.values():
		line[f"{prefix}_count"] = 0
		line[f"{prefix}_amount"] = 0
	return line


def by_day_columns():
	return [
		column(_("Paid On"), "day", "Date", width=100),
		column(_("Bank"), "bank", width=150),
		column(_("Notices"), "notices", "Int", width=80),
		column(_("Amount"), "amount", "Currency", width=130),
		column(_("Matched"), "matched_count", "Int", width=80),
		column(_("Matched Amount"), "matched_amount", "Currency", width=130),
		column(_("Amount Mismatch"), "mismatch_count", "Int", width=90),
		column(_("Mismatched Amount"), "mismatch_amount", "Currency", width=130),
		column(_("Unknown Code"), "unknown_count", "Int", width=90),
		column(_("Unknown Amount"), "unknown_amount", "Currency", width=130),
		column(_("Duplicate"), "duplicate_count", "Int", width=80),
		column(_("Duplicate Amount"), "duplicate_amount", "Currency", width=130),
		column(_("Unresolved"), "unresolved", "Int", width=90),
	]


def by_day_summary(data):
	def total(key):
		return sum(row[key] for row in data)

	return [
		summary(_("Matched"), total("matched_amount"), "Currency", "Green"),
		summary(_("Amount Mismatch"), total("mismatch_count"), "Int", "Orange"),
		summary(_("Unknown Code"), total("unknown_count"), "Int", "Orange"),
		summary(_("Duplicate"), total("duplicate_count"), "Int", "Orange"),
		summary(_("Unresolved"), total("unresolved"), "Int", "Red" if total("unresolved") else "Green"),
	]


# --- each notice ------------------------------------------------------------------------------


def notices(filters):
	rows = frappe.get_list(
		"Levy Payment",
		filters=payment_filters(filters),
		fields=[
			"name",
			"paid_at",
			"bank",
			"bank_reference",
			"payment_code",
			"permit_application",
			"skrd_number",
			"amount",
			"expected_amount",
			"status",
			"note",
		],
		order_by="paid_at asc",
	)
	resolved = resolutions([row.name for row in rows if row.status != rules.MATCHED])
	for row in rows:
		found = resolved.get(row.name)
		row["resolution"] = found.resolution if found else ""
		row["resolution_reason"] = found.reason if found else ""
		row["needs_resolution"] = int(row.status != rules.MATCHED and not found)
	columns = [
		column(_("Levy Payment"), "name", "Link", "Levy Payment", 150),
		column(_("Paid At"), "paid_at", "Datetime", width=150),
		column(_("Bank"), "bank", width=130),
		column(_("Bank Reference"), "bank_reference", width=150),
		column(_("Payment Code"), "payment_code", width=110),
		column(_("Permit Application"), "permit_application", "Link", "Permit Application", 150),
		column(_("SKRD Number"), "skrd_number", width=140),
		column(_("Amount"), "amount", "Currency", width=120),
		column(_("Assessed Amount"), "expected_amount", "Currency", width=120),
		column(_("Status"), "status", width=120),
		column(_("Note"), "note", width=250),
		column(_("Resolution"), "resolution", width=130),
		column(_("Reason"), "resolution_reason", width=200),
		column(_("Needs Resolution"), "needs_resolution", "Check", width=90),
	]
	return columns, rows


# --- SKRDs past their due date ----------------------------------------------------------------


def overdue(filters):
	wf = workflow.get_workflow("Permit Application")
	states = [row.state for row in (wf.states if wf else []) if row.allow_edit == TREASURER]
	today_date = getdate(today())
	rows = frappe.get_list(
		"Permit Application",
		filters={
			"docstatus": 0,
			"levy_paid": 0,
			"skrd_number": ("is", "set"),
			"levy_due_date": ("<", today_date),
			"workflow_state": ("in", states or [""]),
		},
		fields=[
			"name",
			"applicant_name",
			"permit_type",
			"skrd_number",
			"levy_amount",
			"levy_assessed_on",
			"levy_due_date",
			"workflow_state",
		],
		order_by="levy_due_date asc",
	)
	for row in rows:
		row["days_overdue"] = date_diff(today_date, row.levy_due_date)
	columns = [
		column(_("Permit Application"), "name", "Link", "Permit Application", 150),
		column(_("Applicant Name"), "applicant_name", width=180),
		column(_("Permit Type"), "permit_type", "Link", "Permit Type", 180),
		column(_("SKRD Number"), "skrd_number", width=140),
		column(_("Levy Amount"), "levy_amount", "Currency", width=120),
		column(_("Assessed On"), "levy_assessed_on", "Date", width=100),
		column(_("Due Date"), "levy_due_date", "Date", width=100),
		column(_("Days Overdue"), "days_overdue", "Int", width=90),
		column(_("Stage"), "workflow_state", width=140),
	]
	total = sum(row.levy_amount or 0 for row in rows)
	return (
		columns,
		rows,
		None,
		None,
		[
			summary(_("Overdue Assessments"), len(rows), "Int", "Red" if rows else "Green"),
			summary(_("Levy Outstanding"), total, "Currency"),
		],
	)
