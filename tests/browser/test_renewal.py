"""A holder renews their permit from /applications in a real browser (phone): the "Perpanjang"
button of an issued permit inside its renewal window starts a renewal draft that carries the
permit's accepted documents, and a second visit continues that draft instead of starting another."""

import frappe
import pytest
from frappe.utils.password import update_password

from tests.integration.factories import purge_applications
from tests.integration.journeys import start

from .test_journey import PASSWORD, login

DOCTYPE = "Permit Application"


@pytest.fixture
def holder(staff):
	"""An issued 12-month permit that is renewable from the day it is issued; committed."""
	journey = start(staff, (0, 0, 0), renewal_window_days=366)
	journey.to_awaiting_approval()
	journey.approve()
	update_password(journey.applicant_user, PASSWORD)
	frappe.db.commit()
	made = [journey.name]
	yield frappe._dict(user=journey.applicant_user, permit=journey.name, made=made)
	frappe.db.rollback()
	made += frappe.get_all(DOCTYPE, filters={"previous_application": journey.name}, pluck="name")
	purge_applications(made)
	frappe.db.commit()


def test_a_holder_renews_from_applications(server, browser, holder, shot):
	page = browser.new_page(viewport={"width": 390, "height": 844}, locale="id-ID")
	login(page, server, holder.user)
	page.goto(f"{server}/applications")
	card = page.locator(f'.application[data-name="{holder.permit}"]')
	renew = card.locator('button.follow-up[data-type="Renewal"]')
	assert renew.inner_text().strip() == "Perpanjang"
	assert renew.bounding_box()["height"] >= 44  # a tap target on a phone
	shot(page, "renewal-offered")
	renew.click()
	page.wait_for_load_state("networkidle")
	frappe.db.rollback()
	(draft,) = frappe.get_all(
		DOCTYPE,
		filters={"previous_application": holder.permit},
		fields=["name", "application_type", "docstatus", "channel"],
	)
	assert (draft.application_type, draft.docstatus, draft.channel) == ("Renewal", 0, "Online")
	shot(page, "renewal-draft")
	# the permit's accepted documents come with the renewal, and the form shows them as uploaded
	carried = frappe.get_all(
		"Application Document",
		filters={"parent": draft.name, "attachment": ("is", "set")},
		fields=["requirement", "attachment"],
	)
	assert carried
	page.wait_for_selector(".bppm-requirements")
	listed = page.locator(".bppm-requirements").inner_text()
	for row in carried:
		assert "✓ " + row.attachment.rsplit("/", 1)[-1] in listed, listed
	# back on the list, the permit offers to continue that draft, not a second one
	page.goto(f"{server}/applications")
	continuing = page.locator(f'.application[data-name="{holder.permit}"] a.follow-up-open')
	assert draft.name in continuing.inner_text()
	assert frappe.db.count(DOCTYPE, {"previous_application": holder.permit}) == 1
