"""Helpers for the office's letters (print formats) and notifications, exposed to Jinja through
``hooks.jinja``. Every name starts with ``bppm_`` so that it cannot shadow a Frappe global.

The arithmetic and wording live in the rules (``rules/terbilang.py``, ``rules/formatting.py``,
``rules/levy.py``); these functions read the site (BPPM Settings, the applicant, the stage log)
and return text or HTML. Text that comes from applicants is escaped here or in the templates:
Frappe renders print formats with autoescaping off.
"""

import base64
import html
import mimetypes
import re

import frappe
from frappe.utils import escape_html, get_url

from bppm_app.config import settings as bppm_settings
from bppm_app.rules import formatting, levy
from bppm_app.rules.terbilang import rupiah_in_words

# the BPPM Settings fields the letters print (letter head, signatory)
LETTER_SETTINGS = (
	"government_name",
	"office_name",
	"office_short_name",
	"city",
	"office_address",
	"office_phone",
	"office_email",
	"logo",
	"letter_head",
	"head_of_office_name",
	"head_of_office_nip",
	"head_of_office_title",
	"head_of_office_rank",
)
LETTER_HEAD_TEMPLATE = "bppm_app/printing/letter_head.html"
_FILE_SRC = re.compile(r"""src=(["'])(/(?:private/)?files/[^"']+)\1""")


# --- text ---------------------------------------------------------------------------------------------


def bppm_text(value) -> str:
	"""Escaped text for HTML, line breaks kept (a Jinja filter): ``{{ doc.subject | bppm_text }}``.

	Frappe's XSS filter stores some markup that users type as entities (``&lt;script&gt;``); they are
	decoded first, so the letter shows what the applicant typed, as text, escaped exactly once."""
	if value is None:
		return ""
	text = html.unescape(str(value)).replace("\r\n", "\n")
	return escape_html(text).replace("\n", "<br>")


def bppm_join(*parts, sep: str = ", ") -> str:
	"""The non-empty parts, each escaped, joined: ``bppm_join(doc.location_address, doc.kecamatan)``."""
	return sep.join(bppm_text(part) for part in parts if part not in (None, ""))


def bppm_rupiah(amount) -> str:
	return formatting.rupiah(amount)


def bppm_terbilang(amount) -> str:
	"""The amount in Indonesian words, starting with a capital: "Satu juta lima ratus ribu rupiah"."""
	return rupiah_in_words(amount, capitalize=True)


def bppm_date(value, weekday: bool = False, lang: str | None = None) -> str:
	"""A date as letters write it ("29 November 2026"), in the language being printed."""
	return formatting.long_date(value, weekday, lang or frappe.local.lang)


def bppm_time(value, lang: str | None = None) -> str:
	"""The time of day with the office's zone: "14.05 WITA"."""
	text = formatting.clock_time(value, lang or frappe.local.lang)
	zone = formatting.zone_name(frappe.db.get_single_value("System Settings", "time_zone"))
	return f"{text} {zone}".strip() if text else ""


# --- the office -----------------------------------------------------------------------------------------


def bppm_office() -> frappe._dict:
	"""The office's details from BPPM Settings, with the logo as a data URI."""
	office = frappe._dict({field: bppm_settings.get(field) for field in LETTER_SETTINGS})
	office.logo_src = file_data_uri(office.logo) if office.logo else ""
	return office


def file_data_uri(file_url: str) -> str:
	"""A site file (public or private) as a data URI, so the PDF needs no web server to fetch it."""
	name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	if not name:
		return ""
	content = frappe.get_doc("File", name).get_content()
	if isinstance(content, str):
		content = content.encode()
	mime = mimetypes.guess_type(file_url)[0] or "application/octet-stream"
	return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def bppm_letter_head(doc=None, no_letterhead=False) -> str:
	"""The *kop surat*: the Letter Head chosen in BPPM Settings, or else the one built from the
	office's details (government, office, address, contacts, logo). Empty when the print asks for
	no letter head (paper with a printed letter head)."""
	if frappe.utils.cint(no_letterhead):
		return ""
	office = bppm_office()
	if office.letter_head:
		content = frappe.db.get_value("Letter Head", office.letter_head, "content") or ""
		rendered = frappe.render_template(content, {"doc": doc.as_dict() if doc else {}})
		return _FILE_SRC.sub(lambda m: f'src="{file_data_uri(m.group(2)) or m.group(2)}"', rendered)
	return frappe.render_template(LETTER_HEAD_TEMPLATE, {"office": office})


# --- links and codes ----------------------------------------------------------------------------------


def bppm_url(path: str) -> str:
	"""The site's absolute URL of ``path``."""
	return get_url(path)


def bppm_track_url(doc) -> str:
	"""The public tracking page, with the registration number filled in (never the PIN)."""
	return get_url(f"/track?registration_number={doc.name}")


def bppm_verify_url(doc) -> str:
	"""The public verification page of an issued permit."""
	return get_url(f"/verify/{doc.verification_code}") if doc.get("verification_code") else ""


def bppm_qr(text: str, scale: int = 4) -> str:
	"""A QR code (PNG) of ``text`` as a data URI, made on the server."""
	import pyqrcode

	if not text:
		return ""
	code = pyqrcode.create(text, error="M")
	return "data:image/png;base64," + code.png_as_base64_str(scale=scale, quiet_zone=2)


# --- the application ----------------------------------------------------------------------------------


