"""Each officer's step is self-contained and guarded where it happens, through Frappe's own
``apply_workflow`` (the desk's action buttons, bulk actions and e-mail Workflow Action approvals all
call it) as each role: the verifier verifies only accepted documents, and each action that records
the office's work refuses without it, naming the missing field. A refused step changes nothing."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow, get_transitions

from bppm_app.exceptions import (
	DocumentsNotAcceptedError,
	DocumentsRejectedError,
	InvalidAttachmentError,
	NotYourTurnError,
	StepDataMissingError,
)
from bppm_app.roles import FIELD_INSPECTOR, HEAD, TECHNICAL_REVIEWER, TREASURER, VERIFIER
from bppm_app.utils import as_user

from .factories import upload
from .journeys import DOCTYPE, manual_payment_fields, start

WATCHED = ("workflow_state", "docstatus", "sla_clock", "modified")


def state(name):
	return frappe.db.get_value(DOCTYPE, name, WATCHED, as_dict=True)


def take(user: str, name: str, action: str):
	"""The action as ``user`` through Frappe's apply_workflow (which reloads from the database)."""
	with as_user(user):
		return apply_workflow(frappe.get_doc(DOCTYPE, name), action)


def refused_with(user, name, action, exc, *named):
	"""The action is refused with ``exc``, its message names each of ``named``, nothing changes."""
	before = state(name)
	with pytest.raises(exc) as caught:
		take(user, name, action)
	for text in named:
		assert text in str(caught.value), (text, str(caught.value))
	assert state(name) == before
	frappe.clear_messages()
	return str(caught.value)


def save_as(user, name, **values):
	with as_user(user):
		doc = frappe.get_doc(DOCTYPE, name)
		doc.update(values)
		doc.save()
	return doc


def review(user, name, **statuses):
	"""The verifier's review: {requirement index: (status, remarks)}; the rest stay as they are."""
	with as_user(user):
		doc = frappe.get_doc(DOCTYPE, name)
		for idx, (status, remarks) in statuses.items():
			row = doc.documents[int(idx[1:])]
			row.review_status, row.remarks = status, remarks
		doc.save()
	return doc


def under_verification(staff, combo=(0, 0, 0)):
	journey = start(staff, combo)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	return journey


# --- the verifier ----------------------------------------------------------------------------


def test_verify_is_refused_while_a_mandatory_document_is_pending(staff):
	journey = under_verification(staff)
	doc = journey.doc
	(mandatory,) = (row.requirement for row in doc.documents if row.is_mandatory)
	(optional,) = (row.requirement for row in doc.documents if not row.is_mandatory)
	message = refused_with(staff[VERIFIER], journey.name, "Verify", DocumentsNotAcceptedError, mandatory)
	assert optional not in message  # only the mandatory documents hold the file
	# the optional one accepted, the mandatory one still pending: still refused
	review(staff[VERIFIER], journey.name, d1=("Accepted", None))
	refused_with(staff[VERIFIER], journey.name, "Verify", DocumentsNotAcceptedError, mandatory)
	review(staff[VERIFIER], journey.name, d0=("Accepted", None))
	assert take(staff[VERIFIER], journey.name, "Verify").workflow_state == "Awaiting Approval"


def test_a_rejected_document_sends_the_file_back_with_the_reasons(staff):
	journey = under_verification(staff)
	journey.edit(VERIFIER, accept_documents=True)
	first = journey.doc.documents[0].requirement
	review(staff[VERIFIER], journey.name, d0=("Rejected", "Foto KTP tidak terbaca"))
	refused_with(
		staff[VERIFIER],
		journey.name,
		"Verify",
		DocumentsRejectedError,
		first,
		"Foto KTP tidak terbaca",
	)
	doc = take(staff[VERIFIER], journey.name, "Return for Revision")
	assert doc.workflow_state == "Returned for Revision" and doc.sla_clock == "Paused"
	assert doc.documents[0].remarks == "Foto KTP tidak terbaca"


