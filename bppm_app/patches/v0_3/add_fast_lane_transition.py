"""Sites whose Permit Application Workflow predates the low-risk fast lane get its transition once.

The shipped workflow is created only when absent, so an existing site keeps its own; this patch adds
the shipped "Issue (Fast Lane)" transition to it when no transition of that action exists. Its
condition is false unless a permit type opts in (Permit Type › Low-Risk Fast Lane), so nothing
changes for the office until it chooses to.
"""

import frappe

from bppm_app.setup import workflows

WORKFLOW = "Permit Application Workflow"
ACTION = "Issue (Fast Lane)"


def execute():
	if not frappe.db.exists("Workflow", WORKFLOW):
		return
	shipped = workflows.shipped().get(WORKFLOW)
	rows = [t for t in shipped["workflow"]["transitions"] if t["action"] == ACTION] if shipped else []
	doc = frappe.get_doc("Workflow", WORKFLOW)
	if not rows or any(t.action == ACTION for t in doc.transitions):
		return
	states = {s.state for s in doc.states}
	rows = [t for t in rows if t["state"] in states and t["next_state"] in states]
	if not rows:
		return  # the office renamed the states: it adds the fast lane itself if it wants one
	workflows.ensure_action(ACTION)
	for row in rows:
		doc.append("transitions", row)
	doc.save(ignore_permissions=True)  # migration, no user acting
