"""Workflow actions: the only way a permit application changes state, decision or docstatus.

Frappe records no trace that a save came from a workflow action, so every action runs inside
``action_context``: the desk's workflow buttons and bulk actions reach it through the overrides
of Frappe's whitelisted methods (hooks.py), server code through ``apply_action``. The controller
refuses state changes, submissions and cancellations made outside it.

The app reads the workflow's *configuration*, never state names: the fields a state sets
(``update_field``), its docstatus, the role allowed to edit in it and the roles of its transitions.
"""

import json
from contextlib import contextmanager

import frappe
from frappe.model import workflow as frappe_workflow

from bppm_app.roles import APPLICANT, TECHNICAL_REVIEWER
from bppm_app.rules import sla

_FLAG = "bppm_workflow_action"
OFFICE, OTHER_AGENCY, APPLICANT_HOLDER = "Office", "Other Agency", "Applicant"


@contextmanager
def action_context(action: str):
	previous = frappe.flags.get(_FLAG)
	frappe.flags[_FLAG] = action or True
	try:
		yield
	finally:
		frappe.flags[_FLAG] = previous


def current_action() -> str | None:
	"""The workflow action being applied in this request, if any."""
	action = frappe.flags.get(_FLAG)
	return action if isinstance(action, str) else None


def in_action() -> bool:
	return bool(frappe.flags.get(_FLAG))


def apply_action(doc, action: str):
	"""Apply a workflow action as the session user: Frappe checks roles and transition
	conditions, the controller checks the office's guards."""
	with action_context(action):
		return frappe_workflow.apply_workflow(doc, action)


@frappe.whitelist(methods=["POST"])
def apply_workflow(doc, action):
	"""Override of ``frappe.model.workflow.apply_workflow`` (the form's workflow buttons)."""
	return apply_action(doc, action)


@frappe.whitelist(methods=["POST"])
def bulk_workflow_approval(docnames, doctype, action):
	"""Override of ``frappe.model.workflow.bulk_workflow_approval`` (list view bulk actions)."""
	names = json.loads(docnames) if isinstance(docnames, str) else docnames
	if len(names) > 500:
		frappe.throw(
			frappe._("Bulk approval only support up to 500 documents."), title=frappe._("Too Many Documents")
		)
	if len(names) < 20:
		_bulk(names, doctype, action)
	else:
		frappe.msgprint(frappe._("Bulk {0} is enqueued in background.").format(action), alert=True)
		frappe.enqueue(_bulk, names=names, doctype=doctype, action=action, queue="short", timeout=1000)


def _bulk(names, doctype, action):
	with action_context(action):
		frappe_workflow._bulk_workflow_action(names, doctype, action)


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
