"""Signed permits: PAdES with the office's certificate, validated by pyHanko; the stored file, its
hash and byte-identical downloads; BSrE remote signing against a local server that answers in
BSrE's format (request shape, errors, timeouts); nothing half-issued; credentials never stored."""

import base64
import hashlib
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import frappe
import pytest
from asn1crypto import x509 as asn1_x509
from frappe.model.naming import getseries

from bppm_app import api
from bppm_app.demo.certificate import self_signed_pkcs12
from bppm_app.engine import signing
from bppm_app.exceptions import SigningCredentialsRequiredError, SigningError
from bppm_app.roles import HEAD, VERIFIER
from bppm_app.rules import numbering
from bppm_app.utils import as_user
from bppm_app.web import applicant_portal, public

from .documents import PDF_DIR, pdf_host, pdf_text, require_pdf_tools, set_office
from .journeys import DOCTYPE, start

PASSPHRASE = "kata-sandi-sertifikat-uji"


def validate(pdf: bytes, trusted_der: bytes):
	"""pyHanko's validation of the one signature in ``pdf``, trusting ``trusted_der``."""
	from pyhanko.pdf_utils.reader import PdfFileReader
	from pyhanko.sign.validation import validate_pdf_signature
	from pyhanko_certvalidator import ValidationContext

	root = asn1_x509.Certificate.load(trusted_der)
	signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
	assert len(signatures) == 1
	return validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[root]))


@pytest.fixture
def office_certificate(request):
	request.getfixturevalue(pdf_host.__name__)
	require_pdf_tools()
	set_office()
	p12, der = self_signed_pkcs12("DPMPTSP Kota Bontang (uji)", "DPMPTSP Kota Bontang", PASSPHRASE)
	signing.use_local_certificate(p12, PASSPHRASE)
	return der


class request:
	"""What a web request does around an action: a failure rolls back everything it wrote."""

	def __enter__(self):
		frappe.db.savepoint("bppm_request")

	def __exit__(self, exc_type, exc, tb):
		if exc_type:
			frappe.db.rollback(save_point="bppm_request")
		return False


def awaiting_approval(staff):
	journey = start(staff, (0, 0, 0))
	journey.to_awaiting_approval()
	return journey


def download(user: str, name: str) -> bytes:
	with as_user(user):
		api.download_letter(name, "Permit Certificate")
		return frappe.local.response.pop("filecontent")


def test_an_issued_permit_is_signed_once_with_the_office_certificate(staff, office_certificate):
	journey = awaiting_approval(staff)
	doc = journey.approve()
	assert doc.signed_permit.startswith("/private/files/") and len(doc.signed_permit_sha256) == 64
	file = frappe.get_doc("File", {"file_url": doc.signed_permit, "attached_to_name": doc.name})
	stored = file.get_content()
	assert file.is_private and file.attached_to_field == "signed_permit"
	assert hashlib.sha256(stored).hexdigest() == doc.signed_permit_sha256
	status = validate(stored, office_certificate)
	assert status.intact and status.valid and status.trusted and status.bottom_line
	assert status.signing_cert.dump() == office_certificate, "signed with the configured certificate"
	assert status.coverage.name == "ENTIRE_FILE"
	details = status.pretty_print_details()
	assert "The signature is judged VALID." in details
	if PDF_DIR:  # BPPM_PDF_DIR keeps the signed permit, its certificate and the validator's words
		Path(PDF_DIR).mkdir(parents=True, exist_ok=True)
		Path(PDF_DIR, f"signed-{doc.name}.validation.txt").write_text(details)
		Path(PDF_DIR, "office-certificate.der").write_bytes(office_certificate)
	text = pdf_text(stored, f"signed-{doc.name}.pdf")
	assert doc.permit_number in text and "ditandatangani secara elektronik" in text
	# every download of the issued permit is that file, byte for byte
	first, second = download(journey.applicant_user, doc.name), download(staff[HEAD], doc.name)
	assert first == second == stored
	# /verify shows the hash the page compares a dropped file with
	assert public.verify(doc.verification_code)["signed_permit_sha256"] == doc.signed_permit_sha256


