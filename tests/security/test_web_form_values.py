"""A web form's value of the wrong kind (a list, an object, a number or an infinity where a field holds
text, an object in a link field) is a clear 400 naming the field, for guests and portal users alike,
and nothing is stored. Frappe set whatever JSON arrived, and a controller or SQL failed with a
server error (an attacker filled the Error Log from /complaint as a guest)."""

import json

import frappe
import pytest

from tests.integration.factories import make_investment, rand

from .conftest import refused

ACCEPT = "frappe.website.doctype.web_form.web_form.accept"
ODD = {"a list": ["a"], "an object": {"a": 1}, "a number": 12345, "true": True}


def send(client, form: str, data: dict, raw: str | None = None):
	return client.method(ACCEPT, web_form=form, data=raw if raw is not None else json.dumps(data))


def names_the_field(response, label: str) -> None:
	"""400 with a message that names the field (in the caller's language), no trace of a failure."""
	refused(response, "Traceback", "SELECT", "select ", "AttributeError", "TypeError")
	assert response.status_code == 400, f"{response.status_code}: {response.text[:400]}"
	messages = response.json().get("_server_messages") or ""
	assert label in messages or frappe._(label, lang="id") in messages, messages[:400]


def complaint(**changes) -> dict:
	data = {
		"complainant_name": "Penguji",
		"email": f"penguji-{rand(5)}@mail.example",
		"registration_number": "PRM-2026-00001",
		"subject": "Pelayanan lambat",
		"description": "Berkas belum diproses.",
	}
	data.update(changes)
	return data


@pytest.fixture
def fresh_limits():
	frappe.cache.delete_keys("bppm:rate:")
	yield
	frappe.cache.delete_keys("bppm:rate:")


@pytest.mark.parametrize("odd", list(ODD), ids=list(ODD))
@pytest.mark.parametrize(
	"field, label", [("email", "Email"), ("registration_number", "Registration Number (if any)")]
)
@pytest.mark.parametrize("who", ["guest", "a"])
def test_a_complaint_with_a_value_of_the_wrong_kind_is_400(world, fresh_limits, who, field, label, odd):
	before = frappe.db.count("Public Complaint")
	response = send(getattr(world, who), "complaint", complaint(**{field: ODD[odd]}))
	names_the_field(response, label)
	frappe.db.rollback()
	assert frappe.db.count("Public Complaint") == before


@pytest.mark.parametrize("who", ["guest", "a"])
def test_objects_and_infinities_in_a_complaints_text_are_400(world, fresh_limits, who):
	before = frappe.db.count("Public Complaint")
	client = getattr(world, who)
	names_the_field(send(client, "complaint", complaint(subject={"a": 1})), "Subject")
	names_the_field(send(client, "complaint", complaint(description={"a": 1})), "Description")
	# JSON's 1e309 reads as an infinite float; Infinity and NaN are not JSON at all
	raw = json.dumps(complaint()).replace('"Pelayanan lambat"', "1e309")
	names_the_field(send(client, "complaint", {}, raw=raw), "Subject")
	for constant in ("Infinity", "NaN"):
		response = send(client, "complaint", {}, raw=json.dumps(complaint()).replace('"Penguji"', constant))
		refused(response, "Traceback")
		assert response.status_code == 400, response.text[:300]
	frappe.db.rollback()
	assert frappe.db.count("Public Complaint") == before


@pytest.mark.parametrize(
	"field, label, value",
	[
		("mobile_no", "Mobile No", 12345),
		("mobile_no", "Mobile No", True),
		("mobile_no", "Mobile No", ["a"]),
		("nib", "NIB", ["a"]),
		("nib", "NIB", {"a": 1}),
		("nib", "NIB", 1e300),
		("address", "Address", 12345),
		("address", "Address", True),
		("city", "City", {"a": 1}),
		("kelurahan", "Kelurahan", {"a": 1}),
		("applicant_name", "Applicant Name", 1e300),
	],
)
def test_the_profile_form_refuses_values_of_the_wrong_kind(world, fresh_limits, field, label, value):
	before = frappe.db.get_value("Applicant", world.a_applicant, "*", as_dict=True)
	data = {
		"name": world.a_applicant,
		"applicant_type": before.applicant_type,
		"applicant_name": before.applicant_name,
		"email": before.email,
		"mobile_no": before.mobile_no,
		field: value,
	}
	names_the_field(send(world.a, "applicant_profile", data), label)
	frappe.db.rollback()
	assert frappe.db.get_value("Applicant", world.a_applicant, "modified") == before.modified


def test_link_fields_given_an_object_are_400(world, fresh_limits):
	investment = make_investment(investor=world.a_applicant, project_name=f"Proyek A {rand(5)}")
	frappe.db.commit()
	try:
		counts = (frappe.db.count("Investment Report"), frappe.db.count("Permit Application"))
		lkpm = {"investment": {"a": 1}, "year": 2025, "quarter": "Q1", "investment_in_period": 1}
		names_the_field(send(world.a, "lkpm", lkpm), "Investment")
		lkpm = {"investment": investment.name, "year": 2025, "quarter": "Q1", "investment_in_period": [1]}
		names_the_field(send(world.a, "lkpm", lkpm), "Investment in Period")
		# an amount a Currency column (decimal(21,9)) cannot hold: the app's own clear refusal
		lkpm = {"investment": investment.name, "year": 2025, "quarter": "Q1", "investment_in_period": 10**12}
		too_large = send(world.a, "lkpm", lkpm)
		refused(too_large, "Traceback", "DataError", "Out of range")
		apply = {"permit_type": {"a": 1}, "subject": "Toko", "quantity": 1, "documents": []}
		names_the_field(send(world.a, "apply", apply), "Permit Type")
		apply = {"permit_type": world.types["plain"].name, "subject": "Toko", "documents": [["a"]]}
		names_the_field(send(world.a, "apply", apply), "Documents")
		frappe.db.rollback()
		assert (frappe.db.count("Investment Report"), frappe.db.count("Permit Application")) == counts
	finally:
		frappe.db.rollback()
		frappe.db.delete("Investment Report", {"investment": investment.name})
		frappe.delete_doc("Investment", investment.name, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_a_well_formed_complaint_is_still_filed(world, fresh_limits):
	data = complaint()
	response = send(world.guest, "complaint", data)
	assert response.status_code == 200, response.text[:400]
	frappe.db.rollback()
	filed = frappe.get_all("Public Complaint", {"email": data["email"]}, pluck="name")
	assert len(filed) == 1
	for name in filed:
		frappe.delete_doc("Public Complaint", name, force=True, ignore_permissions=True)
	frappe.db.commit()
