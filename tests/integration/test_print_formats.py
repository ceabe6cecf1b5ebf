"""The office's letters, printed by the people who print them: each standard print format rendered
to PDF through Frappe's printview and wkhtmltopdf, then read back with pdftotext."""

import frappe
import pytest

from bppm_app.engine.workflow import apply_action
from bppm_app.roles import APPLICANT, FRONT_OFFICE, HEAD, TREASURER, VERIFIER
from bppm_app.rules.formatting import long_date
from bppm_app.utils import as_user
from bppm_app.web import applicant_portal, letters

from .documents import OFFICE, pdf_host, pdf_text, printed, render_html, render_pdf, set_office
from .factories import make_applicant, make_user
from .journeys import counter_start, start

LEVY = (0, 0, 1)
PLAIN = (0, 0, 0)


# wkhtmltopdf fetches Frappe's print style from the site's host (see conftest.asset_server)
pytestmark = pytest.mark.usefixtures("pdf_host")


@pytest.fixture(autouse=True)
def office():
	return set_office()


def kop_and_signatory(text: str):
	assert "PEMERINTAH KOTA BONTANG" in text
	assert "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU KOTA BONTANG" in text
	assert OFFICE["head_of_office_name"] in text
	assert f"NIP. {OFFICE['head_of_office_nip']}" in text


def test_application_receipt(staff):
	journey = start(staff, LEVY)
	doc = journey.submit()
	text = printed(doc.name, "Application Receipt", staff[FRONT_OFFICE])

	assert "TANDA TERIMA BERKAS" in text
	assert f"Nomor Registrasi : {doc.name}" in text
	assert doc.tracking_pin in text and "PIN Pelacakan" in text
	# the checklist: what was received, what was not
	assert "Fotokopi KTP Ya Diterima" in text
	assert "Denah lokasi Tidak Tidak ada" in text
	assert long_date(doc.sla_due_date, weekday=True) in text  # "Senin, 7 Desember 2026"
	assert f"{doc.sla_working_days} hari kerja" in text
	assert "PEMERINTAH KOTA BONTANG" in text
	assert "Diterima secara daring oleh" in text  # submitted by the applicant online


def test_receipt_qr_code_opens_tracking_without_the_pin(staff):
	journey = start(staff)
	doc = journey.submit()
	html = render_html(doc.name, "Application Receipt", staff[FRONT_OFFICE])
	url = letters.bppm_track_url(doc)
	assert url.endswith(f"/track?registration_number={doc.name}") and doc.tracking_pin not in url
	assert url.startswith("http")  # absolute: scanned from paper
	assert letters.bppm_qr(url) in html  # the QR made on the server from that URL


def test_counter_receipt_names_the_clerk(staff):
	journey = counter_start(staff)
	with as_user(staff[FRONT_OFFICE]):
		apply_action(frappe.get_doc("Permit Application", journey.name), "Submit")
	text = printed(journey.name, "Application Receipt", staff[FRONT_OFFICE])
	# the two signature columns sit side by side: their lines interleave in the text
	assert "Diterima oleh," in text and frappe.utils.get_fullname(staff[FRONT_OFFICE]) in text
	assert "secara daring" not in text


def test_levy_assessment_states_the_amount_in_figures_and_words(staff):
	journey = start(staff, LEVY)
	journey.edit(APPLICANT, quantity=280)  # Rp 100.000 + 280 m² × Rp 5.000
	journey.submit()
	doc = journey.verify()
	assert doc.workflow_state == "Awaiting Payment"
	assert doc.skrd_number.startswith(f"SKRD/{doc.levy_assessed_on.year}/")
	assert (doc.levy_due_date - doc.levy_assessed_on).days == 30

	text = printed(doc.name, "Levy Assessment", staff[TREASURER])
	assert "SURAT KETETAPAN RETRIBUSI DAERAH" in text and "(SKRD)" in text
	assert f"Nomor: {doc.skrd_number}" in text
	assert "Rp 1.500.000" in text
	assert "Satu juta lima ratus ribu rupiah" in text
	assert "280 m² × Rp 5.000 + Rp 100.000" in text
	assert f"Tanggal Jatuh Tempo : {long_date(doc.levy_due_date)}" in text
	assert "Kode Bayar: " + doc.name.replace("PRM-", "").replace("-", "") in text
	kop_and_signatory(text)


def test_levy_due_days_come_from_the_settings(staff):
	set_office(levy_due_days=14)
	journey = start(staff, LEVY)
	journey.submit()
	doc = journey.verify()
	assert (doc.levy_due_date - doc.levy_assessed_on).days == 14


def test_permit_certificate(staff):
	journey = start(staff, PLAIN, legal_basis="Peraturan Daerah Kota Bontang Nomor 2 Tahun 2024")
	journey.to_awaiting_approval()
	doc = journey.approve()
	text = printed(doc.name, "Permit Certificate", staff[HEAD])

	assert "SURAT IZIN" in text
	assert f"Nomor: {doc.permit_number}" in text
	assert doc.applicant_name in text and doc.subject in text and doc.location_address in text
	assert f"Berlaku Sampai : {long_date(doc.valid_until)}" in text
	assert "Peraturan Daerah Kota Bontang Nomor 2 Tahun 2024" in text
	assert "Ditetapkan di : Bontang" in text and f"Pada tanggal : {long_date(doc.issued_on)}" in text
	assert "KEPALA DINAS" in text
	kop_and_signatory(text)
	assert "belum diterbitkan" not in text


