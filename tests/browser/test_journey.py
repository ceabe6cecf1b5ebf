"""One permit from sign-up to verification, in a real browser: a citizen on a phone comes to the
front door, signs up, completes the profile, applies with uploads, checks the answers and submits,
keeps the confirmation; officers verify and approve in the desk;
the citizen downloads the permit; a guest tracks the file and verifies the permit."""

import frappe
import pytest

from bppm_app.roles import HEAD, VERIFIER
from tests.integration.factories import make_permit_type, make_user, purge_applications, rand

PASSWORD = "Uji-Peramban-2026!"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def office(tmp_path):
	"""A published permit type with one requirement and no extra steps; a verifier and a head who
	log in and work in Indonesian."""
	permit_type = make_permit_type(
		permit_type_name=f"Izin Uji Peramban {rand(5)}",
		requirements=[{"requirement": "Fotokopi KTP", "is_mandatory": 1, "allowed_file_types": "pdf,jpg"}],
	)
	officers = {}
	for role in (VERIFIER, HEAD):
		officers[role] = make_user(role, email=f"peramban-{rand(6)}@test.bppm.example", password=PASSWORD)
		frappe.db.set_value("User", officers[role], "language", "id")
	frappe.db.commit()
	pdf = tmp_path / "ktp.pdf"
	pdf.write_bytes(PDF + f"% {rand()}\n".encode())
	state = frappe._dict(
		permit_type=permit_type.name,
		pdf=str(pdf),
		email=f"warga-{rand(6)}@peramban.example",
		application=None,
		officers=officers,
	)
	yield state
	frappe.db.rollback()
	if state.application:
		purge_applications([state.application])
	frappe.db.delete("Applicant", {"user": state.email})
	for user in (state.email, *officers.values()):
		if frappe.db.exists("User", user):
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.delete_doc("Permit Type", permit_type.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def login(page, base, user):
	page.goto(f"{base}/login")
	page.fill("#login_email", user)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_load_state("networkidle")


def accept_first_document(page):
	"""The verifier sets the first document row's review to Accepted in the form's grid and saves."""
	page.locator('[data-fieldname="documents"] .grid-body .grid-row').first.locator(
		'[data-fieldname="review_status"]'
	).first.click()
	page.locator(
		'[data-fieldname="documents"] .grid-body select[data-fieldname="review_status"]'
	).first.select_option("Accepted")
	page.keyboard.press("Control+s")
	page.wait_for_timeout(2000)


def workflow_action(page, label):
	page.locator(".page-actions .actions-btn-group button").click()
	page.locator(".page-actions .actions-btn-group .dropdown-menu a", has_text=label).first.click()
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1500)


