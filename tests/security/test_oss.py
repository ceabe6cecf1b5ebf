"""OSS RBA, attacked over HTTP: the guest-reachable receiveNIB (its Token, its body, its rate of
refusals), the permit download link, the outbox's records and the managers' methods, and the
settings' secrets. Everything answers 4xx, leaks nothing and changes nothing."""

import json

import frappe
import pytest

from bppm_app.roles import FRONT_OFFICE, HEAD, MANAGER, VERIFIER
from tests.integration.oss import TOKEN, USER_KEY, OSSOffice, new_nib, sync
from tests.oss_local import LocalOSS

from .conftest import Http, answered_without, refused

RECEIVE = "/api/method/bppm_app.api.oss_receive_nib"
OSS_DOCTYPES = ("OSS Message", "OSS Checklist Item")


@pytest.fixture(scope="module")
def oss_world(world):
	"""The world's office talking to a local OSS, with one OSS application and its sent messages."""
	with LocalOSS(USER_KEY) as local:
		office = OSSOffice(local)
		name = office.receive(world.server)
		sync(name)
		w = frappe._dict(world, office=office, local=local, application=name)
		yield w
		frappe.db.rollback()
		office.purge()


def test_receive_nib_with_a_wrong_token_is_401_and_a_flood_of_them_is_turned_away(oss_world):
	body = json.dumps(oss_world.office.body([oss_world.office.item()])).encode()
	nib = json.loads(body)["dataNIB"]["nib"]
	client = Http(oss_world.server, forwarded_for="203.0.113.77")
	statuses = []
	for attempt in range(25):
		response = client.request(
			"POST",
			RECEIVE,
			data=body,
			headers={"Content-Type": "application/json", "Token": f"guess-{attempt:04d}"},
		)
		statuses.append(response.status_code)
		refused(response, TOKEN, USER_KEY)
	assert statuses[0] == 401 and statuses[-1] == 429
	frappe.cache.delete_keys("bppm:oss-refused:")
	frappe.db.rollback()
	assert not frappe.db.exists("Applicant", {"nib": nib})


@pytest.mark.parametrize(
	"payload, content_type",
	[
		(b'{"dataNIB": ', "application/json"),
		(b"\x00\x01\x02", "application/json"),
		(b"[" * 20_000, "application/json"),
		(b"null", "application/json"),
		(b"<xml/>", "application/xml"),
		(b"dataNIB=1", "application/x-www-form-urlencoded"),
		# JSON whose dataNIB is no object (an outsider's probe found a 500 here)
		(b'{"dataNIB": "x"}', "text/plain"),
		(b'{"dataNIB": [1]}', "application/json"),
		(b'{"dataNIB": 1}', "text/plain"),
		(b'{"dataNIB": null}', "application/json"),
	],
)
@pytest.mark.parametrize("token", [TOKEN, None], ids=["with-token", "without-token"])
def test_receive_nib_never_answers_5xx_to_a_bad_body(oss_world, payload, content_type, token):
	frappe.cache.delete_keys("bppm:oss-refused:")  # the refusals of the other cases count too
	headers = {"Content-Type": content_type, **({"Token": token} if token else {})}
	response = Http(oss_world.server).request("POST", RECEIVE, data=payload, headers=headers)
	refused(response, TOKEN, USER_KEY)
	# without the Token: 401, or 400 for a body Frappe itself cannot read before any check runs
	assert response.status_code in ((400, 401) if token is None else (400,))
	assert response.json()["responreceiveNIB"]["status"] == "2"
	assert "Traceback" not in response.text


def test_receive_nib_is_post_only(oss_world):
	refused(Http(oss_world.server).get(RECEIVE))


def test_the_permit_link_gives_nothing_for_a_guessed_or_malformed_token(oss_world):
	guest = Http(oss_world.server)
	for token in ("A" * 43, "", "x" * 500, "'; select 1; --", "../../etc/passwd"):
		response = guest.get("/api/method/bppm_app.api.oss_permit_file", token=token)
		refused(response)
		assert b"%PDF" not in response.content


