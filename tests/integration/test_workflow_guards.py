"""The office's guards hold whatever path is taken: workflow action, plain save, frappe.client,
direct submit, every role. A refused step changes nothing."""

import frappe
import pytest

from bppm_app.exceptions import (
	DocumentsNotAcceptedError,
	FieldOwnershipError,
	FourEyesError,
	InspectionNotPassedError,
	LevyNotPaidError,
	MissingDocumentsError,
	NotYourTurnError,
	ProtectedFieldError,
	RecommendationMissingError,
	RejectionReasonMissingError,
	RevocationReasonMissingError,
	WorkflowActionRequiredError,
)
from bppm_app.roles import (
	ALL_ROLES,
	APPLICANT,
	FIELD_INSPECTOR,
	FRONT_OFFICE,
	HEAD,
	MANAGER,
	TECHNICAL_REVIEWER,
	TREASURER,
	VERIFIER,
)
from bppm_app.utils import as_user

from .factories import make_applicant, make_application, make_permit_type, shown_messages
from .journeys import DOCTYPE, stages, start

WATCHED = (
	"workflow_state",
	"docstatus",
	"decision",
	"permit_number",
	"verification_code",
	"sla_status",
	"sla_clock",
	"modified",
)


def snapshot(name):
	return (frappe.db.get_value(DOCTYPE, name, WATCHED, as_dict=True), len(stages(name)))


@pytest.fixture
def refused():
	"""Assert that a step raises ``exc`` with a message for the user, and changes nothing."""

	def check(journey, exc, step):
		before = snapshot(journey.name)
		frappe.clear_messages()
		with pytest.raises(exc):
			step()
		assert shown_messages(), "the user is told why"
		assert snapshot(journey.name) == before

	return check


# --- approval guards --------------------------------------------------------------------------


def test_approval_needs_every_mandatory_document_accepted(staff, refused):
	journey = start(staff)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	journey.act(VERIFIER, "Verify", accept_documents=True)
	# e.g. the verifier corrects a review after verification: the head cannot approve then
	doc = journey.doc
	doc.documents[0].review_status = "Pending"
	with as_user(staff[VERIFIER]):
		doc.save()
	refused(journey, DocumentsNotAcceptedError, journey.approve)


def test_approval_needs_a_passed_inspection(staff, refused):
	journey = start(staff, (1, 0, 0))
	journey.to_awaiting_approval(inspection="Failed")
	refused(journey, InspectionNotPassedError, journey.approve)


def test_approval_needs_a_positive_recommendation(staff, refused):
	journey = start(staff, (0, 1, 0))
	journey.to_awaiting_approval(recommendation="Not Recommended")
	refused(journey, RecommendationMissingError, journey.approve)


def test_approval_needs_the_levy_paid(staff, refused):
	journey = start(staff, (0, 0, 1))
	journey.to_awaiting_approval()
	journey.edit(MANAGER, levy_paid=0)  # e.g. the payment bounced and the manager corrects it
	refused(journey, LevyNotPaidError, journey.approve)


def test_rejection_needs_a_reason(staff, refused):
	journey = start(staff)
	journey.to_awaiting_approval()
	refused(journey, RejectionReasonMissingError, lambda: journey.act(HEAD, "Reject"))


def test_submission_needs_the_mandatory_uploads(staff, refused):
	journey = start(staff, upload=False)
	refused(journey, MissingDocumentsError, journey.submit)


def test_revocation_needs_a_reason(staff, refused):
	journey = start(staff)
	journey.to_awaiting_approval()
	journey.approve()
	refused(journey, RevocationReasonMissingError, lambda: journey.act(HEAD, "Revoke"))


def test_four_eyes(staff, refused):
	frappe.db.set_single_value("BPPM Settings", "four_eyes", 1)
	both = staff["verifier and head"]
	journey = start(staff)
	journey.submit()
	journey.act(both, "Start Verification")
	journey.act(both, "Verify", accept_documents=True)
	refused(journey, FourEyesError, lambda: journey.approve(both))
	assert journey.approve(staff["second head"]).decision == "Approved"


def test_four_eyes_can_be_switched_off(staff):
	frappe.db.set_single_value("BPPM Settings", "four_eyes", 0)
	both = staff["verifier and head"]
	journey = start(staff)
	journey.submit()
	journey.act(both, "Start Verification")
	journey.act(both, "Verify", accept_documents=True)
	assert journey.approve(both).decision == "Approved"


# --- no way around the workflow ---------------------------------------------------------------

