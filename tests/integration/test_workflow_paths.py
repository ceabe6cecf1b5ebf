"""Every path through the default workflow, for each of the 8 combinations of process steps."""

import re

import frappe
import pytest

from bppm_app.roles import APPLICANT, HEAD, VERIFIER

from .journeys import COMBOS, combo_id, stages, start

EXPECTED_PATH = {
	# (inspection, recommendation, levy): the states between verification and approval
	(0, 0, 0): [],
	(1, 0, 0): ["Field Inspection"],
	(0, 1, 0): ["Technical Review"],
	(0, 0, 1): ["Awaiting Payment"],
	(1, 1, 0): ["Field Inspection", "Technical Review"],
	(1, 0, 1): ["Field Inspection", "Awaiting Payment"],
	(0, 1, 1): ["Technical Review", "Awaiting Payment"],
	(1, 1, 1): ["Field Inspection", "Technical Review", "Awaiting Payment"],
}
HEAD_OF_PATH = ["Draft", "Submitted", "Under Verification"]


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_path_to_issued(staff, combo):
	journey = start(staff, combo)
	journey.to_awaiting_approval()
	doc = journey.approve()

	assert journey.states() == [*HEAD_OF_PATH, *EXPECTED_PATH[combo], "Awaiting Approval", "Issued"]
	assert (doc.docstatus, doc.decision, doc.sla_clock, doc.sla_status) == (1, "Approved", "Stopped", "Met")
	code = frappe.db.get_value("Permit Type", doc.permit_type, "code")
	assert re.fullmatch(rf"{code}/\d{{5}}/BPPM/{doc.issued_on.year}", doc.permit_number)
	assert len(doc.verification_code) == 32 and re.fullmatch(r"[A-Za-z0-9_-]+", doc.verification_code)
	assert doc.issued_on == frappe.utils.getdate()
	assert doc.valid_until == frappe.utils.add_days(frappe.utils.add_months(doc.issued_on, 12), -1)
	assert doc.submitted_on and doc.sla_due_date
	holders = {row.state: row.holder for row in stages(doc.name)}
	if combo[1]:
		assert holders["Technical Review"] == "Other Agency"
	if combo[2]:
		assert holders["Awaiting Payment"] == "Applicant"
	assert holders["Under Verification"] == "Office"


@pytest.mark.parametrize("combo", COMBOS, ids=combo_id)
def test_path_to_rejected(staff, combo):
	journey = start(staff, combo)
	journey.to_awaiting_approval()
	doc = journey.reject()
	assert journey.states()[-1] == "Rejected"
	assert (doc.docstatus, doc.decision, doc.sla_clock) == (1, "Rejected", "Stopped")
	assert not doc.permit_number and not doc.verification_code and not doc.valid_until
	assert doc.rejection_reason


def test_failed_inspection_goes_straight_to_the_head_for_rejection(staff):
	journey = start(staff, (1, 1, 1))
	doc = journey.to_awaiting_approval(inspection="Failed")
	assert journey.states() == [*HEAD_OF_PATH, "Field Inspection", "Awaiting Approval"]
	assert doc.levy_paid == 0  # no one pays for a permit that will be refused
	doc = journey.reject("Hasil tinjauan lapangan tidak memenuhi syarat")
	assert doc.decision == "Rejected"


def test_negative_recommendation_skips_payment(staff):
	journey = start(staff, (0, 1, 1))
	journey.to_awaiting_approval(recommendation="Not Recommended")
	assert journey.states() == [*HEAD_OF_PATH, "Technical Review", "Awaiting Approval"]


def test_return_for_revision_pauses_the_clock_and_the_applicant_resubmits(staff):
	journey = start(staff, (0, 0, 0))
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	doc = journey.act(VERIFIER, "Return for Revision", accept_documents=False)
	assert (doc.workflow_state, doc.sla_clock) == ("Returned for Revision", "Paused")
	assert stages(doc.name)[-1].holder == "Applicant"
	journey.edit(APPLICANT, location_address="Jl. Revisi No. 2", upload_documents=True)
	doc = journey.act(APPLICANT, "Resubmit")
	assert (doc.workflow_state, doc.sla_clock) == ("Under Verification", "Running")
	assert all(row.review_status == "Pending" for row in doc.documents if row.is_mandatory)
	journey.act(VERIFIER, "Verify", accept_documents=True)
	doc = journey.approve()
	assert doc.decision == "Approved"
	assert [row.sla_clock for row in stages(doc.name)] == [
		"Not Started",
		"Running",
		"Running",
		"Paused",
		"Running",
		"Running",
		"Stopped",
	]


def test_counter_application_submitted_by_the_front_office(staff):
	from bppm_app.roles import FRONT_OFFICE
	from bppm_app.utils import as_user

	from .factories import make_applicant, make_application, make_permit_type

	permit_type = make_permit_type()
	with as_user(staff[FRONT_OFFICE]):
		doc = make_application(make_applicant().name, permit_type.name)
	assert doc.channel == "Counter"
	from .journeys import Journey

	journey = Journey(staff, None, doc.name)
	journey.edit(FRONT_OFFICE, upload_documents=True)
	doc = journey.act(FRONT_OFFICE, "Submit")
	assert doc.workflow_state == "Submitted" and doc.submitted_on


def test_revoke_an_issued_permit(staff):
	journey = start(staff)
	journey.to_awaiting_approval()
	journey.approve()
	doc = journey.act(HEAD, "Revoke", revocation_reason="Izin disalahgunakan untuk kegiatan lain")
	assert (doc.docstatus, doc.workflow_state, doc.decision) == (2, "Revoked", "Approved")
	assert stages(doc.name)[-1].state == "Revoked"
	assert doc.permit_number  # the number stays on the revoked permit


def test_every_transition_is_on_the_timeline_with_user_and_time(staff):
	journey = start(staff, (1, 0, 0))
	journey.to_awaiting_approval()
	doc = journey.approve()
	comments = frappe.get_all(
		"Comment",
		filters={
			"reference_doctype": "Permit Application",
			"reference_name": doc.name,
			"comment_type": "Workflow",
		},
		fields=["content", "owner", "creation"],
		order_by="creation asc",
	)
	assert [c.content for c in comments] == journey.states()[1:]
	assert comments[-1].owner == staff[HEAD]
	assert all(c.creation for c in comments)
	logged = stages(doc.name)
	assert [row.entered_by for row in logged[1:]] == [c.owner for c in comments]
	assert logged[-1].action == "Approve"
