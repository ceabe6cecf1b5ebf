"""The inspector's, the reviewer's and the treasurer's actions show before their data is recorded.

The shipped conditions used to hide "Complete Inspection", "Complete Review" and "Confirm Payment"
until the result or the payment had been saved on the form, a step nobody pointed to. Each action
now asks for its data in a dialog and the server refuses it with the missing field named
(``rules.guards``), so the conditions only choose where the file goes. The shipped workflow is
created only when absent: this patch updates a site's transitions whose condition is still the one
shipped before, and leaves any condition the office changed as it is.
"""

import frappe

WORKFLOW = "Permit Application Workflow"
# (action, next state): (the condition shipped before, the one shipped now; None = no condition)
CHANGED = {
	("Complete Inspection", "Technical Review"): (
		"doc.inspection_result == 'Passed' and doc.requires_technical_recommendation",
		"doc.inspection_result != 'Failed' and doc.requires_technical_recommendation",
	),
	("Complete Inspection", "Awaiting Payment"): (
		"doc.inspection_result == 'Passed' and not doc.requires_technical_recommendation"
		" and doc.requires_levy",
		"doc.inspection_result != 'Failed' and not doc.requires_technical_recommendation"
		" and doc.requires_levy",
	),
	("Complete Inspection", "Awaiting Approval"): (
		"doc.inspection_result == 'Failed' or (doc.inspection_result == 'Passed'"
		" and not doc.requires_technical_recommendation and not doc.requires_levy)",
		"doc.inspection_result == 'Failed' or (not doc.requires_technical_recommendation"
		" and not doc.requires_levy)",
	),
	("Complete Review", "Awaiting Payment"): (
		"doc.recommendation_result == 'Recommended' and doc.requires_levy",
		"doc.recommendation_result != 'Not Recommended' and doc.requires_levy",
	),
	("Complete Review", "Awaiting Approval"): (
		"doc.recommendation_result == 'Not Recommended' or (doc.recommendation_result == 'Recommended'"
		" and not doc.requires_levy)",
		"doc.recommendation_result == 'Not Recommended' or not doc.requires_levy",
	),
	("Confirm Payment", "Awaiting Approval"): ("doc.levy_paid", None),
}


def execute():
	if not frappe.db.exists("Workflow", WORKFLOW):
		return
	doc = frappe.get_doc("Workflow", WORKFLOW)
	changed = False
	for row in doc.transitions:
		old_new = CHANGED.get((row.action, row.next_state))
		if old_new and (row.condition or "").strip() == old_new[0]:
			row.condition = old_new[1]
			changed = True
	if changed:
		doc.save(ignore_permissions=True)  # migration, no user acting
