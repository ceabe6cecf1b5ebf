"""Guests cannot brute-force a tracking PIN (per registration number, and per real client address
whatever X-Forwarded-For says), and no whitelisted method of the app or its web forms answers bad
input with a server error."""

import json

import frappe
import pytest

from bppm_app.roles import VERIFIER
from bppm_app.web import public
from tests.integration.factories import make_user

from .conftest import Http, answered_without, refused

TRACK = "bppm_app.api.track_application"


@pytest.fixture
def fresh_limits():
	frappe.cache.delete_keys("bppm:rate:")
	frappe.cache.delete_keys("bppm:track-failures:")
	yield
	frappe.cache.delete_keys("bppm:rate:")
	frappe.cache.delete_keys("bppm:track-failures:")


@pytest.fixture
def no_trusted_proxy(site):
	"""The site as it is when nothing is configured: X-Forwarded-For comes from the client."""
	from frappe.installer import update_site_config

	previous = frappe.conf.get("bppm_trusted_proxies")
	update_site_config("bppm_trusted_proxies", [])
	yield
	update_site_config("bppm_trusted_proxies", previous)


def track(client, number, pin):
	return client.method(TRACK, registration_number=number, pin=pin)


def test_wrong_pins_lock_their_sender_out_and_many_senders_lock_the_number(world, fresh_limits):
	"""Five wrong PINs from one address lock that address out of the number for an hour: then even
	the right PIN gets the same answer as a wrong one there, while the holder, elsewhere, still gets
	in. Fifty wrong PINs from all addresses together lock the number for everyone."""
	guesser = Http(world.server, forwarded_for="198.51.100.1")
	for _i in range(public.TRACK_FAILURES):
		wrong = track(guesser, world.b_draft, "000000")
		assert wrong.status_code == 200 and not wrong.json()["message"]["found"]
	locked = track(guesser, world.b_draft, world.b_pin)
	assert locked.status_code == 200
	assert locked.json()["message"] == wrong.json()["message"]  # indistinguishable from a wrong PIN
	answered_without(locked, world.b_pin)
	# the locked address's further guesses are not compared, so they add nothing to the number's total
	for _i in range(3):
		track(guesser, world.b_draft, "000001")
	holder = track(Http(world.server, forwarded_for="198.51.100.2"), world.b_draft, world.b_pin)
	assert holder.json()["message"]["found"]
	# many addresses, five wrong PINs each: the number's own limit locks it for everyone
	rest = public.TRACK_FAILURES_ANYWHERE - public.TRACK_FAILURES
	for i in range(rest):
		sender = Http(world.server, forwarded_for=f"198.51.101.{10 + i // public.TRACK_FAILURES}")
		assert not track(sender, world.b_draft, "000000").json()["message"]["found"]
	for address in ("198.51.100.2", "198.51.100.3"):
		everyone = track(Http(world.server, forwarded_for=address), world.b_draft, world.b_pin)
		assert everyone.json()["message"] == wrong.json()["message"], address
	# another registration number is not affected
	other = track(Http(world.server, forwarded_for="198.51.100.99"), world.a_draft, "111111")
	assert other.status_code == 200


def test_one_address_guessing_across_numbers_is_stopped_after_twenty(world, fresh_limits):
	"""Wrong PINs from one address count across numbers too: after twenty in an hour (four numbers'
	worth), that address tracks nothing, not even with a right PIN, while others still do."""
	prowler = Http(world.server, forwarded_for="198.51.100.120")
	for n in range(public.TRACK_FAILURES_PER_CLIENT):
		if n % public.LIMITS["track"] == 0:
			frappe.cache.delete_keys("bppm:rate:")  # the per-minute throttle is another test's
		number = f"PRM-2000-{n // public.TRACK_FAILURES:05d}"
		assert not track(prowler, number, "000000").json()["message"]["found"]
	frappe.cache.delete_keys("bppm:rate:")
	stopped = track(prowler, world.b_draft, world.b_pin)
	assert stopped.status_code == 200 and not stopped.json()["message"]["found"]
	answered_without(stopped, world.b_pin)
	holder = track(Http(world.server, forwarded_for="198.51.100.121"), world.b_draft, world.b_pin)
	assert holder.json()["message"]["found"]


