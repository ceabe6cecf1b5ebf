"""Walk-in intake at the counter, through the desk only (Chromium at 1366×800, a front-office clerk
working in Indonesian): from the list to a new application, a new applicant registered from the
applicant field (a NIK of 15 digits refused), the permit type's checklist shown
at once, one upload into each row, saved, submitted ("Ajukan") on the applicant's behalf, the
receipt opened in the print view; then the applicant, as a guest, follows the file on /track with
the printed PIN."""

import re

import frappe
import pytest

from bppm_app.roles import FRONT_OFFICE
from tests.integration.factories import make_permit_type, make_user, purge_applications, rand, unique_nik

from .test_journey import PASSWORD, login

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
DOCTYPE = "Permit Application"
REQUIREMENTS = ("Fotokopi KTP", "Surat Pernyataan")


@pytest.fixture
def counter(tmp_path):
	"""A published permit type with two mandatory requirements, a clerk who works in Indonesian, a
	PDF for each requirement; all committed. Cleans up the application and applicant it makes."""
	permit_type = make_permit_type(
		permit_type_name=f"Izin Loket {rand(5)}",
		requirements=[
			{"requirement": requirement, "is_mandatory": 1, "allowed_file_types": "pdf"}
			for requirement in REQUIREMENTS
		],
	)
	clerk = make_user(FRONT_OFFICE, email=f"loket-{rand(6)}@test.bppm.example", password=PASSWORD)
	frappe.db.set_value("User", clerk, "language", "id")
	frappe.db.commit()
	files = []
	for requirement in REQUIREMENTS:
		path = tmp_path / f"{frappe.scrub(requirement)}.pdf"
		path.write_bytes(PDF + f"% {rand()}\n".encode())
		files.append(str(path))
	state = frappe._dict(
		permit_type=permit_type.name,
		permit_type_name=permit_type.permit_type_name,
		clerk=clerk,
		files=files,
		applicant_name=f"Warga Loket {rand(5).title()}",
	)
	yield state
	frappe.db.rollback()
	names = frappe.get_all(DOCTYPE, filters={"permit_type": permit_type.name}, pluck="name")
	purge_applications(names)
	frappe.db.delete("Applicant", {"applicant_name": state.applicant_name})
	if frappe.db.exists("User", clerk):
		frappe.delete_doc("User", clerk, force=True, ignore_permissions=True)
	frappe.delete_doc("Permit Type", permit_type.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def pick(page, fieldname, text):
	"""Type into a link field and choose the first suggestion that shows ``text``."""
	control = page.locator(f'.frappe-control[data-fieldname="{fieldname}"]:visible').first
	control.locator("input").first.fill(text)
	option = control.locator('[role="option"]', has_text=text).first
	option.wait_for(timeout=15000)
	option.click()


def current_doc(page):
	return page.evaluate("() => { const f = cur_frm; return {name: f.doc.name, local: !!f.doc.__islocal}; }")


def test_a_walk_in_applicant_is_served_at_the_counter(server, browser, counter, shot):
	context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="id-ID")
	page = context.new_page()
	problems = []
	page.on("pageerror", lambda error: problems.append(str(error)))
	login(page, server, counter.clerk)

	# 1. from the list to a new application
	page.goto(f"{server}/app/permit-application")
	page.wait_for_load_state("networkidle")
	page.locator(".page-actions .primary-action").first.click()
	page.wait_for_selector('.frappe-control[data-fieldname="applicant"] input')
	page.wait_for_load_state("networkidle")

	# 2. a new applicant, registered from the applicant field; a NIK of 15 digits is refused
	control = page.locator('.frappe-control[data-fieldname="applicant"]:visible').first
	control.locator("input").first.fill(counter.applicant_name)
	create = control.locator('[role="option"]:has(.link-option)').first
	create.wait_for(timeout=15000)
	create.click()
	page.wait_for_selector('.frappe-control[data-fieldname="nik"] input', timeout=15000)
	page.wait_for_load_state("networkidle")
	assert page.locator('[data-fieldname="applicant_name"] input').input_value() == counter.applicant_name
	page.locator('[data-fieldname="nik"] input').fill("647402010190001")
	page.locator('[data-fieldname="mobile_no"] input').first.fill("0812 3456 7890")
	page.keyboard.press("Control+s")
	message = page.locator(".modal.show .msgprint, .modal.show .modal-body").first
	message.wait_for(timeout=15000)
	assert "16" in message.inner_text(), message.inner_text()
	shot(page, "counter-nik-refused")
	# the message closed before the clerk types again (an Escape during its fade-in left it open)
	page.locator(".modal.show .btn-modal-close").first.click()
	page.locator(".modal.show").first.wait_for(state="hidden", timeout=15000)
	nik = unique_nik()
	page.locator('[data-fieldname="nik"] input').fill(nik)
	page.keyboard.press("Control+s")
	# back on the application, with the new applicant chosen (a busy CI machine takes its time)
	page.wait_for_url(re.compile(r"/app/permit-application/new-permit-application"), timeout=60000)
	page.wait_for_timeout(1000)
	frappe.db.rollback()
	applicant = frappe.db.get_value("Applicant", {"applicant_name": counter.applicant_name}, ["name", "nik"])
	assert applicant and applicant[1] == nik
	assert page.evaluate("() => cur_frm.doc.applicant") == applicant[0]

	# 3. the permit type: its checklist shows at once, before any save
	pick(page, "permit_type", counter.permit_type_name)
	rows = page.locator('[data-fieldname="documents"] .grid-body .grid-row')
	for _ in range(40):
		if rows.count() == len(REQUIREMENTS):
			break
		page.wait_for_timeout(250)
	assert rows.count() == len(REQUIREMENTS)
	assert current_doc(page)["local"]  # not saved yet
	grid_text = page.inner_text('[data-fieldname="documents"] .grid-body')
	assert all(requirement in grid_text for requirement in REQUIREMENTS), grid_text
	page.locator('.frappe-control[data-fieldname="subject"]:visible input').fill("Izin usaha warung makan")
	shot(page, "counter-checklist-before-saving")

	# 4. one upload into each row
	for index, path in enumerate(counter.files):
		row = rows.nth(index)
		row.locator('[data-fieldname="attachment"]').first.click()
		row.locator(".btn-attach").first.click()
		uploader = page.locator(".modal.show", has=page.locator(".file-upload-area")).last
		uploader.wait_for(timeout=10000)
		uploader.locator('input[type="file"]').set_input_files(path)
		uploader.locator(".modal-footer .btn-primary").click()
		uploader.wait_for(state="hidden", timeout=15000)
		page.wait_for_timeout(500)
	attached = page.evaluate("() => cur_frm.doc.documents.map((d) => d.attachment || '')")
	assert all(url.startswith("/private/files/") for url in attached), attached
	shot(page, "counter-documents-uploaded")

	# 5. saved: a counter file of the applicant, the clerk's uploads attached to it
	page.keyboard.press("Control+s")
	page.wait_for_url(re.compile(r"/app/permit-application/PRM-"), timeout=20000)
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1000)
	name = current_doc(page)["name"]
	frappe.db.rollback()
	doc = frappe.get_doc(DOCTYPE, name)
	assert (doc.applicant, doc.channel, doc.workflow_state) == (applicant[0], "Counter", "Draft")
	assert [row.attachment for row in doc.documents] == attached
	files = frappe.get_all(
		"File", filters={"file_url": ("in", attached)}, fields=["attached_to_name", "is_private", "owner"]
	)
	assert {(f.attached_to_name, f.is_private, f.owner) for f in files} == {(name, 1, counter.clerk)}
	shot(page, "counter-saved")
	# the saved draft stays editable for the clerk (the applicant's turn, taken at the counter)
	banner = page.inner_text(".form-dashboard").lower()
	assert "not editable" not in banner and "tidak dapat diedit" not in banner, banner
	page.locator('.frappe-control[data-fieldname="location_address"]:visible textarea').fill(
		"Jl. Cut Nyak Dien No. 5"
	)
	page.keyboard.press("Control+s")
	for _ in range(40):
		frappe.db.rollback()
		if frappe.db.get_value(DOCTYPE, name, "location_address"):
			break
		page.wait_for_timeout(500)
	assert frappe.db.get_value(DOCTYPE, name, "location_address") == "Jl. Cut Nyak Dien No. 5"
	page.wait_for_timeout(1000)

	# 6. submitted on the applicant's behalf
	page.locator(".page-actions .actions-btn-group button:visible").click()
	page.locator(".page-actions .actions-btn-group .dropdown-menu a:visible", has_text="Ajukan").first.click()
	for _ in range(40):
		frappe.db.rollback()
		if frappe.db.get_value(DOCTYPE, name, "workflow_state") == "Submitted":
			break
		page.wait_for_timeout(500)
	frappe.db.rollback()
	doc = frappe.get_doc(DOCTYPE, name)
	assert doc.workflow_state == "Submitted" and doc.submitted_on
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1000)
	shot(page, "counter-submitted")

	# 7. the receipt, in the print view (the application's default print format), with the PIN
	page.goto(f"{server}/app/print/{DOCTYPE}/{name}")
	receipt = None
	for _ in range(40):
		for frame in page.frames:
			try:
				text = frame.inner_text("body")
			except Exception:
				continue
			if doc.tracking_pin in text and "TANDA TERIMA" in text.upper():
				receipt = text
		if receipt:
			break
		page.wait_for_timeout(500)
	page.wait_for_timeout(2000)  # the preview's frame painted
	shot(page, "counter-receipt-print-view")
	assert receipt, "the receipt with the tracking PIN is not in the print view"
	assert counter.applicant_name in receipt
	context.close()

	# 8. the applicant, as a guest, follows the file with the registration number and the PIN
	guest = browser.new_context(viewport={"width": 1366, "height": 800}, locale="id-ID")
	page = guest.new_page()
	page.goto(f"{server}/track")
	page.fill("#registration_number", name)
	page.fill("#pin", doc.tracking_pin)
	page.locator(
		'form[action="/track"] button[type="submit"], form[action="/track"] .btn-primary'
	).first.click()
	page.wait_for_load_state("networkidle")
	body = page.inner_text("body")
	shot(page, "counter-guest-tracks-with-pin")
	assert "Diajukan" in body, body[:2000]
	assert counter.applicant_name not in body  # the page never shows the applicant's name
	guest.close()
	assert not problems, problems