def test_certificate_qr_code_verifies_the_permit(staff):
	journey = start(staff)
	journey.to_awaiting_approval()
	doc = journey.approve()
	html = render_html(doc.name, "Permit Certificate", staff[HEAD])
	url = letters.bppm_verify_url(doc)
	assert url == frappe.utils.get_url(f"/verify/{doc.verification_code}")
	assert letters.bppm_qr(url) in html
	# printed under the code too (wrapped over lines: compare without the white space)
	assert url in "".join(pdf_text(render_pdf(doc.name, "Permit Certificate", staff[HEAD])).split())


def test_certificate_of_an_undecided_application_says_it_is_not_valid(staff):
	journey = start(staff)
	doc = journey.submit()
	text = printed(doc.name, "Permit Certificate", staff[VERIFIER])
	assert "Konsep: izin ini belum diterbitkan dan tidak berlaku." in text
	assert "Pindai" not in text  # no verification QR for a permit that does not exist


def test_rejection_letter_gives_the_reasons(staff):
	journey = start(staff)
	journey.to_awaiting_approval()
	reason = "Lokasi berada di jalur hijau menurut RTRW Kota Bontang."
	doc = journey.reject(reason)
	text = printed(doc.name, "Rejection Letter", staff[HEAD])

	assert reason in text
	assert f"Penolakan Permohonan {doc.permit_type}" in text
	assert doc.name in text and doc.applicant_name in text
	assert "tidak dapat kami setujui" in text
	kop_and_signatory(text)


def test_applicant_text_is_escaped(staff):
	script = "<script>alert(1)</script>"
	journey = start(staff)
	# as the applicant types it (Frappe's XSS filter keeps <b> and stores <script> as entities) …
	journey.edit(APPLICANT, subject=script, location_address="Jl. <b>Tebal</b> No. 1")
	journey.to_awaiting_approval()
	doc = journey.reject(f"Alasan {script}")
	# … and raw, as an import or a script could store it
	frappe.db.set_value("Applicant", doc.applicant, "applicant_name", "Budi <i>& Co</i>")
	frappe.db.set_value("Permit Application", doc.name, "recommendation_agency", script)
	for print_format in ("Application Receipt", "Permit Certificate", "Rejection Letter", "Levy Assessment"):
		html = render_html(doc.name, print_format, staff[HEAD])
		for raw in (script, "<b>Tebal</b>", "<i>& Co</i>"):
			assert raw not in html, (print_format, raw)
		assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, print_format
		assert "&amp;lt;" not in html, print_format  # escaped once, not twice
	text = printed(doc.name, "Rejection Letter", staff[HEAD])
	assert f"untuk {script} di Jl. <b>Tebal</b> No. 1" in text  # shown as text, not run
	assert f"Alasan {script}" in text and "Budi <i>& Co</i>" in text


def test_english_is_a_choice_of_the_print(staff):
	journey = start(staff)
	doc = journey.submit()
	text = printed(doc.name, "Application Receipt", staff[FRONT_OFFICE], lang="en")
	assert "APPLICATION RECEIPT" in text and "Tracking PIN" in text
	assert long_date(doc.sla_due_date, weekday=True, lang="en") in text


def test_without_letter_head_for_paper_that_has_one_printed(staff):
	journey = start(staff)
	doc = journey.submit()
	pdf = render_pdf(doc.name, "Application Receipt", staff[FRONT_OFFICE], no_letterhead=1)
	text = pdf_text(pdf)
	assert "PEMERINTAH KOTA BONTANG" not in text and doc.name in text


def test_an_office_letter_head_replaces_the_built_one(staff):
	letter_head = frappe.get_doc(
		{
			"doctype": "Letter Head",
			"letter_head_name": f"Kop Uji {frappe.generate_hash(length=5)}",
			"source": "HTML",
			"content": "<div><b>KOP KHUSUS KANTOR</b> {{ doc.name }}</div>",
		}
	).insert(ignore_permissions=True)
	set_office(letter_head=letter_head.name)
	journey = start(staff)
	doc = journey.submit()
	text = printed(doc.name, "Application Receipt", staff[FRONT_OFFICE])
	assert f"KOP KHUSUS KANTOR {doc.name}" in text
	assert "PEMERINTAH KOTA BONTANG" not in text


def test_another_applicant_cannot_print_the_receipt(staff):
	journey = start(staff)
	journey.submit()
	stranger = make_user(APPLICANT)
	with as_user(stranger):
		make_applicant(user=stranger)
	with pytest.raises(frappe.PermissionError):
		render_pdf(journey.name, "Application Receipt", stranger)
	with as_user(stranger), pytest.raises(frappe.DoesNotExistError):
		applicant_portal.own_application(journey.name)
	# the applicant gets their own from the portal (Frappe's print view is the office's)
	with pytest.raises(frappe.PermissionError):
		render_pdf(journey.name, "Application Receipt", journey.applicant_user)
	with as_user(journey.applicant_user):
		pdf = applicant_portal.letter_pdf(
			applicant_portal.own_application(journey.name), "Application Receipt"
		)
	assert journey.name in pdf_text(pdf)
