"""Domain exceptions of bppm_app.

Rule modules (``bppm_app.rules``) raise these with a translated message and never touch the
database, so they can be unit-tested without a site. Controllers run rules inside
:func:`user_errors`, which turns a domain exception into ``frappe.throw`` so that the desk, web
forms and REST clients all receive the message (Frappe shows only messages that were
``msgprint``-ed) while the exception class stays the same for callers and tests.
"""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.model.workflow import WorkflowPermissionError


class BPPMValidationError(frappe.ValidationError):
	"""Base class: input that breaks a rule of the office. HTTP 417, like Frappe's own."""


class InvalidIdentityError(BPPMValidationError):
	"""A malformed NIK, NIB or NPWP."""


class InvalidNIKError(InvalidIdentityError):
	pass


class InvalidNIBError(InvalidIdentityError):
	pass


class InvalidNPWPError(InvalidIdentityError):
	pass


class InvalidNIPError(InvalidIdentityError):
	pass


class DuplicateApplicantError(BPPMValidationError):
	"""The NIK, NIB or portal user already belongs to another applicant."""


class InvalidContactError(BPPMValidationError):
	"""A malformed mobile number or e-mail address."""


class InvalidPermitTypeError(BPPMValidationError):
	"""A permit type whose code, SLA, validity, levy or requirements break the rules."""


class InvalidAmountError(BPPMValidationError):
	"""A negative or non-numeric amount or quantity."""


class PermitTypeNotAvailableError(BPPMValidationError):
	"""An application for a permit type that is inactive (or not published, on the portal)."""


class InvalidAttachmentError(BPPMValidationError):
	"""An uploaded document of a type the requirement does not allow, or not the uploader's file."""


class InvalidInvestmentError(BPPMValidationError):
	"""An investment whose KBLI code, amounts or worker counts break the rules."""


class InvalidPermitNumberFormatError(BPPMValidationError):
	"""A permit number format without exactly one counter, or with unknown placeholders."""


# --- the levy paid at the bank ------------------------------------------------------------------


class PaymentSignatureError(frappe.AuthenticationError):
	"""A bank payment notice without a valid signature (HTTP 401)."""


class InvalidPaymentNoticeError(BPPMValidationError):
	"""A bank payment notice whose body is not JSON or whose fields are missing or malformed."""

	http_status_code = 400


class LevyPaymentLockedError(BPPMValidationError):
	"""Changing or deleting a recorded bank payment notice or its resolution (append-only)."""


class LevyPaymentResolutionError(BPPMValidationError):
	"""Resolving a payment notice that needs no resolution, or in a way its case does not allow."""


# --- the workflow's guards: each refusal has its own class ----------------------------------


class WorkflowGuardError(BPPMValidationError):
	"""Base class: the workflow may not move, or a field may not change, as asked."""


class WorkflowActionRequiredError(WorkflowGuardError, WorkflowPermissionError):
	"""A change of state, decision or docstatus that is not a transition the user may take (what
	Frappe's own workflow check would refuse too, with its ``WorkflowPermissionError``)."""


class ProtectedFieldError(WorkflowGuardError):
	"""A field that the office's workflow or engine sets was changed directly."""


class NotYourTurnError(WorkflowGuardError):
	"""Editing an application in a state where the user has no part (e.g. the applicant in review)."""


class MissingDocumentsError(WorkflowGuardError):
	"""Submitting without an upload for every mandatory requirement."""


class DocumentsNotAcceptedError(WorkflowGuardError):
	"""Approving while a mandatory document is not Accepted."""


class DocumentsRejectedError(DocumentsNotAcceptedError):
	"""A mandatory document was rejected: the file goes back to the applicant, not forward."""


class StepDataMissingError(WorkflowGuardError):
	"""An action that records the office's work (inspection, recommendation, payment) without it."""


class InspectionNotPassedError(WorkflowGuardError):
	"""Approving while a required field inspection has not Passed."""


class RecommendationMissingError(WorkflowGuardError):
	"""Approving without the required technical recommendation (Recommended)."""


class LevyNotPaidError(WorkflowGuardError):
	"""Approving while the required levy is not paid."""