def test_the_verifier_corrects_a_review_until_the_decision_and_nothing_else(staff):
	journey = under_verification(staff, (1, 0, 0))
	journey.edit(VERIFIER, accept_documents=True)
	take(staff[VERIFIER], journey.name, "Verify")
	assert journey.doc.workflow_state == "Field Inspection"
	# the verifier has no part in the inspection, but may still correct a document's review
	doc = review(staff[VERIFIER], journey.name, d0=("Rejected", "Masa berlaku habis"))
	assert (doc.documents[0].review_status, doc.documents[0].remarks) == (
		"Rejected",
		"Masa berlaku habis",
	)
	assert doc.documents[0].reviewed_by == staff[VERIFIER]
	with pytest.raises(NotYourTurnError):
		save_as(staff[VERIFIER], journey.name, revision_remarks="bukan tahap verifikasi")
	frappe.clear_messages()
	with pytest.raises(NotYourTurnError):
		with as_user(staff[VERIFIER]):
			doc = frappe.get_doc(DOCTYPE, journey.name)
			doc.documents[0].review_status = "Accepted"
			doc.revision_remarks = "bukan tahap verifikasi"
			doc.save()
	frappe.clear_messages()
	review(staff[VERIFIER], journey.name, d0=("Accepted", None))
	# after the decision, no more corrections
	journey.act(FIELD_INSPECTOR, "Complete Inspection", inspection="Passed")
	journey.approve(staff[HEAD])
	with pytest.raises(frappe.ValidationError):
		review(staff[VERIFIER], journey.name, d0=("Rejected", "terlambat"))


# --- the inspector -----------------------------------------------------------------------------


def test_complete_inspection_shows_before_its_data_and_refuses_without_it(staff):
	journey = under_verification(staff, (1, 0, 0))
	journey.act(VERIFIER, "Verify", accept_documents=True)
	inspector = staff[FIELD_INSPECTOR]
	with as_user(inspector):
		actions = [t.action for t in get_transitions(frappe.get_doc(DOCTYPE, journey.name))]
	assert actions == ["Complete Inspection"]  # the button is there before anything is filled in
	refused_with(
		inspector,
		journey.name,
		"Complete Inspection",
		StepDataMissingError,
		"Inspection Date",
		"Inspection Result",
		"Inspection Notes",
	)
	save_as(inspector, journey.name, inspection_date=frappe.utils.today(), inspection_result="Failed")
	refused_with(inspector, journey.name, "Complete Inspection", StepDataMissingError, "Inspection Notes")
	save_as(inspector, journey.name, inspection_notes="Bangunan melanggar GSB.")
	doc = take(inspector, journey.name, "Complete Inspection")
	# a failed inspection goes straight to the head; the inspector is whoever recorded it
	assert doc.workflow_state == "Awaiting Approval" and doc.inspector == inspector


# --- the technical reviewer --------------------------------------------------------------------


def test_complete_review_needs_the_recommendation_and_the_reasons_of_a_refusal(staff):
	journey = under_verification(staff, (0, 1, 1))
	journey.act(VERIFIER, "Verify", accept_documents=True)
	reviewer = staff[TECHNICAL_REVIEWER]
	refused_with(reviewer, journey.name, "Complete Review", StepDataMissingError, "Recommendation Result")
	save_as(reviewer, journey.name, recommendation_result="Not Recommended")
	refused_with(reviewer, journey.name, "Complete Review", StepDataMissingError, "Recommendation Notes")
	save_as(reviewer, journey.name, recommendation_notes="Lokasi di sempadan sungai.")
	doc = take(reviewer, journey.name, "Complete Review")
	assert doc.workflow_state == "Awaiting Approval" and not doc.skrd_number  # nobody pays for it


def test_a_positive_recommendation_goes_on_to_the_levy(staff):
	journey = under_verification(staff, (0, 1, 1))
	journey.act(VERIFIER, "Verify", accept_documents=True)
	save_as(staff[TECHNICAL_REVIEWER], journey.name, recommendation_result="Recommended")
	assert take(staff[TECHNICAL_REVIEWER], journey.name, "Complete Review").workflow_state == (
		"Awaiting Payment"
	)


# --- the treasurer -----------------------------------------------------------------------------