BYPASSES = {
	"plain save of the state": lambda d: _save(d, workflow_state="Issued"),
	"plain save of the decision": lambda d: _save(d, decision="Approved"),
	"plain save of the SLA status": lambda d: _save(d, sla_status="Met"),
	"plain save of the due date": lambda d: _save(d, sla_due_date="2030-01-01"),
	"set_value decision": lambda d: frappe.client.set_value(DOCTYPE, d.name, "decision", "Approved"),
	"set_value permit number": lambda d: frappe.client.set_value(DOCTYPE, d.name, "permit_number", "X/1"),
	"set_value verification code": lambda d: frappe.client.set_value(
		DOCTYPE, d.name, "verification_code", "abc"
	),
	"set_value state": lambda d: frappe.client.set_value(DOCTYPE, d.name, "workflow_state", "Issued"),
	"frappe.client.submit": lambda d: frappe.client.submit(frappe.get_doc(DOCTYPE, d.name).as_dict()),
	"direct submit": lambda d: _submit(d),
}


def _save(doc, **changes):
	doc = frappe.get_doc(DOCTYPE, doc.name)
	doc.update(changes)
	doc.save()


def _submit(doc):
	doc = frappe.get_doc(DOCTYPE, doc.name)
	doc.decision = "Approved"
	doc.submit()


@pytest.mark.parametrize("role", [*ALL_ROLES, "Administrator"])
def test_no_role_bypasses_the_workflow(staff, role):
	journey = start(staff)
	journey.to_awaiting_approval()
	user = "Administrator" if role == "Administrator" else journey.user_for(role)
	before = snapshot(journey.name)
	for label, attempt in BYPASSES.items():
		with as_user(user):
			with pytest.raises((frappe.ValidationError, frappe.PermissionError)):
				attempt(journey.doc)
		assert snapshot(journey.name) == before, f"{role}: {label} changed the application"


def test_protected_fields_cannot_be_set_on_a_new_application(staff):
	permit_type = make_permit_type()
	applicant = make_applicant()
	for field, value, exc in (
		("decision", "Approved", ProtectedFieldError),
		("permit_number", "PBG/99999/BPPM/2026", ProtectedFieldError),
		("sla_status", "Met", ProtectedFieldError),
		("verification_code", "known", ProtectedFieldError),
		("workflow_state", "Issued", WorkflowActionRequiredError),
	):
		with pytest.raises(exc):
			make_application(applicant.name, permit_type.name, **{field: value})


# --- turns ------------------------------------------------------------------------------------


def test_applicant_edits_only_in_draft_and_returned_for_revision(staff):
	journey = start(staff)
	journey.edit(APPLICANT, location_address="Draft: boleh")
	journey.submit()
	with pytest.raises(NotYourTurnError):
		journey.edit(APPLICANT, location_address="Submitted: tidak boleh")
	journey.act(VERIFIER, "Start Verification")
	with pytest.raises(NotYourTurnError):
		journey.edit(APPLICANT, location_address="Verification: tidak boleh")
	journey.act(VERIFIER, "Return for Revision")
	assert journey.edit(APPLICANT, location_address="Revision: boleh").location_address == "Revision: boleh"


@pytest.mark.parametrize(
	"who, field, allowed",
	[
		(VERIFIER, "revision_remarks", True),
		(TREASURER, "payment_reference", False),
		(FIELD_INSPECTOR, "inspection_notes", False),
		(TECHNICAL_REVIEWER, "recommendation_notes", False),
		(FRONT_OFFICE, "location_address", False),
		(MANAGER, "inspection_notes", True),
	],
)
def test_staff_edit_their_own_fields_in_the_stage_they_work_in(staff, who, field, allowed):
	journey = start(staff)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	if allowed:
		assert journey.edit(who, **{field: f"catatan {who}"}).get(field) == f"catatan {who}"
	else:
		with pytest.raises(NotYourTurnError):
			journey.edit(who, **{field: f"catatan {who}"})


@pytest.mark.parametrize(
	"who, field, value",
	[
		(VERIFIER, "inspection_notes", "bukan tugas verifikator"),
		(VERIFIER, "levy_paid", 1),
		(VERIFIER, "subject", "diubah verifikator"),
		(HEAD, "revision_remarks", "bukan tugas kepala"),
	],
)
def test_in_their_stage_staff_still_write_only_their_own_fields(staff, who, field, value):
	journey = start(staff, (1, 1, 1))
	journey.to_awaiting_approval() if who == HEAD else (
		journey.submit(),
		journey.act(VERIFIER, "Start Verification"),
	)
	before = journey.doc.get(field)
	with pytest.raises(FieldOwnershipError):
		journey.edit(who, **{field: value})
	assert journey.doc.get(field) == before


def test_applicant_cannot_take_office_actions(staff):
	journey = start(staff)
	journey.submit()
	with pytest.raises(frappe.ValidationError):
		journey.act(APPLICANT, "Start Verification")
	assert journey.doc.workflow_state == "Submitted"


def test_refusals_are_reported_in_indonesian(staff):
	journey = start(staff)
	journey.to_awaiting_approval()
	frappe.local.lang = "id"
	try:
		with pytest.raises(RejectionReasonMissingError) as excinfo:
			journey.act(HEAD, "Reject")
	finally:
		frappe.local.lang = "en"
	assert "alasan" in str(excinfo.value).lower()
