"""Walk-in intake at the counter, on the server (Frappe's Python API, as the desk's form calls it):
the checklist before saving, a new applicant with a checked and normalised NIK, the clerk's uploads
into the rows of an unsaved application, the save and the submission on the applicant's behalf; and
what the clerk may not do (another person's file, an applicant's online draft, rows at another
level, the checklist as a portal user)."""

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow, get_transitions

from bppm_app.api import intake_checklist
from bppm_app.exceptions import (
	FieldOwnershipError,
	InvalidAttachmentError,
	InvalidNIKError,
	MissingDocumentsError,
	NotYourTurnError,
	PermitTypeNotAvailableError,
)
from bppm_app.roles import FRONT_OFFICE, VERIFIER
from bppm_app.utils import as_user

from .factories import make_applicant, make_investment, make_permit_type, rand, unique_nik, upload
from .journeys import counter_start, start

DOCTYPE = "Permit Application"
REQUIREMENTS = [
	{"requirement": "Fotokopi KTP", "is_mandatory": 1, "allowed_file_types": "pdf,jpg"},
	{"requirement": "Denah Lokasi", "is_mandatory": 0, "allowed_file_types": "pdf"},
	{"requirement": "Surat Pernyataan", "is_mandatory": 1, "allowed_file_types": "pdf"},
]


@pytest.fixture
def permit_type():
	return make_permit_type(requirements=REQUIREMENTS)


def test_the_checklist_is_the_rows_the_server_keeps(staff, permit_type):
	with as_user(staff[FRONT_OFFICE]):
		rows = intake_checklist(permit_type.name)
	assert [(r["requirement"], r["is_mandatory"], r["allowed_file_types"]) for r in rows] == [
		(r["requirement"], r["is_mandatory"], r["allowed_file_types"]) for r in REQUIREMENTS
	]
	# an active type not yet published is open at the counter; an inactive one is not
	frappe.db.set_value("Permit Type", permit_type.name, "is_published", 0)
	frappe.clear_document_cache("Permit Type", permit_type.name)
	with as_user(staff[FRONT_OFFICE]):
		assert len(intake_checklist(permit_type.name)) == 3
	frappe.db.set_value("Permit Type", permit_type.name, "is_active", 0)
	frappe.clear_document_cache("Permit Type", permit_type.name)
	with as_user(staff[FRONT_OFFICE]), pytest.raises(PermitTypeNotAvailableError):
		intake_checklist(permit_type.name)


def test_the_checklist_is_for_staff_who_take_in_applications(staff, permit_type):
	for user in (staff["BPPM Applicant"], staff["BPPM Field Inspector"]):
		with as_user(user), pytest.raises(frappe.PermissionError):
			intake_checklist(permit_type.name)
	with as_user(staff[FRONT_OFFICE]), pytest.raises(frappe.ValidationError):
		intake_checklist(permit_type.name, "Takeover")


def test_a_walk_in_applicant_is_registered_with_a_checked_nik(staff):
	clerk = staff[FRONT_OFFICE]
	with as_user(clerk):
		with pytest.raises(InvalidNIKError):
			make_applicant(applicant_name=f"Warga {rand(5)}", nik="647402010190001")
		nik = unique_nik()
		applicant = make_applicant(
			applicant_name=f"Warga {rand(5)}", nik=f"{nik[:6]}.{nik[6:12]}.{nik[12:]}", user=None
		)
	assert applicant.nik == nik and not applicant.user


def test_the_clerk_takes_in_and_submits_a_walk_in_application(staff, permit_type):
	"""The desk's sequence: an unsaved form whose uploads are attached to its temporary name, saved
	as a counter file of the applicant (the uploads claimed by it), then submitted by the clerk."""
	clerk = staff[FRONT_OFFICE]
	applicant = make_applicant(user=None)
	temporary = f"new-permit-application-{rand(10).lower()}"
	with as_user(clerk):
		doc = frappe.new_doc(DOCTYPE)
		doc.update({"applicant": applicant.name, "permit_type": permit_type.name, "subject": "Warung"})
		for row in intake_checklist(permit_type.name):
			scan = upload(clerk, "scan.pdf", attached_to=(DOCTYPE, temporary, "attachment"))
			doc.append("documents", {"requirement": row["requirement"], "attachment": scan})
		doc.insert()
		assert (doc.channel, doc.workflow_state, doc.owner) == ("Counter", "Draft", clerk)
		urls = [row.attachment for row in doc.documents]
		attached = frappe.get_all("File", filters={"file_url": ("in", urls)}, pluck="attached_to_name")
		assert set(attached) == {doc.name}
		# the applicant's turn, taken by the clerk: a correction of the draft, then the submission
		doc = frappe.get_doc(DOCTYPE, doc.name)
		doc.location_address = "Jl. Cut Nyak Dien No. 5"
		doc.save()
		doc = apply_workflow(frappe.get_doc(DOCTYPE, doc.name), "Submit")
	assert doc.workflow_state == "Submitted" and doc.submitted_on and doc.tracking_pin


