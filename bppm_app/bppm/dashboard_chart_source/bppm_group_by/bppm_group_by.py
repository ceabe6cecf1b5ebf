"""Frappe's "Group By" dashboard chart, with translated labels: Frappe's own shows stored values
("Technical Review", "Awaiting Payment"), which the desk then truncates. The chart keeps Frappe's
fields (document type, group-by field, Count or Sum and its field, filters); the figures are read
with ``frappe.get_list``, so every user sees only what they may read (and so nothing is cached
across users, unlike Frappe's ``cache_source``)."""

import frappe
from frappe import _

AGGREGATES = {"Count": "count", "Sum": "sum", "Average": "avg"}


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
):
	name = chart_name
	if not name and chart:
		parsed = frappe.parse_json(chart)
		name = parsed.get("name") if isinstance(parsed, dict) else None
	if not name or not isinstance(name, str) or not frappe.db.exists("Dashboard Chart", name):
		return None
	chart = frappe.get_doc("Dashboard Chart", name)
	if chart.source != "BPPM Group By" or not chart.group_by_based_on:
		return None
	if not frappe.has_permission(chart.document_type, "read"):
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	meta = frappe.get_meta(chart.document_type)
	field = chart.group_by_based_on
	if not meta.has_field(field):
		return None
	function = AGGREGATES.get(chart.group_by_type or "Count", "count")
	value = "1"
	if function != "count":
		value = chart.aggregate_function_based_on
		if not value or not meta.has_field(value):
			return None
	data = frappe.get_list(
		chart.document_type,
		fields=[f"`{field}` as name", f"{function}({'1' if value == '1' else f'`{value}`'}) as count"],
		filters=frappe.parse_json(chart.filters_json or "[]"),
		group_by=f"`{field}`",
		order_by="count desc",
	)
	data = [row for row in data if row.name]
	if not data:
		return None
	return {
		"labels": [_(row.name) for row in data],
		"datasets": [{"name": _(chart.chart_name), "values": [row["count"] for row in data]}],
	}
