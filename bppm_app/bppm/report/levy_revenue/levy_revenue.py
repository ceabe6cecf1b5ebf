"""Levy Revenue (retribusi): per month and permit type, the levy assessed on applications
received that month, split into what has been paid and what is not paid yet (so assessed = paid +
not yet paid, always), the levy of applications rejected before payment (shown, not assessed), and
the payments received that month by payment date (cash, whichever month was assessed). The database sums them (GROUP BY month and
permit type); which applications count as assessed is ``rules.report_stats.counts_as_assessed``."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, DateFormat, Sum

from bppm_app.reports.filters import bar_chart, column, date_range, report_filters, summary
from bppm_app.reports.sql import hinted, in_days, read_condition, table, where_all

APP = table("Permit Application")
MONTH = "%Y-%m"


def execute(filters=None):
	filters = report_filters(filters)
	rows = get_data(filters)
	return columns(), rows, None, chart(rows), report_summary(rows)


def get_data(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	base = where_all(
		frappe.qb.from_(APP).where((APP.requires_levy == 1) & (APP.levy_amount > 0)),
		read_condition("Permit Application"),
	)
	months: dict[tuple, dict] = {}

	def row(month, permit_type):
		return months.setdefault(
			(month, permit_type),
			dict(month=month, permit_type=permit_type, assessed_count=0, assessed_amount=0.0,
				assessed_paid_amount=0.0, outstanding_amount=0.0, rejected_unpaid_amount=0.0, paid_count=0,
				paid_amount=0.0),
		)  # fmt: skip

	# one query per permit type: an index range each, grouped by month alone
	types = [filters.permit_type] if filters.get("permit_type") else levied_permit_types()
	# assessed: received in the period, unless rejected without paying (no SKRD to pay)
	assessed_month = DateFormat(APP.submitted_on, MONTH)
	assessed = hinted(base, "bppm_levy_assessed").where(in_days(APP.submitted_on, from_date, to_date))
	assessed = assessed.where(~((APP.decision == "Rejected") & (APP.levy_paid == 0)))
	for r in per_type(
		assessed.select(
			assessed_month.as_("month"),
			Count("*").as_("n"),
			Sum(APP.levy_amount).as_("amount"),
			Sum(Case().when(APP.levy_paid == 0, APP.levy_amount).else_(0)).as_("outstanding"),
		).groupby(assessed_month),
		types,
	):
		figures = row(r.month, r.permit_type)
		amount, outstanding = float(r.amount or 0), float(r.outstanding or 0)
		figures.update(assessed_count=int(r.n), assessed_amount=amount, outstanding_amount=outstanding,
			assessed_paid_amount=amount - outstanding)  # fmt: skip
	# rejected before payment: received, never assessed (no SKRD to pay), shown apart
	rejected = hinted(base, "bppm_levy_assessed").where(in_days(APP.submitted_on, from_date, to_date))
	rejected = rejected.where((APP.decision == "Rejected") & (APP.levy_paid == 0))
	for r in per_type(
		rejected.select(assessed_month.as_("month"), Sum(APP.levy_amount).as_("amount")).groupby(
			assessed_month
		),
		types,
	):
		row(r.month, r.permit_type).update(rejected_unpaid_amount=float(r.amount or 0))
	# paid: by the day the payment was recorded
	paid_month = DateFormat(APP.paid_on, MONTH)
	paid = hinted(base, "bppm_levy_paid").where(
		(APP.levy_paid == 1) & (APP.paid_on >= from_date) & (APP.paid_on <= to_date)
	)
	for r in per_type(
		paid.select(paid_month.as_("month"), Count("*").as_("n"), Sum(APP.levy_amount).as_("amount")).groupby(
			paid_month
		),
		types,
	):
		figures = row(r.month, r.permit_type)
		figures.update(paid_count=int(r.n), paid_amount=float(r.amount or 0))
	return [months[key] for key in sorted(months)]


def levied_permit_types() -> list[str]:
	"""The permit types that have applications with a levy (a skip scan of the index)."""
	return (
		hinted(frappe.qb.from_(APP), "bppm_levy_assessed")
		.select(APP.permit_type)
		.distinct()
		.where(APP.requires_levy == 1)
		.run(pluck=True)
	)


def per_type(query, types: list[str]) -> list[frappe._dict]:
	"""``query`` for each permit type, its rows tagged with the type."""
	rows = []
	for permit_type in types:
		for row in query.where(APP.permit_type == permit_type).run(as_dict=True):
			row.permit_type = permit_type
			rows.append(row)
	return rows


def columns():
	return [
		column(_("Month"), "month", width=90),
		column(_("Permit Type"), "permit_type", "Link", "Permit Type", 220),
		column(_("Applications Assessed"), "assessed_count", "Int", width=110),
		column(_("Levy Assessed"), "assessed_amount", "Currency", width=150),
		column(_("Assessed, Paid"), "assessed_paid_amount", "Currency", width=150),
		column(_("Assessed, Not Yet Paid"), "outstanding_amount", "Currency", width=160),
		column(_("Rejected Before Payment"), "rejected_unpaid_amount", "Currency", width=160),
		column(_("Payments"), "paid_count", "Int", width=100),
		column(_("Levy Paid"), "paid_amount", "Currency", width=150),
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
	"""Levy Assessed = Assessed, Paid + Assessed, Not Yet Paid; then what is shown beside them."""

	def total(key):
		return sum(row[key] for row in rows)

	return [
		summary(_("Levy Assessed"), total("assessed_amount"), "Currency"),
		summary(_("Assessed, Paid"), total("assessed_paid_amount"), "Currency", "Green"),
		summary(_("Assessed, Not Yet Paid"), total("outstanding_amount"), "Currency", "Orange"),
		summary(_("Rejected Before Payment"), total("rejected_unpaid_amount"), "Currency", "Grey"),
		summary(_("Levy Paid"), total("paid_amount"), "Currency", "Blue"),
	]
