"""Reading the office's letters back: PDFs from Frappe's own pipeline, their text from pdftotext,
and the e-mails the notifications put in the Email Queue."""

import email
import os
import shutil
import subprocess
from contextlib import contextmanager
from email.header import decode_header, make_header
from pathlib import Path

import frappe
import pytest

from bppm_app.utils import as_user

from .conftest import BENCH

DOCTYPE = "Permit Application"
# BPPM_PDF_DIR=/some/dir keeps every PDF a test reads, to look at it
PDF_DIR = os.environ.get("BPPM_PDF_DIR")

OFFICE = {
	"government_name": "Pemerintah Kota Bontang",
	"office_name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Bontang",
	"office_short_name": "DPMPTSP Kota Bontang",
	"city": "Bontang",
	"office_address": "Jl. Bessai Berinta, Bontang Lestari, Kota Bontang 75325",
	"office_phone": "+62548123456",
	"office_email": "layanan@test.bppm.example",
	"head_of_office_name": "Dr. Ir. Ahmad Fauzi, M.Si.",
	"head_of_office_nip": "197203151998031004",
	"head_of_office_title": "Kepala Dinas",
	"head_of_office_rank": "Pembina Utama Muda (IV/c)",
	"letter_head": None,
}


# --- where wkhtmltopdf fetches the print style from ----------------------------------------------


@pytest.fixture
def pdf_host(asset_server):
	"""The site's host name points at the asset server for one test (URLs in letters and QR codes
	use it too)."""
	previous = frappe.local.conf.get("host_name")
	frappe.local.conf.host_name = asset_server
	yield asset_server
	if previous is None:
		frappe.local.conf.pop("host_name", None)
	else:
		frappe.local.conf.host_name = previous


def set_office(**overrides):
	"""The office's details and signatory in BPPM Settings (rolled back with the test)."""
	settings = frappe.get_single("BPPM Settings")
	settings.update({**OFFICE, **overrides})
	settings.save(ignore_permissions=True)  # test set-up, as the manager would
	return settings


def require_pdf_tools():
	"""The PDF tests fail, never skip, without wkhtmltopdf and pdftotext (scripts/setup and .ci/run
	install them)."""
	missing = [tool for tool in ("wkhtmltopdf", "pdftotext") if not shutil.which(tool)]
	if missing:
		pytest.fail(
			f"{', '.join(missing)} not installed: run scripts/setup or .ci/run, or "
			"apt-get install wkhtmltopdf poppler-utils",
			pytrace=False,
		)


def pdf_text(pdf: bytes, keep_as: str | None = None) -> str:
	"""The text of a PDF, whitespace collapsed (pdftotext)."""
	require_pdf_tools()
	assert pdf[:5] == b"%PDF-", "not a PDF"
	if PDF_DIR and keep_as:
		Path(PDF_DIR).mkdir(parents=True, exist_ok=True)
		Path(PDF_DIR, keep_as).write_bytes(pdf)
	result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
	return " ".join(result.stdout.decode().split())


@contextmanager
def language(lang: str):
	"""Like frappe.translate.print_language, but restored when the print fails too."""
	previous, jenv = frappe.local.lang, frappe.local.jenv
	frappe.local.lang, frappe.local.jenv = lang, None
	try:
		yield
	finally:
		frappe.local.lang, frappe.local.jenv = previous, jenv


def render_pdf(name: str, print_format: str, user: str, lang: str = "id", **kwargs) -> bytes:
	"""A print format as ``user`` prints it from the desk: Frappe's printview and wkhtmltopdf."""
	with as_user(user), language(lang):
		return frappe.get_print(DOCTYPE, name, print_format, as_pdf=True, **kwargs)


def render_html(name: str, print_format: str, user: str, lang: str = "id") -> str:
	with as_user(user), language(lang):
		return frappe.get_print(DOCTYPE, name, print_format)


def printed(name: str, print_format: str, user: str, lang: str = "id") -> str:
	"""The text of a print format's PDF."""
	pdf = render_pdf(name, print_format, user, lang)
	return pdf_text(pdf, f"{frappe.scrub(print_format)}-{name}-{lang}.pdf")


# --- the Email Queue -----------------------------------------------------------------------------


class Mail(frappe._dict):
	"""One queued e-mail: recipients, subject, body, and the attachments as they would be sent."""


def queued(reference_name: str | None = None, recipient: str | None = None) -> list[Mail]:
	"""The e-mails queued for a document (or to a recipient), oldest first."""
	filters = {"reference_name": reference_name} if reference_name else {}
	if recipient:
		filters["name"] = (
			"in",
			frappe.get_all("Email Queue Recipient", filters={"recipient": recipient}, pluck="parent"),
		)
	mails = []
	for row in frappe.get_all(
		"Email Queue", filters=filters, fields=["name", "reference_doctype"], order_by="creation asc"
	):
		queue = frappe.get_doc("Email Queue", row.name)
		message = email.message_from_string(queue.message)
		body = ""
		for part in message.walk():
			if part.get_content_type() == "text/html" and not part.get_filename():
				body = part.get_payload(decode=True).decode()
		mails.append(
			Mail(
				name=queue.name,
				doctype=row.reference_doctype,
				recipients=sorted(r.recipient for r in queue.recipients),
				subject=str(make_header(decode_header(message["Subject"]))),
				body=body,
				attachments=[a.get("print_format") for a in queue.attachments_list],
				queue=queue,
			)
		)
	return mails


def attachments_as_sent(mail: Mail) -> dict[str, bytes]:
	"""Build the message Frappe would send (SendMailContext), with its print-format attachments
	rendered to PDF, and return {file name: content}."""
	from frappe.email.doctype.email_queue.email_queue import SendMailContext

	built = SendMailContext(mail.queue).build_message(mail.recipients[0])
	message = email.message_from_bytes(built)
	return {
		part.get_filename(): part.get_payload(decode=True) for part in message.walk() if part.get_filename()
	}


def mail_to(reference_name: str, recipient: str, subject_contains: str = "") -> Mail:
	found = [
		m
		for m in queued(reference_name)
		if recipient in m.recipients and subject_contains.lower() in m.subject.lower()
	]
	assert found, f"no e-mail to {recipient} about {subject_contains!r}: {queued_summary(reference_name)}"
	return found[-1]


def queued_summary(reference_name: str) -> list[tuple]:
	return [(m.recipients, m.subject, m.attachments) for m in queued(reference_name)]
