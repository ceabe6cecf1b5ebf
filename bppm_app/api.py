"""Whitelisted methods of bppm_app (JSON over /api/method/bppm_app.api.<name>).

Guest methods read only what the office publishes (see ``web.public``; complaints by their
tracking code, ``engine.quality``), change nothing, accept GET or POST, and are throttled per
client IP (and tracking per registration number too).
Portal methods act on the user's own records only, found through ``web.applicant_portal`` (portal users
hold no DocType permission); they require a login and POST when they change something. The bank's
payment notice is a POST authenticated by its signature; OSS's receiveNIB a POST authenticated by its
Token. Malformed arguments get a 4xx answer with a message, never a server error.
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from bppm_app.config import settings
from bppm_app.engine import bank_payments, oss_exchange, permit_lifecycle, quality, signing, workflow
from bppm_app.roles import MANAGER, is_staff
from bppm_app.rules.oss import TOKEN_HEADER
from bppm_app.rules.payments import SIGNATURE_HEADER
from bppm_app.web import applicant_portal, public

GUEST = {"allow_guest": True, "methods": ["GET", "POST"]}


@frappe.whitelist(**GUEST)
def track_application(registration_number: str | None = None, pin: str | None = None) -> dict:
	"""Progress of an application for the holder of its registration number and tracking PIN."""
	public.require_public_pages()
	public.throttle("track")
	return public.track(registration_number, pin)


@frappe.whitelist(**GUEST)
def verify_permit(code: str | None = None) -> dict:
	"""Whether a permit (by the verification code on its QR) is valid, expired, revoked or superseded,
	with the SHA-256 of the signed file the office issued (when it was signed)."""
	public.require_public_pages()
	public.throttle("verify")
	return public.verify(code)


@frappe.whitelist(**GUEST)
def public_statistics(year: int | str | None = None) -> dict:
	"""Applications received, issued, rejected and in process per permit type; investment totals."""
	public.require_public_pages()
	public.throttle("statistics")
	return public.statistics(year)


@frappe.whitelist(**GUEST)
def complaint_status(tracking_code: str | None = None) -> dict:
	"""Where a complaint stands, for the holder of its tracking code: status, due date and the
	office's response once resolved; nothing about the complainant."""
	public.throttle("complaint_status")
	return quality.complaint_status(tracking_code)


@frappe.whitelist(**GUEST)
def levy_estimate(permit_type: str | None = None, quantity: float | str | None = 0) -> dict:
	"""The levy of a published permit type for a quantity: base + rate × quantity."""
	public.throttle("levy_estimate")
	return public.levy_estimate(permit_type, quantity)


@frappe.whitelist(**GUEST)
def published_permit_types() -> list[dict]:
	"""The permit types open for online applications, with their requirements."""
	public.throttle("standards")
	max_mb = settings.get("max_upload_size_mb")
	out = []
	for row in public.published_permit_types():
		doc = frappe.get_cached_doc("Permit Type", row.name)
		out.append(
			{
				"name": doc.name,
				"code": doc.code,
				"category": doc.category,
				"sla_working_days": doc.sla_working_days,
				"levy": public.levy_formula(doc),
				"levy_unit": doc.levy_unit if doc.requires_levy else "",
				"max_upload_size_mb": max_mb,
				"requirements": public.requirements_of(doc),
			}
		)
	return out


# --- the portal: the user's own records ------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def submit_application(name: str) -> dict:
	"""Submit (or resubmit) one's own application: the applicant's forward workflow action."""
	doc = applicant_portal.take_own_action(applicant_portal.own_application(name))
	return {"name": doc.name, "workflow_state": doc.workflow_state, "sla_due_date": doc.sla_due_date}


@frappe.whitelist(methods=["POST"])
def submit_investment_report(name: str) -> dict:
	"""Submit (or resubmit) one's own LKPM report to the office."""
	doc = applicant_portal.take_own_action(applicant_portal.own_investment_report(name))
	return {"name": doc.name, "workflow_state": doc.workflow_state, "status": doc.status}


