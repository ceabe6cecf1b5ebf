"""Moving demo applications through whatever workflow is active, as the demo staff would.

At each state the user whose role may act does the work that state is for (the role that edits
in it tells which: the verifier accepts the documents, the inspector records a passed inspection,
the technical reviewer a recommendation, the treasurer the payment), then takes the transition
toward the target: the one that reaches it, else the first forward one."""

import frappe
from frappe.model.workflow import get_transitions

from bppm_app.roles import FIELD_INSPECTOR, HEAD, TECHNICAL_REVIEWER, TREASURER, VERIFIER
from bppm_app.services import workflow
from bppm_app.utils import as_user

DOCTYPE = "Permit Application"
BACKWARD = {"Return for Revision", "Reject", "Revoke"}


def prepare(doc, role: str) -> bool:
	"""The work of the state whose editing role is ``role``; True when something changed."""
	today = frappe.utils.today()
	if role == VERIFIER:
		for row in doc.documents:
			row.review_status = "Accepted"
	elif role == FIELD_INSPECTOR:
		doc.update(
			{
				"inspection_result": "Passed",
				"inspection_date": today,
				"inspection_notes": "Lokasi sesuai permohonan.",
			}
		)
	elif role == TECHNICAL_REVIEWER:
		doc.update(
			{
				"recommendation_result": "Recommended",
				"recommendation_number": f"REK/{doc.name[-5:]}/{today[:4]}",
			}
		)
	elif role == TREASURER:
		doc.update({"levy_paid": 1, "paid_on": today, "payment_reference": f"SKRD-{doc.name[-5:]}"})
	else:
		return False
	return True


def advance(name: str, target: str, actors: dict[str, str], rejection_reason: str | None = None) -> str:
	"""Move the application to the state ``target``; returns the state reached."""
	wf = workflow.get_workflow(DOCTYPE)
	for _ in range(20):
		doc = frappe.get_doc(DOCTYPE, name)
		if doc.workflow_state == target or doc.docstatus:
			return doc.workflow_state
		state = workflow.state_row(wf, doc.workflow_state)
		moved = False
		for role in sorted(workflow.roles_acting_in(wf, doc.workflow_state)):
			user = actors.get(role)
			if not user:
				continue
			with as_user(user):
				doc = frappe.get_doc(DOCTYPE, name)
				if state and state.allow_edit == role and prepare(doc, role):
					doc.save()
				if rejection_reason and target in {
					t.next_state for t in wf.transitions if t.action == "Reject"
				}:
					doc.rejection_reason = rejection_reason
					doc.save()
				options = get_transitions(frappe.get_doc(DOCTYPE, name))
				choice = next((t for t in options if t.next_state == target), None) or next(
					(t for t in options if t.action not in BACKWARD), None
				)
				if choice:
					workflow.apply_action(frappe.get_doc(DOCTYPE, name), choice.action)
					moved = True
					break
		if not moved:
			return frappe.db.get_value(DOCTYPE, name, "workflow_state")
	return frappe.db.get_value(DOCTYPE, name, "workflow_state")
