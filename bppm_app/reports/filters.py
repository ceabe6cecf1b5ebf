"""Small helpers shared by the app's Script Reports (bppm_app/bppm/report/)."""

import datetime
import math

import frappe
from frappe import _
from frappe.utils import getdate, today

from bppm_app.exceptions import InvalidRequestError


def column(label: str, fieldname: str, fieldtype: str = "Data", options: str | None = None, width: int = 120):
	"""A report column. Pass the label already translated: column(_("Permit Type"), …)."""
	col = {"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width}
	if options:
		col["options"] = options
	return col


MAX_PAGE = 100_000


def _refuse(message: str):
	frappe.throw(message, InvalidRequestError, title=_("Invalid filter"))


MAX_FILTER_LENGTH = 140
# the dates and years a report may ask for: wide enough for migrated archives, narrow enough that a
# day after the last one or a quarter of the year is still a date (9999-12-31 + 1 day overflows)
FIRST_REPORT_YEAR, LAST_REPORT_YEAR = 1900, 2100


def report_filters(filters, choices: dict | None = None) -> frappe._dict:
	"""A report's filters as plain values, checked before any query: each one a single string,
	number or check of sane size (a list or an object is refused), dates that are dates, a page that
	is a page, and a value of ``choices`` where the report gives them (its module's
	``FILTER_CHOICES``: the Select filters it branches on). A malformed filter answers 400 with a
	message, never a server error."""
	out = frappe._dict()
	choices = choices or {}
	for key, value in (filters or {}).items():
		if value is None or value == "":
			continue
		label = frappe.unscrub(str(key))
		if isinstance(value, float) and not math.isfinite(value):
			_refuse(_("Filter {0} must be a number.").format(label))
		if isinstance(value, str):
			value = value.strip()
			if len(value) > MAX_FILTER_LENGTH:
				_refuse(_("Filter {0} is too long.").format(label))
		elif not isinstance(value, bool | int | float):
			_refuse(_("Filter {0} must be a single value.").format(label))
		if str(key).endswith("_date"):
			try:
				value = getdate(value)
			except Exception:
				_refuse(_("Filter {0} must be a date.").format(label))
			if value is None or not FIRST_REPORT_YEAR <= value.year <= LAST_REPORT_YEAR:
				_refuse(
					_("Filter {0} must be a date from {1} to {2}.").format(
						label, FIRST_REPORT_YEAR, LAST_REPORT_YEAR
					)
				)
			value = str(value)
		if key == "year" and not (
			str(value).isdigit() and FIRST_REPORT_YEAR <= int(value) <= LAST_REPORT_YEAR
		):
			_refuse(_("Year must be a year from {0} to {1}.").format(FIRST_REPORT_YEAR, LAST_REPORT_YEAR))
		if key == "page" and not (
			isinstance(value, int | str) and str(value).isdigit() and 1 <= int(value) <= MAX_PAGE
		):
			_refuse(_("Page must be a whole number from 1 to {0}.").format(MAX_PAGE))
		if key in choices and value not in choices[key]:
			_refuse(_("Filter {0} must be one of: {1}.").format(label, ", ".join(_(c) for c in choices[key])))
		out[key] = value
	return out


def date_range(filters) -> tuple[datetime.date, datetime.date]:
	"""The report's from/to dates; by default 1 January of this year up to today."""
	to_date = getdate(filters.get("to_date") or today())
	from_date = getdate(filters.get("from_date") or to_date.replace(month=1, day=1))
	if from_date > to_date:
		from_date, to_date = to_date, from_date
	return from_date, to_date


def as_filters(filters, *fields: str) -> dict:
	"""The equality filters among ``fields`` that the user set."""
	return {field: filters.get(field) for field in fields if filters.get(field)}


def bar_chart(
	labels: list, datasets: list[tuple[str, list]], chart_type: str = "bar", fieldtype=None
) -> dict:
	chart = {
		"data": {
			"labels": labels,
			"datasets": [{"name": name, "values": values} for name, values in datasets],
		},
		"type": chart_type,
	}
	if fieldtype:
		chart["fieldtype"] = fieldtype
	return chart


def summary(label: str, value, datatype: str = "Int", indicator: str | None = None) -> dict:
	item = {"label": label, "value": value, "datatype": datatype}
	if indicator:
		item["indicator"] = indicator
	return item