@frappe.whitelist()
def my_investments() -> list[dict]:
	"""The user's own investments (for the LKPM form's investment field)."""
	names = applicant_portal.own_investments()
	# get_all: restricted to the user's own investments, found just above
	return frappe.get_all(
		"Investment", filters={"name": ("in", names or [""])}, fields=["name", "project_name"]
	)


@frappe.whitelist(methods=["POST"])
def intake_checklist(permit_type: str, application_type: str | None = None) -> list[dict]:
	"""The document checklist of a permit type for an application being taken in at the counter,
	before it is saved: the rows the server will keep on saving (one per requirement, in the type's
	order, mandatory as the type and the application type say) with the file types each accepts.
	Staff who may create applications only; the saved application is checked again on the server."""
	frappe.has_permission("Permit Application", "create", throw=True)
	if not is_staff():
		raise frappe.PermissionError(_("Only the office's staff take in applications at the counter."))
	doc = frappe.new_doc("Permit Application")
	doc.permit_type = permit_type
	doc.application_type = application_type or "New"
	if doc.application_type not in ("New", "Renewal", "Amendment"):
		frappe.throw(_("Unknown application type."), frappe.ValidationError)
	if not frappe.db.exists("Permit Type", permit_type):
		frappe.throw(
			_("Permit type {0} is not open for applications.").format(permit_type), frappe.ValidationError
		)
	kind = doc.check_permit_type()
	doc.sync_documents(kind)
	allowed = {row.requirement: row.allowed_file_types for row in kind.requirements}
	return [
		{
			"requirement": row.requirement,
			"is_mandatory": row.is_mandatory,
			"allowed_file_types": allowed.get(row.requirement) or "",
		}
		for row in doc.documents
	]


@frappe.whitelist(methods=["POST"])
def start_follow_up(name: str, application_type: str) -> dict:
	"""Start a renewal or an amendment of an issued permit: the holder's own on the portal, or any
	for counter staff who may create applications. Returns the new draft (an open one of the same
	kind is continued rather than started twice)."""
	if is_staff():
		previous = frappe.get_doc("Permit Application", applicant_portal._name(name))
		previous.check_permission("read")
		frappe.has_permission("Permit Application", "create", throw=True)
		doc = permit_lifecycle.start(previous.name, application_type)
	else:
		doc = applicant_portal.start_own_follow_up(name, application_type)
	return {"name": doc.name, "application_type": doc.application_type, "edit_url": f"/apply/{doc.name}/edit"}


@frappe.whitelist(methods=["POST"])
def approve_and_sign(name: str, nik: str | None = None, passphrase: str | None = None) -> dict:
	"""Approve an application and sign its permit remotely (BSrE) with the signatory's NIK and
	passphrase, within this one request. The two are taken out of the request at once, held only in
	memory for the signing step, and never stored: not on the application, in its versions or
	comments, or in an error log (an unexpected failure is logged without them)."""
	creds = signing.Credentials(nik, passphrase)
	frappe.form_dict.pop("nik", None)
	frappe.form_dict.pop("passphrase", None)
	del nik, passphrase
	if not creds:
		frappe.throw(_("Give the signatory's NIK and passphrase."), signing.SigningCredentialsRequiredError)
	doc = frappe.get_doc("Permit Application", applicant_portal._name(name))
	doc.check_permission("read")
	transition = workflow.approval_open_to(doc)
	try:
		with signing.credentials(creds):
			doc = workflow.apply_action(doc, transition.action)
	except frappe.ValidationError:
		raise
	except frappe.PermissionError:
		raise
	except Exception:
		# an unexpected failure: logged without local variables (they would show the request)
		frappe.log_error(title="Approve and Sign failed", message=frappe.get_traceback(with_context=False))
		frappe.throw(_("The permit could not be issued. Nothing was changed."), signing.SigningError)
	finally:
		del creds
	return {"name": doc.name, "workflow_state": doc.workflow_state, "permit_number": doc.permit_number}


