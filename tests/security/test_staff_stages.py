"""Staff of one stage cannot write another stage's fields, move a file outside the workflow's
transitions, or read the NIK when their role does not need it."""

import frappe
import pytest

from bppm_app.roles import (
	FIELD_INSPECTOR,
	FRONT_OFFICE,
	HEAD,
	TECHNICAL_REVIEWER,
	TREASURER,
	VERIFIER,
)

from .conftest import refused, snapshot

PA = "/api/resource/Permit Application"


@pytest.mark.parametrize(
	"role, file, change",
	[
		# the verifier sets the levy as paid and the inspection result
		(VERIFIER, "under_verification", {"levy_paid": 1}),
		(VERIFIER, "under_verification", {"inspection_result": "Passed"}),
		(VERIFIER, "under_verification", {"recommendation_result": "Recommended"}),
		(VERIFIER, "under_verification", {"rejection_reason": "x"}),
		(VERIFIER, "under_verification", {"subject": "diubah"}),
		# the treasurer, in their own stage, writes only the payment
		(TREASURER, "awaiting_payment", {"inspection_result": "Passed"}),
		(TREASURER, "awaiting_payment", {"levy_amount": 1}),
		# the front office accepts documents
		(FRONT_OFFICE, "under_verification", {"documents": "accept"}),
		# stages that are not theirs
		(TREASURER, "under_verification", {"levy_paid": 1}),
		(FIELD_INSPECTOR, "under_verification", {"inspection_result": "Passed"}),
		(TECHNICAL_REVIEWER, "awaiting_payment", {"recommendation_result": "Recommended"}),
		(HEAD, "under_verification", {"rejection_reason": "tolak"}),
		# engine and workflow fields, for anybody
		(VERIFIER, "under_verification", {"workflow_state": "Awaiting Approval"}),
		(VERIFIER, "under_verification", {"decision": "Approved"}),
		(VERIFIER, "under_verification", {"sla_due_date": "2099-12-31"}),
		(VERIFIER, "under_verification", {"requires_levy": 0}),
		(FRONT_OFFICE, "under_verification", {"tracking_pin": "123456"}),
		("BPPM Manager", "under_verification", {"permit_number": "PALSU/1"}),
		("BPPM Manager", "under_verification", {"sla_working_days": 99}),
	],
)
def test_a_stage_writes_only_its_own_fields(world, role, file, change):
	name = world[file]
	before = snapshot("Permit Application", name)
	client = world.as_role[role]
	if change.get("documents") == "accept":
		rows = [{**row, "review_status": "Accepted"} for row in before["doc"]["documents"]]
		response = client.put(f"{PA}/{name}", documents=rows)
	else:
		response = client.put(f"{PA}/{name}", **change)
	refused(response)
	field, value = next(iter(change.items()))
	if field != "documents":
		refused(
			client.method(
				"frappe.client.set_value",
				doctype="Permit Application",
				name=name,
				fieldname=field,
				value=value,
			)
		)
	assert snapshot("Permit Application", name) == before


def test_the_verifier_reviews_documents_in_their_stage(world):
	"""The same request from the owner of the field, in their stage, is accepted (so the refusals
	above are about ownership, not about the request)."""
	name = world.under_verification
	before = snapshot("Permit Application", name)
	rows = [{**row, "review_status": "Accepted"} for row in before["doc"]["documents"]]
	response = world.as_role[VERIFIER].put(f"{PA}/{name}", documents=rows)
	assert response.status_code == 200, response.text[:500]
	frappe.db.rollback()
	assert {r.review_status for r in frappe.get_doc("Permit Application", name).documents} == {"Accepted"}
	# put it back for the other tests
	restore = world.as_role["BPPM Manager"].put(f"{PA}/{name}", documents=before["doc"]["documents"])
	assert restore.status_code == 200, restore.text[:500]


def test_decisions_only_through_the_workflow(world):
	head = world.as_role[HEAD]
	for name in (world.awaiting_approval, world.issued):
		before = snapshot("Permit Application", name)
		doc = {"doctype": "Permit Application", "name": name}
		refused(head.method("frappe.client.submit", doc=doc))
		refused(head.method("frappe.client.cancel", doctype="Permit Application", name=name))
		refused(head.put(f"{PA}/{name}", docstatus=1 if name == world.awaiting_approval else 2))
		refused(head.put(f"{PA}/{name}", workflow_state="Revoked" if name == world.issued else "Issued"))
		assert snapshot("Permit Application", name) == before


@pytest.mark.parametrize("role", [FIELD_INSPECTOR, TECHNICAL_REVIEWER, TREASURER])
def test_roles_that_do_not_need_the_nik_cannot_read_or_filter_on_it(world, role):
	client = world.as_role[role]
	refused(client.get(f"/api/resource/Applicant/{world.b_applicant}"), world.b_nik)
	refused(client.get("/api/resource/Applicant", filters=f'[["nik","=","{world.b_nik}"]]'), world.b_nik)
	refused(
		client.method("frappe.client.get_count", doctype="Applicant", filters={"nik": world.b_nik}),
		world.b_nik,
	)
	refused(
		client.method("frappe.desk.reportview.get_count", doctype="Applicant", filters={"nik": world.b_nik}),
		world.b_nik,
	)
	refused(
		client.method(
			"frappe.desk.search.search_widget", doctype="Applicant", txt=world.b_nik, searchfield="nik"
		),
		world.b_nik,
	)
	# the application itself carries no NIK, and these roles do their work on it
	own = client.get(f"{PA}/{world.b_draft}")
	assert own.status_code == 200 and world.b_nik not in own.text


def test_manager_corrections_are_recorded(world):
	name = world.under_verification
	before = snapshot("Permit Application", name)
	manager = world.as_role["BPPM Manager"]
	response = manager.put(f"{PA}/{name}", subject="Koreksi oleh manajer")
	assert response.status_code == 200, response.text[:500]
	frappe.db.rollback()
	comment = frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Permit Application", "reference_name": name, "comment_type": "Info"},
		fields=["content"],
		order_by="creation desc",
		limit=1,
	)
	assert comment and "Koreksi oleh manajer" in comment[0].content
	assert before["doc"]["subject"] in comment[0].content
	manager.put(f"{PA}/{name}", subject=before["doc"]["subject"])
