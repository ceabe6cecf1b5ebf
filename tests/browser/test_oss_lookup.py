"""The counter's NIB lookup in a real browser: a front office clerk opens a new Applicant in the
desk, types a business's NIB and fills the form in from OSS (the local OSS of tests/oss_local.py);
with OSS switched off the NIB field says so and nothing breaks."""

import frappe
import pytest

from bppm_app.roles import FRONT_OFFICE
from tests.integration.factories import make_user, rand
from tests.integration.oss import USER_KEY, OSSOffice, new_nib
from tests.oss_local import LocalOSS

from .test_journey import PASSWORD, login


@pytest.fixture
def counter(site):
	"""A front office clerk who works in Indonesian, and the office connected to a local OSS that
	knows one business."""
	with LocalOSS(USER_KEY) as local:
		office = OSSOffice(local)
		nib = new_nib()
		office.nibs.append(nib)
		local.add_company(
			LocalOSS.nib_body(
				nib, [], nama_perseroan="PT Sinar Pesisir Bontang", alamat_perseroan="Jl. Awang Long No. 7"
			)["dataNIB"]
		)
		clerk = make_user(FRONT_OFFICE, email=f"loket-{rand(6)}@test.bppm.example", password=PASSWORD)
		frappe.db.set_value("User", clerk, "language", "id")
		frappe.db.commit()
		yield frappe._dict(office=office, nib=nib, clerk=clerk)
		frappe.db.rollback()
		frappe.delete_doc("User", clerk, force=True, ignore_permissions=True)
		office.purge()


def open_new_applicant(page, server):
	page.goto(f"{server}/app/applicant/new")
	page.wait_for_selector('[data-fieldname="nib"] input')
	page.wait_for_load_state("networkidle")


def test_the_counter_fills_an_applicant_in_from_oss(server, browser, shot, counter):
	page = browser.new_page(viewport={"width": 1366, "height": 900})
	login(page, server, counter.clerk)
	open_new_applicant(page, server)
	page.locator('[data-fieldname="nib"] input').fill(counter.nib)
	page.locator('[data-fieldname="nib"] input').press("Tab")
	page.get_by_role("button", name="Cari NIB di OSS").click()
	name_input = page.locator('[data-fieldname="applicant_name"] input')
	page.wait_for_function(
		"() => document.querySelector('[data-fieldname=\"applicant_name\"] input').value.length > 0"
	)
	page.wait_for_timeout(800)
	shot(page, "oss-nib-lookup-filled")
	assert name_input.input_value() == "PT Sinar Pesisir Bontang"
	assert "Awang Long" in page.locator('[data-fieldname="address"] textarea').input_value()
	assert page.locator('[data-fieldname="applicant_type"] select').input_value() == "Business Entity"
	assert page.locator('[data-fieldname="representative_name"] input').input_value() == "Rina Kartika"
	assert "KBLI 47111" in page.locator('.frappe-control[data-fieldname="nib"]').inner_text()
	page.close()


def test_without_oss_the_nib_field_says_so(server, browser, shot, counter):
	frappe.db.set_single_value("BPPM Settings", "oss_enabled", 0)
	frappe.db.commit()
	page = browser.new_page(viewport={"width": 1366, "height": 900})
	login(page, server, counter.clerk)
	open_new_applicant(page, server)
	page.locator('[data-fieldname="nib"] input').fill(counter.nib)
	page.get_by_role("button", name="Cari NIB di OSS").click()
	page.wait_for_selector('[data-fieldname="nib"] .help-box:has-text("OSS")')
	page.wait_for_timeout(500)
	shot(page, "oss-nib-lookup-not-configured")
	assert "OSS belum dikonfigurasi" in page.locator('.frappe-control[data-fieldname="nib"]').inner_text()
	assert page.locator('[data-fieldname="applicant_name"] input').input_value() == ""
	page.close()