def test_a_new_forwarded_for_header_does_not_buy_new_guesses(world, fresh_limits, no_trusted_proxy):
	"""Without a trusted proxy the header is the client's own words: every request counts against
	the connection's address, so the per-IP limit holds."""
	statuses = []
	for i in range(public.LIMITS["track"] + 2):
		client = Http(world.server, forwarded_for=f"203.0.113.{i + 1}")
		statuses.append(track(client, f"PRM-2000-{i:05d}", "123456").status_code)
	assert statuses[: public.LIMITS["track"]] == [200] * public.LIMITS["track"]
	assert set(statuses[public.LIMITS["track"] :]) == {429}


def test_spoofed_left_entries_are_ignored_behind_the_proxy(world, fresh_limits):
	"""Behind the trusted proxy, only the address it appended counts: a client that prepends a new
	address each time still spends one budget."""
	statuses = []
	for i in range(public.LIMITS["track"] + 1):
		client = Http(world.server, forwarded_for=f"10.9.{i}.1, 192.0.2.50")
		statuses.append(track(client, f"PRM-2000-{i:05d}", "123456").status_code)
	assert statuses[-1] == 429


@pytest.fixture
def login_lockout(site):
	"""Frappe's per-address login lockout, at three failures; the addresses' counters are cleared
	afterwards (the test server's own address must not stay locked for the other tests)."""
	settings = frappe.get_single("System Settings")
	previous = settings.allow_consecutive_login_attempts, settings.allow_login_after_fail
	frappe.db.set_single_value(
		"System Settings", {"allow_consecutive_login_attempts": 3, "allow_login_after_fail": 60}
	)
	frappe.db.commit()
	frappe.clear_cache(doctype="System Settings")
	yield 3
	frappe.db.set_single_value(
		"System Settings",
		{"allow_consecutive_login_attempts": previous[0], "allow_login_after_fail": previous[1]},
	)
	frappe.db.commit()
	frappe.clear_cache(doctype="System Settings")
	for name in ("login_failed_count", "login_failed_time"):
		frappe.cache.delete_value(name)


def test_a_new_forwarded_for_header_does_not_lift_the_login_lockout(world, login_lockout, no_trusted_proxy):
	"""Frappe counts failed logins per address while it signs in, before any app hook: the address is
	the app's there too, so a new header on every try (password spraying) meets the lockout."""
	statuses = []
	for i in range(login_lockout + 3):
		client = Http(world.server, forwarded_for=f"203.0.113.{i + 1}")
		response = client.post("/api/method/login", usr=f"nobody{i}@test.bppm.example", pwd="wrong")
		statuses.append(response.status_code)
	assert statuses[:login_lockout] == [401] * login_lockout
	assert statuses[-1] == 429, statuses


def test_restrict_ip_holds_against_a_forged_forwarded_for(world, no_trusted_proxy):
	"""User › Restrict IP is checked while Frappe signs in: a header naming the allowed address does
	not let the user in from elsewhere."""
	user = make_user(VERIFIER, password="Bppm-restrict-2026!")
	frappe.db.set_value("User", user, "restrict_ip", "10.9.9.9")
	frappe.db.commit()
	try:
		for forwarded_for in (None, "10.9.9.9", "10.9.9.9, 10.9.9.9"):
			client = Http(world.server, forwarded_for=forwarded_for)
			response = client.post("/api/method/login", usr=user, pwd="Bppm-restrict-2026!")
			assert response.status_code in (401, 403), (
				forwarded_for,
				response.status_code,
				response.text[:200],
			)
			assert "sid" not in response.cookies or response.cookies.get("sid") == "Guest"
		# from the allowed address itself the same login works (the password is right)
		frappe.db.set_value("User", user, "restrict_ip", "127.0.0.1")
		frappe.db.commit()
		frappe.clear_cache(user=user)
		response = Http(world.server).post("/api/method/login", usr=user, pwd="Bppm-restrict-2026!")
		assert response.status_code == 200, response.text[:200]
	finally:
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()


JUNK = [
	"1e309",
	"99999999999999999999",
	"-1",
	"<script>alert(1)</script>",
	"' or 1=1 --",
	"[1, 2",
	'{"a": ',
	"",
	"x" * 5000,
]


