"""The workflow of the app's documents: reading its configuration, judging transitions, applying
actions.

The app reads the workflow's *configuration*, never state names: the fields a state sets
(``update_field``), its docstatus, the role allowed to edit in it and the roles of its transitions.

A transition is judged by the document itself (:func:`judge`, called from its controller), whichever
way it arrives: the desk's buttons and bulk actions, Frappe's ``apply_workflow`` called from Python
(Workflow Action e-mail approvals, other apps), a REST save that changes the state, or the portal's
own methods. The stored document says where the file was and the saved one where it goes: a change
of state or docstatus must be a transition out of the stored state that one of the user's roles may
take, whose condition holds on the stored document and on the saved one (a result changed in the
same save cannot open a shorter path); the next state's docstatus must match and its
``update_field`` follows. Anything else is refused, so no caller needs to announce itself.
"""

from dataclasses import dataclass
from datetime import datetime

import frappe
from frappe import _
from frappe.model import workflow as frappe_workflow
from frappe.utils import cint, now_datetime

from bppm_app.exceptions import WorkflowActionRequiredError
from bppm_app.roles import APPLICANT, TECHNICAL_REVIEWER
from bppm_app.rules import guards, sla

OFFICE, OTHER_AGENCY, APPLICANT_HOLDER = sla.OFFICE, sla.OTHER_AGENCY, sla.APPLICANT_HOLDER


@dataclass(frozen=True)
class Transition:
	"""A move the document makes in this save: which action, from where to where, by whom, when."""

	action: str
	from_state: str
	to_state: str
	user: str
	at: datetime


# --- reading the workflow's configuration ---------------------------------------------------


def get_workflow(doctype: str = "Permit Application"):
	if not frappe_workflow.get_workflow_name(doctype):
		return None
	return frappe_workflow.get_workflow(doctype)


def state_row(workflow, state: str | None):
	return next((row for row in workflow.states if row.state == state), None) if workflow else None


def first_state(workflow) -> str | None:
	return workflow.states[0].state if workflow and workflow.states else None


def roles_acting_in(workflow, state: str | None) -> set[str]:
	"""Who has a part in a state: the role allowed to edit in it, and the roles of the
	transitions out of it."""
	row = state_row(workflow, state)
	roles = {row.allow_edit} if row and row.allow_edit else set()
	roles.update(t.allowed for t in workflow.transitions if t.state == state)
	return roles


def holder(workflow, state: str | None, sla_clock: str | None) -> str:
	"""Who holds the file in a state: the applicant while the clock waits for them, another
	agency where the technical reviewers edit, the office otherwise."""
	if sla_clock in (sla.PAUSED, sla.NOT_STARTED):
		return APPLICANT_HOLDER
	row = state_row(workflow, state)
	if row and row.allow_edit == TECHNICAL_REVIEWER:
		return OTHER_AGENCY
	if row and row.allow_edit == APPLICANT:
		return APPLICANT_HOLDER
	return OFFICE


def is_backward(workflow, transition) -> bool:
	"""A transition against the applicant's request, read from the configuration: one that gives
	the file back to the applicant to edit (a return for revision), cancels the document, or
	closes it with a decision other than approval."""
	there = state_row(workflow, transition.next_state)
	if not there:
		return False
	if cint(there.doc_status) == 2:
		return True
	if cint(there.doc_status) == 1:
		return there.update_field == "decision" and there.update_value != guards.APPROVED
	return there.allow_edit == APPLICANT


# --- which transitions a user may take ------------------------------------------------------


def available(doc, workflow=None, user: str | None = None) -> list:
	"""The transitions out of the document's state that the user's roles allow, whose condition
	holds and that Frappe's self-approval rule permits: Frappe's ``get_transitions`` without its
	DocType permission check (callers decide who may see the document)."""
	workflow = workflow or get_workflow(doc.doctype)
	if not workflow or doc.is_new():
		return []
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	state = doc.get(workflow.workflow_state_field)
	return [
		t
		for t in workflow.transitions
		if t.state == state
		and t.allowed in roles
		and frappe_workflow.is_transition_condition_satisfied(t, doc)
		and frappe_workflow.has_approval_access(user, doc, t)
	]


