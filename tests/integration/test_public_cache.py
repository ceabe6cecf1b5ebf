"""The public pages from Frappe's page cache, over HTTP through Frappe's WSGI application: each
URL has its own cached page, a change to what a page shows reaches the next request, and /track
and /verify put the one record they read into a cached page shell.

The permit types and the permit the requests read are committed by the module fixture and
removed afterwards; the page cache is emptied before each test."""

import frappe
import pytest
from frappe.website.utils import clear_website_cache

from bppm_app.web import public, public_cache

from .factories import make_permit_type, purge_applications, rand
from .journeys import start
from .rest import RestClient


@pytest.fixture(scope="module")
def world(site, staff):
	first = make_permit_type(permit_type_name=f"Izin Cache Satu {rand(5)}", description="Uraian pertama")
	second = make_permit_type(permit_type_name=f"Izin Cache Dua {rand(5)}", description="Uraian kedua")
	issued = start(staff)
	issued.to_awaiting_approval()
	issued.approve()
	frappe.db.commit()
	yield frappe._dict(first=first, second=second, issued=issued.doc, guest=RestClient(site))
	frappe.db.rollback()
	purge_applications([issued.name])
	for doc in (first, second):
		frappe.delete_doc("Permit Type", doc.name, force=True, ignore_permissions=True)
	frappe.db.commit()
	clear_website_cache()


@pytest.fixture(autouse=True)
def empty_cache():
	clear_website_cache()
	frappe.cache.delete_keys("bppm:rate:")
	yield


def cached(response) -> bool:
	return response.headers.get("X-From-Cache") == "True"


def test_standards_come_from_the_cache_and_show_a_change_on_the_next_request(world):
	page = world.guest.page("/standards")
	assert page.status == 200 and world.first.name in page.text and not cached(page)
	again = world.guest.page("/standards")
	assert cached(again) and again.text == page.text

	doc = frappe.get_doc("Permit Type", world.first.name)
	doc.sla_working_days = 17
	doc.save()
	frappe.db.commit()
	after = world.guest.page("/standards")
	assert not cached(after)
	assert "17" in after.text.split(world.first.name, 1)[1][:400]  # its working days, next to its name


def test_each_standard_page_is_cached_under_its_own_url(world):
	one = world.guest.page(f"/standards/{world.first.code}")
	two = world.guest.page(f"/standards/{world.second.code}")
	assert world.first.name in one.text and world.second.name not in one.text
	assert world.second.name in two.text and world.first.name not in two.text
	one_again = world.guest.page(f"/standards/{world.first.code}")
	assert cached(one_again) and world.first.name in one_again.text

	doc = frappe.get_doc("Permit Type", world.second.name)
	doc.description = "Uraian yang diperbarui"
	doc.save()
	frappe.db.commit()
	assert "Uraian yang diperbarui" in world.guest.page(f"/standards/{world.second.code}").text


def test_an_unpublished_type_disappears_from_the_cached_standards(world):
	assert world.second.name in world.guest.page("/standards").text
	frappe.db.set_value("Permit Type", world.second.name, "is_published", 0)
	frappe.get_doc("Permit Type", world.second.name).save()  # the desk's save, which clears the cache
	frappe.db.commit()
	try:
		assert world.second.name not in world.guest.page("/standards").text
		assert world.guest.page(f"/standards/{world.second.code}").status == 404
	finally:
		frappe.db.set_value("Permit Type", world.second.name, "is_published", 1)
		frappe.db.commit()