@frappe.whitelist(methods=["GET"])
def download_letter(name: str, letter: str) -> None:
	"""A letter of an application as PDF (receipt, SKRD, permit, rejection): for its applicant,
	and for staff who may print the application."""
	if is_staff():
		doc = frappe.get_doc("Permit Application", applicant_portal._name(name))
		doc.check_permission("print")
	else:
		doc = applicant_portal.own_application(name)
	if not isinstance(letter, str):
		raise applicant_portal.not_found("Print Format", "")
	frappe.local.response.filename = f"{letter}-{doc.name}.pdf".replace(" ", "-").replace("/", "-")
	frappe.local.response.filecontent = applicant_portal.letter_pdf(doc, letter)
	frappe.local.response.type = "pdf"


# --- the bank ---------------------------------------------------------------------------------

# the bank delivers at most a few notices a second, also when it replays a backlog
PAYMENT_NOTICES_PER_MINUTE = 300


# allow_guest: the bank is not a user of the site; the HMAC signature over the body authenticates it
@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=PAYMENT_NOTICES_PER_MINUTE, seconds=60)
def payment_notification(**fields) -> dict:
	"""The bank's notice of one levy payment (docs/bank-integration.md). The JSON body is read raw,
	as signed; the keys Frappe also passes as arguments are ignored. Answers the Levy Payment's
	status; 401 without a valid ``X-BPPM-Signature``, 400 for a malformed notice."""
	return bank_payments.receive(frappe.request.get_data(), frappe.get_request_header(SIGNATURE_HEADER))


# --- OSS RBA, the national Online Single Submission (engine/oss_exchange.py) ----------------------------

# OSS delivers a NIB's checklist when a business applies; a backlog replay stays well under this
OSS_CALLS_PER_MINUTE = 120


# allow_guest: OSS is not a user of the site; the Token header (BPPM Settings) authenticates it
@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=OSS_CALLS_PER_MINUTE, seconds=60)
def oss_receive_nib(**fields):
	"""OSS's receiveNIB (the PIA's body, header ``Token``). The body is read raw; the keys Frappe also
	passes as arguments are ignored. Answers the PIA's ``responreceiveNIB``: 200, 400 for a body that
	breaks the PIA (nothing stored), 401 without the agreed Token (nothing stored)."""
	return oss_exchange.receive_nib(frappe.request.get_data(), frappe.get_request_header(TOKEN_HEADER))


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=OSS_CALLS_PER_MINUTE, seconds=60)
def oss_permit_file(token: str | None = None) -> None:
	"""The signed permit of an OSS application, for OSS to download (the link sent with
	receiveLicense carries an unguessable token for that one permit)."""
	file_name, pdf = oss_exchange.permit_file(token)
	frappe.local.response.filename = file_name
	frappe.local.response.filecontent = pdf
	frappe.local.response.type = "pdf"


def _require_oss_manager() -> None:
	if not {MANAGER, "System Manager"} & set(frappe.get_roles()):
		frappe.throw(_("Only the office's managers run the OSS outbox."), frappe.PermissionError)


@frappe.whitelist(methods=["POST"])
def oss_sync(force: int | str | None = 0) -> dict:
	"""Send every OSS Message that is due now (``force=1``: also those waiting for their back-off)."""
	_require_oss_manager()
	return oss_exchange.sync(force=bool(frappe.utils.cint(force)))


@frappe.whitelist(methods=["POST"])
def oss_resend(name: str) -> dict:
	"""Send one OSS Message again (a failed one, or a pending one now), after those before it."""
	_require_oss_manager()
	return oss_exchange.resend(applicant_portal._name(name))


@frappe.whitelist(methods=["POST"])
def oss_retry_item(name: str) -> dict:
	"""Make the application of an OSS checklist item recorded as Not Created."""
	_require_oss_manager()
	return {"permit_application": oss_exchange.retry_item(applicant_portal._name(name))}


@frappe.whitelist(methods=["GET", "POST"])
@rate_limit(limit=60, seconds=60)
def oss_lookup_nib(nib: str | None = None) -> dict:
	"""The business OSS knows under a NIB (inqueryNIB), as Applicant fields for the counter."""
	if not is_staff() or not frappe.has_permission("Applicant", "create"):
		frappe.throw(_("Only the counter looks up a NIB in OSS."), frappe.PermissionError)
	return oss_exchange.lookup_nib(nib)
