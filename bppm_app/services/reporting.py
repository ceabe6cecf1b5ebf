"""Small helpers shared by the app's Script Reports (bppm_app/bppm/report/)."""

import datetime

import frappe
from frappe.utils import add_days, getdate, today


def column(label: str, fieldname: str, fieldtype: str = "Data", options: str | None = None, width: int = 120):
	"""A report column. Pass the label already translated: column(_("Permit Type"), …)."""
	col = {"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width}
	if options:
		col["options"] = options
	return col


def date_range(filters) -> tuple[datetime.date, datetime.date]:
	"""The report's from/to dates; by default 1 January of this year up to today."""
	to_date = getdate(filters.get("to_date") or today())
	from_date = getdate(filters.get("from_date") or to_date.replace(month=1, day=1))
	if from_date > to_date:
		from_date, to_date = to_date, from_date
	return from_date, to_date


def datetime_between(from_date: datetime.date, to_date: datetime.date) -> tuple[str, str]:
	"""A Datetime filter value covering whole days from ``from_date`` to ``to_date``."""
	return (f"{from_date} 00:00:00", f"{add_days(to_date, 1)} 00:00:00")


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
