"""Service quality in a real browser: a guest files a complaint, sees the tracking code and follows
the complaint with it; an applicant opens the survey from the invitation link and answers the nine
questions by their words."""

import frappe
import pytest

from tests.integration.factories import purge_applications, rand
from tests.integration.journeys import start


@pytest.fixture
def decided(staff):
	"""A decided application whose survey link the applicant received."""
	journey = start(staff)
	journey.to_awaiting_approval()
	doc = journey.approve()
	frappe.db.commit()
	yield doc
	frappe.db.rollback()
	frappe.db.delete("Service Survey", {"permit_application": doc.name})
	purge_applications([doc.name])
	frappe.db.commit()


@pytest.fixture
def complaint_subject():
	subject = f"Loket tutup lebih awal {rand(5)}"
	yield subject
	frappe.db.rollback()
	for name in frappe.get_all("Public Complaint", filters={"subject": subject}, pluck="name"):
		frappe.db.delete("Email Queue", {"reference_name": name})
		frappe.delete_doc("Public Complaint", name, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_a_guest_files_a_complaint_and_follows_it(server, browser, shot, complaint_subject):
	frappe.cache.delete_keys("bppm:rate:")
	page = browser.new_page(viewport={"width": 390, "height": 844})
	page.goto(f"{server}/complaint/new")
	page.wait_for_selector('[data-fieldname="complainant_name"] input')
	page.locator('[data-fieldname="complainant_name"] input').fill("Warga Peramban")
	page.locator('[data-fieldname="email"] input').fill("warga-peramban@mail.example")
	page.locator('[data-fieldname="registration_number"] input').fill("PRM-2026-99999")
	page.locator('[data-fieldname="subject"] input').fill(complaint_subject)
	page.locator('[data-fieldname="description"] textarea').fill(
		"Loket tutup pukul 14.00 padahal jadwal 15.00."
	)
	shot(page, "complaint-form")
	page.locator(".web-form .btn-primary").last.click()
	page.wait_for_selector(".bppm-complaint-receipt .tracking-code")
	code = page.locator(".bppm-complaint-receipt .tracking-code").inner_text().strip()
	shot(page, "complaint-filed")
	frappe.db.rollback()
	stored = frappe.get_doc("Public Complaint", {"subject": complaint_subject})
	assert stored.tracking_code == code and stored.complaint_channel == "Web"

	page.goto(f"{server}/complaint-status")
	page.fill("#tracking_code", code.lower())
	page.locator("form .btn-primary").click()
	page.wait_for_selector("#complaint-result")
	shot(page, "complaint-status")
	result = page.locator("#complaint-result").inner_text()
	assert "Warga Peramban" not in result and complaint_subject not in result
	assert page.locator("#complaint-result .status").inner_text() in ("Open", "Buka")
	page.close()


def test_an_applicant_answers_the_survey_from_the_invitation_link(server, browser, shot, decided):
	frappe.cache.delete_keys("bppm:rate:")
	# a phone set to Indonesian: the form speaks the regulation's words
	context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
	page = context.new_page()
	page.goto(f"{server}/survey/new?token={decided.survey_token}")
	page.wait_for_selector('[data-fieldname="u1"] select')
	assert decided.name in page.locator(".survey-application").inner_text()
	assert (
		"kesesuaian persyaratan pelayanan"
		in page.locator('div.frappe-control[data-fieldname="u1"]').inner_text()
	)
	# each question offers the regulation's four answers as words, worst to best
	options = page.locator('[data-fieldname="u1"] select option').all_inner_texts()
	assert [o for o in options if o.strip()] == ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]
	options = page.locator('[data-fieldname="u4"] select option').all_inner_texts()
	assert [o for o in options if o.strip()] == ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
	for i, value in enumerate(("4", "3", "3", "4", "3", "3", "4", "2", "3"), start=1):
		page.locator(f'[data-fieldname="u{i}"] select').select_option(value)
	page.locator('[data-fieldname="suggestion"] textarea').fill("Ruang tunggu perlu kipas angin.")
	page.locator('[data-fieldname="gender"] select').select_option("Female")
	shot(page, "survey-form")
	page.locator(".web-form .btn-primary").last.click()
	page.wait_for_selector(".success-page:not(.hide)")
	shot(page, "survey-sent")
	frappe.db.rollback()
	survey = frappe.get_doc("Service Survey", {"permit_application": decided.name})
	assert [survey.get(f"u{i}") for i in range(1, 10)] == [4, 3, 3, 4, 3, 3, 4, 2, 3]
	assert survey.respondent_channel == "Online" and survey.gender == "Female"
	# the link is spent: opening it again says so
	page.goto(f"{server}/survey/new?token={decided.survey_token}")
	page.wait_for_selector(".survey-message")
	assert decided.name in page.locator(".survey-message").inner_text()
	context.close()


def test_a_stranger_without_a_link_gets_a_message_not_a_form(server, browser):
	page = browser.new_page()
	page.goto(f"{server}/survey/new")
	page.wait_for_selector(".survey-message")
	assert not page.locator(".web-form").is_visible()
	page.close()