def test_one_changed_byte_no_longer_matches(staff, office_certificate):
	doc = awaiting_approval(staff).approve()
	stored = frappe.get_doc("File", {"file_url": doc.signed_permit}).get_content()
	# a byte of the page content (inside the signed range) changed
	at = stored.index(b"stream") + 20
	tampered = stored[:at] + bytes([stored[at] ^ 0x01]) + stored[at + 1 :]
	assert hashlib.sha256(tampered).hexdigest() != doc.signed_permit_sha256
	assert not validate(tampered, office_certificate).intact
	# a stored file changed behind the office's back is refused, not served
	path = frappe.get_doc("File", {"file_url": doc.signed_permit}).get_full_path()
	with open(path, "wb") as f:
		f.write(tampered)
	with pytest.raises(SigningError):
		applicant_portal.letter_pdf(frappe.get_doc(DOCTYPE, doc.name), applicant_portal.CERTIFICATE)


def test_without_a_provider_the_permit_says_it_is_unsigned(staff, request):
	request.getfixturevalue(pdf_host.__name__)
	require_pdf_tools()
	set_office(signing_provider="")
	doc = awaiting_approval(staff).approve()
	assert not doc.signed_permit and not doc.signed_permit_sha256
	text = pdf_text(download(staff[HEAD], doc.name))
	# a download renders in the user's language
	assert "not signed electronically" in text or "tidak ditandatangani secara elektronik" in text
	assert public.verify(doc.verification_code)["signed_permit_sha256"] is None


def nothing_issued(journey, counter_before):
	doc = journey.doc
	assert (doc.workflow_state, doc.docstatus) == ("Awaiting Approval", 0)
	assert not doc.permit_number and not doc.signed_permit
	assert counter(journey) == counter_before
	assert not frappe.db.exists("File", {"attached_to_name": doc.name, "attached_to_field": "signed_permit"})


def counter(journey) -> int:
	code = frappe.db.get_value("Permit Type", journey.doc.permit_type, "code")
	key = numbering.counter_key(code, frappe.utils.getdate())
	rows = frappe.db.sql("select `current` from `tabSeries` where `name` = %s", key)
	return rows[0][0] if rows else 0


def test_a_bad_certificate_refuses_the_approval_and_issues_nothing(staff, office_certificate):
	journey = awaiting_approval(staff)
	before = counter(journey)
	settings = frappe.get_single("BPPM Settings")
	settings.signing_passphrase = "salah"
	settings.save(ignore_permissions=True)
	with pytest.raises(SigningError, match="could not be opened"), request():
		journey.approve()
	nothing_issued(journey, before)


# --- the office's certificate: a secret, never a file ---------------------------------------------


def no_certificate_file() -> bool:
	return not frappe.get_all(
		"File", filters={"attached_to_doctype": "BPPM Settings", "file_url": ("like", "/private/%")}
	)


def test_the_certificate_is_kept_encrypted_and_never_as_a_file(office_certificate):
	settings = frappe.get_single("BPPM Settings")
	assert settings.signing_certificate == signing.STORED
	assert "DPMPTSP Kota Bontang (uji)" in settings.signing_certificate_info
	assert no_certificate_file()
	stored = frappe.db.sql(
		"select password from `__Auth` where doctype='BPPM Settings' and fieldname='signing_certificate'"
	)[0][0]
	assert b"PKCS" not in stored.encode() and len(stored) > 1000  # Fernet, not the PKCS#12 itself
	assert signing.LocalCertificate().signer() is not None


def test_an_uploaded_certificate_becomes_the_secret_and_its_file_is_deleted(site):
	p12, _der = self_signed_pkcs12("Kantor Unggah (uji)", "DPMPTSP Kota Bontang", PASSPHRASE)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "kantor.p12",
			"content": p12,
			"is_private": 1,
			"attached_to_doctype": "BPPM Settings",
			"attached_to_name": "BPPM Settings",
			"attached_to_field": "signing_certificate",
		}
	).insert(ignore_permissions=True)
	path = file.get_full_path()
	settings = frappe.get_single("BPPM Settings")
	settings.signing_provider = signing.LOCAL
	settings.signing_certificate = file.file_url
	settings.signing_passphrase = "salah"
	with pytest.raises(SigningError, match="could not be opened"):
		settings.save(ignore_permissions=True)
	settings.reload()
	settings.signing_provider = signing.LOCAL
	settings.signing_certificate = file.file_url
	settings.signing_passphrase = PASSPHRASE
	settings.save(ignore_permissions=True)
	assert settings.signing_certificate == signing.STORED
	assert signing.stored_certificate() == p12
	assert not frappe.db.exists("File", file.name) and not Path(path).exists()
	assert no_certificate_file()