@pytest.mark.parametrize("doctype", OSS_DOCTYPES)
def test_guests_portal_users_and_other_staff_get_nothing_of_the_outbox(oss_world, doctype):
	frappe.db.rollback()
	name = frappe.db.get_value(doctype, {}, "name", order_by="creation desc")
	assert name
	clients = [oss_world.guest, oss_world.a, oss_world.as_role[VERIFIER]]
	if doctype == "OSS Message":
		clients.append(oss_world.as_role[FRONT_OFFICE])
	for client in clients:
		refused(client.get(f"/api/resource/{doctype}"), name)
		refused(client.get(f"/api/resource/{doctype}/{name}"), name)
		refused(client.method("frappe.client.get", doctype=doctype, name=name), name)
		refused(client.method("frappe.client.get_list", doctype=doctype, fields=["name", "payload"]), name)
		refused(
			client.method(
				"frappe.client.get_value", doctype=doctype, filters={"name": name}, fieldname="payload"
			),
			name,
		)
		answered = client.method("frappe.client.get_count", doctype=doctype)
		if answered.status_code == 200:
			assert answered.json()["message"] == 0
		else:
			refused(answered)
		refused(
			client.method("frappe.desk.reportview.get", doctype=doctype, fields=json.dumps(["name"])), name
		)
		answered_without(client.method("frappe.desk.search.search_link", doctype=doctype, txt=""), name)
	# the managers and the heads read it
	assert oss_world.as_role[MANAGER].get(f"/api/resource/{doctype}/{name}").status_code == 200
	assert oss_world.as_role[HEAD].get(f"/api/resource/{doctype}/{name}").status_code == 200


def test_nobody_writes_the_outbox_by_hand(oss_world):
	frappe.db.rollback()
	name = frappe.db.get_value("OSS Message", {"permit_application": oss_world.application}, "name")
	before = frappe.db.get_value("OSS Message", name, ["status", "payload"], as_dict=True)
	manager = oss_world.as_role[MANAGER]
	refused(manager.put(f"/api/resource/OSS Message/{name}", status="Pending", payload="{}"))
	refused(manager.delete(f"/api/resource/OSS Message/{name}"))
	refused(
		manager.post("/api/resource/OSS Message", permit_application=oss_world.application, kd_status="50")
	)
	refused(
		manager.method(
			"frappe.client.set_value", doctype="OSS Message", name=name, fieldname="status", value="Pending"
		)
	)
	frappe.db.rollback()
	assert frappe.db.get_value("OSS Message", name, ["status", "payload"], as_dict=True) == before


@pytest.mark.parametrize(
	"method, args",
	[
		("bppm_app.api.oss_sync", {"force": 1}),
		("bppm_app.api.oss_resend", {"name": "x"}),
		("bppm_app.api.oss_retry_item", {"name": "x"}),
		("bppm_app.api.oss_lookup_nib", {"nib": "8120001234567"}),
	],
)
def test_the_offices_oss_methods_are_closed_to_guests_portal_users_and_wrong_roles(oss_world, method, args):
	clients = [oss_world.guest, oss_world.a]
	if method != "bppm_app.api.oss_lookup_nib":
		clients += [oss_world.as_role[VERIFIER], oss_world.as_role[FRONT_OFFICE], oss_world.as_role[HEAD]]
	else:
		clients += [oss_world.as_role[VERIFIER]]
	for client in clients:
		refused(client.method(method, **args), USER_KEY, TOKEN)


def test_the_settings_secrets_are_for_managers_and_never_leave_as_values(oss_world):
	for role in (VERIFIER, FRONT_OFFICE, HEAD):
		response = oss_world.as_role[role].get("/api/resource/BPPM Settings/BPPM Settings")
		answered_without(response, USER_KEY, TOKEN)
		data = response.json().get("data", {}) if response.status_code == 200 else {}
		for field in ("oss_user_key", "oss_inbound_token", "oss_base_url", "oss_status_map"):
			assert not data.get(field), (role, field)
	manager = oss_world.as_role[MANAGER].get("/api/resource/BPPM Settings/BPPM Settings")
	assert manager.status_code == 200
	answered_without(manager, USER_KEY, TOKEN)
	assert manager.json()["data"]["oss_base_url"] == oss_world.local.url


def test_the_lookup_of_a_malformed_nib_is_a_4xx(oss_world):
	front = oss_world.as_role[FRONT_OFFICE]
	for nib in ("", "123", "8" * 200, "81200012345a7"):
		refused(front.method("bppm_app.api.oss_lookup_nib", nib=nib))
	assert front.method("bppm_app.api.oss_lookup_nib", nib=new_nib()).json()["message"]["found"] is False
