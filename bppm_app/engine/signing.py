"""Signing issued permits electronically (PAdES), behind one interface with two providers.

On issue, the Permit Certificate is rendered once, signed and stored as the application's private
file ``signed_permit`` with its SHA-256 in ``signed_permit_sha256``; every later download of the
issued permit serves that same file. The provider is BPPM Settings › Signing Provider:

- **Local Certificate**: the office's PKCS#12 (``signing_certificate``, ``signing_passphrase``),
  signed here with pyHanko.
- **BSrE**: remote signing by BSSN's Balai Sertifikasi Elektronik (``bsre_url``, the client's
  ``bsre_client_id``/``bsre_client_secret``), with the head of office's NIK and passphrase given at
  approval (:func:`credentials`), held in memory for that one request and never stored.
- none: permits are issued as before, and the certificate says it is not signed electronically.

Signing runs inside the approval's transaction: any failure raises :class:`SigningError`, the
approval is refused with its message, and nothing is issued (no number consumed, no file kept).
"""

import base64
import hashlib
import io
import json
import os
from contextlib import contextmanager

import frappe
import requests
from frappe.utils import cint, now_datetime
from frappe.utils.password import get_decrypted_password

from bppm_app.config import settings
from bppm_app.exceptions import SigningCredentialsRequiredError, SigningError
from bppm_app.i18n import _

APPLICATION = "Permit Application"
CERTIFICATE = "Permit Certificate"
LOCAL, BSRE = "Local Certificate", "BSrE"
BSRE_SIGN_PATH = "/api/v2/sign/pdf"
SIGNATURE_FIELD = "BPPM-Permit"


class Credentials:
	"""The signatory's NIK and passphrase for one approval. Never stored; its repr hides both, so a
	traceback that shows local variables shows no secret."""

	__slots__ = ("_nik", "_passphrase")

	def __init__(self, nik, passphrase):
		self._nik = (nik or "").strip() if isinstance(nik, str) else ""
		self._passphrase = passphrase if isinstance(passphrase, str) else ""

	def __repr__(self) -> str:
		return "Credentials(<hidden>)"

	__str__ = __repr__

	@property
	def nik(self) -> str:
		return self._nik

	@property
	def passphrase(self) -> str:
		return self._passphrase

	def __bool__(self) -> bool:
		return bool(self._nik and self._passphrase)


_FLAG = "bppm_signing_credentials"


@contextmanager
def credentials(creds: Credentials):
	"""Hand the signatory's credentials to the signing step of an approval in this request."""
	frappe.flags[_FLAG] = creds
	try:
		yield
	finally:
		frappe.flags.pop(_FLAG, None)


def given_credentials() -> Credentials | None:
	return frappe.flags.get(_FLAG)


# --- providers ---------------------------------------------------------------------------------


class Provider:
	"""Signs a PDF. ``needs_credentials``: the signatory gives a NIK and passphrase at approval."""

	name = ""
	needs_credentials = False

	def sign(self, pdf: bytes, doc) -> bytes:
		raise NotImplementedError


def _reason(doc) -> str:
	return _("Permit {0} issued by {1}").format(doc.permit_number, settings.get("office_name") or "")


class LocalCertificate(Provider):
	"""The office's own certificate (PKCS#12 in BPPM Settings), signed here with pyHanko."""

	name = LOCAL

	def signer(self):
		p12 = stored_certificate()
		if not p12:
			raise SigningError(
				_("No signing certificate is set in BPPM Settings, so the permit cannot be signed.")
			)
		passphrase = get_decrypted_password(
			"BPPM Settings", "BPPM Settings", "signing_passphrase", raise_exception=False
		)
		signer = load_pkcs12(p12, passphrase)
		validity = signer.signing_cert["tbs_certificate"]["validity"]
		now = now_datetime().astimezone()
		if not validity["not_before"].native <= now <= validity["not_after"].native:
			raise SigningError(
				_("The signing certificate in BPPM Settings is not valid today (valid {0} to {1}).").format(
					validity["not_before"].native.date(), validity["not_after"].native.date()
				)
			)
		return signer

	def sign(self, pdf: bytes, doc) -> bytes:
		from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
		from pyhanko.sign import fields, signers

		signer = self.signer()
		meta = signers.PdfSignatureMetadata(
			field_name=SIGNATURE_FIELD,
			subfilter=fields.SigSeedSubFilter.PADES,
			md_algorithm="sha256",
			reason=_reason(doc),
			location=settings.get("city") or None,
		)
		try:
			out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
		except Exception:
			out = None
		if out is None:
			raise SigningError(_("The permit could not be signed with the office's certificate.")) from None
		return out.getvalue()


