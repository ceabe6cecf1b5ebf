"""Moving demo applications through whatever workflow is active, as the demo staff would.

At each state the user whose role may act does the work that state is for (the role that edits
in it tells which: the verifier accepts the documents, the inspector records a passed inspection,
the technical reviewer a recommendation, the treasurer the payment), then takes the transition
toward the target: the one that reaches it, else the first forward one."""

import frappe

from bppm_app.engine import workflow
from bppm_app.roles import APPLICANT, FIELD_INSPECTOR, HEAD, TECHNICAL_REVIEWER, TREASURER, VERIFIER
from bppm_app.utils import as_user

DOCTYPE = "Permit Application"


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
				"recommendation_notes": "Sesuai kajian teknis.",
			}
		)
	elif role == TREASURER:
		doc.update(
			{
				"levy_paid": 1,
				"paid_on": today,
				"payment_reference": f"STS-{doc.name[-5:]}",
				"paid_amount": doc.levy_amount,
				"payment_proof": payment_proof(doc.name),
			}
		)
	else:
		return False
	return True


def payment_proof(name: str) -> str:
	"""A private proof of payment uploaded by the treasurer (the session user): the bank's slip."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"bukti-bayar-{name}.pdf",
			"content": b"%PDF-1.4\n% Bukti setor retribusi " + name.encode() + b"\n%%EOF\n",
			"is_private": 1,
			"attached_to_doctype": DOCTYPE,
			"attached_to_name": name,
			"attached_to_field": "payment_proof",
		}
	).insert()
	return file.file_url


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
				decides = any(
					t.state == doc.workflow_state and t.next_state == target and t.allowed == role
					for t in wf.transitions
				)
				if rejection_reason and decides and workflow.is_backward(wf, frappe._dict(next_state=target)):
					doc.rejection_reason = rejection_reason
					doc.save()
				options = workflow.available(frappe.get_doc(DOCTYPE, name), wf)
				choice = next((t for t in options if t.next_state == target), None) or next(
					(t for t in options if not workflow.is_backward(wf, t)), None
				)
				if choice:
					if role == APPLICANT:
						# the applicant acts on the portal, on their own application
						workflow.apply_as_owner(frappe.get_doc(DOCTYPE, name), choice.action)
					else:
						workflow.apply_action(frappe.get_doc(DOCTYPE, name), choice.action)
					moved = True
					break
		if not moved:
			return frappe.db.get_value(DOCTYPE, name, "workflow_state")
	return frappe.db.get_value(DOCTYPE, name, "workflow_state")
