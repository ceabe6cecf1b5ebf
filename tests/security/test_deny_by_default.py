"""Deny by default: the whole site, not only the app's DocTypes (issue 18).

Each test replays, over real HTTP against the served test site, an attack that worked before the
gate (``bppm_app/gate.py``, ``bppm_app/allowlist.py``) and the hardened endpoints
(``bppm_app/overrides.py``): a 4xx answer, nothing of anyone else's in the body, and the database
as it was.
"""

import base64
import json
import re
import threading

import frappe
import pytest
from frappe.utils.data import sha256_hash

from bppm_app import allowlist, gate
from bppm_app.roles import (
	APPLICANT,
	FIELD_INSPECTOR,
	FRONT_OFFICE,
	MANAGER,
	SYSTEM_USER,
	TECHNICAL_REVIEWER,
	TREASURER,
	VERIFIER,
)
from bppm_app.web import public
from tests.integration.factories import make_applicant, make_user, rand, upload
from tests.integration.journeys import start

from .conftest import PROBES, STAFF_ROLES, Http, answered_without, refused, snapshot
from .test_applicant_writes import stored_form, web_form

# a 1×1 picture
PNG = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

PASSWORD = "Kata-Sandi-Uji-2026!"


@pytest.fixture
def fresh_limits():
	for prefix in ("bppm:rate:", "bppm:track-failures:", "bppm:identity-taken:", "rl:"):
		frappe.cache.delete_keys(prefix)
	yield
	for prefix in ("bppm:rate:", "bppm:track-failures:", "bppm:identity-taken:", "rl:"):
		frappe.cache.delete_keys(prefix)


class Browser(Http):
	"""A user signed in with a password, as a browser is: a session cookie, the CSRF token the
	pages carry, nothing else."""

	def __init__(self, base: str, user: str, password: str = PASSWORD):
		super().__init__(base)
		self.session.headers.pop("Accept", None)
		response = self.request("POST", "/api/method/login", data={"usr": user, "pwd": password})
		assert response.status_code == 200, response.text[:300]
		self.csrf_token = None

	def load_token(self, page: str = "/me") -> str:
		html = self.request("GET", page).text
		found = re.search(r'frappe.csrf_token = "([^"]+)"', html)
		assert found, "the page carries no CSRF token"
		self.csrf_token = found.group(1)
		return self.csrf_token


def portal_browser(world) -> Browser:
	user = make_user(APPLICANT, password=PASSWORD)
	make_applicant(user=user)
	frappe.db.commit()
	return Browser(world.server, user)


# --- item 1: the gate, checked against every whitelisted method of every installed app -----------


def test_every_whitelisted_method_is_on_the_allowlist_or_refused(world):
	"""A guest and a portal applicant call every whitelisted method of frappe, erpnext (when
	installed) and bppm_app: one on the allowlist is answered (never a 5xx), any other is 403 before
	Frappe runs it. A method a Frappe upgrade adds is closed until someone lists it."""
	names, failed = gate.whitelisted_methods()
	# a module that cannot be imported cannot be called either (the gate refuses what it does not
	# list, enumerated or not); they are few, and named in the summary
	assert len(failed) < 20, failed
	assert len(names) > 300
	listed = {name for name in names if name in allowlist.METHODS}
	counts = {"guest": {"allowed": 0, "refused": 0}, "portal": {"allowed": 0, "refused": 0}}
	for who, client in (("guest", Http(world.server, forwarded_for="192.0.2.77")), ("portal", world.a)):
		for name in sorted(names):
			entry = allowlist.METHODS.get(name)
			if entry and gate.allows(entry[0], who == "portal"):
				counts[who]["allowed"] += 1
				continue
			response = client.request("POST", f"/api/method/{name}")
			assert response.status_code == 403, f"{who} {name}: {response.status_code} {response.text[:200]}"
			assert response.json().get("exc_type") == "GateRefusal", f"{who} {name}: {response.text[:200]}"
			counts[who]["refused"] += 1
	PROBES["allowlist"] = (
		f"whitelisted methods checked: {len(names)} (listed on the allowlist: {len(listed)}); "
		f"guest: {counts['guest']['allowed']} allowed, {counts['guest']['refused']} refused; "
		f"portal user: {counts['portal']['allowed']} allowed, {counts['portal']['refused']} refused"
		+ (f"; modules that did not import: {', '.join(failed)}" if failed else "")
	)
	# what is listed exists (a renamed method would leave a dead entry behind)
	shorthands = {"login", "logout", "web_logout", "upload_file", "ping"}
	assert not [name for name in allowlist.METHODS if name not in names and name not in shorthands]


@pytest.mark.parametrize("who", ["guest", "a"])
def test_allowed_methods_without_arguments_are_never_a_server_error(world, who, fresh_limits):
	client = world.guest if who == "guest" else world.a
	for name, (allowed_for, _condition) in allowlist.METHODS.items():
		if not gate.allows(allowed_for, who == "a") or name in ("logout", "web_logout"):
			continue
		answered_without(client.request("POST", f"/api/method/{name}"), world.b_nik, world.b_pin, "Traceback")


@pytest.mark.parametrize("who", ["guest", "a"])
def test_rest_and_every_other_api_path_is_closed(world, who):
	client = world.guest if who == "guest" else world.a
	before = snapshot("Permit Application", world.b_draft)
	for doctype in ("User", "Email Queue", "File", "Permit Application", "Applicant", "ToDo", "Contact"):
		for response in (
			client.get(f"/api/resource/{doctype}"),
			client.get(f"/api/resource/{doctype}/{world.b_draft}"),
			client.post(f"/api/resource/{doctype}", name="x"),
			client.put(f"/api/resource/{doctype}/{world.b_draft}", subject="x"),
			client.delete(f"/api/resource/{doctype}/{world.b_draft}"),
			client.get(f"/api/v2/document/{doctype}"),
			client.get(f"/api/v2/doctype/{doctype}/count"),
			client.post(f"/api/v2/method/{doctype}/get_count"),
			# Frappe runs ``cmd`` whatever the path: an allowed path does not smuggle another method
			client.request(
				"POST", "/api/method/ping", data={"cmd": "frappe.client.get_count", "doctype": doctype}
			),
			client.request("POST", "/", data={"cmd": "frappe.client.get_list", "doctype": doctype}),
		):
			refused(response, world.b_nik, world.b_pin, world.b_name)
	assert snapshot("Permit Application", world.b_draft) == before


