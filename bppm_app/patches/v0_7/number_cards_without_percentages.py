"""The shipped number cards show their figure without Frappe's "% since yesterday" (a second request
per card on every visit of the workspace, and a comparison that says nothing for a count of files in
process). Only the shipped cards change; an office's own cards are left alone."""

import frappe

from bppm_app.setup import dashboards


def execute():
	for definition in dashboards.shipped()["Number Card"]:
		name = dashboards.record_name("Number Card", definition)
		if frappe.db.exists("Number Card", name):
			frappe.db.set_value("Number Card", name, "show_percentage_stats", 0, update_modified=False)