class RejectionReasonMissingError(WorkflowGuardError):
	"""Rejecting without a reason."""


class RevocationReasonMissingError(WorkflowGuardError):
	"""Revoking a permit without a reason."""


class DecisionMissingError(WorkflowGuardError):
	"""Deciding (docstatus 1) in a state that sets no decision."""


class FourEyesError(WorkflowGuardError):
	"""The user who verified an application approving it too."""


class PreviousPermitError(WorkflowGuardError):
	"""A renewal or amendment of a permit that cannot be continued: not issued, revoked, superseded,
	somebody else's, of another type, or outside the renewal window."""


class SigningError(WorkflowGuardError):
	"""The issued permit could not be signed (provider unreachable, refused, bad certificate): the
	approval fails and nothing is issued."""


class SigningCredentialsRequiredError(SigningError):
	"""Remote signing needs the signatory's NIK and passphrase, given at approval."""


class InvalidInvestmentReportError(BPPMValidationError):
	"""An LKPM report whose period, amounts, worker counts or revision note break the rules."""


class DuplicateInvestmentReportError(BPPMValidationError):
	"""A second LKPM report for the same investment and quarter."""


class InvestmentReportLockedError(BPPMValidationError):
	"""An investor changing an LKPM report the office is reviewing or has approved."""


class ApplicantOwnershipError(frappe.PermissionError):
	"""A portal user acting on an applicant record that is not theirs."""


class FieldOwnershipError(frappe.PermissionError):
	"""A change to a field whose permission level belongs to another role (or another stage)."""


class ChildRowError(frappe.PermissionError):
	"""A child-table row inserted, saved or deleted on its own instead of through its parent."""


class TextTooLongError(BPPMValidationError):
	"""A text longer than its field's limit (rules/limits.py)."""


class InvalidRequestError(frappe.ValidationError):
	"""A request whose arguments are malformed (bad JSON, a number out of range, a wrong type)."""

	http_status_code = 400


@contextmanager
def user_errors(title: str | None = None):
	"""Report domain exceptions raised inside the block to the user, keeping their class.

	Usage in a controller::

	        with user_errors():
	            self.nik = identity.normalize_nik(self.nik)
	"""
	try:
		yield
	except BPPMValidationError as e:
		frappe.throw(str(e), exc=type(e), title=title or _("Invalid data"))
	except ApplicantOwnershipError as e:
		frappe.throw(str(e), exc=type(e), title=title or _("Not permitted"))


# --- service quality: the satisfaction survey and public complaints --------------------------------


class InvalidSurveyError(BPPMValidationError):
	"""A survey answer outside 1–4, or a respondent profile that breaks the rules."""


class DuplicateSurveyError(BPPMValidationError):
	"""A second survey for the same application."""


class SurveyLinkError(BPPMValidationError):
	"""A survey sent without a valid invitation link (or for an application not decided yet)."""


class SurveyRequiredError(frappe.PermissionError):
	"""The permit is downloaded only after the applicant's survey (BPPM Settings switch)."""


class InvalidComplaintError(BPPMValidationError):
	"""A complaint without a way to answer it, with a date in the future, or another broken rule."""


class ComplaintResponseMissingError(WorkflowGuardError):
	"""Resolving a complaint without a response to the complainant."""


# --- OSS RBA, the national Online Single Submission ------------------------------------------------


class InvalidOSSRequestError(BPPMValidationError):
	"""A receiveNIB body from OSS that is not the PIA's shape (not JSON, a missing field, a value
	longer than the PIA allows)."""

	http_status_code = 400


class OSSTokenError(frappe.AuthenticationError):
	"""A call from OSS without the agreed ``Token`` (HTTP 401)."""


class OSSNotConfiguredError(BPPMValidationError):
	"""OSS is switched off in BPPM Settings, or its address or user key is missing."""


class OSSUnavailableError(BPPMValidationError):
	"""OSS did not answer, or answered with an error (the message says which)."""


class OSSMessageLockedError(BPPMValidationError):
	"""An OSS Message is written by the outbox alone: never created, changed or deleted by hand."""