class BSrE(Provider):
	"""Remote signing by BSrE (BSSN): the e-sign client service's ``POST /api/v2/sign/pdf``, HTTP
	Basic authentication with the office's client account, the signatory's NIK and passphrase and
	the PDF (base64) in a JSON body; the answer's ``file`` holds the signed PDF (base64), an error
	answers 4xx/5xx with ``{"error": …, "status_code": …}`` (see docs/decisions.md)."""

	name = BSRE
	needs_credentials = True

	def endpoint(self) -> str:
		base = (settings.get("bsre_url") or "").strip().rstrip("/")
		if not base.startswith(("https://", "http://")):
			raise SigningError(_("BSrE Service URL is not set in BPPM Settings."))
		return base + BSRE_SIGN_PATH

	def request_body(self, pdf: bytes, doc, creds: Credentials) -> dict:
		return {
			"nik": creds.nik,
			"passphrase": creds.passphrase,
			"signatureProperties": [
				{"tampilan": "INVISIBLE", "reason": _reason(doc), "location": settings.get("city") or ""}
			],
			"file": [base64.b64encode(pdf).decode()],
		}

	def sign(self, pdf: bytes, doc) -> bytes:
		creds = given_credentials()
		if not creds:
			raise SigningCredentialsRequiredError(
				_(
					"Permits are signed through BSrE: approve with Approve and Sign, giving the signatory's NIK and passphrase."
				)
			)
		url = self.endpoint()
		client_secret = get_decrypted_password(
			"BPPM Settings", "BPPM Settings", "bsre_client_secret", raise_exception=False
		)
		timeout = cint(settings.get("bsre_timeout")) or 30
		response = _post(
			url, self.request_body(pdf, doc, creds), settings.get("bsre_client_id"), client_secret, timeout
		)
		return _signed_file(response)


def _post(url, body, client_id, client_secret, timeout):
	"""The request to BSrE; failures become SigningError without the request (it holds secrets)."""
	problem = None
	try:
		return requests.post(
			url,
			data=json.dumps(body),
			headers={"Content-Type": "application/json", "Accept": "application/json"},
			auth=(client_id or "", client_secret or ""),
			timeout=(min(timeout, 10), timeout),
		)
	except requests.Timeout:
		problem = _("BSrE did not answer within {0} seconds.").format(timeout)
	except requests.RequestException:
		problem = _("BSrE could not be reached.")
	finally:
		body.clear()
	raise SigningError(problem + " " + _("The permit was not issued; try again later.")) from None


def _signed_file(response) -> bytes:
	try:
		answer = response.json()
	except ValueError:
		answer = None
	if response.status_code != 200:
		error = answer.get("error") or answer.get("message") if isinstance(answer, dict) else None
		code = answer.get("status_code") if isinstance(answer, dict) else None
		detail = f"{error} ({code})" if error and code else error or f"HTTP {response.status_code}"
		raise SigningError(
			_("BSrE refused to sign the permit: {0}. The permit was not issued.").format(
				frappe.utils.escape_html(str(detail)[:300])
			)
		)
	files = answer.get("file") if isinstance(answer, dict) else None
	try:
		signed = base64.b64decode(files[0], validate=True) if files else b""
	except (ValueError, TypeError):
		signed = b""
	if not signed.startswith(b"%PDF-") or not has_signature(signed):
		raise SigningError(_("BSrE answered without a signed PDF. The permit was not issued."))
	return signed