def test_a_manual_payment_confirmation_records_its_evidence(staff):
	journey = under_verification(staff, (0, 0, 1))
	journey.act(VERIFIER, "Verify", accept_documents=True)
	treasurer = staff[TREASURER]
	doc = journey.doc
	assert doc.workflow_state == "Awaiting Payment" and doc.levy_amount > 0
	refused_with(
		treasurer,
		journey.name,
		"Confirm Payment",
		StepDataMissingError,
		"Levy Paid",
		"Payment Reference",
		"Paid On",
		"Amount Paid",
		"Payment Proof",
	)
	evidence = manual_payment_fields(treasurer, doc, "STS-778")
	# reference and date, no proof nor amount: both named
	save_as(treasurer, journey.name, levy_paid=1, payment_reference="STS-778", paid_on=evidence["paid_on"])
	refused_with(
		treasurer, journey.name, "Confirm Payment", StepDataMissingError, "Amount Paid", "Payment Proof"
	)
	# a public file is no proof to keep: refused on the save already
	public = upload(treasurer, "bukti.pdf", private=0, attached_to=(DOCTYPE, journey.name, "payment_proof"))
	with pytest.raises(InvalidAttachmentError, match="private"):
		save_as(treasurer, journey.name, paid_amount=doc.levy_amount, payment_proof=public)
	frappe.clear_messages()
	# an amount other than the assessed levy
	save_as(
		treasurer, journey.name, paid_amount=doc.levy_amount - 1000, payment_proof=evidence["payment_proof"]
	)
	refused_with(treasurer, journey.name, "Confirm Payment", StepDataMissingError, str(int(doc.levy_amount)))
	save_as(treasurer, journey.name, paid_amount=doc.levy_amount)
	doc = take(treasurer, journey.name, "Confirm Payment")
	assert doc.workflow_state == "Awaiting Approval"
	assert (doc.payment_reference, doc.paid_amount, doc.payment_proof) == (
		"STS-778",
		doc.levy_amount,
		evidence["payment_proof"],
	)


def test_the_other_roles_cannot_take_the_steps(staff):
	journey = under_verification(staff, (1, 0, 0))
	journey.edit(VERIFIER, accept_documents=True)
	for role in (FIELD_INSPECTOR, TREASURER, HEAD):
		refused_with(staff[role], journey.name, "Verify", frappe.ValidationError)


def test_the_payment_proof_is_a_file_of_this_application(staff):
	"""A private file of another application, one attached to nothing, or one of this application's
	own requirement documents is no proof: refused on the save and by the action through Frappe's
	apply_workflow, with the field named; nothing changes."""
	journey = under_verification(staff, (0, 0, 1))
	journey.act(VERIFIER, "Verify", accept_documents=True)
	other = under_verification(staff, (0, 0, 0))
	treasurer = staff[TREASURER]
	doc = journey.doc
	someone_elses = other.doc.documents[0].attachment
	assert someone_elses.startswith("/private/files/")
	loose = upload(treasurer, "bukti-lepas.pdf")
	own_document = doc.documents[0].attachment  # the applicant's KTP scan is no bank receipt
	assert own_document.startswith("/private/files/")
	for url in (someone_elses, loose, own_document):
		evidence = {**manual_payment_fields(treasurer, doc, "STS-991"), "payment_proof": url}
		with pytest.raises(InvalidAttachmentError, match="Payment Proof"):
			save_as(treasurer, journey.name, **evidence)
		frappe.clear_messages()
		assert frappe.db.get_value(DOCTYPE, journey.name, "payment_proof") is None
	# stored around the save's check (as a record written before this rule): the action still refuses
	frappe.db.set_value(
		DOCTYPE,
		journey.name,
		{**manual_payment_fields(treasurer, doc, "STS-992"), "payment_proof": someone_elses},
	)
	refused_with(treasurer, journey.name, "Confirm Payment", StepDataMissingError, "Payment Proof")
	# the proof uploaded into this application's payment_proof is accepted
	save_as(treasurer, journey.name, **manual_payment_fields(treasurer, doc, "STS-993"))
	assert take(treasurer, journey.name, "Confirm Payment").workflow_state == "Awaiting Approval"
