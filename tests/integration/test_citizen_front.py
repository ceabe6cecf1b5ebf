"""The citizen's front over HTTP through Frappe's WSGI application: the front door at /, Indonesian
whatever the browser prefers (English by choice), unknown pages answer 404 in Indonesian, the apply
flow's check-your-answers and confirmation pages, and /applications with what there is to pay."""

import frappe
import pytest
from frappe.website.utils import clear_website_cache

from bppm_app.config import settings
from bppm_app.roles import VERIFIER
from bppm_app.rules import levy as levy_rules
from bppm_app.web import public

from .journeys import start
from .rest import RestClient, api_token

ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}
TASKS = ("/apply/new", "/standards", "/track", "/verify", "/complaint/new", "/statistics")


@pytest.fixture(scope="module")
def front(site, staff):
	draft = start(staff, (0, 0, 1))  # a draft with a levy (base 100.000 + 5.000 × 10 m²)
	paying = start(staff, (0, 0, 1))
	paying.to_awaiting_approval(pay=False)  # waits for its payment, with its SKRD
	issued = start(staff)
	issued.to_awaiting_approval()
	issued.approve()
	frappe.db.commit()
	world = frappe._dict(
		draft=draft.doc,
		paying=paying.doc,
		issued=issued.doc,
		holder=RestClient(site, api_token(issued.applicant_user)),
		owner=RestClient(site, api_token(draft.applicant_user)),
		payer=RestClient(site, api_token(paying.applicant_user)),
		verifier=RestClient(site, api_token(staff[VERIFIER])),
		guest=RestClient(site),
	)
	yield world
	frappe.db.rollback()
	from .factories import purge_applications

	purge_applications([world.draft.name, world.paying.name, world.issued.name])
	frappe.db.commit()


@pytest.fixture(autouse=True)
def fresh():
	clear_website_cache()
	frappe.cache.delete_keys("bppm:rate:")
	public.clear_statistics_cache()
	yield


def html_lang(text: str) -> str:
	start = text.index("<html")
	return text[start : text.index(">", start)]


def test_the_front_door_for_guests_citizens_and_staff(front):
	page = front.guest.page("/", ENGLISH_BROWSER)
	assert page.status == 200
	assert 'lang="id"' in html_lang(page.text)
	assert settings.get("office_name") in page.text
	for route in TASKS:
		assert f'href="{route}"' in page.text
	assert "Apa yang ingin Anda lakukan?" in page.text and "Jam Pelayanan" in page.text
	hours = settings.get("office_hours")
	assert hours and hours.splitlines()[0] in page.text
	# the second visit comes from the page cache
	again = front.guest.page("/", ENGLISH_BROWSER)
	assert again.headers.get("X-From-Cache") == "True"
	for client in (front.owner, front.verifier):
		response = client.page("/")
		assert response.status == 200 and 'id="front-tasks"' in response.text


def test_english_is_a_choice_that_sticks(front):
	chosen = {**ENGLISH_BROWSER, "Cookie": "preferred_language=en"}
	page = front.guest.page("/", chosen)
	assert 'lang="en"' in html_lang(page.text) and "What do you need to do?" in page.text
	# an Indonesian browser that chose English, and a citizen signed in
	assert 'lang="en"' in html_lang(front.guest.page("/track", {"Cookie": "preferred_language=en"}).text)
	assert 'lang="id"' in html_lang(front.owner.page("/applications", ENGLISH_BROWSER).text)
	assert 'lang="en"' in html_lang(front.owner.page("/applications", chosen).text)
	# the guest pages an English browser reached in English
	for path in ("/track", "/verify", "/login", "/statistics"):
		response = front.guest.page(path, ENGLISH_BROWSER)
		assert response.status == 200 and 'lang="id"' in html_lang(response.text), path


def test_the_login_and_sign_up_name_the_office_not_frappe(front):
	from bppm_app.setup import portal

	portal.name_the_site()  # install and migrate do this where no App Name is set
	assert frappe.db.get_single_value("Website Settings", "app_name") == "DPMPTSP Kota Bontang"
	page = front.guest.page("/login", ENGLISH_BROWSER)
	assert page.status == 200
	assert "Buat akun DPMPTSP Kota Bontang" in page.text and "Buat akun Frappe" not in page.text
	# an office that named its site keeps its name
	frappe.db.set_single_value("Website Settings", "app_name", "Mal Pelayanan Publik")
	portal.name_the_site()
	assert frappe.db.get_single_value("Website Settings", "app_name") == "Mal Pelayanan Publik"
	frappe.db.rollback()


