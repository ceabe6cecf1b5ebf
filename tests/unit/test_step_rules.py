"""Each officer's step records its work before the file moves on (rules/guards.py)."""

from types import SimpleNamespace

import pytest

from bppm_app.exceptions import DocumentsNotAcceptedError, DocumentsRejectedError, StepDataMissingError
from bppm_app.rules import guards


def row(requirement, status="Pending", mandatory=1, remarks=None):
	return SimpleNamespace(
		requirement=requirement, review_status=status, is_mandatory=mandatory, remarks=remarks
	)


def app(**fields):
	base = dict.fromkeys(guards.STEP_LABELS)
	base.update(documents=[], requires_levy=1, levy_amount=250_000)
	base.update(fields)
	return SimpleNamespace(**base)


def test_verification_names_the_pending_mandatory_documents_only():
	doc = app(documents=[row("KTP"), row("Denah", mandatory=0), row("NPWP", "Accepted")])
	with pytest.raises(DocumentsNotAcceptedError) as e:
		guards.check_verified(doc)
	assert "KTP" in str(e.value) and "Denah" not in str(e.value) and "NPWP" not in str(e.value)


def test_a_rejected_document_sends_the_file_back_with_its_reason():
	doc = app(documents=[row("KTP", "Rejected", remarks="buram"), row("NPWP")])
	with pytest.raises(DocumentsRejectedError) as e:
		guards.check_verified(doc)
	assert "KTP (buram)" in str(e.value) and "Return" in str(e.value)


def test_verification_passes_with_every_mandatory_document_accepted():
	guards.check_verified(app(documents=[row("KTP", "Accepted"), row("Denah", "Rejected", mandatory=0)]))


def test_the_inspection_names_each_missing_field():
	with pytest.raises(StepDataMissingError) as e:
		guards.check_inspection_recorded(app(inspection_result="Passed", inspector="a@b.c"))
	assert "Inspection Date" in str(e.value) and "Inspection Notes" in str(e.value)
	assert "Inspection Result" not in str(e.value)
	guards.check_inspection_recorded(
		app(inspection_result="Failed", inspector="a@b.c", inspection_date="2026-03-02", inspection_notes="x")
	)


def test_a_negative_recommendation_needs_its_reasons():
	with pytest.raises(StepDataMissingError, match="Recommendation Result"):
		guards.check_recommendation_recorded(app())
	with pytest.raises(StepDataMissingError, match="Recommendation Notes"):
		guards.check_recommendation_recorded(app(recommendation_result="Not Recommended"))
	guards.check_recommendation_recorded(app(recommendation_result="Recommended"))


PAID = dict(
	levy_paid=1,
	payment_reference="STS-1",
	paid_on="2026-03-02",
	paid_amount=250_000,
	payment_proof="/private/files/bukti.pdf",
)


def test_a_manual_confirmation_records_every_piece_of_evidence():
	for field in PAID:
		with pytest.raises(StepDataMissingError, match=guards.STEP_LABELS[field]):
			guards.check_payment_recorded(
				app(**{**PAID, field: None}), by_bank_notice=False, proof_on_file=True
			)
	guards.check_payment_recorded(app(**PAID), by_bank_notice=False, proof_on_file=True)


def test_the_proof_is_private_and_the_amount_is_the_levy():
	with pytest.raises(StepDataMissingError, match="private"):
		guards.check_payment_recorded(app(**{**PAID, "payment_proof": "/files/b.pdf"}), False, True)
	with pytest.raises(StepDataMissingError, match="250000"):
		guards.check_payment_recorded(app(**{**PAID, "paid_amount": 200_000}), False, True)


def test_the_proof_must_be_a_file_of_this_application():
	"""A private URL is not enough: the caller found no File of it attached to the application."""
	with pytest.raises(StepDataMissingError, match="Payment Proof"):
		guards.check_payment_recorded(app(**PAID), by_bank_notice=False, proof_on_file=False)


def test_a_bank_notice_needs_no_other_evidence_and_no_levy_needs_nothing():
	guards.check_payment_recorded(app(levy_paid=1, paid_amount=250_000), by_bank_notice=True)
	with pytest.raises(StepDataMissingError, match="Levy Paid"):
		guards.check_payment_recorded(app(), by_bank_notice=True)
	guards.check_payment_recorded(app(requires_levy=0), by_bank_notice=False)


def test_a_bank_payment_of_another_amount_does_not_pay_the_levy():
	"""A treasurer's accepted bank notice is evidence of a payment, not of the whole levy."""
	with pytest.raises(StepDataMissingError, match="1000.*250000"):
		guards.check_payment_recorded(app(levy_paid=1, paid_amount=1_000), by_bank_notice=True)
	with pytest.raises(StepDataMissingError, match="Amount Paid"):
		guards.check_payment_recorded(app(levy_paid=1), by_bank_notice=True)
