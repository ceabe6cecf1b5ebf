"""What must be true before the office decides. Plain functions over a document-like object
(attribute access), no database: the controller runs them whatever the workflow says."""

from bppm_app.exceptions import (
	DocumentsNotAcceptedError,
	DocumentsRejectedError,
	InspectionNotPassedError,
	InvalidAttachmentError,
	LevyNotPaidError,
	MissingDocumentsError,
	RecommendationMissingError,
	RejectionReasonMissingError,
	RevocationReasonMissingError,
	StepDataMissingError,
)
from bppm_app.i18n import _

# the decision values the workflow's final states set, and a document's review results
APPROVED, REJECTED = "Approved", "Rejected"
PENDING, ACCEPTED, DOCUMENT_REJECTED = "Pending", "Accepted", "Rejected"
PASSED, FAILED = "Passed", "Failed"
RECOMMENDED, NOT_RECOMMENDED = "Recommended", "Not Recommended"


def check_documents_uploaded(doc) -> None:
	"""Before submission: an upload for every mandatory requirement."""
	missing = [row.requirement for row in doc.documents if row.is_mandatory and not row.attachment]
	if missing:
		raise MissingDocumentsError(
			_("Upload the mandatory documents before submitting: {0}.").format(", ".join(missing))
		)


def check_approvable(doc) -> None:
	"""Before approval: documents accepted, inspection passed, recommendation given, levy paid."""
	not_accepted = [
		row.requirement for row in doc.documents if row.is_mandatory and row.review_status != ACCEPTED
	]
	if not_accepted:
		raise DocumentsNotAcceptedError(
			_("Every mandatory document must be Accepted before approval. Not accepted: {0}.").format(
				", ".join(not_accepted)
			)
		)
	if doc.requires_field_inspection and doc.inspection_result != "Passed":
		raise InspectionNotPassedError(_("The field inspection must have Passed before approval."))
	if doc.requires_technical_recommendation and doc.recommendation_result != "Recommended":
		raise RecommendationMissingError(
			_("The technical recommendation must be Recommended before approval.")
		)
	if doc.requires_levy and not doc.levy_paid:
		raise LevyNotPaidError(_("The levy must be paid before approval."))


def check_rejectable(doc) -> None:
	if not (doc.rejection_reason or "").strip():
		raise RejectionReasonMissingError(_("Give the reason for the rejection."))


def check_revocable(doc) -> None:
	if not (doc.revocation_reason or "").strip():
		raise RevocationReasonMissingError(_("Give the reason for revoking the permit."))


# --- each step's own work, checked when the step's action moves the file on --------------------
# The label of each field a step records (the DocType's labels, translated where shown).
STEP_LABELS = {
	"inspection_date": "Inspection Date",
	"inspector": "Inspector",
	"inspection_result": "Inspection Result",
	"inspection_notes": "Inspection Notes",
	"recommendation_result": "Recommendation Result",
	"recommendation_notes": "Recommendation Notes",
	"levy_paid": "Levy Paid",
	"payment_reference": "Payment Reference",
	"paid_on": "Paid On",
	"paid_amount": "Amount Paid",
	"payment_proof": "Payment Proof",
}


def _blank(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip()) or value == 0


def _require(doc, fields, step: str) -> None:
	missing = [field for field in fields if _blank(getattr(doc, field, None))]
	if missing:
		raise StepDataMissingError(
			_("{0}: fill in {1} in the action's dialog first.").format(
				_(step), ", ".join(_(STEP_LABELS[field]) for field in missing)
			)
		)


def check_verified(doc) -> None:
	"""Before the verifier moves the file on: every mandatory document Accepted. A rejected one
	sends the file back to the applicant (with the reasons), never forward."""
	mandatory = [row for row in doc.documents if row.is_mandatory]
	rejected = [row for row in mandatory if row.review_status == DOCUMENT_REJECTED]
	if rejected:
		reasons = "; ".join(
			f"{row.requirement} ({row.remarks})" if (row.remarks or "").strip() else row.requirement
			for row in rejected
		)
		raise DocumentsRejectedError(
			_(
				"Rejected documents: {0}. Return the file to the applicant for revision with these reasons instead of verifying it."
			).format(reasons)
		)
	pending = [row.requirement for row in mandatory if row.review_status != ACCEPTED]
	if pending:
		raise DocumentsNotAcceptedError(
			_("Accept every mandatory document before verifying. Not yet accepted: {0}.").format(
				", ".join(pending)
			)
		)


def check_inspection_recorded(doc) -> None:
	"""Before the inspector moves the file on: when, by whom, the result and the notes."""
	_require(
		doc,
		("inspection_date", "inspector", "inspection_result", "inspection_notes"),
		"Field inspection",
	)


def check_recommendation_recorded(doc) -> None:
	"""Before the technical reviewer moves the file on: the result; the reasons for a negative one."""
	fields = ["recommendation_result"]
	if doc.recommendation_result == NOT_RECOMMENDED:
		fields.append("recommendation_notes")
	_require(doc, fields, "Technical recommendation")


def check_payment_recorded(doc, by_bank_notice: bool, proof_on_file: bool = False) -> None:
	"""Before the treasurer moves the file on: the levy paid, in full. A bank notice is its own
	evidence of the reference and date; a confirmation by hand records the reference, date, amount
	and a proof. Either way the amount paid is the assessed levy (a bank payment of another amount,
	accepted by a treasurer, does not pay it). ``proof_on_file``: whether ``payment_proof`` names a
	private File attached to this application (the caller looks it up; a URL alone proves nothing)."""
	if not doc.requires_levy:
		return
	if by_bank_notice:
		_require(doc, ("levy_paid", "paid_amount"), "Payment confirmation")
	else:
		_require(
			doc,
			("levy_paid", "payment_reference", "paid_on", "paid_amount", "payment_proof"),
			"Payment confirmation",
		)
		check_payment_proof(doc.payment_proof, proof_on_file, StepDataMissingError)
	if round(float(doc.paid_amount or 0)) != round(float(doc.levy_amount or 0)):
		raise StepDataMissingError(
			_("The amount paid ({0}) is not the assessed levy ({1}).").format(
				int(round(float(doc.paid_amount or 0))), int(round(float(doc.levy_amount or 0)))
			)
		)


def check_payment_proof(url, proof_on_file: bool, exc=InvalidAttachmentError) -> None:
	"""The payment proof is a private file attached to this application (``proof_on_file``, looked
	up by the caller): another application's file, a public one or a bare URL proves nothing."""
	if not str(url or "").startswith("/private/files/"):
		raise exc(_("The payment proof must be uploaded as a private file."))
	if not proof_on_file:
		raise exc(
			_(
				"{0}: upload the proof in the action's dialog; it must be a private file attached to this application."
			).format(_(STEP_LABELS["payment_proof"]))
		)
