"""What must be true before the office decides. Plain functions over a document-like object
(attribute access), no database: the controller runs them whatever the workflow says."""

from bppm_app.exceptions import (
	DocumentsNotAcceptedError,
	InspectionNotPassedError,
	LevyNotPaidError,
	MissingDocumentsError,
	RecommendationMissingError,
	RejectionReasonMissingError,
	RevocationReasonMissingError,
)
from bppm_app.i18n import _

# the decision values the workflow's final states set, and a document's review results
APPROVED, REJECTED = "Approved", "Rejected"
PENDING, ACCEPTED = "Pending", "Accepted"


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
