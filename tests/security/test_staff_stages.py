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
from tests.integration.factories import purge_applications
from tests.integration.journeys import start

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


def test_the_treasurer_cannot_name_another_application_s_file_as_payment_proof(world):
	"""The victim's private KTP scan named as the proof of a manual payment: refused (4xx, the field
	named) on a save, on a save that moves the file on and through apply_workflow; nothing stored."""
	name = world.awaiting_payment
	before = snapshot("Permit Application", name)
	treasurer = world.as_role[TREASURER]
	evidence = {
		"levy_paid": 1,
		"payment_reference": "STS-PALSU-1",
		"paid_on": frappe.utils.today(),
		"paid_amount": before["doc"]["levy_amount"],
		"payment_proof": world.b_file,
	}
	for response in (
		treasurer.put(f"{PA}/{name}", **evidence),
		treasurer.put(f"{PA}/{name}", **evidence, workflow_state="Awaiting Approval"),
	):
		refused(response)
		assert "Payment Proof" in response.text or "Bukti" in response.text, response.text[:500]
	# the data saved without the proof, then the action: refused, the proof named
	evidence.pop("payment_proof")
	assert treasurer.put(f"{PA}/{name}", **evidence).status_code == 200
	doc = {"doctype": "Permit Application", "name": name}
	response = treasurer.method("frappe.model.workflow.apply_workflow", doc=doc, action="Confirm Payment")
	refused(response)
	assert "Payment Proof" in response.text or "Bukti" in response.text, response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Permit Application", name, "workflow_state") == "Awaiting Payment"
	# put it back for the other tests
	restore = world.as_role["BPPM Manager"].put(
		f"{PA}/{name}", **{field: before["doc"][field] for field in evidence}
	)
	assert restore.status_code == 200, restore.text[:500]
	assert snapshot("Permit Application", name)["doc"]["payment_proof"] == before["doc"]["payment_proof"]


def test_the_treasurer_cannot_claim_another_application_s_document_as_payment_proof(world):
	"""The victim's KTP scan claimed by its URL into this application's payment_proof (upload_file
	with file_url, doctype, docname and fieldname: the File then belongs to this field too) is still
	no proof: the save is refused and the application keeps its proof."""
	name = world.awaiting_payment
	before = snapshot("Permit Application", name)
	treasurer = world.as_role[TREASURER]
	try:
		treasurer.request(
			"POST",
			"/api/method/upload_file",
			data={
				"file_url": world.b_file,
				"is_private": 1,
				"doctype": "Permit Application",
				"docname": name,
				"fieldname": "payment_proof",
			},
		)
		response = treasurer.method(
			"frappe.client.set_value",
			doctype="Permit Application",
			name=name,
			fieldname="payment_proof",
			value=world.b_file,
		)
		refused(response)
		assert snapshot("Permit Application", name)["doc"]["payment_proof"] == before["doc"]["payment_proof"]
	finally:
		frappe.db.delete("File", {"file_url": world.b_file, "attached_to_name": name})
		frappe.db.commit()


def test_the_front_office_attaches_nothing_to_an_applicant_s_online_draft(world):
	"""An online draft is the applicant's: a file the clerk attaches to it would be one the applicant
	may pick as a document. Refused; nothing is stored."""
	frappe.db.rollback()
	before = frappe.db.count("File", {"attached_to_name": world.b_draft})
	response = world.as_role[FRONT_OFFICE].request(
		"POST",
		"/api/method/upload_file",
		files={"file": ("scan-loket.pdf", b"%PDF-1.4\n% scan\n%%EOF\n", "application/pdf")},
		data={"doctype": "Permit Application", "docname": world.b_draft, "is_private": 1},
	)
	refused(response)
	frappe.db.rollback()
	assert frappe.db.count("File", {"attached_to_name": world.b_draft}) == before


@pytest.mark.parametrize(
	"role, combo, stage, stored, flipped, short_path, own_path",
	[
		# the inspector stores Failed (which leads straight to the Head), then saves Passed with
		# the move to the Head: Technical Review, another agency's stage, would be skipped
		(
			FIELD_INSPECTOR,
			(1, 1, 1),
			"Field Inspection",
			{"inspection_result": "Failed", "inspection_notes": "x"},
			{"inspection_result": "Passed"},
			"Awaiting Approval",
			"Technical Review",
		),
		# the reviewer stores Not Recommended, then saves Recommended with the move to the Head:
		# the levy's payment would be skipped
		(
			TECHNICAL_REVIEWER,
			(0, 1, 1),
			"Technical Review",
			{"recommendation_result": "Not Recommended", "recommendation_notes": "x"},
			{"recommendation_result": "Recommended"},
			"Awaiting Approval",
			"Awaiting Payment",
		),
	],
)
def test_a_result_flipped_in_the_moving_save_skips_no_stage(
	world, role, combo, stage, stored, flipped, short_path, own_path
):
	"""Helper 24's F5: the transition is chosen by its condition on the stored document; it must
	hold on the saved one too. Refused (4xx, nothing stored); the same result saved first, then the
	move, takes the path that result leads to."""
	journey = start(world.staff, combo)
	journey.submit()
	assert journey.verify().workflow_state == stage
	frappe.db.commit()
	name = journey.name
	client = world.as_role[role]
	try:
		if role == FIELD_INSPECTOR:
			stored = {**stored, "inspection_date": frappe.utils.today(), "inspector": world.staff[role]}
		response = client.put(f"{PA}/{name}", **stored)
		assert response.status_code == 200, response.text[:500]
		before = snapshot("Permit Application", name)
		response = client.put(f"{PA}/{name}", **flipped, workflow_state=short_path)
		refused(response)
		assert "condition" in response.text or "syarat" in response.text, response.text[:500]
		assert snapshot("Permit Application", name) == before
		assert before["doc"]["workflow_state"] == stage
		# the result saved on its own, then the move: the path the saved result opens
		assert client.put(f"{PA}/{name}", **flipped).status_code == 200
		refused(client.put(f"{PA}/{name}", workflow_state=short_path))
		response = client.put(f"{PA}/{name}", workflow_state=own_path)
		assert response.status_code == 200, response.text[:500]
		frappe.db.rollback()
		assert frappe.db.get_value("Permit Application", name, "workflow_state") == own_path
	finally:
		frappe.db.rollback()
		purge_applications([name])
		frappe.db.commit()
