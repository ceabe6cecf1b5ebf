"""The same rules over HTTP: /api/resource and /api/method as two applicants, staff and a guest.

Requests go through Frappe's real WSGI application in their own thread and database connection,
so the data they see is committed by the ``world`` fixture (idempotent, fixed names).
"""

import frappe
import pytest

from bppm_app.roles import APPLICANT, FIELD_INSPECTOR, VERIFIER

from .factories import as_user, make_applicant, make_application, make_permit_type, make_user
from .rest import RestClient, api_token

DOMAIN = "rest.bppm.example"


def _ensure_user(local: str, role: str) -> str:
	email = f"{local}@{DOMAIN}"
	if not frappe.db.exists("User", email):
		make_user(role, email=email)
	return email


@pytest.fixture(scope="module")
def world(site):
	permit_type = frappe.db.get_value("Permit Type", {"permit_type_name": "Izin Uji REST"}, "name")
	if not permit_type:
		permit_type = make_permit_type(permit_type_name="Izin Uji REST", code="RESTUJI").name
	people = {}
	for local in ("rest-a", "rest-b"):
		user = _ensure_user(local, APPLICANT)
		applicant = frappe.db.get_value("Applicant", {"user": user}, "name") or make_applicant(user=user).name
		application = frappe.db.get_value("Permit Application", {"applicant": applicant}, "name")
		if not application:
			with as_user(user):
				application = make_application(applicant, permit_type, subject=f"Usaha {local}").name
		people[local] = frappe._dict(user=user, applicant=applicant, application=application)
	frappe.db.commit()
	for local in ("rest-a", "rest-b"):
		people[local].client = RestClient(site, api_token(people[local].user))
	people["inspector"] = RestClient(site, api_token(_ensure_user("rest-inspector", FIELD_INSPECTOR)))
	people["verifier"] = RestClient(site, api_token(_ensure_user("rest-verifier", VERIFIER)))
	people["guest"] = RestClient(site)
	return people


def names(response):
	assert response.status == 200, response.text
	return {row["name"] for row in response.json["data"]}


def fresh(doctype, name, field):
	frappe.db.rollback()  # end this connection's snapshot to see what the requests committed
	return frappe.db.get_value(doctype, name, field)


def test_list_returns_only_own_records(world):
	a, b = world["rest-a"], world["rest-b"]
	assert names(a.client.get("/api/resource/Applicant")) == {a.applicant}
	assert names(a.client.get("/api/resource/Permit Application")) == {a.application}
	assert names(b.client.get("/api/resource/Permit Application")) == {b.application}
	# filters cannot widen the view
	got = a.client.get("/api/resource/Permit Application", {"filters": f'[["name","=","{b.application}"]]'})
	assert names(got) == set()


def test_get_of_anothers_record_is_forbidden(world):
	a, b = world["rest-a"], world["rest-b"]
	assert a.client.get(f"/api/resource/Permit Application/{a.application}").status == 200
	assert a.client.get(f"/api/resource/Permit Application/{b.application}").status == 403
	assert a.client.get(f"/api/resource/Applicant/{b.applicant}").status == 403
	response = a.client.post("/api/method/frappe.client.get", {"doctype": "Applicant", "name": b.applicant})
	assert response.status == 403


def test_put_on_anothers_record_is_forbidden_and_changes_nothing(world):
	a, b = world["rest-a"], world["rest-b"]
	before = fresh("Permit Application", b.application, "subject")
	response = a.client.put(f"/api/resource/Permit Application/{b.application}", {"subject": "dibajak"})
	assert response.status == 403
	assert a.client.put(f"/api/resource/Applicant/{b.applicant}", {"applicant_name": "dibajak"}).status == 403
	assert fresh("Permit Application", b.application, "subject") == before
	assert fresh("Applicant", b.applicant, "applicant_name") != "dibajak"


def test_put_cannot_move_an_application_to_anothers_profile(world):
	a, b = world["rest-a"], world["rest-b"]
	response = a.client.put(f"/api/resource/Permit Application/{a.application}", {"applicant": b.applicant})
	assert response.status == 403
	assert fresh("Permit Application", a.application, "applicant") == a.applicant


def test_own_update_works_but_levy_stays_the_offices(world):
	a = world["rest-a"]
	response = a.client.put(
		f"/api/resource/Permit Application/{a.application}", {"location_address": "Jl. Uji", "levy_amount": 1}
	)
	assert response.status == 200, response.text
	assert response.json["data"]["location_address"] == "Jl. Uji"
	assert response.json["data"]["levy_amount"] == 0


def test_bad_input_over_rest_gets_a_clear_error(world):
	a = world["rest-a"]
	response = a.client.put(f"/api/resource/Applicant/{a.applicant}", {"nik": "12345"})
	assert response.status == 417
	assert "NIK" in response.text and "16" in response.text
	assert fresh("Applicant", a.applicant, "nik") != "12345"


def test_guest_gets_nothing(world):
	guest, a = world["guest"], world["rest-a"]
	for path in (
		"/api/resource/Applicant",
		"/api/resource/Permit Application",
		f"/api/resource/Permit Application/{a.application}",
		f"/api/resource/Applicant/{a.applicant}",
		"/api/resource/Investment",
	):
		response = guest.get(path)
		assert response.status in (401, 403), (path, response.status)
		assert a.applicant not in response.text


def test_nik_is_hidden_from_roles_that_do_not_need_it(world):
	a = world["rest-a"]
	nik = fresh("Applicant", a.applicant, "nik")
	as_inspector = world["inspector"].get(f"/api/resource/Applicant/{a.applicant}")
	assert as_inspector.status == 200
	assert as_inspector.json["data"].get("nik") is None and nik not in as_inspector.text
	as_verifier = world["verifier"].get(f"/api/resource/Applicant/{a.applicant}")
	assert as_verifier.json["data"]["nik"] == nik
	own = a.client.get(f"/api/resource/Applicant/{a.applicant}")
	assert own.json["data"]["nik"] == nik
