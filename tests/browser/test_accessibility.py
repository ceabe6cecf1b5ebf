"""WCAG 2.2 AA on the citizen's pages, in a real browser: axe-core (npm, tests/browser/package.json)
over every public and portal page on a phone (390×844) and a desktop (1366×800), with the counts per
page printed; no serious or critical violation. Also: tap targets of at least 44 px, and a guest
whose browser prefers English reads Indonesian until they choose English, which sticks."""

from pathlib import Path

import frappe
import pytest
from frappe.utils.password import update_password

from tests.integration.factories import purge_applications
from tests.integration.journeys import start

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "Uji-Aksesibel-2026!"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 800}}
PUBLIC = (
	"/",
	"/login",
	"/login#signup",
	"/track",
	"/verify",
	"/standards",
	"/statistics",
	"/complaint/new",
	"/complaint-status",
	"/halaman-tidak-ada",
)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's own page-level rules that a Frappe page layout decides (one <main>, landmarks) are counted
# like any other; nothing is excluded


@pytest.fixture(scope="module")
def citizen(site, staff):
	"""A signed-up citizen with a profile, a draft and a submitted application (portal pages)."""
	journey = start(staff, (0, 0, 1))
	user = journey.applicant_user
	update_password(user, PASSWORD)
	submitted = start(staff, (0, 0, 1))
	submitted.submit()
	frappe.db.commit()
	yield frappe._dict(user=user, draft=journey.name, other=submitted)
	frappe.db.rollback()
	purge_applications([journey.name, submitted.name])
	frappe.db.commit()


def run_axe(page) -> list[dict]:
	if not AXE.exists():
		pytest.fail("axe-core is missing: cd tests/browser && npm install (scripts/test does)", pytrace=False)
	page.add_script_tag(path=str(AXE))
	result = page.evaluate(
		"(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
		".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
		" targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
		WCAG,
	)
	return result


def small_targets(page) -> list[str]:
	"""Buttons, inputs and stand-alone links in the page's content that are less than 44 px tall
	(inline links inside a sentence are exempt under WCAG 2.5.8)."""
	return page.evaluate(
		"""() => {
		const out = [];
		const root = document.querySelector('.page_content, .page-content-wrapper, main') || document.body;
		root.querySelectorAll('button, .btn, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea').forEach(el => {
			const r = el.getBoundingClientRect();
			const style = getComputedStyle(el);
			if (!r.width || !r.height || style.visibility === 'hidden' || el.closest('.hide, [hidden]')) return;
			if (r.height < 44) out.push((el.id || el.className || el.tagName) + ' ' + Math.round(r.height) + 'px');
		});
		return out;
	}"""
	)


def audit(page, url: str, name: str, report: dict, shot=None):
	page.goto(url)
	page.wait_for_load_state("networkidle")
	violations = run_axe(page)
	serious = [v for v in violations if v["impact"] in ("serious", "critical")]
	report[name] = {
		"violations": sum(v["nodes"] for v in violations),
		"serious": sum(v["nodes"] for v in serious),
		"rules": sorted({f"{v['id']}({v['impact']})" for v in violations}),
		"small": small_targets(page),
		"detail": serious,
	}
	if shot:
		slug = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")
		shot(page, f"axe-{slug}")


def print_report(report: dict) -> None:
	print("\naxe-core (WCAG 2.2 AA tags) per page: nodes with violations, of which serious/critical")
	for name, row in report.items():
		print(f"  {name:55} {row['violations']:3} {row['serious']:3}  {' '.join(row['rules'])}")
		for small in row["small"][:5]:
			print(f"  {'':55} target < 44 px: {small}")
		for violation in row["detail"]:
			print(f"  {'':55} {violation['id']}: {', '.join(violation['targets'])}")


def test_public_and_portal_pages_pass_axe_on_a_phone_and_a_desktop(server, browser, citizen, shot):
	report = {}
	for size, viewport in VIEWPORTS.items():
		guest = browser.new_context(viewport=viewport, locale="id-ID").new_page()
		for path in PUBLIC:
			audit(guest, f"{server}{path}", f"{size} guest {path}", report, shot if size == "phone" else None)
		guest.context.close()

		context = browser.new_context(viewport=viewport, locale="id-ID")
		page = context.new_page()
		page.goto(f"{server}/login")
		page.fill("#login_email", citizen.user)
		page.fill("#login_password", PASSWORD)
		page.click(".btn-login")
		page.wait_for_url("**/applications**")
		for path in (
			"/applications",
			f"/applicant-profile/{frappe.db.get_value('Applicant', {'user': citizen.user}, 'name')}/edit",
			"/apply/new",
			f"/apply/{citizen.draft}/edit",
			f"/check-application?name={citizen.draft}",
			"/complaints",
		):
			audit(
				page,
				f"{server}{path}",
				f"{size} citizen {path.split('?')[0]}",
				report,
				shot if size == "phone" else None,
			)
		context.close()
	print_report(report)
	failing = {name: row["detail"] for name, row in report.items() if row["serious"]}
	assert not failing, failing
	small = {name: row["small"] for name, row in report.items() if row["small"] and name.startswith("phone")}
	assert not small, small


def test_a_guest_with_an_english_browser_reads_indonesian_until_choosing_english(server, browser, shot):
	page = browser.new_context(viewport=VIEWPORTS["phone"], locale="en-US").new_page()
	page.goto(f"{server}/")
	assert page.locator("html").get_attribute("lang") == "id"
	assert "Apa yang ingin Anda lakukan?" in page.content()
	page.goto(f"{server}/login")
	assert page.locator("html").get_attribute("lang") == "id"
	page.goto(f"{server}/")
	page.click('#bppm-language button[data-lang="en"]')
	page.wait_for_load_state("networkidle")
	assert page.locator("html").get_attribute("lang") == "en"
	assert "What do you need to do?" in page.content()
	shot(page, "front-door-english")
	# the choice sticks on the next pages
	page.goto(f"{server}/track")
	assert page.locator("html").get_attribute("lang") == "en"
	page.click('#bppm-language button[data-lang="id"]')
	page.wait_for_load_state("networkidle")
	assert page.locator("html").get_attribute("lang") == "id"