def test_the_patch_moves_an_old_certificate_file_into_the_secret(site):
	from bppm_app.patches.v0_4 import signing_key_as_secret

	p12, _der = self_signed_pkcs12("Kantor Lama (uji)", "DPMPTSP Kota Bontang", PASSPHRASE)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "office-signing-certificate.p12",
			"content": p12,
			"is_private": 1,
			"attached_to_doctype": "BPPM Settings",
			"attached_to_name": "BPPM Settings",
			"attached_to_field": "signing_certificate",
		}
	).insert(ignore_permissions=True)
	frappe.db.set_single_value(
		"BPPM Settings", {"signing_provider": signing.LOCAL, "signing_certificate": file.file_url}
	)
	from frappe.utils.password import set_encrypted_password

	set_encrypted_password("BPPM Settings", "BPPM Settings", PASSPHRASE, "signing_passphrase")
	signing_key_as_secret.execute()
	assert frappe.db.get_single_value("BPPM Settings", "signing_certificate") == signing.STORED
	assert signing.stored_certificate() == p12
	assert not frappe.db.exists("File", file.name)


# --- BSrE ------------------------------------------------------------------------------------------


class FakeBSrE:
	"""A local HTTP server answering POST /api/v2/sign/pdf as BSrE's e-sign client service does:
	200 {"file": [base64 PDF], "time": ms}, or 4xx {"error": …, "status_code": …}."""

	def __init__(self, signer_p12: bytes, passphrase: str):
		self.requests = []
		self.mode = "sign"
		self.delay = 0
		outer = self

		class Handler(BaseHTTPRequestHandler):
			def log_message(self, *args):
				pass

			def do_POST(self):
				body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
				outer.requests.append(
					{"path": self.path, "auth": self.headers.get("Authorization"), "body": json.loads(body)}
				)
				if outer.delay:
					time.sleep(outer.delay)
				if outer.mode == "error":
					return self.answer(400, {"error": "Passphrase anda salah", "status_code": 2031})
				if outer.mode == "garbage":
					return self.answer(200, {"file": ["bm90IGEgcGRm"], "time": 5})
				pdf = base64.b64decode(outer.requests[-1]["body"]["file"][0])
				signed = outer.sign(pdf)
				return self.answer(200, {"file": [base64.b64encode(signed).decode()], "time": 12})

			def answer(self, status, payload):
				data = json.dumps(payload).encode()
				try:
					self.send_response(status)
					self.send_header("Content-Type", "application/json")
					self.send_header("Content-Length", str(len(data)))
					self.end_headers()
					self.wfile.write(data)
				except (BrokenPipeError, ConnectionResetError):
					pass

		self.p12, self.passphrase = signer_p12, passphrase
		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.url = f"http://127.0.0.1:{self.server.server_port}"
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	def sign(self, pdf: bytes) -> bytes:
		from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
		from pyhanko.sign import fields, signers

		signer = signers.SimpleSigner.load_pkcs12_data(self.p12, [], self.passphrase.encode())
		meta = signers.PdfSignatureMetadata(field_name="BSrE", subfilter=fields.SigSeedSubFilter.PADES)
		return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer).getvalue()

	def close(self):
		self.server.shutdown()
		self.server.server_close()


@pytest.fixture
def bsre(request):
	request.getfixturevalue(pdf_host.__name__)
	require_pdf_tools()
	p12, der = self_signed_pkcs12("Kepala Dinas (BSrE uji)", "BSrE", "bsre")
	server = FakeBSrE(p12, "bsre")
	set_office(
		signing_provider="BSrE",
		bsre_url=server.url + "/",
		bsre_client_id="bppm-bontang",
		bsre_client_secret="rahasia-klien",
		bsre_timeout=2,
	)
	server.der = der
	yield server
	server.close()