def test_unknown_pages_answer_404_in_indonesian(front):
	response = front.guest.page("/halaman-yang-tidak-ada", ENGLISH_BROWSER)
	assert response.status == 404
	assert 'lang="id"' in html_lang(response.text)
	assert "Tidak Ditemukan" in response.text and "Beranda" in response.text
	assert ">Not Found<" not in response.text and ">Home<" not in response.text


def test_verify_without_a_code_asks_for_it(front):
	response = front.guest.page("/verify", ENGLISH_BROWSER)
	assert response.status == 200 and 'id="verify-form"' in response.text


def test_statistics_name_no_internal_method_and_fit_a_phone(front):
	response = front.guest.page("/statistics")
	assert response.status == 200
	assert "bppm_app" not in response.text.split('<div class="page_content">', 1)[1].split("</main>")[0]
	assert 'class="table table-sm bppm-cards"' in response.text and 'data-label="' in response.text


def test_check_your_answers_then_confirm(front):
	name = front.draft.name
	listed = front.owner.page("/applications").text.split(f'data-name="{name}"', 1)[1][:3000]
	assert "Ubah draf" in listed and f'href="/check-application?name={name}"' in listed
	page = front.owner.page(f"/check-application?name={name}")
	assert page.status == 200, page.text[:500]
	assert f'href="/apply/{name}/edit"' in page.text
	assert front.draft.subject in page.text
	levy = levy_rules.compute_levy(True, 100000, 5000, 10)
	assert levy_rules.payment_code(name) not in page.text  # nothing to pay before the SKRD
	assert "Rp 150.000" in page.text and int(levy) == 150000
	assert 'id="check-due-date"' in page.text and 'id="check-submit">Ajukan<' in page.text
	# somebody else's draft does not exist for them, nor for a guest
	assert front.payer.page(f"/check-application?name={name}").status == 404
	assert front.guest.page(f"/check-application?name={name}").status in (301, 302)

	# without the confirmation box ticked nothing is submitted
	refused = front.owner.post_form("/check-application", {"action": "submit", "name": name})
	assert refused.status >= 400
	frappe.db.rollback()
	assert frappe.db.get_value("Permit Application", name, "workflow_state") == "Draft"

	done = front.owner.post_form("/check-application", {"action": "submit", "name": name, "confirm": "1"})
	assert done.status in (301, 302)
	assert done.headers["Location"].endswith(f"/application-submitted?name={name}")
	frappe.db.rollback()
	pin, due = frappe.db.get_value("Permit Application", name, ["tracking_pin", "sla_due_date"])
	confirmation = front.owner.page(f"/application-submitted?name={name}")
	assert confirmation.status == 200
	assert pin and pin in confirmation.text and name in confirmation.text
	assert "bppm_app.api.download_letter" in confirmation.text and "Application+Receipt" in confirmation.text
	assert due and str(due.year) in confirmation.text.split('id="confirm-due-date"', 1)[1][:80]
	other = front.payer.page(f"/application-submitted?name={name}")
	assert other.status == 404, other.text.split("page_content", 1)[-1][:3000]


def test_applications_show_what_to_pay_and_distinct_buttons(front):
	page = front.payer.page("/applications")
	assert page.status == 200
	row = page.text.split(f'data-name="{front.paying.name}"', 1)[1]
	skrd = frappe.db.get_value("Permit Application", front.paying.name, "skrd_number")
	assert skrd, "the application waiting for payment has its SKRD"
	assert levy_rules.payment_code(front.paying.name) in row[:3000]
	assert "Rp 150.000" in row[:3000]
	# who holds the file: the office role whose turn it is, in Indonesian
	from bppm_app.engine import workflow

	doc = frappe.get_doc("Permit Application", front.paying.name)
	wf = workflow.get_workflow("Permit Application")
	acting = next(t.allowed for t in wf.transitions if t.state == doc.workflow_state)
	with_lang = frappe.local.lang
	frappe.local.lang = "id"
	try:
		role = frappe._(acting)
	finally:
		frappe.local.lang = with_lang
	assert f"Dipegang oleh: {role}" in row[:3000]
	# a submitted file is held by whoever acts next (the verifier), not by the counter
	draft_row = front.owner.page("/applications").text
	assert "Dipegang oleh: Petugas Front Office" not in draft_row


def test_an_amendment_is_its_own_button_and_asks_first(front):
	page = front.holder.page("/applications")
	row = page.text.split(f'data-name="{front.issued.name}"', 1)[1].split('class="card mb-3 application"', 1)[
		0
	]
	assert 'data-type="Amendment"' in row and "Ajukan perubahan izin" in row
	form = row.split('data-type="Amendment"', 1)[0].rsplit("<form", 1)[1]
	assert "data-confirm=" in form and "window.confirm" in form
	assert "Ubah draf" not in row  # an issued permit is not a draft
