"""The technical reviewer and the head each start from their queue, "Tugas Saya" (My Tasks), open
the file from it and take their action through the action buttons (Chromium at 1366×800, officers
working in Indonesian): the reviewer records the recommendation in the action's dialog, the head
approves and the permit is issued."""

import frappe
import pytest

from bppm_app.roles import HEAD, TECHNICAL_REVIEWER, VERIFIER
from tests.integration.factories import make_user, rand
from tests.integration.journeys import start

from .test_desk_steps import reaches, remove_office
from .test_journey import PASSWORD, login

DOCTYPE = "Permit Application"


@pytest.fixture
def queued():
	"""Officers who work in Indonesian and an application (technical recommendation only) verified
	and waiting in Technical Review; all committed."""
	officers = {}
	for role in (VERIFIER, TECHNICAL_REVIEWER, HEAD):
		officers[role] = make_user(role, email=f"antrian-{rand(6)}@test.bppm.example", password=PASSWORD)
		frappe.db.set_value("User", officers[role], "language", "id")
	journey = start(officers, (0, 1, 0))
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	journey.act(VERIFIER, "Verify", accept_documents=True)
	assert journey.doc.workflow_state == "Technical Review"
	frappe.db.commit()
	yield frappe._dict(officers=officers, name=journey.name, applicant=journey.applicant_user)
	remove_office(journey, officers)


def hold(name: str, user: str) -> None:
	"""The stage's open assignment (made by the stage's Assignment Rule, which picks among everyone
	with the role) held by ``user``, one of several test officers with that role."""
	frappe.db.rollback()
	todo = frappe.db.get_value("ToDo", {"reference_name": name, "status": "Open"}, "name")
	assert todo, "the stage has no open assignment"
	frappe.db.set_value("ToDo", todo, "allocated_to", user)
	frappe.db.commit()


def from_my_tasks(page, base, name, stage):
	"""Open My Tasks, find the file with its stage, open it from the queue."""
	page.goto(f"{base}/app/query-report/My Tasks")
	page.wait_for_selector(".dt-scrollable .dt-row", timeout=30000)
	page.wait_for_timeout(1000)
	report = page.inner_text(".layout-main-section")
	assert name in report and stage in report, report
	page.locator(".dt-scrollable a", has_text=name).first.click()
	page.wait_for_url(f"**/app/permit-application/{name}", timeout=20000)
	page.wait_for_selector(".page-actions .actions-btn-group:visible", timeout=20000)
	page.wait_for_load_state("networkidle")


def choose_action(page, label):
	"""The form's action menu (the queue's page stays in the desk's DOM, hidden)."""
	page.locator(".page-actions .actions-btn-group:visible button").click()
	page.locator(".page-actions .actions-btn-group:visible .dropdown-menu a", has_text=label).first.click()


def test_reviewer_and_head_from_their_queue(server, browser, queued, shot):
	name = queued.name
	context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="id-ID")
	page = context.new_page()

	# 1. the technical reviewer: My Tasks → the file → "Selesaikan Rekomendasi" with its dialog
	hold(name, queued.officers[TECHNICAL_REVIEWER])
	login(page, server, queued.officers[TECHNICAL_REVIEWER])
	from_my_tasks(page, server, name, "Kajian Teknis")
	shot(page, "reviewer-opened-from-my-tasks")
	choose_action(page, "Selesaikan Rekomendasi")
	dialog = page.locator(".modal.show .modal-dialog").last
	dialog.wait_for(timeout=10000)
	dialog.locator('input[data-fieldname="recommendation_number"]').fill("REK/PUPR/07/2026")
	dialog.locator('select[data-fieldname="recommendation_result"]').select_option("Recommended")
	dialog.locator('textarea[data-fieldname="recommendation_notes"]').fill("Sesuai kajian teknis.")
	shot(page, "reviewer-dialog")
	dialog.locator(".modal-footer .btn-primary").click()
	page.wait_for_load_state("networkidle")
	assert reaches(page, name, "Awaiting Approval")
	frappe.db.rollback()
	assert frappe.db.get_value(DOCTYPE, name, "recommendation_number") == "REK/PUPR/07/2026"
	shot(page, "reviewer-done")

	# 2. the head: My Tasks → the file → "Setujui": issued (a browser of their own: the reviewer's
	# desk, left open, could hold the page on its way to /login)
	context.close()
	context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="id-ID")
	page = context.new_page()
	hold(name, queued.officers[HEAD])
	login(page, server, queued.officers[HEAD])
	from_my_tasks(page, server, name, "Menunggu Keputusan")
	shot(page, "head-opened-from-my-tasks")
	choose_action(page, "Setujui")
	page.wait_for_load_state("networkidle")
	assert reaches(page, name, "Issued", seconds=40)
	frappe.db.rollback()
	doc = frappe.get_doc(DOCTYPE, name)
	assert doc.docstatus == 1 and doc.permit_number and doc.decision == "Approved"
	page.reload()
	page.wait_for_selector(".page-actions", timeout=20000)
	page.wait_for_timeout(1500)
	shot(page, "head-issued")
	# the form shows the state in Indonesian: the indicator and the "Tahapan Alur Kerja" field
	assert "Terbit" in page.inner_text(".page-head"), page.inner_text(".page-head")
	state = page.locator('.frappe-control[data-fieldname="workflow_state"]:visible').first.inner_text()
	assert "Terbit" in state and "Issued" not in state, state

	# 3. a report's filters are labelled where they are seen (not only as placeholders)
	page.goto(f"{server}/app/query-report/Levy Revenue")
	page.wait_for_selector("#page-query-report .page-form .frappe-control", timeout=30000)
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(1500)
	labels = page.evaluate(
		"""() => [...document.querySelectorAll('#page-query-report .page-form .frappe-control')]
			.filter((el) => el.offsetParent && el.dataset.fieldtype !== 'Check')
			.map((el) => getComputedStyle(el, '::before').content)"""
	)
	assert labels and all(label not in ("none", "normal", '""') for label in labels), labels
	assert any("Dari Tanggal" in label for label in labels), labels
	shot(page, "head-report-filters-labelled")
	context.close()
