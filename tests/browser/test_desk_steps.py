"""The office's steps in the desk, through the action buttons only (Chromium at 1366×800, officers
working in Indonesian): the verifier is refused while a document is pending, accepts it and
verifies; the inspector records the inspection in the action's own dialog; the treasurer confirms a
payment by hand with its reference, date, amount and an uploaded proof."""

import frappe
import pytest

from bppm_app.roles import FIELD_INSPECTOR, HEAD, TREASURER, VERIFIER
from tests.integration.factories import make_user, purge_applications, rand
from tests.integration.journeys import start

from .test_journey import PASSWORD, accept_first_document, login

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
DOCTYPE = "Permit Application"


@pytest.fixture
def desk_office(tmp_path):
	"""Officers who log in and work in Indonesian, and an application (inspection and levy) the
	applicant has submitted and the verifier has started verifying; all committed."""
	officers = {}
	for role in (VERIFIER, FIELD_INSPECTOR, TREASURER, HEAD):
		officers[role] = make_user(role, email=f"meja-{rand(6)}@test.bppm.example", password=PASSWORD)
		frappe.db.set_value("User", officers[role], "language", "id")
	journey = start(officers, (1, 0, 1))
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	frappe.db.commit()
	proof = tmp_path / "bukti-setor.pdf"
	proof.write_bytes(PDF + f"% {rand()}\n".encode())
	yield frappe._dict(
		officers=officers, name=journey.name, proof=str(proof), applicant=journey.applicant_user
	)
	remove_office(journey, officers)


# what the tier measured, printed after the run (conftest.py)
MEASURED: dict[str, tuple[float, float]] = {}


def settle_workspace(page, server: str) -> float:
	"""Seconds from opening the BPPM workspace until its number cards show numbers, its charts are
	drawn and its last request has been answered (the browser's own timings: Playwright's
	"networkidle" comes half a second after that; the realtime socket, absent here, is left out)."""
	page.goto(f"{server}/app/bppm")
	page.wait_for_selector(".widget.number-widget-box .number", timeout=30000)
	page.wait_for_selector(".widget.dashboard-widget-box .chart-container svg", timeout=30000)
	page.wait_for_load_state("networkidle")
	return page.evaluate(SETTLED)


# milliseconds since the navigation began until the last answer (or the page's load) arrived
SETTLED = """() => Math.max(
	performance.getEntriesByType("navigation")[0].loadEventEnd,
	...performance.getEntriesByType("resource")
		.filter((entry) => !entry.name.includes("/socket.io/"))
		.map((entry) => entry.responseEnd),
) / 1000"""

# a chart drawn as the workspace's chart widgets draw theirs (Frappe Charts, numbers shortened)
AXIS_PROBE = """async () => {
	const div = document.createElement("div");
	document.body.prepend(div);
	new frappe.Chart(div, {
		type: "bar",
		height: 160,
		data: {labels: ["Jan", "Feb"], datasets: [{name: "Retribusi", values: [56000000, 110000000]}]},
		axisOptions: {shortenYAxisNumbers: 1},
	});
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const labels = [...div.querySelectorAll("g.y.axis text")].map((t) => t.textContent.trim());
	div.remove();
	return labels;
}"""


def remove_office(journey, officers: dict) -> None:
	"""What a desk fixture committed: the file, its officers and its applicant."""
	frappe.db.rollback()
	purge_applications([journey.name])
	for user in (*officers.values(), journey.applicant_user):
		if frappe.db.exists("User", user):
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def open_file(page, base, name):
	page.goto(f"{base}/app/permit-application/{name}")
	page.wait_for_selector(".page-actions .actions-btn-group")
	page.wait_for_load_state("networkidle")


def choose_action(page, label):
	page.locator(".page-actions .actions-btn-group button").click()
	page.locator(".page-actions .actions-btn-group .dropdown-menu a", has_text=label).first.click()


def stored(field):
	def read(name):
		frappe.db.rollback()
		return frappe.db.get_value(DOCTYPE, name, field)

	return read


state_of = stored("workflow_state")


