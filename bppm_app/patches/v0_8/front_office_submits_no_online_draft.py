"""The front office's Submit of a draft is offered only on drafts that are not the applicant's online
ones (the shipped workflow's condition ``doc.channel != 'Online'``): the server already refused
that Submit (``rules.channels.staff_may_change_draft``), but the desk still showed the button. Set
on the shipped workflow's transition when it has no condition of its own; an office's own condition
is left alone."""

import frappe

WORKFLOW = "Permit Application Workflow"
CONDITION = "doc.channel != 'Online'"


def execute():
	if not frappe.db.exists("Workflow", WORKFLOW):
		return
	rows = frappe.get_all(
		"Workflow Transition",
		filters={
			"parent": WORKFLOW,
			"parenttype": "Workflow",
			"state": "Draft",
			"action": "Submit",
			"allowed": "BPPM Front Office",
		},
		fields=["name", "condition"],
	)
	for row in rows:
		if not (row.condition or "").strip():
			frappe.db.set_value(
				"Workflow Transition", row.name, "condition", CONDITION, update_modified=False
			)
	frappe.clear_document_cache("Workflow", WORKFLOW)
	frappe.clear_cache(doctype="Permit Application")