def has_signature(pdf: bytes) -> bool:
	from pyhanko.pdf_utils.reader import PdfFileReader

	try:
		return bool(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
	except Exception:
		return False


PROVIDERS = {LOCAL: LocalCertificate, BSRE: BSrE}


def provider() -> Provider | None:
	cls = PROVIDERS.get(settings.get("signing_provider") or "")
	return cls() if cls else None


def needs_credentials() -> bool:
	current = provider()
	return bool(current and current.needs_credentials)


# --- the signed permit -------------------------------------------------------------------------


def sha256(content: bytes) -> str:
	return hashlib.sha256(content).hexdigest()


def render_certificate(doc) -> bytes:
	"""The Permit Certificate of ``doc`` as it stands in memory (being issued), as PDF, in the print
	format's language (the official document is Indonesian, whoever approves)."""
	from frappe.translate import print_language

	previous = frappe.flags.ignore_print_permissions
	lang, jenv = frappe.local.lang, getattr(frappe.local, "jenv", None)
	frappe.flags.ignore_print_permissions = True  # the issuer's approval is the permission here
	try:
		with print_language(frappe.db.get_value("Print Format", CERTIFICATE, "default_print_language")):
			return frappe.get_print(doc.doctype, doc.name, CERTIFICATE, doc=doc, as_pdf=True)
	finally:
		# Frappe's print_language does not restore the language when the print raises
		frappe.flags.ignore_print_permissions = previous
		frappe.local.lang, frappe.local.jenv = lang, jenv


def sign_permit(doc) -> None:
	"""On issue: render, sign, store ``signed_permit`` and its hash (nothing when no provider)."""
	current = provider()
	if not current:
		return
	if current.needs_credentials and not given_credentials():
		# refuse before rendering anything
		current.sign(b"", doc)
	doc.flags.bppm_signing = current.name
	try:
		pdf = render_certificate(doc)
	finally:
		doc.flags.pop("bppm_signing", None)
	signed = current.sign(pdf, doc)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": (doc.permit_number or doc.name).replace("/", "-") + ".pdf",
			"content": signed,
			"is_private": 1,
			"attached_to_doctype": APPLICATION,
			"attached_to_name": doc.name,
			"attached_to_field": "signed_permit",
		}
	)
	file.flags.ignore_permissions = True  # written by the issuance engine, not by the user
	file.insert()
	path = file.get_full_path()
	# nothing half-issued: a rolled-back approval takes the stored file with it
	frappe.db.after_rollback.add(lambda: os.path.exists(path) and os.remove(path))
	doc.signed_permit = file.file_url
	doc.signed_permit_sha256 = sha256(signed)


def stored_permit(doc) -> bytes | None:
	"""The signed permit as issued, when there is one; refuses a stored file whose bytes no longer
	match the recorded hash."""
	if not doc.get("signed_permit") or doc.docstatus != 1:
		return None
	name = frappe.db.get_value(
		"File",
		{"file_url": doc.signed_permit, "attached_to_doctype": APPLICATION, "attached_to_name": doc.name},
		"name",
	)
	content = frappe.get_doc("File", name).get_content() if name else None
	if not isinstance(content, bytes) or sha256(content) != doc.signed_permit_sha256:
		frappe.log_error(title="Signed permit does not match its hash", message=f"{doc.doctype} {doc.name}")
		raise SigningError(
			_("The stored signed permit of {0} does not match its record; ask the office.").format(doc.name)
		)
	return content


def signature_status(doc) -> frappe._dict:
	"""For the certificate: whether this rendering is the one being signed, and by which provider."""
	signing = doc.flags.get("bppm_signing") if getattr(doc, "flags", None) else None
	return frappe._dict(signed=bool(signing or doc.get("signed_permit")), provider=signing or "")


# --- the office's certificate: a secret, never a file ------------------------------------------
# The PKCS#12 (the office's private key) is kept encrypted with the site's key in Frappe's password
# store (like every Password field), under BPPM Settings › signing_certificate. The Attach field
# only says that one is set (STORED); the file a manager uploads is read once and deleted. Only the
# signing code decrypts it.

SETTINGS = "BPPM Settings"
CERTIFICATE_FIELD = "signing_certificate"
STORED = "encrypted"
MAX_CERTIFICATE_BYTES = 32 * 1024