def reaches(page, name, state, seconds=20):
	"""Whether the file reaches ``state`` within ``seconds`` (the save and the action take a while
	on a busy machine)."""
	for _ in range(seconds * 2):
		if state_of(name) == state:
			return True
		page.wait_for_timeout(500)
	return state_of(name) == state


def test_each_officer_s_step_in_the_desk(server, browser, desk_office, shot):
	office, name = desk_office, desk_office.name
	context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="id-ID")
	page = context.new_page()

	# 1. the verifier presses Verifikasi with the document still pending: refused, named
	login(page, server, office.officers[VERIFIER])
	open_file(page, server, name)
	choose_action(page, "Verifikasi")
	message = page.locator(".modal.show .modal-body, .msgprint").first
	message.wait_for(timeout=10000)
	text = message.inner_text()
	assert "Fotokopi KTP" in text, text
	shot(page, "verifier-refused-pending-document")
	assert state_of(name) == "Under Verification"
	# the message closed (its close button: Escape may reach the page before the dialog has focus)
	page.locator(".modal.show .btn-modal-close").first.click()
	page.locator(".modal.show").first.wait_for(state="hidden", timeout=15000)

	# 2. accepts the document in the form, saves, verifies
	accept_first_document(page)
	shot(page, "verifier-document-accepted")
	choose_action(page, "Verifikasi")
	page.wait_for_load_state("networkidle")
	assert reaches(page, name, "Field Inspection")
	shot(page, "verifier-verified")

	# 3. the inspector: the action asks for the inspection (the inspector is filled in)
	context.clear_cookies()
	login(page, server, office.officers[FIELD_INSPECTOR])
	open_file(page, server, name)
	choose_action(page, "Selesaikan Tinjauan")
	dialog = page.locator(".modal.show .modal-dialog").last
	dialog.wait_for(timeout=10000)
	assert (
		dialog.locator('[data-fieldname="inspector"] input').input_value() == office.officers[FIELD_INSPECTOR]
	)
	dialog.locator('select[data-fieldname="inspection_result"]').select_option("Passed")
	dialog.locator('textarea[data-fieldname="inspection_notes"]').fill("Lokasi sesuai denah.")
	shot(page, "inspector-dialog")
	dialog.locator(".modal-footer .btn-primary").click()
	page.wait_for_load_state("networkidle")
	done = reaches(page, name, "Awaiting Payment")
	shot(page, "inspector-done")
	assert done
	assert stored("inspector")(name) == office.officers[FIELD_INSPECTOR]

	# 4. the treasurer confirms a payment by hand: reference, date, amount and an uploaded proof
	context.clear_cookies()
	login(page, server, office.officers[TREASURER])
	open_file(page, server, name)
	choose_action(page, "Konfirmasi Pembayaran")
	dialog = page.locator(".modal.show .modal-dialog").last
	dialog.wait_for(timeout=10000)
	dialog.locator('input[data-fieldname="payment_reference"]').fill("STS-2026-0042")
	dialog.locator('[data-fieldname="payment_proof"] .btn-attach').click()
	uploader = page.locator(".modal.show", has=page.locator(".file-upload-area")).last
	uploader.wait_for(timeout=10000)
	uploader.locator('input[type="file"]').set_input_files(office.proof)
	uploader.locator(".modal-footer .btn-primary").click()
	page.wait_for_timeout(2500)
	assert dialog.locator('[data-fieldname="payment_proof"] .attached-file-link').inner_text()
	shot(page, "treasurer-dialog")
	dialog.locator(".modal-footer .btn-primary").click()
	page.wait_for_load_state("networkidle")
	assert reaches(page, name, "Awaiting Approval")
	frappe.db.rollback()
	doc = frappe.get_doc(DOCTYPE, name)
	assert doc.payment_reference == "STS-2026-0042" and doc.paid_amount == doc.levy_amount
	assert doc.payment_proof.startswith("/private/files/")
	shot(page, "treasurer-confirmed")

	# 5. the head lands on the workspace (stages and money in Indonesian), then on My Tasks
	frappe.db.set_value(
		"ToDo", {"reference_name": name, "status": "Open"}, "allocated_to", office.officers[HEAD]
	)
	frappe.db.commit()
	context.clear_cookies()
	login(page, server, office.officers[HEAD])
	# the first visit fetches the desk's scripts; every later one has them in the browser's cache
	first = settle_workspace(page, server)
	later = settle_workspace(page, server)
	MEASURED["workspace"] = (first, later)
	print(f"the BPPM workspace settled in {first:.1f} s (first visit), {later:.1f} s (later visits)")
	page.wait_for_timeout(1000)
	shot(page, "head-workspace")
	assert "Tugas Saya" in page.inner_text(".layout-main-section")
	# a chart's shortened numbers in Indonesian: "40 jt" (juta), never "40 M" (read as miliar)
	labels = page.evaluate(AXIS_PROBE)
	assert any(label.endswith(" jt") for label in labels), labels
	assert not any(label.endswith((" K", " M", " B")) for label in labels), labels
	page.goto(f"{server}/app/query-report/My Tasks")
	page.wait_for_selector(".dt-scrollable .dt-row", timeout=30000)
	page.wait_for_timeout(1000)
	report = page.inner_text(".layout-main-section")
	assert name in report and "Menunggu Keputusan" in report, report
	shot(page, "head-my-tasks")
	page.goto(f"{server}/app/permit-application")
	# the list's columns: the stage as the status, and the due date
	page.wait_for_load_state("networkidle")
	page.wait_for_timeout(2000)
	shot(page, "head-list")
	assert "Batas Waktu" in page.inner_text(".frappe-list .list-row-head")  # the due date is a column
	context.close()


