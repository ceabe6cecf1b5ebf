"""The OSS outbox in a real browser: the manager sees a message OSS refused in red, with OSS's
answer, resends it from the form, and the application's page shows what OSS knows of it."""

import frappe
import pytest

from bppm_app.roles import MANAGER
from tests.integration.factories import make_user, rand
from tests.integration.oss import USER_KEY, OSSOffice, messages_of, sync
from tests.oss_local import LocalOSS

from .test_journey import PASSWORD, login


@pytest.fixture
def refused(server):
	"""An OSS application whose first message OSS refused (400), and a manager working in Indonesian."""
	with LocalOSS(USER_KEY) as local:
		office = OSSOffice(local)
		name = office.receive(server)
		local.plan("receiveLicenseStatus", 400)
		sync(name)
		manager = make_user(MANAGER, email=f"manajer-{rand(6)}@test.bppm.example", password=PASSWORD)
		frappe.db.set_value("User", manager, "language", "id")
		frappe.db.commit()
		yield frappe._dict(office=office, local=local, application=name, manager=manager)
		frappe.db.rollback()
		frappe.delete_doc("User", manager, force=True, ignore_permissions=True)
		office.purge()


def test_the_manager_sees_a_refused_message_and_resends_it(server, browser, shot, refused):
	(message,) = messages_of(refused.application)
	assert message.status == "Failed"
	page = browser.new_page(viewport={"width": 1366, "height": 900})
	login(page, server, refused.manager)
	page.goto(f"{server}/app/oss-message?permit_application={refused.application}")
	page.wait_for_selector(".list-row-container")
	page.wait_for_load_state("networkidle")
	shot(page, "oss-outbox-failed")
	assert "Gagal" in page.locator(".list-row-container").first.inner_text()

	page.goto(f"{server}/app/oss-message/{message.name}")
	page.wait_for_selector('[data-fieldname="last_response"]')
	page.wait_for_load_state("networkidle")
	assert (
		"Data Parameter Salah" in page.locator('.frappe-control[data-fieldname="last_response"]').inner_text()
	)
	page.get_by_role("button", name="Kirim Ulang").click()
	page.wait_for_selector('.indicator-pill:has-text("Terkirim")', timeout=60_000)
	page.wait_for_load_state("networkidle")
	shot(page, "oss-message-resent")
	assert [m.status for m in messages_of(refused.application)] == ["Sent"]
	assert refused.local.kd_statuses(
		frappe.db.get_value("Permit Application", refused.application, "oss_id_izin")
	) == ["10"]

	page.goto(f"{server}/app/permit-application/{refused.application}")
	page.wait_for_selector('.frappe-control[data-fieldname="oss_id_izin"]', state="attached")
	page.wait_for_load_state("networkidle")
	page.locator('.section-head:has-text("OSS RBA")').click()
	page.wait_for_selector('.frappe-control[data-fieldname="oss_id_izin"]', state="visible")
	page.locator('.section-head:has-text("OSS RBA")').scroll_into_view_if_needed()
	page.wait_for_timeout(800)
	shot(page, "oss-application")
	section = page.locator('.frappe-control[data-fieldname="oss_id_izin"]').inner_text()
	assert frappe.db.get_value("Permit Application", refused.application, "oss_id_izin") in section
	page.close()
