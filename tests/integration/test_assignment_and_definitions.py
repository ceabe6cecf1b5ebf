"""Who gets the file at each stage (Assignment Rules), and the shipped workflow's lifecycle."""

import frappe

from bppm_app.roles import FIELD_INSPECTOR, HEAD, VERIFIER, users_with_role
from bppm_app.services import workflow as wf_service
from bppm_app.setup import workflows as workflow_definitions

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
	journey.act(FIELD_INSPECTOR, "Complete Inspection", inspection_result="Passed")
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
