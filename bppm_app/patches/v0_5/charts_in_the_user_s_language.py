"""The shipped "Group By" charts (applications by stage, SLA status, investment by type) show their
labels in the user's language: they are read through the app's chart source "BPPM Group By"
(Frappe's own shows stored English values). Charts an office has changed otherwise are left alone."""

import frappe

from bppm_app.setup import dashboards


def execute():
	for definition in dashboards.shipped()["Dashboard Chart"]:
		if definition.get("source") != "BPPM Group By":
			continue
		name = definition["chart_name"]
		if not frappe.db.exists("Dashboard Chart", name):
			continue
		chart = frappe.db.get_value(
			"Dashboard Chart", name, ["chart_type", "document_type", "group_by_based_on"], as_dict=True
		)
		if (chart.chart_type, chart.document_type, chart.group_by_based_on) == (
			"Group By",
			definition["document_type"],
			definition["group_by_based_on"],
		):
			frappe.db.set_value("Dashboard Chart", name, {"chart_type": "Custom", "source": "BPPM Group By"})
