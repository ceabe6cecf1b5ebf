"""Levy Revenue (retribusi): per month and permit type, the levy assessed on applications
received that month against the levy paid that month. Arithmetic in bppm_app.rules.report_stats."""

import frappe
from frappe import _

from bppm_app.rules import report_stats as stats
from bppm_app.services.reporting import as_filters, bar_chart, column, date_range, datetime_between, summary

FIELDS = [
	"name",
	"permit_type",
	"submitted_on",
	"requires_levy",
	"levy_amount",
	"levy_paid",
	"paid_on",
	"decision",
]


def execute(filters=None):
	filters = frappe._dict(filters or {})
	from_date, to_date = date_range(filters)
	base = {**as_filters(filters, "permit_type"), "requires_levy": 1, "levy_amount": (">", 0)}
	assessed = frappe.get_list(
		"Permit Application",
		fields=FIELDS,
		filters={**base, "submitted_on": ("between", datetime_between(from_date, to_date))},
	)
	paid = frappe.get_list(
		"Permit Application",
		fields=FIELDS,
		filters={**base, "levy_paid": 1, "paid_on": ("between", (from_date, to_date))},
	)
	months = stats.levy_by_month(assessed, paid, in_range=lambda day: from_date <= day <= to_date)
	rows = [
		{
			"month": month,
			"permit_type": permit_type,
			"assessed_count": figures.assessed_count,
			"assessed_amount": figures.assessed_amount,
			"paid_count": figures.paid_count,
			"paid_amount": figures.paid_amount,
			"outstanding_amount": figures.outstanding_amount,
		}
		for (month, permit_type), figures in sorted(months.items())
	]
	return columns(), rows, None, chart(rows), report_summary(rows)


def columns():
	return [
		column(_("Month"), "month", width=90),
		column(_("Permit Type"), "permit_type", "Link", "Permit Type", 220),
		column(_("Applications Assessed"), "assessed_count", "Int", width=110),
		column(_("Levy Assessed"), "assessed_amount", "Currency", width=150),
		column(_("Payments"), "paid_count", "Int", width=100),
		column(_("Levy Paid"), "paid_amount", "Currency", width=150),
		column(_("Assessed, Not Yet Paid"), "outstanding_amount", "Currency", width=160),
	]


def chart(rows):
	if not rows:
		return None
	months = sorted({row["month"] for row in rows})

	def total(month, key):
		return sum(row[key] for row in rows if row["month"] == month)

	return bar_chart(
		months,
		[
			(_("Levy Assessed"), [total(m, "assessed_amount") for m in months]),
			(_("Levy Paid"), [total(m, "paid_amount") for m in months]),
		],
		fieldtype="Currency",
	)


def report_summary(rows):
	assessed = sum(row["assessed_amount"] for row in rows)
	paid = sum(row["paid_amount"] for row in rows)
	return [
		summary(_("Levy Assessed"), assessed, "Currency"),
		summary(_("Levy Paid"), paid, "Currency", "Green"),
		summary(
			_("Assessed, Not Yet Paid"), sum(row["outstanding_amount"] for row in rows), "Currency", "Orange"
		),
	]