def judge(doc) -> Transition | None:
	"""Judge the state and docstatus of a document being saved (see the module's docstring).
	Returns the transition taken, or None when the document stays where it is; sets the fields the
	next state sets; raises WorkflowActionRequiredError for anything that is not a transition."""
	workflow = get_workflow(doc.doctype)
	before = doc.get_doc_before_save()
	if not workflow:
		if before is not None and before.docstatus != doc.docstatus:
			raise WorkflowActionRequiredError(
				_("{0} is decided only through its workflow, and no workflow is active.").format(
					_(doc.doctype)
				)
			)
		return None
	field = workflow.workflow_state_field
	if before is None:
		first = first_state(workflow)
		if doc.get(field) and doc.get(field) != first:
			raise WorkflowActionRequiredError(
				_("A new {0} always starts in the workflow's first state, {1}.").format(
					_(doc.doctype), _(first)
				)
			)
		doc.set(field, first)
		_set_state_field(doc, state_row(workflow, first))
		return None
	old_state, new_state = before.get(field), doc.get(field)
	if old_state == new_state and before.docstatus == doc.docstatus:
		return None
	transition = next((t for t in available(before, workflow) if t.next_state == new_state), None)
	row = state_row(workflow, new_state)
	if transition is None or row is None or cint(row.doc_status) != doc.docstatus:
		raise WorkflowActionRequiredError(
			_(
				"{0} {1} cannot go from {2} to {3} this way: only a workflow action you may take moves it."
			).format(_(doc.doctype), doc.name, _(old_state), _(new_state or ""))
		)
	if not frappe_workflow.is_transition_condition_satisfied(transition, doc):
		# the stored values opened this transition, the values saved with it close it: a result
		# flipped in the same save as the move would skip a stage on a record that says otherwise
		raise WorkflowActionRequiredError(
			_(
				"{0} {1} cannot go to {2} with the values saved in the same step: they do not meet the condition of {3}. Save your changes first, then take the action the workflow offers."
			).format(_(doc.doctype), doc.name, _(new_state), _(transition.action))
		)
	_set_state_field(doc, row)
	return Transition(transition.action, old_state, new_state, frappe.session.user, now_datetime())


def _set_state_field(doc, row) -> None:
	if row and row.update_field:
		doc.set(row.update_field, row.update_value)


# --- applying actions -----------------------------------------------------------------------


def apply_action(doc, action: str):
	"""Apply a workflow action as the session user, exactly as the desk's buttons do (Frappe's
	``apply_workflow``: it checks the user's DocType permission, roles and conditions)."""
	return frappe_workflow.apply_workflow(doc, action)


def apply_as_owner(doc, action: str):
	"""Apply a workflow action on a document the caller has found to be the user's own.

	Portal users hold no DocType permission on the app's documents, so Frappe's ``apply_workflow``
	(which checks it) refuses them; the portal's methods check ownership explicitly and come here.
	This is ``apply_workflow`` without that check: the same reload from the database, the same
	transition lookup, the document's own judgement of the move and its guards."""
	doc = frappe.get_doc(doc.doctype, doc.name)
	workflow = get_workflow(doc.doctype)
	transition = next((t for t in available(doc, workflow) if t.action == action), None)
	if transition is None:
		frappe.throw(_("Not a valid Workflow Action"), frappe_workflow.WorkflowTransitionError)
	row = state_row(workflow, transition.next_state)
	doc.set(workflow.workflow_state_field, transition.next_state)
	_set_state_field(doc, row)
	doc.flags.ignore_permissions = True  # ownership was checked by the caller
	new_docstatus = cint(row.doc_status)
	if doc.docstatus == new_docstatus:
		doc.save()
	elif doc.docstatus == 0 and new_docstatus == 1:
		doc.submit()
	elif doc.docstatus == 1 and new_docstatus == 2:
		doc.cancel()
	else:
		frappe.throw(_("Illegal Document Status for {0}").format(transition.next_state))
	doc.add_comment("Workflow", _(transition.next_state))
	return doc


def approval_open_to(doc, user: str | None = None):
	"""The transition by which the user may approve the document now (into a state that submits it
	with the decision Approved), read from the configuration; refused when there is none."""
	wf = get_workflow(doc.doctype)
	for transition in available(doc, wf, user):
		row = state_row(wf, transition.next_state)
		if (
			row
			and cint(row.doc_status) == 1
			and row.update_field == "decision"
			and row.update_value == guards.APPROVED
		):
			return transition
	frappe.throw(
		_("You cannot approve {0} at its current stage.").format(doc.name),
		frappe_workflow.WorkflowTransitionError,
	)