def test_a_permit_from_sign_up_to_verification(server, browser, office, shot):
	phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID", accept_downloads=True)
	page = phone.new_page()
	problems = []  # browser errors, reported if a step fails
	page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
	page.on(
		"console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
	)

	# 1. a citizen comes to the front door and signs up with Frappe's own sign-up (an applicant)
	page.goto(f"{server}/")
	assert page.locator("html").get_attribute("lang") == "id"
	assert page.locator("#front-tasks .bppm-task").count() == 6
	shot(page, "front-door")
	page.click("#front-signup")
	page.wait_for_selector("#signup_fullname", state="visible")
	page.fill("#signup_fullname", "Warga Uji Peramban")
	page.fill("#signup_email", office.email)
	page.click("form.form-signup button[type=submit]")
	# the button says it is verifying until the server answers (seconds on a busy machine)
	page.wait_for_function(
		"() => !document.querySelector('form.form-signup button[type=submit]').innerText.includes('...')",
		timeout=60000,
	)
	shot(page, "signup")
	frappe.db.rollback()
	assert "BPPM Applicant" in frappe.get_roles(office.email)
	assert frappe.db.get_value("User", office.email, "user_type") == "Website User"
	frappe.db.set_value("User", office.email, "language", "id")  # the citizen's choice in their settings
	# the link of the welcome e-mail (this machine sends no mail), opened in the browser
	link = frappe.get_doc("User", office.email).reset_password()
	frappe.db.commit()
	page.goto(link.replace(frappe.utils.get_url(), server))
	# typed key by key: the page checks the password's strength on keyup before enabling the button
	page.locator("#new_password").press_sequentially(PASSWORD)
	page.locator("#confirm_password").press_sequentially(PASSWORD)
	page.wait_for_selector("#update:not([disabled])")
	page.click("#update")
	# Frappe logs the new user in and sends them to their home page, /applications
	page.wait_for_url("**/applications**")
	shot(page, "first-login")

	# 2. the applicant profile (web form)
	page.goto(f"{server}/applicant-profile/new")
	page.wait_for_selector('[data-fieldname="applicant_name"] input')
	# the NIK field shows from the start (an individual's profile until the citizen says otherwise)
	assert page.locator('[data-fieldname="nik"] input').is_visible()
	page.locator('[data-fieldname="applicant_type"] select').select_option("Individual")
	page.locator('[data-fieldname="applicant_name"] input').fill("Warga Uji Peramban")
	page.locator('[data-fieldname="nik"] input').fill("6474025505900321")
	page.locator('[data-fieldname="mobile_no"] input').fill("0812 3333 4444")
	page.locator('[data-fieldname="address"] textarea').fill("Jl. Pelita No. 9, Bontang")
	shot(page, "profile")
	page.locator(".web-form .btn-primary").last.click()
	page.wait_for_selector(".success-page:not(.hide)")
	frappe.db.rollback()
	assert frappe.db.get_value("Applicant", {"user": office.email}, "nik") == "6474025505900321"

	# 3. the application with one upload per requirement (web form), saved as a draft
	page.goto(f"{server}/apply/new")
	type_input = page.locator('[data-fieldname="permit_type"] input')
	type_input.click()
	type_input.fill(office.permit_type[:18])
	page.locator(".awesomplete li", has_text=office.permit_type).first.click()
	page.locator('[data-fieldname="subject"] input').fill("Usaha uji peramban")
	page.locator('[data-fieldname="location_address"] textarea').fill("Jl. Pelita No. 9")
	try:
		page.wait_for_selector(".bppm-requirement")
	except Exception:
		shot(page, "apply-failed")
		raise AssertionError("the requirement list did not appear: " + "; ".join(problems)) from None
	page.locator(".bppm-requirement .upload-document").first.click()
	page.wait_for_selector(".modal.show .file-uploader")
	# a citizen's own device (and camera) only: no library of the site's files, no links
	shot(page, "uploader")
	uploader = page.locator(".modal.show .file-uploader").inner_text()
	assert "Perangkat Ini" in uploader
	for other in ("Library", "Pustaka", "Link", "Tautan", "Google Drive"):
		assert other not in uploader, other
	page.locator(".modal.show .file-uploader input[type=file]").first.set_input_files(office.pdf)
	page.locator(".modal.show .btn-primary").click()
	page.wait_for_function(
		"() => document.querySelector('.bppm-requirement .file-name').innerText.startsWith('✓')"
	)
	shot(page, "apply")
	page.locator(".web-form .btn-primary").last.click()
	# 4. saved: check your answers (each with its change link, the documents, levy and due date)
	page.wait_for_url("**/check-application?name=*")
	frappe.db.rollback()
	office.application = frappe.db.get_value("Permit Application", {"owner": office.email}, "name")
	assert office.application
	shot(page, "check-answers")
	assert page.locator("#check-list .change-link").count() >= 3
	assert "Fotokopi KTP" in page.locator("#check-documents").inner_text()
	assert page.locator("#check-due-date").inner_text().strip() not in ("", "–")
	assert page.locator("#check-levy").inner_text().strip()
	page.check("#check-confirm")
	page.click("#check-submit")
	# 5. the confirmation: registration number, PIN, due date, next steps, the receipt
	page.wait_for_url("**/application-submitted?name=*")
	shot(page, "confirmation")
	frappe.db.rollback()
	pin = frappe.db.get_value("Permit Application", office.application, "tracking_pin")
	assert page.locator("#confirm-number").inner_text().strip() == office.application
	assert page.locator("#confirm-pin").inner_text().strip() == pin
	assert page.locator("#confirm-receipt").count() == 1
	page.goto(f"{server}/applications")
	shot(page, "applications-submitted")
	assert "Diajukan" in page.locator(f'.application[data-name="{office.application}"] .stage').inner_text()
	frappe.db.rollback()
	doc = frappe.get_doc("Permit Application", office.application)
	assert (doc.workflow_state, doc.channel) == ("Submitted", "Online") and doc.submitted_on

	# 6. the desk: the verifier verifies, the head approves
	desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
	officer = desk.new_page()
	login(officer, server, office.officers[VERIFIER])
	officer.goto(f"{server}/app/permit-application/{office.application}")
	officer.wait_for_selector(".page-actions .actions-btn-group")
	workflow_action(officer, "Mulai Verifikasi")
	accept_first_document(officer)
	shot(officer, "desk-verification")
	workflow_action(officer, "Verifikasi")
	frappe.db.rollback()
	assert (
		frappe.db.get_value("Permit Application", office.application, "workflow_state") == "Awaiting Approval"
	)
	desk.clear_cookies()
	login(officer, server, office.officers[HEAD])
	officer.goto(f"{server}/app/permit-application/{office.application}")
	officer.wait_for_selector(".page-actions .actions-btn-group")
	workflow_action(officer, "Setujui")
	shot(officer, "desk-issued")
	frappe.db.rollback()
	doc = frappe.get_doc("Permit Application", office.application)
	assert (doc.docstatus, doc.decision) == (1, "Approved") and doc.permit_number

	# 7. the applicant downloads the permit
	page.goto(f"{server}/applications")
	shot(page, "applications-issued")
	with page.expect_download() as download:
		page.locator(f'.application[data-name="{office.application}"] .download-permit').click()
	content = open(download.value.path(), "rb").read()
	assert content.startswith(b"%PDF")

	# 8. a guest tracks the file and verifies the permit (the QR code's link)
	# a guest whose browser prefers English still reads Indonesian
	guest = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US").new_page()
	guest.goto(f"{server}/track")
	assert guest.locator("html").get_attribute("lang") == "id"
	assert "Lacak Permohonan" in guest.locator("h1").inner_text()
	guest.fill("#registration_number", office.application)
	guest.fill("#pin", doc.tracking_pin)
	guest.click("form button[type=submit]")
	guest.wait_for_selector("#track-result")
	shot(guest, "track")
	assert office.application in guest.locator("#track-result").inner_text()
	guest.goto(f"{server}/verify/{doc.verification_code}")
	guest.wait_for_selector("#verify-result")
	shot(guest, "verify")
	assert guest.locator("#verify-result").get_attribute("data-status") == "Valid"
	assert doc.permit_number in guest.content()
