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


def web_form(client, form, data):
	return client.post(
		"/api/method/frappe.website.doctype.web_form.web_form.accept",
		{"web_form": form, "data": frappe.as_json(data)},
	)


def form_data(client, doctype, name, form):
	return client.post(
		"/api/method/frappe.website.doctype.web_form.web_form.get_form_data",
		{"doctype": doctype, "docname": name, "web_form_name": form},
	)


def test_applicants_get_nothing_through_rest_not_even_their_own(world):
	"""Portal users hold no DocType permission: /api/resource refuses them, for their own records
	too. Their records reach them through the portal's forms and pages."""
	a, b = world["rest-a"], world["rest-b"]
	for path in (
		"/api/resource/Applicant",
		"/api/resource/Permit Application",
		f"/api/resource/Permit Application/{a.application}",
		f"/api/resource/Permit Application/{b.application}",
		f"/api/resource/Applicant/{b.applicant}",
	):
		response = a.client.get(path)
		assert response.status == 403, (path, response.status)
		assert b.applicant not in response.text
	response = a.client.post("/api/method/frappe.client.get", {"doctype": "Applicant", "name": b.applicant})
	assert response.status == 403


def test_the_portal_forms_give_each_applicant_their_own(world):
	a, b = world["rest-a"], world["rest-b"]
	own = form_data(a.client, "Permit Application", a.application, "apply")
	assert own.status == 200 and own.json["message"]["doc"]["name"] == a.application
	theirs = form_data(a.client, "Permit Application", b.application, "apply")
	assert theirs.status == 403 and b.application not in theirs.text.replace(f"/{b.application}", "")


def test_put_on_anothers_record_is_forbidden_and_changes_nothing(world):
	a, b = world["rest-a"], world["rest-b"]
	before = fresh("Permit Application", b.application, "subject")
	response = a.client.put(f"/api/resource/Permit Application/{b.application}", {"subject": "dibajak"})
	assert response.status == 403
	assert a.client.put(f"/api/resource/Applicant/{b.applicant}", {"applicant_name": "dibajak"}).status == 403
	assert web_form(a.client, "apply", {"name": b.application, "subject": "dibajak"}).status == 403
	assert fresh("Permit Application", b.application, "subject") == before
	assert fresh("Applicant", b.applicant, "applicant_name") != "dibajak"


def test_own_update_on_the_form_works_but_levy_stays_the_offices(world):
	a = world["rest-a"]
	data = form_data(a.client, "Permit Application", a.application, "apply").json["message"]["doc"]
	data.update(location_address="Jl. Uji", levy_amount=1, applicant=world["rest-b"].applicant)
	response = web_form(a.client, "apply", data)
	assert response.status == 200, response.text
	assert fresh("Permit Application", a.application, "location_address") == "Jl. Uji"
	assert fresh("Permit Application", a.application, "levy_amount") == 0
	assert fresh("Permit Application", a.application, "applicant") == a.applicant


def test_bad_input_on_the_profile_form_gets_a_clear_error(world):
	a = world["rest-a"]
	data = form_data(a.client, "Applicant", a.applicant, "applicant_profile").json["message"]["doc"]
	data["nik"] = "12345"
	response = web_form(a.client, "applicant_profile", data)
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


def test_the_nik_only_for_roles_that_need_it(world):
	a = world["rest-a"]
	nik = fresh("Applicant", a.applicant, "nik")
	as_inspector = world["inspector"].get(f"/api/resource/Applicant/{a.applicant}")
	assert as_inspector.status == 403 and nik not in as_inspector.text
	as_verifier = world["verifier"].get(f"/api/resource/Applicant/{a.applicant}")
	assert as_verifier.json["data"]["nik"] == nik
	own = form_data(a.client, "Applicant", a.applicant, "applicant_profile")
	assert own.json["message"]["doc"]["nik"] == nik