def load_pkcs12(p12: bytes, passphrase: str | None):
	"""pyHanko's signer from a PKCS#12, or SigningError when it cannot be opened."""
	from pyhanko.sign import signers

	try:
		signer = signers.SimpleSigner.load_pkcs12_data(
			p12, other_certs=[], passphrase=passphrase.encode() if passphrase else None
		)
	except Exception:
		signer = None
	if signer is None:
		raise SigningError(
			_(
				"The signing certificate in BPPM Settings could not be opened: check the file and its passphrase."
			)
		) from None
	return signer


def stored_certificate() -> bytes | None:
	"""The office's PKCS#12, decrypted (for the signing code only)."""
	stored = get_decrypted_password(SETTINGS, SETTINGS, CERTIFICATE_FIELD, raise_exception=False)
	if not stored:
		return None
	try:
		return base64.b64decode(stored, validate=True)
	except (ValueError, TypeError):
		return None


def describe(signer) -> str:
	cert = signer.signing_cert
	validity = cert["tbs_certificate"]["validity"]
	return _("{0}, valid {1} to {2}").format(
		cert.subject.human_friendly,
		validity["not_before"].native.date(),
		validity["not_after"].native.date(),
	)


def keep_certificate(office) -> None:
	"""``validate`` of BPPM Settings: a newly uploaded certificate (a file URL in the field, or bytes
	handed over by :func:`use_local_certificate`) is checked against the passphrase, encrypted into
	the password store, and its file marked for deletion (``delete_uploaded_certificate``); a
	cleared field removes the stored certificate."""
	from frappe.utils.password import remove_encrypted_password, set_encrypted_password

	value = (office.get(CERTIFICATE_FIELD) or "").strip()
	p12 = office.flags.pop("bppm_certificate", None)
	if not p12 and value in ("", STORED):
		if not value:
			remove_encrypted_password(SETTINGS, SETTINGS, CERTIFICATE_FIELD)
			office.signing_certificate_info = ""
		return
	if not p12:
		p12 = _uploaded_bytes(office, value)
	if len(p12) > MAX_CERTIFICATE_BYTES:
		raise SigningError(_("The signing certificate file is too large for a PKCS#12 (.p12/.pfx)."))
	passphrase = office.get("signing_passphrase")
	if not passphrase or set(passphrase) == {"*"}:
		passphrase = get_decrypted_password(SETTINGS, SETTINGS, "signing_passphrase", raise_exception=False)
	signer = load_pkcs12(p12, passphrase)
	set_encrypted_password(SETTINGS, SETTINGS, base64.b64encode(p12).decode(), CERTIFICATE_FIELD)
	office.signing_certificate = STORED
	office.signing_certificate_info = describe(signer)


def _uploaded_bytes(office, url: str) -> bytes:
	# get_all: the File records of the upload, to read it once and delete it after the save
	files = frappe.get_all("File", filters={"file_url": url}, pluck="name")
	readable = [name for name in files if frappe.has_permission("File", "read", doc=name)]
	if not readable:
		raise SigningError(_("Upload the certificate file (.p12 or .pfx) again."))
	content = frappe.get_doc("File", readable[0]).get_content()
	office.flags.bppm_uploaded_certificate = files
	return content if isinstance(content, bytes) else content.encode()


def delete_uploaded_certificate(office) -> None:
	"""``on_update`` of BPPM Settings: the uploaded certificate file is deleted once its bytes are
	stored encrypted (no File record, no URL, nothing on disk)."""
	for name in office.flags.pop("bppm_uploaded_certificate", None) or []:
		# the manager's own upload, kept only as the encrypted secret from now on
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)


def use_local_certificate(p12: bytes, passphrase: str) -> None:
	"""Make a PKCS#12 the office's signing certificate (kept encrypted, as an upload in the desk is)
	and sign with it from now on. For the demo, the tests and administrators' scripts; in the desk
	the manager attaches the file and types the passphrase."""
	office = frappe.get_single(SETTINGS)
	office.signing_provider = LOCAL
	office.signing_passphrase = passphrase
	office.flags.bppm_certificate = p12
	office.save(ignore_permissions=True)  # set-up by the manager or the system
