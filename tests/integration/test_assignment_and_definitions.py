"""Who gets the file at each stage (Assignment Rules), and the shipped workflow's lifecycle."""

import frappe

from bppm_app.engine import workflow as wf_service
from bppm_app.roles import (
	FIELD_INSPECTOR,
	HEAD,
	SYSTEM_USER,
	TECHNICAL_REVIEWER,
	TREASURER,
	VERIFIER,
	users_with_role,
)
from bppm_app.setup import workflows as workflow_definitions
from bppm_app.utils import as_user

from .factories import make_user
from .journeys import start


def assigned(name):
	return set(frappe.parse_json(frappe.db.get_value("Permit Application", name, "_assign") or "[]"))


def holders_of(role):
	return set(users_with_role(role))


def test_the_file_goes_to_a_verifier_an_inspector_then_a_head(staff):
	journey = start(staff, (1, 0, 0))
	journey.submit()
	verifiers = assigned(journey.name)
	assert len(verifiers) == 1 and verifiers <= holders_of(VERIFIER)
	journey.act(VERIFIER, "Start Verification")
	assert assigned(journey.name) == verifiers  # the verifier keeps the file through verification
	journey.act(VERIFIER, "Verify", accept_documents=True)
	inspectors = assigned(journey.name)
	assert len(inspectors) == 1 and inspectors <= holders_of(FIELD_INSPECTOR)
	journey.act(FIELD_INSPECTOR, "Complete Inspection", inspection="Passed")
	heads = assigned(journey.name)
	assert len(heads) == 1 and heads <= holders_of(HEAD)
	journey.approve()
	assert assigned(journey.name) == set()


def test_round_robin_spreads_files_over_the_verifiers(staff):
	make_user(VERIFIER)  # at least two verifiers
	first, second = start(staff), start(staff)
	first.submit()
	second.submit()
	assert assigned(first.name) != assigned(second.name)


def test_rule_members_follow_the_role(staff):
	newcomer = make_user(VERIFIER)
	assert newcomer in {row.user for row in frappe.get_doc("Assignment Rule", "BPPM Verification").users}
	user = frappe.get_doc("User", newcomer)
	user.enabled = 0
	user.save()
	assert newcomer not in {row.user for row in frappe.get_doc("Assignment Rule", "BPPM Verification").users}


def test_a_deleted_user_leaves_the_rules(staff):
	"""Frappe keeps a deleted user in the Assignment Rules' member tables; the round robin would give
	them files nobody sees. Deleting the user takes them out."""
	gone = make_user(VERIFIER)
	assert gone in {row.user for row in frappe.get_doc("Assignment Rule", "BPPM Verification").users}
	frappe.delete_doc("User", gone, ignore_permissions=True)
	rule = frappe.get_doc("Assignment Rule", "BPPM Verification")
	assert gone not in {row.user for row in rule.users}
	assert {row.user for row in rule.users} == holders_of(VERIFIER) - {SYSTEM_USER}
	assert rule.last_user != gone


def test_shipped_workflow_survives_migrations_and_can_be_restored():
	workflow = frappe.get_doc("Workflow", "Permit Application Workflow")
	workflow.states[1].message = "Pesan yang diubah oleh admin"
	workflow.save()
	assert workflow_definitions.ensure_all() == []  # what migrate runs: nothing is overwritten
	assert (
		frappe.get_doc("Workflow", "Permit Application Workflow").states[1].message
		== "Pesan yang diubah oleh admin"
	)
	workflow_definitions.restore("Permit Application Workflow")
	restored = frappe.get_doc("Workflow", "Permit Application Workflow")
	assert restored.states[1].message == "Received by the office; waiting for a verifier."
	assert restored.is_active and wf_service.get_workflow("Permit Application").name == restored.name
	frappe.db.rollback()
	frappe.cache.hdel("workflow", "Permit Application")
	frappe.clear_cache(doctype="Permit Application")


def open_holders(name):
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Permit Application", "reference_name": name, "status": "Open"},
		pluck="allocated_to",
	)