def bppm_applicant(doc) -> frappe._dict:
	"""The applicant's name, type, NIB, representative and address (never the NIK: personal data)."""
	fields = [
		"applicant_name",
		"applicant_type",
		"nib",
		"representative_name",
		"representative_position",
		"address",
		"kelurahan",
		"kecamatan",
		"city",
	]
	applicant = doc.get("applicant") or doc.get("investor")
	row = frappe.db.get_value("Applicant", applicant, fields, as_dict=True) if applicant else None
	return row or frappe._dict(applicant_name=doc.get("applicant_name"))


def bppm_permit_type(doc) -> frappe._dict:
	fields = ["permit_type_name", "category", "legal_basis", "levy_base_amount", "levy_rate", "levy_unit"]
	return frappe.db.get_value("Permit Type", doc.permit_type, fields, as_dict=True) or frappe._dict()


def _stages(doc) -> list:
	from bppm_app.engine import stages

	return stages.stages_of(doc.name) if doc.get("name") else []


def bppm_received(doc) -> frappe._dict:
	"""When the office received the file (the submission) and who received it: the staff member
	who submitted a counter file, or nobody for an online submission."""
	from bppm_app.roles import is_staff

	by = None
	for row in _stages(doc):
		if row.sla_clock in ("Running", "Paused"):
			if row.entered_by and is_staff(row.entered_by):
				by = frappe.utils.get_fullname(row.entered_by)
			break
	return frappe._dict(on=doc.get("submitted_on"), by=by)


def bppm_decided_on(doc):
	"""The day of the decision: the issue date, or the day the file entered its final state."""
	if doc.get("issued_on"):
		return doc.issued_on
	rows = [row for row in _stages(doc) if row.state == doc.get("workflow_state")]
	return rows[-1].entered_on if rows else doc.get("modified")


def bppm_levy(doc) -> frappe._dict:
	"""What the SKRD states: amount, words, breakdown (when the type's rule still gives the
	assessed amount), number, dates and the payment code."""
	permit_type = bppm_permit_type(doc)
	base, rate = permit_type.levy_base_amount or 0, permit_type.levy_rate or 0
	quantity = doc.get("quantity") or 0
	computed = levy.compute_levy(True, base, rate, quantity)
	return frappe._dict(
		amount=doc.get("levy_amount") or 0,
		figures=formatting.rupiah(doc.get("levy_amount")),
		words=rupiah_in_words(doc.get("levy_amount"), capitalize=True),
		base=base,
		rate=rate,
		quantity=quantity,
		quantity_text=formatting.number(quantity, frappe.local.lang),
		unit=permit_type.levy_unit or "",
		breakdown=bool(rate) and float(computed) == float(doc.get("levy_amount") or 0),
		number=doc.get("skrd_number"),
		assessed_on=doc.get("levy_assessed_on"),
		due_date=doc.get("levy_due_date"),
		payment_code=levy.payment_code(doc.get("name")),
	)


def bppm_returned_documents(doc) -> list:
	"""Documents the verifier did not accept, with the verifier's remarks."""
	return [row for row in doc.get("documents") or [] if row.review_status == "Rejected" or row.remarks]


# --- notifications -----------------------------------------------------------------------------------


def bppm_lang(doc) -> str:
	"""The language of the applicant's (or investor's) portal account, else the system language:
	a notification reaches the applicant in their language, whoever pressed the button."""
	applicant = doc.get("applicant") or doc.get("investor")
	user = doc.get("complainant_user") or (applicant and frappe.db.get_value("Applicant", applicant, "user"))
	language = user and frappe.db.get_value("User", user, "language")
	return language or frappe.db.get_single_value("System Settings", "language") or "id"


def bppm_lkpm_period(doc) -> frappe._dict:
	"""The quarter an LKPM reminder is about (``lkpm_reminded_for``, e.g. "2026 Q3"): its first
	and last day and its due date."""
	from bppm_app.rules import lkpm

	label = doc.get("lkpm_reminded_for") or ""
	year, _space, quarter = label.partition(" ")
	if not year.isdigit() or quarter not in lkpm.QUARTERS:
		return frappe._dict(label=label)
	start, end = lkpm.period(int(year), quarter)
	due = lkpm.due_date(int(year), quarter)
	return frappe._dict(
		label=label,
		year=int(year),
		quarter=quarter,
		start=start,
		end=end,
		due=due,
		due_text=formatting.long_date(due, lang=bppm_lang(doc)),
	)


def bppm_form_url(doc) -> str:
	"""The desk form of a document, for staff notifications."""
	return get_url(f"/app/{frappe.scrub(doc.doctype).replace('_', '-')}/{doc.name}")


def bppm_signing(doc) -> frappe._dict:
	"""Whether this rendering of a permit is (or was) signed electronically, and by which provider."""
	from bppm_app.engine import signing

	return signing.signature_status(doc)


def bppm_previous_permit(doc) -> str:
	"""The number of the permit a renewal or an amendment replaces ("" for a new permit)."""
	if not doc.get("previous_application") or (doc.get("application_type") or "New") == "New":
		return ""
	return frappe.db.get_value("Permit Application", doc.previous_application, "permit_number") or ""


# --- service quality ------------------------------------------------------------------------------


def bppm_survey_url(doc) -> str:
	"""The satisfaction survey's invitation link of a decided application."""
	from bppm_app.engine import quality

	return quality.survey_url(doc.get("survey_token"))


def bppm_complaint_status_url() -> str:
	"""The public page where a complainant follows a complaint with its tracking code."""
	return get_url("/complaint-status")