@pytest.mark.parametrize("junk", JUNK)
def test_guest_methods_never_answer_with_a_server_error(world, fresh_limits, junk):
	guest = Http(world.server, forwarded_for=f"192.0.2.{JUNK.index(junk) + 100}")
	for method, args in (
		(TRACK, {"registration_number": junk, "pin": junk}),
		(TRACK, {"registration_number": world.b_draft, "pin": junk}),
		("bppm_app.api.verify_permit", {"code": junk}),
		("bppm_app.api.public_statistics", {"year": junk}),
		("bppm_app.api.levy_estimate", {"permit_type": junk, "quantity": junk}),
		("bppm_app.api.levy_estimate", {"permit_type": world.types["steps"].name, "quantity": junk}),
		("bppm_app.api.published_permit_types", {}),
	):
		answered_without(guest.method(method, **args), world.b_nik, world.b_pin, "Traceback")


def test_bad_input_gets_a_clear_4xx(world, fresh_limits):
	guest = Http(world.server, forwarded_for="192.0.2.200")
	huge = guest.method("bppm_app.api.levy_estimate", permit_type=world.types["steps"].name, quantity="1e309")
	refused(huge)
	assert "Kuantitas" in huge.text  # guests read Indonesian
	year = guest.method("bppm_app.api.public_statistics", year="99999999999999999999")
	refused(year)
	assert year.status_code == 400
	for data in ("{not json", "[1,2]", json.dumps({"name": {"$ne": 1}})):
		bad = world.a.method("frappe.website.doctype.web_form.web_form.accept", web_form="apply", data=data)
		refused(bad)
	refused(world.a.method("bppm_app.api.submit_application", name=["PRM"]))
	refused(
		world.a.request(
			"GET", "/api/method/bppm_app.api.download_letter", params={"name": "x", "letter": "y"}
		)
	)
	refused(world.a.method("frappe.client.get_count", doctype="<script>"))
	tag = world.a.put(f"/api/resource/Permit Application/{world.a_draft}", tracking_pin="<b>1</b>")
	refused(tag)


@pytest.mark.parametrize("junk", JUNK[:6])
def test_portal_methods_never_answer_with_a_server_error(world, junk):
	for method, args in (
		("bppm_app.api.submit_application", {"name": junk}),
		("bppm_app.api.submit_investment_report", {"name": junk}),
		("frappe.website.doctype.web_form.web_form.accept", {"web_form": "apply", "data": junk}),
		("frappe.website.doctype.web_form.web_form.accept", {"web_form": junk, "data": "{}"}),
		("frappe.client.get_count", {"doctype": "Permit Application", "filters": junk}),
		("frappe.desk.search.get_link_title", {"doctype": "Applicant", "docname": junk}),
	):
		answered_without(world.a.method(method, **args), world.b_nik, "Traceback")
	answered_without(
		world.a.request(
			"GET", "/api/method/bppm_app.api.download_letter", params={"name": junk, "letter": junk}
		),
		"Traceback",
	)


def test_tracebacks_do_not_reach_browsers(world):
	assert not frappe.db.get_single_value("System Settings", "allow_error_traceback")


def whitelisted_methods():
	"""Every whitelisted function of the app's API modules, with its parameter names."""
	import inspect

	from bppm_app import api, overrides

	found = []
	for module in (api, overrides):
		for name, fn in vars(module).items():
			if inspect.isfunction(fn) and fn.__module__ == module.__name__ and fn in frappe.whitelisted:
				params = [p for p in inspect.signature(fn).parameters if p not in ("fields",)]
				found.append((f"{module.__name__}.{name}", params))
	return found


@pytest.mark.parametrize("junk", ["<script>alert(1)</script>", "1e309", '{"a": ', "[1, 2]", "x" * 3000])
def test_every_whitelisted_method_of_the_app_answers_junk_without_a_server_error(world, fresh_limits, junk):
	"""Whatever the method and whoever asks, malformed arguments never get a 5xx."""
	methods = whitelisted_methods()
	assert len(methods) >= 10
	for index, (method, params) in enumerate(methods):
		for client in (world.a, Http(world.server, forwarded_for=f"192.0.2.{index + 1}")):
			args = dict.fromkeys(params, junk)
			for http in ("POST", "GET"):
				response = client.method(method, http=http, **args)
				answered_without(response, world.b_nik, world.b_pin, "Traceback")