def test_every_stage_of_the_shipped_workflow_is_held_by_one_person_of_its_role(staff):
	journey = start(staff, (1, 1, 1))
	journey.submit()
	seen = []

	def held_by(role):
		holders = open_holders(journey.name)
		state = journey.doc.workflow_state
		assert len(holders) == 1, (state, holders)
		assert holders[0] in holders_of(role), (state, holders, role)
		seen.append(state)
		return holders[0]

	verifier = held_by(VERIFIER)
	journey.act(VERIFIER, "Start Verification")
	assert held_by(VERIFIER) == verifier
	journey.act(VERIFIER, "Return for Revision", accept_documents=False)
	assert held_by(VERIFIER) == verifier  # the applicant's turn: the verifier keeps the file
	journey.edit("BPPM Applicant", upload_documents=True)
	journey.act("BPPM Applicant", "Resubmit")
	assert held_by(VERIFIER) == verifier
	journey.act(VERIFIER, "Verify", accept_documents=True)
	held_by(FIELD_INSPECTOR)
	journey.act(FIELD_INSPECTOR, "Complete Inspection", inspection="Passed")
	held_by(TECHNICAL_REVIEWER)
	journey.act(TECHNICAL_REVIEWER, "Complete Review", recommendation="Recommended")
	assert held_by(TREASURER) != SYSTEM_USER  # the office's system user records bank notices only
	journey.act(TREASURER, "Confirm Payment", manual_payment="STS-ASSIGN")
	held_by(HEAD)
	journey.approve()
	assert open_holders(journey.name) == []
	# every non-final state of the shipped workflow but Draft was held
	wf = wf_service.get_workflow("Permit Application")
	open_states = {s.state for s in wf.states if not int(s.doc_status or 0)} - {"Draft"}
	assert open_states == set(seen)
	for rule in frappe.get_all(
		"Assignment Rule", filters={"document_type": "Permit Application"}, pluck="name"
	):
		assert SYSTEM_USER not in {row.user for row in frappe.get_doc("Assignment Rule", rule).users}


def test_a_file_goes_to_the_next_member_when_its_holder_leaves_the_role(staff):
	make_user(FIELD_INSPECTOR)  # at least two inspectors
	journey = start(staff, (1, 0, 0))
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	journey.act(VERIFIER, "Verify", accept_documents=True)
	(holder,) = open_holders(journey.name)
	try:
		user = frappe.get_doc("User", holder)
		user.remove_roles(FIELD_INSPECTOR)  # saves the user: the rule's members follow
		(new_holder,) = open_holders(journey.name)
		assert new_holder != holder and new_holder in holders_of(FIELD_INSPECTOR)
		rule = frappe.get_doc("Assignment Rule", "BPPM Field Inspection")
		assert holder not in {row.user for row in rule.users}
	finally:
		frappe.db.rollback()
		frappe.clear_cache(user=holder)


def test_my_tasks_lists_the_files_waiting_for_me_oldest_due_first(staff):
	from bppm_app.bppm.report.my_tasks import my_tasks

	inspector = make_user(FIELD_INSPECTOR)
	names = []
	for due in ("2026-12-20", "2026-12-10"):
		journey = start(staff, (1, 0, 0))
		journey.submit()
		journey.act(VERIFIER, "Start Verification")
		journey.act(VERIFIER, "Verify", accept_documents=True)
		frappe.db.set_value("Permit Application", journey.name, "sla_due_date", due)
		# the file is given to this inspector, whoever the round robin chose
		frappe.db.set_value(
			"ToDo",
			{"reference_name": journey.name, "status": "Open"},
			"allocated_to",
			inspector,
		)
		names.append(journey.name)
	with as_user(inspector):
		columns, rows = my_tasks.execute({})
	assert [row["permit_application"] for row in rows] == [names[1], names[0]]  # oldest due first
	assert all(row["stage"] == "Field Inspection" and row["holder"] == inspector for row in rows)
	assert {c["fieldname"] for c in columns} >= {"stage", "holder", "sla_due_date", "sla_status"}
	# nobody else's files
	with as_user(make_user(FIELD_INSPECTOR)):
		assert my_tasks.execute({})[1] == []
