"""Permit Expiry: issued permits whose validity ends within the next N days (and, on request,
those that have already expired), with the holder's contact to remind them to renew."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import add_days, cint, date_diff, getdate, today

from bppm_app.services.reporting import as_filters, bar_chart, column, summary

DEFAULT_DAYS = 30


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return columns(), rows, None, chart(rows), report_summary(rows)


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


def get_data(filters) -> list[dict]:
	days = cint(filters.get("days") if filters.get("days") not in (None, "") else DEFAULT_DAYS)
	start = today()
	horizon = add_days(start, max(days, 0))
	conditions = {
		**as_filters(filters, "permit_type", "kecamatan"),
		"docstatus": 1,
		"decision": "Approved",
	}
	conditions["valid_until"] = (
		("<=", horizon)
		if cint(filters.get("include_expired"))
		else (
			"between",
			(start, horizon),
		)
	)
	rows = frappe.get_list(
		"Permit Application",
		fields=[
			"name",
			"permit_number",
			"permit_type",
			"subject",
			"applicant",
			"applicant_name",
			"kecamatan",
			"issued_on",
			"valid_until",
		],
		filters=conditions,
		order_by="valid_until asc, name asc",
	)
	contacts = {
		c.name: c
		for c in frappe.get_list(
			"Applicant",
			fields=["name", "mobile_no", "email"],
			filters={"name": ("in", list({r.applicant for r in rows}) or [""])},
		)
	}
	for row in rows:
		contact = contacts.get(row.applicant) or {}
		row.mobile_no = contact.get("mobile_no")
		row.email = contact.get("email")
		row.days_left = date_diff(getdate(row.valid_until), getdate(start))
	return rows


def chart(rows):
	if not rows:
		return None
	by_type = Counter(row.permit_type for row in rows)
	labels = sorted(by_type, key=lambda t: (-by_type[t], t))
	return bar_chart(labels, [(_("Permits"), [by_type[t] for t in labels])])


def report_summary(rows):
	return [
		summary(_("Expiring"), sum(1 for r in rows if r.days_left >= 0), indicator="Orange"),
		summary(_("Already Expired"), sum(1 for r in rows if r.days_left < 0), indicator="Red"),
	]