def test_statistics_pages_per_year_and_dropped_when_the_figures_change(world):
	this_year = frappe.utils.getdate().year
	current = world.guest.page("/statistics")
	older = world.guest.page("/statistics?year=2019")
	assert f"{this_year}" in current.text and world.issued.permit_type in current.text
	assert "2019" in older.text and world.issued.permit_type not in older.text
	assert cached(world.guest.page("/statistics")) and cached(world.guest.page("/statistics?year=2019"))

	public_cache.refresh_statistics()  # the job's first look: it remembers the figures
	world.guest.page("/statistics")
	world.guest.page("/statistics?year=2019")
	assert public_cache.refresh_statistics() == []  # nothing changed: the page stays
	assert cached(world.guest.page("/statistics"))
	# a new decision changes the figures: the next refresh drops this year's page only
	frappe.db.set_value("Permit Application", world.issued.name, "sla_status", "Breached")
	frappe.db.commit()
	try:
		assert this_year in public_cache.refresh_statistics()
		assert not cached(world.guest.page("/statistics"))
		assert cached(world.guest.page("/statistics?year=2019"))
	finally:
		frappe.db.set_value("Permit Application", world.issued.name, "sla_status", "Met")
		frappe.db.commit()
		public.clear_statistics_cache()


def test_verify_reads_one_permit_into_a_cached_shell(world):
	first = world.guest.page(f"/verify/{world.issued.verification_code}")
	assert first.status == 200 and world.issued.permit_number in first.text and not cached(first)
	unknown = world.guest.page(f"/verify/{'q' * 32}")
	assert cached(unknown) and world.issued.permit_number not in unknown.text
	assert 'data-status="Not Found"' in unknown.text
	again = world.guest.page(f"/verify/{world.issued.verification_code}")
	assert cached(again) and 'data-status="Valid"' in again.text
	# the shell around the record is the whole page
	assert again.text.count("<html") == 1 and "</html>" in again.text


def test_track_shell_and_the_form_post(world):
	page = world.guest.page("/track")
	assert page.status == 200 and 'name="pin"' in page.text
	assert cached(world.guest.page("/track"))  # the empty form: one page for every guest
	form = {"registration_number": world.issued.name, "pin": world.issued.tracking_pin}
	world.guest.post_form("/track", form)  # the first post makes the shell
	result = world.guest.post_form("/track", form)
	assert result.status == 200 and cached(result) and 'id="track-history"' in result.text
	wrong = world.guest.post_form("/track", {"registration_number": world.issued.name, "pin": "000000"})
	assert 'id="track-history"' not in wrong.text and "track-result" in wrong.text


def test_a_change_of_staff_drops_the_standard_pages(world, staff):
	from bppm_app.roles import VERIFIER

	world.guest.page(f"/standards/{world.first.code}")
	assert cached(world.guest.page(f"/standards/{world.first.code}"))
	user = frappe.get_doc("User", staff[VERIFIER])
	user.enabled = 0
	user.save(ignore_permissions=True)
	frappe.db.commit()
	try:
		assert not cached(world.guest.page(f"/standards/{world.first.code}"))
	finally:
		user.reload()
		user.enabled = 1
		user.save(ignore_permissions=True)
		frappe.db.commit()


def test_a_changed_translation_reaches_every_process_even_at_the_same_length():
	"""Processes keep the translations they read (warm_translations); a Translation record's change
	(here to a text of the same length, which a size check would miss) is read again by each."""
	from frappe.translate import MERGED_TRANSLATION_KEY, clear_cache

	source = f"Uji terjemahan {rand(8)}"
	merged = frappe.cache.make_key(MERGED_TRANSLATION_KEY)

	def served() -> str | None:
		frappe.local.cache = {}  # a new request in this process
		public_cache.warm_translations()
		return (frappe.local.cache.get(merged) or {}).get("id", {}).get(source)

	record = frappe.get_doc(
		{"doctype": "Translation", "language": "id", "source_text": source, "translated_text": "AAAA"}
	).insert(ignore_permissions=True)
	previous = frappe.local.lang
	frappe.local.lang = "id"
	try:
		served()
		assert served() == "AAAA"  # kept in the process
		record.translated_text = "BBBB"
		record.save(ignore_permissions=True)
		served()  # another process may read the new ones first
		assert served() == "BBBB"
	finally:
		frappe.local.lang = previous
		frappe.db.rollback()
		clear_cache()
		public_cache.on_translations_change()