def test_the_head_reads_on_the_timeline_why_a_permit_was_not_issued(server, browser, tmp_path, shot):
	"""BSrE is down when the head approves and signs: the head is told at once, the file stays
	where it was, and its timeline says (in Indonesian) who approved, that nothing was issued, and
	why, for whoever opens the file next."""
	officers = {}
	for role in (VERIFIER, HEAD):
		officers[role] = make_user(role, email=f"putus-{rand(6)}@test.bppm.example", password=PASSWORD)
		frappe.db.set_value("User", officers[role], "language", "id")
	journey = start(officers, (0, 0, 0))
	journey.to_awaiting_approval()
	before = frappe.get_single("BPPM Settings")
	provider, url = before.signing_provider, before.bsre_url
	frappe.db.set_single_value(
		"BPPM Settings", {"signing_provider": "BSrE", "bsre_url": "http://127.0.0.1:9"}
	)
	frappe.db.commit()
	context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="id-ID")
	page = context.new_page()
	try:
		assert state_of(journey.name) == "Awaiting Approval"
		login(page, server, officers[HEAD])
		open_file(page, server, journey.name)
		page.locator(".page-actions .btn", has_text="Setujui dan Tandatangani").first.click()
		dialog = page.locator(".modal.show .modal-dialog").last
		dialog.wait_for(timeout=10000)
		dialog.locator('input[data-fieldname="nik"]').fill("6474010101800001")
		dialog.locator('input[data-fieldname="passphrase"]').fill("rahasia-uji")
		dialog.locator(".modal-footer .btn-primary").click()
		message = page.locator(".modal.show .msgprint").first
		message.wait_for(timeout=60000)
		assert "BSrE" in message.inner_text(), message.inner_text()
		shot(page, "head-bsre-down")
		assert state_of(journey.name) == "Awaiting Approval"
		# whoever opens the file next reads why on its timeline
		page.goto(f"{server}/app/permit-application/{journey.name}")
		note = page.locator(".timeline-item", has_text="izin tidak dapat diterbitkan").first
		note.wait_for(timeout=30000)
		text = note.inner_text()
		assert "BSrE" in text and "rahasia-uji" not in text and "6474010101800001" not in text, text
		note.scroll_into_view_if_needed()
		shot(page, "head-timeline-not-issued")
	finally:
		context.close()
		frappe.db.set_single_value("BPPM Settings", {"signing_provider": provider, "bsre_url": url})
		frappe.db.commit()
		remove_office(journey, officers)
