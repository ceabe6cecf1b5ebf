"""The desk shows each application's stage as its status (list badge and form indicator), in the
user's language, instead of Frappe's Draft/Submitted: the shipped workflow no longer keeps Frappe's
own status ("Don't Override Status" off). Sites made before get the same once."""

import frappe

WORKFLOW = "Permit Application Workflow"


def execute():
	if frappe.db.exists("Workflow", WORKFLOW):
		frappe.db.set_value("Workflow", WORKFLOW, "override_status", 0)
		frappe.clear_cache(doctype="Permit Application")