def test_the_clerk_is_not_offered_ajukan_on_an_applicant_s_online_draft(server, browser, counter, shot):
	"""An applicant's online draft is theirs until they submit it: the clerk who opens it in the desk
	sees no "Ajukan" among its actions (the server refuses it anyway)."""
	from bppm_app.roles import APPLICANT
	from bppm_app.utils import as_user
	from tests.integration.factories import make_applicant, make_application

	user = make_user(APPLICANT)
	applicant = make_applicant(user=user)
	with as_user(user):
		name = make_application(applicant.name, counter.permit_type).name
	frappe.db.commit()
	assert frappe.db.get_value(DOCTYPE, name, ["channel", "workflow_state"]) == ("Online", "Draft")
	context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="id-ID")
	page = context.new_page()
	try:
		login(page, server, counter.clerk)
		with page.expect_response(lambda r: "get_transitions" in r.url, timeout=60000) as transitions:
			page.goto(f"{server}/app/permit-application/{name}")
		assert transitions.value.ok and "Submit" not in transitions.value.text()
		page.wait_for_load_state("networkidle")
		page.wait_for_function(f"() => window.cur_frm && cur_frm.doc.name === {name!r}", timeout=60000)
		page.wait_for_timeout(1000)
		assert (
			page.locator(".page-actions .actions-btn-group .dropdown-menu a", has_text="Ajukan").count() == 0
		)
		shot(page, "counter-online-draft-no-ajukan")
	finally:
		context.close()
		purge_applications([name])
		frappe.db.delete("Applicant", {"name": applicant.name})
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()
