"""Applications made before `sla_working_days` was copied onto them get their type's SLA, and the
open ones their SLA fields recomputed."""

import frappe

from bppm_app.engine import service_level


def execute():
	# a migration patch: every application, whoever may read it
	for row in frappe.get_all(
		"Permit Application",
		filters={"sla_working_days": ("in", (0, None))},
		fields=["name", "permit_type", "docstatus"],
	):
		days = frappe.db.get_value("Permit Type", row.permit_type, "sla_working_days")
		frappe.db.set_value("Permit Application", row.name, "sla_working_days", days, update_modified=False)
		if row.docstatus == 0:
			service_level.refresh(row.name)