def test_a_counter_submission_needs_the_mandatory_documents(staff, permit_type):
	clerk = staff[FRONT_OFFICE]
	applicant = make_applicant(user=None)
	with as_user(clerk):
		doc = frappe.get_doc(
			{"doctype": DOCTYPE, "applicant": applicant.name, "permit_type": permit_type.name, "subject": "X"}
		).insert()
		doc.documents[0].attachment = upload(clerk, "ktp.pdf")
		doc.save()
		with pytest.raises(MissingDocumentsError, match="Surat Pernyataan"):
			apply_workflow(frappe.get_doc(DOCTYPE, doc.name), "Submit")
	assert frappe.db.get_value(DOCTYPE, doc.name, "workflow_state") == "Draft"


def test_the_clerk_cannot_use_another_person_s_file_or_review_documents(staff, permit_type):
	clerk = staff[FRONT_OFFICE]
	applicant = make_applicant(user=None)
	# someone else's upload, even one attached to an unsaved form of theirs
	others = upload(
		staff[VERIFIER], "punya-orang.pdf", attached_to=(DOCTYPE, "new-permit-application-x", "x")
	)
	with as_user(clerk):
		doc = frappe.new_doc(DOCTYPE)
		doc.update({"applicant": applicant.name, "permit_type": permit_type.name, "subject": "Warung"})
		doc.append("documents", {"requirement": "Fotokopi KTP", "attachment": others})
		with pytest.raises(InvalidAttachmentError):
			doc.insert()
		frappe.clear_messages()
		doc = frappe.get_doc(
			{"doctype": DOCTYPE, "applicant": applicant.name, "permit_type": permit_type.name, "subject": "X"}
		).insert()
		# the review of the documents is the verifier's
		doc.documents[0].review_status = "Accepted"
		with pytest.raises(FieldOwnershipError):
			doc.save()


def test_the_clerk_neither_edits_nor_submits_an_applicant_s_online_draft(staff):
	"""An online draft is the applicant's until they submit it: the clerk's edit and "Ajukan" are
	refused and nothing changes, but the clerk may link the business's investment; once the
	applicant has submitted, the stages' holders act as ever."""
	journey = start(staff)
	clerk = staff[FRONT_OFFICE]
	with as_user(clerk):
		doc = frappe.get_doc(DOCTYPE, journey.name)
		doc.subject = "Diubah oleh loket"
		with pytest.raises(NotYourTurnError, match="online draft"):
			doc.save()
		frappe.clear_messages()
		# "Ajukan" is not offered to the clerk on an online draft (the workflow's condition), and
		# Frappe refuses it when asked anyway; on a counter draft it is the clerk's
		online = frappe.get_doc(DOCTYPE, journey.name)
		assert "Submit" not in [t.action for t in get_transitions(online)]
		with pytest.raises((WorkflowTransitionError, NotYourTurnError)):
			apply_workflow(online, "Submit")
		frappe.clear_messages()
	counter = counter_start(staff)
	with as_user(clerk):
		assert "Submit" in [t.action for t in get_transitions(frappe.get_doc(DOCTYPE, counter.name))]
	stored = frappe.db.get_value(DOCTYPE, journey.name, ["workflow_state", "subject"], as_dict=True)
	assert stored.workflow_state == "Draft" and stored.subject != "Diubah oleh loket"
	# linking the business's investment (which the portal's form does not ask for) is the office's
	investment = make_investment(investor=journey.doc.applicant)
	with as_user(clerk):
		doc = frappe.get_doc(DOCTYPE, journey.name)
		doc.investment = investment.name
		doc.save()
	assert frappe.db.get_value(DOCTYPE, journey.name, "investment") == investment.name
	assert journey.submit().workflow_state == "Submitted"
