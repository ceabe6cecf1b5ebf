"""Permit Expiry: issued permits whose validity ends within the next N days (and, on request,
those that have already expired), with the holder's contact to remind them to renew. A page at
a time, soonest first; the counts come from the database."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, cint, date_diff, getdate, today

from bppm_app.reports.filters import as_filters, bar_chart, column, report_filters, summary
from bppm_app.reports.sql import count_if, page_message, page_of, read_condition, table, where_all

DEFAULT_DAYS = 30
# a horizon beyond any permit's term (a larger one overflowed the date: a server error)
MAX_DAYS = 36_500
APP = table("Permit Application")
APPLICANT = table("Applicant")


def execute(filters=None):
	filters = report_filters(filters)
	base = expiring(filters)
	by_type = counts(base)
	rows = get_data(filters, base)
	total = sum(row.n for row in by_type)
	return columns(), rows, page_message(filters, total, len(rows)), chart(by_type), report_summary(by_type)


def columns():
	return [
		column(_("Permit Number"), "permit_number", width=180),
		column(_("Registration Number"), "name", "Link", "Permit Application", 150),
		column(_("Permit Type"), "permit_type", "Link", "Permit Type", 200),
		column(_("Subject"), "subject", width=200),
		column(_("Applicant"), "applicant", "Link", "Applicant", 110),
		column(_("Applicant Name"), "applicant_name", width=170),
		column(_("Mobile No"), "mobile_no", width=130),
		column(_("Email"), "email", width=170),
		column(_("Kecamatan"), "kecamatan", width=130),
		column(_("Issued On"), "issued_on", "Date", width=100),
		column(_("Valid Until"), "valid_until", "Date", width=100),
		column(_("Days Left"), "days_left", "Int", width=90),
	]


def expiring(filters):
	days = cint(filters.get("days") if filters.get("days") not in (None, "") else DEFAULT_DAYS)
	start = getdate(today())
	horizon = add_days(start, min(max(days, 0), MAX_DAYS))
	query = frappe.qb.from_(APP).where(
		(APP.docstatus == 1) & (APP.decision == "Approved") & (APP.valid_until <= horizon)
	)
	if not cint(filters.get("include_expired")):
		query = query.where(APP.valid_until >= start)
	for field, value in as_filters(filters, "permit_type", "kecamatan").items():
		query = query.where(APP[field] == value)
	return where_all(query, read_condition("Permit Application"))


def counts(base) -> list[frappe._dict]:
	"""Per permit type: how many expire (today or later) and how many have already expired."""
	return (
		base.select(
			APP.permit_type,
			Count("*").as_("n"),
			count_if(APP.valid_until < getdate(today())).as_("expired"),
		)
		.groupby(APP.permit_type)
		.run(as_dict=True)
	)


def get_data(filters, base=None) -> list[dict]:
	"""One page, soonest expiry first, with the holder's contact where the user may read it (one
	query: the applicant joined on the page's rows)."""
	base = base if base is not None else expiring(filters)
	offset, length = page_of(filters)
	joined = APPLICANT.name == APP.applicant
	readable = read_condition("Applicant")
	if readable is not None:
		joined = joined & readable
	rows = (
		base.left_join(APPLICANT)
		.on(joined)
		.select(
			APP.name, APP.permit_number, APP.permit_type, APP.subject, APP.applicant, APP.applicant_name,
			APP.kecamatan, APP.issued_on, APP.valid_until, APPLICANT.mobile_no, APPLICANT.email,
		)
		.orderby(APP.valid_until)
		.orderby(APP.name)
		.limit(length)
		.offset(offset)
		.run(as_dict=True)
	)  # fmt: skip
	start = getdate(today())
	for row in rows:
		row.days_left = date_diff(getdate(row.valid_until), start)
	return rows


def chart(by_type):
	if not by_type:
		return None
	ordered = sorted(by_type, key=lambda r: (-r.n, r.permit_type))
	return bar_chart([r.permit_type for r in ordered], [(_("Permits"), [int(r.n) for r in ordered])])


def report_summary(by_type):
	expired = sum(int(r.expired or 0) for r in by_type)
	return [
		summary(_("Expiring"), sum(int(r.n) for r in by_type) - expired, indicator="Orange"),
		summary(_("Already Expired"), expired, indicator="Red"),
	]