NIK, SECRET = "6474011203750001", "Passphrase-Kepala-Rahasia-77"


def approve_and_sign(journey, nik=NIK, passphrase=SECRET):
	with as_user(journey.staff[HEAD]):
		return api.approve_and_sign(journey.name, nik=nik, passphrase=passphrase)


def test_bsre_signs_with_the_heads_nik_and_passphrase_given_at_approval(staff, bsre):
	journey = awaiting_approval(staff)
	answer = approve_and_sign(journey)
	doc = journey.doc
	assert answer["permit_number"] == doc.permit_number and doc.docstatus == 1
	request = bsre.requests[-1]
	assert request["path"] == "/api/v2/sign/pdf"
	assert request["auth"] == "Basic " + base64.b64encode(b"bppm-bontang:rahasia-klien").decode()
	body = request["body"]
	assert (body["nik"], body["passphrase"]) == (NIK, SECRET)
	assert body["signatureProperties"][0]["tampilan"] == "INVISIBLE"
	assert base64.b64decode(body["file"][0]).startswith(b"%PDF-")
	stored = frappe.get_doc("File", {"file_url": doc.signed_permit}).get_content()
	assert hashlib.sha256(stored).hexdigest() == doc.signed_permit_sha256
	assert validate(stored, bsre.der).intact
	# the NIK and passphrase are stored nowhere: not on the permit, its comments, versions or logs
	for table, column in (
		("tabPermit Application", "name"),
		("tabComment", "content"),
		("tabVersion", "data"),
		("tabError Log", "error"),
		("tabPermit Application Stage", "name"),
		("tabEmail Queue", "message"),
	):
		for secret in (NIK, SECRET):
			hits = frappe.db.sql(f"select count(*) from `{table}` where `{column}` like %s", f"%{secret}%")
			assert hits[0][0] == 0, f"{secret} stored in {table}"
	assert SECRET not in json.dumps(doc.as_dict(), default=str)
	assert "bppm_signing_credentials" not in frappe.flags


def test_the_workflow_approve_without_credentials_is_refused_for_bsre(staff, bsre):
	journey = awaiting_approval(staff)
	before = counter(journey)
	with pytest.raises(SigningCredentialsRequiredError, match="Approve and Sign"), request():
		journey.approve()
	assert not bsre.requests
	nothing_issued(journey, before)
	with pytest.raises(SigningCredentialsRequiredError):
		approve_and_sign(journey, passphrase="")


@pytest.mark.parametrize(
	"mode, delay, message",
	[
		("error", 0, "Passphrase anda salah \\(2031\\)"),
		("sign", 4, "did not answer within 2 seconds"),
		("garbage", 0, "without a signed PDF"),
	],
)
def test_bsre_errors_and_timeouts_refuse_the_approval_with_nothing_issued(staff, bsre, mode, delay, message):
	journey = awaiting_approval(staff)
	before = counter(journey)
	bsre.mode, bsre.delay = mode, delay
	with pytest.raises(SigningError, match=message) as refused, request():
		approve_and_sign(journey)
	assert SECRET not in str(refused.value) and NIK not in str(refused.value)
	nothing_issued(journey, before)


def test_an_unreachable_bsre_refuses_the_approval(staff, bsre):
	journey = awaiting_approval(staff)
	before = counter(journey)
	frappe.db.set_single_value("BPPM Settings", "bsre_url", "http://127.0.0.1:9")
	with pytest.raises(SigningError, match="could not be reached"), request():
		approve_and_sign(journey)
	nothing_issued(journey, before)


def test_only_a_user_who_may_approve_can_approve_and_sign(staff, bsre):
	journey = awaiting_approval(staff)
	with as_user(journey.applicant_user), pytest.raises((frappe.PermissionError, frappe.DoesNotExistError)):
		api.approve_and_sign(journey.name, nik=NIK, passphrase=SECRET)
	with as_user(staff[VERIFIER]), pytest.raises(frappe.ValidationError, match="cannot approve"):
		api.approve_and_sign(journey.name, nik=NIK, passphrase=SECRET)
	assert not bsre.requests
	assert journey.doc.workflow_state == "Awaiting Approval"