def test_pages_outside_the_allowlist_do_not_exist_for_guests_and_portal_users(world):
	for client in (world.guest, world.a):
		for path in (
			"/printview?doctype=User&name=Administrator",
			"/list?doctype=User",
			"/contact",
			"/search",
			"/about",
			"/third_party_apps",
			"/qrcode",
			"/app",
			"/app/user",
			"/blog",
			"/apply/../printview",
		):
			response = client.request("GET", path)
			assert response.status_code == 404, f"{path}: {response.status_code}"
	# a portal page sends a guest to sign in first
	response = world.guest.request("GET", "/apply/new")
	assert response.status_code == 302 and response.headers["Location"].startswith("/login?")
	for path in ("/", "/login", "/track", "/standards", "/statistics", "/complaint/new", "/complaint-status"):
		assert world.guest.request("GET", path).status_code == 200, path


# --- item 2: Frappe's unchecked endpoints, for everyone ----------------------------------------------


def test_the_account_takeover_chain_fails_at_its_first_step(world, fresh_limits):
	"""Reset → read the key out of the queued e-mail with get_count → update_password: the reset
	answers as for anyone, the count is refused to the applicant and to every staff role, and the
	office's system user has no reset key and takes no password by any path."""
	victim = make_user(APPLICANT, password=PASSWORD)
	frappe.db.commit()
	guest = Http(world.server, forwarded_for="192.0.2.81")
	answers = [
		Http(world.server, forwarded_for=f"192.0.2.{82 + n}").method(
			"frappe.core.doctype.user.user.reset_password", user=user
		)
		for n, user in enumerate((victim, f"nobody-{rand()}@example.com", SYSTEM_USER, "Administrator"))
	]
	assert {r.status_code for r in answers} == {200}
	assert len({r.json()["message"] for r in answers}) == 1
	oracle = {"doctype": "Email Queue", "filters": [["message", "like", "%update-password?key=3D%"]]}
	refused(world.a.method("frappe.client.get_count", **oracle))
	refused(world.a.method("frappe.desk.reportview.get_count", **oracle))
	for role in STAFF_ROLES:
		refused(world.as_role[role].method("frappe.client.get_count", **oracle))
		refused(
			world.as_role[role].method(
				"frappe.client.get_count", doctype="User", filters=[["reset_password_key", "like", "a%"]]
			)
		)
	# a key for the system user, should one ever exist, is refused like an invalid one
	frappe.db.rollback()
	assert not frappe.db.get_value("User", SYSTEM_USER, "reset_password_key")
	key = frappe.generate_hash()
	frappe.db.set_value("User", SYSTEM_USER, "reset_password_key", sha256_hash(key))
	frappe.db.commit()
	try:
		taken = guest.method(
			"frappe.core.doctype.user.user.update_password", new_password=PASSWORD + "x", key=key
		)
		assert taken.status_code == 410, taken.text[:300]
		login = guest.request("POST", "/api/method/login", data={"usr": SYSTEM_USER, "pwd": PASSWORD + "x"})
		assert login.status_code == 401
	finally:
		frappe.db.set_value("User", SYSTEM_USER, "reset_password_key", "")
		frappe.db.commit()
	assert not frappe.db.sql(
		"select 1 from `__Auth` where doctype='User' and name=%s and fieldname='password'", SYSTEM_USER
	)
	# and no path gives it one
	user = frappe.get_doc("User", SYSTEM_USER)
	user.new_password = PASSWORD
	with pytest.raises(frappe.PermissionError):
		user.save(ignore_permissions=True)
	frappe.db.rollback()


def test_get_count_counts_only_what_the_user_may_list(world):
	"""Every DocType, staff included: no DocType permission, nothing counted; a filter, sort or
	grouping on a field the user may not read is refused (here: the NIK, for a technical reviewer,
	whose role has no permission on Applicant)."""
	client = world.as_role[TECHNICAL_REVIEWER]
	refused(client.method("frappe.client.get_count", doctype="Applicant", filters={"nik": world.b_nik}))
	refused(client.method("frappe.client.get_count", doctype="Error Log"))
	refused(client.method("frappe.client.get_count", doctype="BPPM Settings"))
	for query in (
		{"filters": {"nik": world.b_nik}},
		{"filters": [["Applicant", "nik", "like", "64%"]]},
		{"or_filters": [["nik", "like", "64%"]]},
		{"order_by": "nik asc"},
		{"order_by": "`tabApplicant`.`nik` desc"},
		{"group_by": "nik"},
	):
		refused(client.method("frappe.desk.reportview.get", doctype="Applicant", fields=["name"], **query))
		refused(client.method("frappe.client.get_list", doctype="Applicant", **query))
	# the front office reads applicants: counting them works
	ok = world.as_role[FRONT_OFFICE].method(
		"frappe.client.get_count", doctype="Applicant", filters={"nik": world.b_nik}
	)
	assert ok.status_code == 200 and ok.json()["message"] == 1


def test_the_desks_own_list_queries_pass_the_check(world):
	"""The desk's list sorts by `tabDocType`.`field` (a DocType's name may hold spaces) and filters by
	[DocType, field, op, value]: the query check lets a reader's list through, and still refuses the
	same shapes on an unreadable field."""
	client = world.as_role[FRONT_OFFICE]
	for doctype, field in (("Permit Application", "workflow_state"), ("Applicant", "applicant_name")):
		answer = client.method(
			"frappe.desk.reportview.get",
			doctype=doctype,
			fields=[f"`tab{doctype}`.`name`"],
			filters=[[doctype, field, "is", "set"]],
			order_by=f"`tab{doctype}`.`creation` desc, `tab{doctype}`.`name` asc",
			group_by=f"`tab{doctype}`.`name`",
			page_length=5,
		)
		assert answer.status_code == 200, answer.text[:300]
	refused(
		world.as_role[TECHNICAL_REVIEWER].method(
			"frappe.desk.reportview.get",
			doctype="Applicant",
			fields=["`tabApplicant`.`name`"],
			order_by="`tabApplicant`.`nik` desc",
		)
	)


def test_global_search_returns_only_what_the_user_may_read(world):
	"""A staff member's ToDo is not found by another staff member, however global search indexes it."""
	owner = world.staff[FRONT_OFFICE]
	marker = f"rahasia{rand(6)}"
	frappe.set_user(owner)
	todo = frappe.get_doc(
		{"doctype": "ToDo", "description": f"Telepon {marker}", "allocated_to": owner}
	).insert()
	frappe.set_user("Administrator")
	from frappe.utils.global_search import update_global_search

	update_global_search(todo)
	from frappe.utils.global_search import sync_global_search

	sync_global_search()
	frappe.db.commit()
	try:
		for role in STAFF_ROLES:
			if world.staff[role] == owner:
				continue
			response = world.as_role[role].method("frappe.utils.global_search.search", text=marker)
			answered_without(response, marker)
		refused(world.a.method("frappe.utils.global_search.search", text=marker))
	finally:
		frappe.delete_doc("ToDo", todo.name, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_nobody_claims_a_private_file_by_its_url(world):
	"""upload_file and File inserts with an existing private file's URL: the applicant (gate) and a
	staff role that may not read the file (the File controller) are refused; the file stays theirs."""
	frappe.db.rollback()
	issued = frappe.get_doc("Permit Application", world.issued)
	# B's KTP scan in their draft, a signed permit, and an upload of B's not attached to anything yet
	unattached = upload(world.b_user, f"ktp-{rand()}.pdf")
	frappe.db.commit()
	targets = [world.b_file, unattached, *([issued.signed_permit] if issued.signed_permit else [])]
	files_before = frappe.db.count("File")
	for url in targets:
		refused(world.a.request("POST", "/api/method/upload_file", data={"file_url": url, "is_private": 1}))
		refused(
			world.a.method("frappe.client.insert", doc={"doctype": "File", "file_url": url, "is_private": 1})
		)
		refused(world.a.request("GET", url))
	# staff may attach what they may read (an application's documents), never a file they cannot
	reviewer = world.as_role[TECHNICAL_REVIEWER]
	refused(
		reviewer.request("POST", "/api/method/upload_file", data={"file_url": unattached, "is_private": 1})
	)
	refused(
		reviewer.method(
			"frappe.client.insert", doc={"doctype": "File", "file_url": unattached, "is_private": 1}
		)
	)
	refused(reviewer.request("GET", unattached))
	frappe.db.rollback()
	assert frappe.db.count("File") == files_before
	# the office's signing key is no file at all
	assert not frappe.get_all(
		"File", filters={"attached_to_doctype": "BPPM Settings", "file_url": ("like", "/private/%")}
	)
	refused(world.a.request("GET", "/private/files/office-signing-certificate.p12"))


def test_nobody_takes_a_private_file_by_naming_it_in_their_own_attach_field(world):
	"""A user's own record with an Attach field (their profile picture) set to another person's
	private upload that is not attached to anything yet: Frappe would attach that File to the
	profile and let its owner download it. Refused, for staff and applicants, on every path; the
	file stays unreadable and the profile unchanged. One's own upload is still accepted."""
	frappe.db.rollback()
	unattached = upload(world.b_user, f"ktp-{rand()}.pdf")
	frappe.db.commit()
	reviewer_user = world.staff[TECHNICAL_REVIEWER]
	# the database takes a full-width slash for "/" and ignores case when Frappe looks the File up
	prefix, file_name = unattached.rsplit("/", 1)
	spellings = (unattached, f"{prefix}\uff0f{file_name}", f"{prefix}/{file_name.upper()}")
	for user, client in ((reviewer_user, world.as_role[TECHNICAL_REVIEWER]), (world.a_user, world.a)):
		image_before = frappe.db.get_value("User", user, "user_image")
		for url in spellings:
			refused(client.put(f"/api/resource/User/{user}", user_image=url))
			refused(
				client.method(
					"frappe.client.set_value",
					doctype="User",
					name=user,
					fieldname="user_image",
					value=url,
				)
			)
		refused(client.request("GET", unattached))
		frappe.db.rollback()
		assert frappe.db.get_value("User", user, "user_image") == image_before
	assert not frappe.get_all(
		"File", filters={"file_url": unattached, "attached_to_doctype": ("is", "set")}, pluck="name"
	)
	assert frappe.get_all("File", filters={"file_url": unattached}, pluck="owner") == [world.b_user]
	# the reviewer's own upload becomes their picture
	own = upload(reviewer_user, f"foto-{rand()}.png", content=PNG)
	frappe.db.commit()
	response = world.as_role[TECHNICAL_REVIEWER].put(f"/api/resource/User/{reviewer_user}", user_image=own)
	assert response.status_code == 200, response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("User", reviewer_user, "user_image") == own


def test_upload_file_is_no_door_to_other_methods(world):
	"""Frappe's upload_file calls the whitelisted method named in ``method``: through it an applicant
	reached methods the gate refuses (any user's roles; removing a submitted file's attachment)."""
	frappe.db.rollback()
	manager = frappe.get_all("Has Role", filters={"role": MANAGER, "parenttype": "User"}, pluck="parent")
	attachment = frappe.db.get_value("File", {"file_url": world.b_file}, "name")
	assert attachment
	files_before = frappe.db.count("File")
	for client in (world.a, world.guest):
		for method, args in (
			("frappe.utils.change_log.get_versions", {}),
			("frappe.core.doctype.user.user.get_roles", {"uid": manager[0] if manager else "Administrator"}),
			("frappe.core.doctype.user.user.get_all_roles", {}),
			("frappe.desk.form.utils.remove_attach", {"fid": attachment}),
			("frappe.client.insert", {}),
		):
			refused(
				client.request("POST", "/api/method/upload_file", data={"method": method, **args}),
				"BPPM Manager",
				"System Manager",
			)
	frappe.db.rollback()
	assert frappe.db.count("File") == files_before
	assert frappe.db.exists("File", attachment)


def test_what_an_applicant_uploads_is_never_public(world):
	"""upload_file with is_private=0 from a portal user: stored private, so that nobody is served it
	from the office's domain (an attacker hosted a page there)."""
	name = f"publik-{rand(8)}.pdf"
	response = world.a.request(
		"POST",
		"/api/method/upload_file",
		files={"file": (name, b"%PDF-1.4\n% " + rand(16).encode() + b"\n%%EOF\n", "application/pdf")},
		data={"is_private": 0},
	)
	assert response.status_code == 200, response.text[:300]
	stored = response.json()["message"]
	assert stored["is_private"] == 1 and stored["file_url"].startswith("/private/files/")
	guest = Http(world.server)
	assert guest.request("GET", f"/files/{name}").status_code == 404
	refused(guest.request("GET", stored["file_url"]))


def test_the_development_server_serves_no_path_outside_the_public_files(world):
	"""tests and the demo run ``bench bppm-serve``, not Frappe's development server, whose /files
	loader joined any path (``..%2f`` read site_config.json and private files) and whose debugger
	answered a missing file with a traceback."""
	guest = Http(world.server)
	for path in (
		"/files/..%2f..%2fsite_config.json",
		"/files/..%2f..%2f..%2fcommon_site_config.json",
		"/files/..%2f..%2fprivate%2ffiles%2f" + world.b_file.rsplit("/", 1)[-1],
		"/files/%2e%2e/%2e%2e/site_config.json",
		"/files/does-not-exist.pdf",
		"/assets/..%2f..%2fsites%2fcommon_site_config.json",
	):
		response = guest.request("GET", path)
		assert response.status_code == 404, (path, response.status_code)
		assert "db_password" not in response.text and "Werkzeug" not in response.text
		assert "encryption_key" not in response.text


def test_a_claimed_url_is_not_accepted_by_the_apply_form(world):
	before = snapshot("Permit Application", world.a_draft)
	data = stored_form(world, world.a_draft)
	data["documents"][0]["attachment"] = world.b_file
	refused(web_form(world.a, "apply", data), world.b_nik)
	assert snapshot("Permit Application", world.a_draft) == before


# --- item 4: rows stay with their parent --------------------------------------------------------------


def test_a_row_of_another_application_cannot_be_moved_into_ones_own(world):
	victim_before = snapshot("Permit Application", world.b_draft)
	data = stored_form(world, world.a_draft)
	frappe.db.rollback()
	stolen = frappe.get_doc("Application Document", world.b_row).as_dict()
	data["documents"].append(json.loads(frappe.as_json(stolen)))
	refused(web_form(world.a, "apply", data), world.b_nik, world.b_file)
	# staff through the desk's save are refused the same way
	counter = world.as_role[FRONT_OFFICE]
	doc = counter.get(f"/api/resource/Permit Application/{world.a_draft}").json()["data"]
	doc["documents"].append(json.loads(frappe.as_json(stolen)))
	refused(
		counter.request(
			"POST",
			"/api/method/frappe.desk.form.save.savedocs",
			data={"doc": json.dumps(doc), "action": "Save"},
		)
	)
	assert snapshot("Permit Application", world.b_draft) == victim_before
	frappe.db.rollback()
	assert frappe.db.get_value("Application Document", world.b_row, "parent") == world.b_draft


# --- item 5: one spelling per identifier ---------------------------------------------------------------


def test_the_pin_lock_holds_for_every_spelling_of_the_number(world, fresh_limits):
	def track(number, pin, ip):
		return Http(world.server, forwarded_for=ip).method(
			"bppm_app.api.track_application", registration_number=number, pin=pin
		)

	digits = world.b_draft.split("-")
	full_width = "-".join([digits[0], *("".join(chr(ord(c) + 0xFEE0) for c in part) for part in digits[1:])])
	spellings = [
		world.b_draft,
		world.b_draft + "\u200b",
		world.b_draft + " ",
		" " + world.b_draft.lower(),
		full_width,
		world.b_draft.replace("-", "-\u2060"),
	]
	# the wrong PINs of many addresses, each sending another spelling, add up on the one number
	for i in range(public.TRACK_FAILURES_ANYWHERE):
		spelling = spellings[i % len(spellings)]
		ip = f"198.51.102.{i // public.TRACK_FAILURES + 1}"
		assert not track(spelling, "000000", ip).json()["message"]["found"], repr(spelling)
	for n, spelling in enumerate(spellings):
		answer = track(spelling, world.b_pin, f"198.51.100.{60 + n}")
		assert answer.status_code == 200 and not answer.json()["message"]["found"], repr(spelling)
		answered_without(answer, world.b_pin, world.b_nik)
	# a malformed number is answered like an unknown one, and counts nothing
	assert (
		track("PRM-2026-0000X'--", "123456", "198.51.100.90").json()["message"]
		== track("PRM-1999-00001", "123456", "198.51.100.91").json()["message"]
	)


def test_a_standard_is_cached_once_however_its_code_is_spelled(world):
	code = frappe.db.get_value("Permit Type", world.types["plain"].name, "code")
	frappe.db.set_value("Permit Type", world.types["plain"].name, "is_published", 1)
	frappe.db.commit()
	from bppm_app.web import public_cache

	public_cache.forget("standards/")
	for spelling in (code, code.lower(), code + "\u200b", f" {code}", code + "%20"):
		world.guest.request("GET", f"/standards/{spelling}")
	for unknown in ("NOPE1", "nope2", "X" * 40):
		assert world.guest.request("GET", f"/standards/{unknown}").status_code == 404
	keys = [frappe.safe_decode(key) for key in frappe.cache.hkeys(public_cache.PAGE_CACHE)]
	keys = [key for key in keys if key.startswith("standards/") and "#" not in key]
	assert keys == [f"standards/{code}"], keys


# --- item 6: no check-then-insert races -----------------------------------------------------------------


def test_four_concurrent_renewals_make_one_draft(world, staff):
	journey = start(staff, (0, 0, 0), renewal_window_days=366)
	journey.to_awaiting_approval()
	journey.approve()
	frappe.db.commit()
	holder = Http(world.server, token=_token(journey.applicant_user))
	answers = []

	def renew():
		answers.append(
			holder.method("bppm_app.api.start_follow_up", name=journey.name, application_type="Renewal")
		)

	threads = [threading.Thread(target=renew) for _ in range(4)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	assert [r.status_code for r in answers] == [200] * 4, [r.text[:200] for r in answers]
	assert len({r.json()["message"]["name"] for r in answers}) == 1
	frappe.db.rollback()
	assert frappe.db.count("Permit Application", {"previous_application": journey.name, "docstatus": 0}) == 1


def _token(user):
	from tests.integration.rest import api_token

	return api_token(user)


# --- item 7: CSRF for portal sessions -------------------------------------------------------------------


def test_a_portal_session_needs_its_csrf_token(world):
	browser = portal_browser(world)
	# no token (another site's form posting with the user's cookie) → refused, nothing done
	evil = browser.request(
		"POST",
		"/api/method/bppm_app.api.submit_application",
		data={"name": world.a_draft},
		headers={"Origin": "https://evil.example"},
	)
	assert evil.status_code == 400 and evil.json()["exc_type"] == "CSRFTokenError"
	token = browser.load_token()
	wrong = browser.request(
		"POST", "/api/method/bppm_app.api.my_investments", headers={"X-Frappe-CSRF-Token": "x" * 20}
	)
	assert wrong.status_code == 400
	right = browser.request(
		"POST", "/api/method/bppm_app.api.my_investments", headers={"X-Frappe-CSRF-Token": token}
	)
	assert right.status_code == 200, right.text[:300]


# --- item 8: bad input is a 4xx with a message and no internals ------------------------------------


def test_what_was_a_server_error_is_a_clear_4xx(world, fresh_limits):
	manager = world.as_role[STAFF_ROLES[-1]]
	fake_jpeg = b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 20
	complaints_before = frappe.db.count("Public Complaint")
	cases = [
		world.guest.method(
			"bppm_app.api.levy_estimate", permit_type=world.types["steps"].name, quantity="1E+999999999"
		),
		world.guest.method(
			"frappe.website.doctype.web_form.web_form.accept",
			web_form="complaint",
			data=json.dumps(
				{
					"complainant_name": "A",
					"email": "a@example.com",
					"subject": "s",
					"description": "x" * 200_000,
				}
			),
		),
		manager.method(
			"frappe.desk.query_report.run",
			report_name="Permit Application Register",
			filters={"page": "1e23"},
		),
		manager.method(
			"frappe.desk.query_report.run",
			report_name="Permit Application Register",
			filters={"permit_type": ["a", "b"]},
		),
		manager.method(
			"frappe.desk.query_report.run", report_name="Complaint Register", filters={"status": ["a", "b"]}
		),
		# dates past any calendar's end and years out of range (an attacker's probe found 500s here)
		*(
			manager.method("frappe.desk.query_report.run", report_name=report, filters={key: value})
			for report in (
				"SLA Compliance",
				"Permit Application Register",
				"Levy Revenue",
				"Levy Reconciliation",
				"Complaint Register",
			)
			for key, value in (("to_date", "9999-12-31"), ("from_date", "0001-01-01"))
		),
		*(
			manager.method("frappe.desk.query_report.run", report_name=report, filters={"year": year})
			for report in ("LKPM Compliance", "Investment Realization")
			for year in ("-1", "10000", "99999999999", 2026.5)
		),
		manager.method(
			"frappe.client.get_list", doctype="Permit Application", filters='[["name", "in", "x", "y", "z"]]'
		),
		manager.method(
			"frappe.desk.reportview.get", doctype="Permit Application", filters="[1, 2]", fields=["name"]
		),
		manager.method("frappe.client.get_count", doctype="BPPM Settings"),
		manager.method("frappe.desk.reportview.delete_items", items="not json", doctype="Permit Application"),
		manager.method("frappe.desk.doctype.tag.tag.add_tag", tag="x", dt="Nope", dn="y"),
		manager.method(
			"frappe.desk.form.assign_to.add", assign_to="not json", doctype="Permit Application", name="x"
		),
		manager.method(
			"frappe.model.workflow.bulk_workflow_approval",
			docnames="not json",
			doctype="Permit Application",
			action="Verify",
		),
		world.a.request(
			"POST",
			"/api/method/upload_file",
			files={"file": ("ktp.jpg", fake_jpeg, "image/jpeg")},
			data={"optimize": 1, "is_private": 1},
		),
		manager.request(
			"POST",
			"/api/method/upload_file",
			files={"file": ("ktp.jpg", fake_jpeg, "image/jpeg")},
			data={"optimize": 1, "is_private": 1},
		),
	]
	for response in cases:
		refused(response, "Traceback", "SELECT", "select ", "Werkzeug")
		assert response.json().get("_server_messages"), response.text[:300]  # a message, not just a code
	frappe.db.rollback()
	assert frappe.db.count("Public Complaint") == complaints_before


def test_a_refused_report_filter_writes_no_error_log(world):
	"""Frappe logs every exception of a report as "Report Error": bad filters sent over and over
	would fill the Error Log. The app's reports refuse them before Frappe runs the report."""
	manager = world.as_role[STAFF_ROLES[-1]]
	frappe.db.rollback()
	before = frappe.db.count("Error Log")
	bad = [
		("SLA Compliance", {"from_date": "not-a-date"}),
		("Levy Revenue", {"to_date": "2026-13-45"}),
		("Permit Application Register", {"page": "abc"}),
		("Permit Application Register", {"workflow_state": {"a": 1}}),
		("Investment Realization", {"year": "abc"}),
		("Deemed Approval Risk", {"page": "-1"}),
		("Complaint Register", {"from_date": "x"}),
		("IKM Report", {"to_date": "y"}),
		("Levy Reconciliation", {"from_date": "x"}),
		("SLA Compliance", "[1, 2]"),
		("SLA Compliance", '{"from_date": NaN}'),
		# the Select filters a report branches on take only their options (an attacker's probe found
		# a 500 and Error Log rows here)
		("Investment Realization", {"group_by": "xyz"}),
		("LKPM Compliance", {"quarter": "Q9"}),
		("LKPM Compliance", {"group_by": "Investment", "filing_status": "bogus"}),
		("Levy Reconciliation", {"view": "Everything"}),
		("SLA Compliance", {"group_by": "nope"}),
		# another spelling the database's collation finds is still the app's report
		("SLA Compliance ", {"group_by": "nope"}),
		("Investment Realizatión", {"quarter": "Q9"}),
	]
	for report, filters in bad:
		for method in ("frappe.desk.query_report.run", "frappe.desk.query_report.export_query"):
			extra = {"file_format_type": "CSV"} if method.endswith("export_query") else {}
			answer = manager.method(
				method,
				report_name=report,
				filters=filters if isinstance(filters, str) else json.dumps(filters),
				**extra,
			)
			refused(answer, "Traceback", "SELECT")
			assert answer.status_code == 400, (report, filters, method, answer.text[:200])
	export = manager.method(
		"frappe.desk.query_report.export_query",
		report_name="SLA Compliance",
		filters=json.dumps({"from_date": "2026-01-01"}),
		file_format_type="XYZ",
	)
	refused(export, "Traceback")
	frappe.db.rollback()
	assert frappe.db.count("Error Log") == before
	# the same reports with good filters still run
	good = manager.method(
		"frappe.desk.query_report.run",
		report_name="SLA Compliance",
		filters=json.dumps({"from_date": "2026-01-01"}),
	)
	assert good.status_code == 200 and "result" in good.json()["message"]


def test_bulk_workflow_actions_refuse_what_is_not_the_users_and_log_nothing(world):
	"""Frappe's bulk workflow action writes an Error Log row for every document whose action fails:
	names that do not exist, another stage's files, or an action that is not the user's are refused
	before it runs, and nothing is logged or moved."""
	frappe.db.rollback()
	before = frappe.db.count("Error Log")
	state = frappe.db.get_value("Permit Application", world.b_draft, "workflow_state")
	cases = [
		(FIELD_INSPECTOR, ["NOPE-1", "NOPE-2", "NOPE-3"], "Anything"),
		(FRONT_OFFICE, [world.b_draft], "Submit"),  # the applicant's online draft
		(VERIFIER, [world.b_draft], "Verify"),
		(FRONT_OFFICE, [world.b_draft] * 501, "Submit"),
		(MANAGER, [world.b_draft, world.b_draft], "Submit"),  # one name twice: an Error Log row each
	]
	for role, names, action in cases:
		answer = world.as_role[role].method(
			"frappe.model.workflow.bulk_workflow_approval",
			docnames=json.dumps(names),
			doctype="Permit Application",
			action=action,
		)
		refused(answer, "Traceback")
	frappe.db.rollback()
	assert frappe.db.count("Error Log") == before
	assert frappe.db.get_value("Permit Application", world.b_draft, "workflow_state") == state


def test_staff_get_a_4xx_not_a_server_error_from_frappes_list_methods(world):
	"""What an attacker with a staff login found answering 500 (or too much): negative paging, a
	one-valued between, a dotted field that names no link, listing a Single, a report horizon past
	any date, and every user's last login IP through User's Select permission."""
	inspector = world.as_role[FIELD_INSPECTOR]
	treasurer = world.as_role[TREASURER]
	cases = [
		inspector.method("frappe.client.get_list", http="GET", doctype="Permit Application", limit_start=-5),
		treasurer.request("GET", "/api/resource/Permit Application", params={"limit_start": -5}),
		inspector.method(
			"frappe.client.get_list", doctype="Permit Application", filters=[["name", "between", ["a"]]]
		),
		inspector.method(
			"frappe.client.get_list",
			doctype="Permit Application",
			fields=["name", "levy_payment.raw_payload"],
		),
		inspector.request("GET", "/api/resource/BPPM Settings"),
		treasurer.method("frappe.client.get_list", doctype="BPPM Settings"),
		inspector.request("GET", "/api/resource/User", params={"fields": '["name", "full_name", "last_ip"]'}),
		inspector.method("frappe.client.get_list", doctype="User", fields=["name", "last_login"]),
		# one record at a time (an attacker's second try)
		inspector.method(
			"frappe.client.get_value",
			http="GET",
			doctype="User",
			fieldname='["last_ip", "last_login"]',
			filters=world.staff[FRONT_OFFICE],
		),
		inspector.method(
			"frappe.client.get_value", http="GET", doctype="User", fieldname="last_ip", filters=world.b_user
		),
	]
	for response in cases:
		refused(response, "Traceback", "SELECT", "select ", 'last_ip":')
	# picking a user stays possible: name and full name
	picked = inspector.request("GET", "/api/resource/User", params={"fields": '["name", "full_name"]'})
	assert picked.status_code == 200 and "last_ip" not in picked.text
	horizon = world.as_role[FRONT_OFFICE].method(
		"frappe.desk.query_report.run", report_name="Permit Expiry", filters='{"days": "3000000"}'
	)
	assert horizon.status_code == 200, horizon.text[:300]


NUMBER_CARD = "frappe.desk.doctype.number_card.number_card.get_result"
DASHBOARD_CHART = "frappe.desk.doctype.dashboard_chart.dashboard_chart.get"


def test_number_cards_and_charts_filter_only_on_fields_the_user_may_read(world):
	"""A Number Card's or Dashboard Chart's query names its DocType inside a JSON argument: the
	field check never saw its filters, and an inspector counted users by their last login IP (a
	yes/no oracle one character at a time); a chart answered 500."""
	inspector = world.as_role[FIELD_INSPECTOR]
	victim = world.staff[FRONT_OFFICE]
	count_users = {"document_type": "User", "function": "Count", "aggregate_function_based_on": ""}
	by_ip = [["User", "name", "=", victim], ["User", "last_ip", "like", "%"]]
	chart = {
		"chart_type": "Count",
		"document_type": "User",
		"based_on": "creation",
		"timespan": "Last Year",
		"time_interval": "Monthly",
		"type": "Line",
		"filters_json": json.dumps([["User", "last_ip", "like", "127.%"]]),
	}
	forbidden = [
		inspector.method(NUMBER_CARD, doc=count_users, filters=by_ip),
		inspector.method(NUMBER_CARD, doc=count_users, filters=json.dumps({"last_ip": ["like", "1%"]})),
		inspector.method(
			NUMBER_CARD,
			doc={"document_type": "User", "function": "Maximum", "aggregate_function_based_on": "last_login"},
			filters=[],
		),
		inspector.method(DASHBOARD_CHART, chart=chart, no_cache=1),
		inspector.method(DASHBOARD_CHART, chart={**chart, "filters_json": "[]"}, filters=by_ip, no_cache=1),
		# the applicant's NIK through a card on Applicant (the inspector may not read Applicant)
		inspector.method(
			NUMBER_CARD,
			doc={"document_type": "Applicant", "function": "Count"},
			filters=[["Applicant", "nik", "=", world.b_nik]],
		),
	]
	for response in forbidden:
		refused(response, "Traceback", "SELECT", "select ")
		assert response.status_code == 403, f"{response.status_code}: {response.text[:300]}"
	malformed = [
		inspector.method(NUMBER_CARD, doc="{not json", filters=[]),
		inspector.method(NUMBER_CARD, doc=[1, 2], filters=[]),
		inspector.method(NUMBER_CARD, doc={"document_type": "No Such Type", "function": "Count"}, filters=[]),
		inspector.method(NUMBER_CARD, doc={"document_type": "User", "function": "Median"}, filters=[]),
		inspector.method(NUMBER_CARD, doc=count_users, filters="[not json"),
		inspector.method(DASHBOARD_CHART, chart="{not json", no_cache=1),
		inspector.method(DASHBOARD_CHART, chart={"chart_type": "Count"}, no_cache=1),
	]
	for response in malformed:
		refused(response, "Traceback", "SELECT", "select ")
		assert response.status_code == 400, f"{response.status_code}: {response.text[:300]}"
	# a card on what the user may read still counts
	manager = world.as_role[MANAGER]
	counted = manager.method(
		NUMBER_CARD,
		doc={"document_type": "Permit Application", "function": "Count"},
		filters=[["Permit Application", "workflow_state", "=", "Draft"]],
	)
	assert counted.status_code == 200 and counted.json()["message"] >= 1, counted.text[:300]
	# the office's own cards, as the desk sends them (the whole card and its filters)
	cards = frappe.get_all(
		"Number Card",
		{"type": "Document Type", "document_type": ("in", ("Permit Application", "Investment Report"))},
		pluck="name",
	)
	assert cards
	for name in cards:
		card = frappe.get_doc("Number Card", name)
		shown = manager.method(NUMBER_CARD, doc=json.loads(card.as_json()), filters=card.filters_json or "[]")
		assert shown.status_code == 200, f"{name}: {shown.text[:300]}"


def test_staff_read_a_single_only_at_their_permission_levels(world):
	"""BPPM Settings' OSS fields are the managers' (permlevel 2): Frappe's get_value on a Single
	ignores permission levels, and any filters made it answer the whole record."""
	inspector = world.as_role[FIELD_INSPECTOR]
	cases = [
		inspector.method(
			"frappe.client.get_value",
			doctype="BPPM Settings",
			fieldname="oss_base_url",
			filters="BPPM Settings",
		),
		inspector.method("frappe.client.get_value", doctype="BPPM Settings", fieldname="oss_base_url"),
		inspector.method(
			"frappe.client.get_value",
			doctype="BPPM Settings",
			fieldname=["signing_provider", "oss_kd_instansi"],
		),
		inspector.method(
			"frappe.client.get_value",
			doctype="BPPM Settings",
			fieldname="signing_provider",
			filters={"name": "BPPM Settings"},
		),
		inspector.method("frappe.client.get_value", doctype="BPPM Settings", fieldname="*"),
		inspector.method("frappe.client.get_single_value", doctype="BPPM Settings", field="oss_kd_instansi"),
	]
	for response in cases:
		refused(response, "oss_base_url", "oss_kd_instansi", "oss_enabled")
		assert response.status_code == 403, f"{response.status_code}: {response.text[:300]}"
	# their own level, and the managers' all levels
	own = inspector.method(
		"frappe.client.get_single_value", doctype="BPPM Settings", field="signing_provider"
	)
	assert own.status_code == 200, own.text[:300]
	own = inspector.method("frappe.client.get_value", doctype="BPPM Settings", fieldname="signing_provider")
	assert own.status_code == 200, own.text[:300]
	manager = world.as_role[MANAGER].method(
		"frappe.client.get_value", doctype="BPPM Settings", fieldname="oss_base_url", filters="BPPM Settings"
	)
	assert manager.status_code == 200 and "oss_base_url" in manager.text, manager.text[:300]


def test_the_login_lockout_is_429(world):
	user = make_user(FRONT_OFFICE, password=PASSWORD)
	frappe.db.commit()
	client = Http(world.server, forwarded_for="192.0.2.99")
	statuses = [
		client.request("POST", "/api/method/login", data={"usr": user, "pwd": "salah"}).status_code
		for _ in range(12)
	]
	assert 500 not in statuses and statuses[-1] == 429, statuses


def test_the_web_form_rate_limit_counts_every_spelling_of_its_name(world, fresh_limits):
	client = Http(world.server, forwarded_for="192.0.2.123")
	statuses = []
	for spelling in ("complaint", "COMPLAINT", "Complaint", "complaint ", "cOmPlAiNt") * 3:
		statuses.append(
			client.method(
				"frappe.website.doctype.web_form.web_form.accept", web_form=spelling, data="{}"
			).status_code
		)
	assert 429 in statuses[:12], statuses


def test_the_profile_form_is_no_directory_of_registered_niks(world, fresh_limits):
	"""Whether a NIK is registered: a few answers a day per portal user, whatever the address."""
	taken = frappe.db.get_value("Applicant", world.b_applicant, "nik")
	user = make_user(APPLICANT)
	applicant = make_applicant(user=user)
	frappe.db.commit()
	client = Http(world.server, token=_token(user))
	statuses = []
	for _ in range(7):
		data = {
			"name": applicant.name,
			"applicant_type": "Individual",
			"applicant_name": applicant.applicant_name,
			"nik": taken,
			"email": applicant.email,
			"mobile_no": applicant.mobile_no,
		}
		statuses.append(web_form(client, "applicant_profile", data).status_code)
	assert statuses[:5] == [417] * 5 and statuses[-1] == 429, statuses
	frappe.db.rollback()
	assert frappe.db.get_value("Applicant", applicant.name, "nik") == applicant.nik


def test_sign_up_mails_a_stranger_little_and_carries_no_link(world, fresh_limits):
	"""Each sign-up makes the office e-mail an address the client chose: an existing account is told
	once a day however often its address is signed up with, a client gets five sign-ups an hour, and
	a "name" carrying a link (which the welcome e-mail would greet) is refused."""
	frappe.cache.delete_keys("bppm:sign-up-existing:")
	guest = Http(world.server, forwarded_for="192.0.2.150")
	frappe.db.rollback()
	started = frappe.utils.add_to_date(frappe.utils.now_datetime(), seconds=-1)
	for _i in range(2):
		answer = guest.method(
			"frappe.core.doctype.user.user.sign_up", email=world.b_user, full_name="Warga", redirect_to=""
		)
		assert answer.status_code == 200, answer.text[:300]
	frappe.db.rollback()
	mails = frappe.get_all("Email Queue", filters={"creation": (">=", started)}, pluck="name")
	to_b = [
		m
		for m in mails
		if frappe.db.exists("Email Queue Recipient", {"parent": m, "recipient": world.b_user})
	]
	assert len(to_b) == 1, to_b
	for email, name in (
		(f"baru-{rand()}@example.com", "IZIN DICABUT, bayar di https://evil.example"),
		(f"baru-{rand()}@example.com", "Bayar ｅｖｉｌ．ｃｏｍ／bayar"),  # full-width look-alikes
		# a list of addresses: Frappe's sign-up would mail every one, the existing account too
		(f"baru-{rand()}@example.com,{world.b_user}", "Warga"),
	):
		answer = guest.method(
			"frappe.core.doctype.user.user.sign_up", email=email, full_name=name, redirect_to=""
		)
		refused(answer)
		assert answer.status_code != 429, (email, name)
	# that was the fifth request of the hour from this address
	last = guest.method(
		"frappe.core.doctype.user.user.sign_up",
		email=f"baru-{rand()}@example.com",
		full_name="X",
		redirect_to="",
	)
	assert last.status_code == 429, last.text[:300]
	frappe.cache.delete_keys("bppm:sign-up-existing:")


def test_sign_up_and_reset_say_the_same_whether_an_account_exists(world, fresh_limits):
	guest = Http(world.server, forwarded_for="192.0.2.140")
	existing = guest.method(
		"frappe.core.doctype.user.user.sign_up", email=world.b_user, full_name="X", redirect_to=""
	)
	new = guest.method(
		"frappe.core.doctype.user.user.sign_up",
		email=f"baru-{rand()}@example.com",
		full_name="Warga Baru",
		redirect_to="",
	)
	assert existing.status_code == new.status_code == 200
	assert existing.json()["message"] == new.json()["message"]
	frappe.db.rollback()
	assert frappe.db.get_value("User", world.b_user, "full_name") != "X"
