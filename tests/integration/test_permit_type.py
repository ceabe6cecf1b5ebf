"""Permit Type configuration rules, as the BPPM Manager meets them in the desk."""

import frappe
import pytest

from bppm_app.exceptions import InvalidAmountError, InvalidPermitTypeError
from bppm_app.roles import FRONT_OFFICE, MANAGER

from .factories import as_user, make_permit_type, make_user, rand, shown_messages


def test_manager_configures_a_permit_type():
	manager = make_user(MANAGER)
	with as_user(manager):
		doc = make_permit_type(
			code=" rek1 ",
			requires_levy=1,
			levy_base_amount=0,
			levy_rate=75000,
			levy_unit="m²",
			requirements=[{"requirement": " Desain reklame ", "allowed_file_types": "PDF, .JPG"}],
		)
	doc.reload()
	assert doc.code == "REK1"
	assert doc.requirements[0].requirement == "Desain reklame"
	assert doc.requirements[0].allowed_file_types == "pdf,jpg"
	assert doc.requirements[0].is_mandatory == 1


@pytest.mark.parametrize(
	"fields, exc, message",
	[
		({"code": "X"}, InvalidPermitTypeError, "2 to 12"),
		({"code": "PBG-1"}, InvalidPermitTypeError, "A–Z"),
		({"sla_working_days": 0}, InvalidPermitTypeError, "greater than zero"),
		({"sla_working_days": -3}, InvalidPermitTypeError, "greater than zero"),
		({"validity_months": -1}, InvalidPermitTypeError, "zero or more"),
		({"levy_base_amount": -1000}, InvalidAmountError, "negative"),
		({"levy_rate": -5}, InvalidAmountError, "negative"),
		(
			{"requires_levy": 1, "levy_base_amount": 0, "levy_rate": 0},
			InvalidPermitTypeError,
			"base amount or a rate",
		),
		({"requires_levy": 1, "levy_rate": 1000, "levy_unit": ""}, InvalidPermitTypeError, "levy unit"),
		({"requirements": [{"requirement": "KTP"}, {"requirement": ""}]}, InvalidPermitTypeError, "row 2"),
		({"requirements": [{"requirement": "KTP"}, {"requirement": "ktp"}]}, InvalidPermitTypeError, "twice"),
		(
			{"requirements": [{"requirement": "KTP", "allowed_file_types": "pdf;exe"}]},
			InvalidPermitTypeError,
			"extensions",
		),
	],
)
def test_bad_configuration_is_refused_and_nothing_is_stored(fields, exc, message):
	before = frappe.db.count("Permit Type")
	with pytest.raises(exc, match=message):
		make_permit_type(**fields)
	assert frappe.db.count("Permit Type") == before
	assert any(message in m for m in shown_messages())


def test_code_is_unique():
	code = "U" + rand(5).upper()
	make_permit_type(code=code)
	with pytest.raises(frappe.UniqueValidationError):
		make_permit_type(code=code.lower())


def test_only_the_manager_configures_permit_types():
	clerk = make_user(FRONT_OFFICE)
	with as_user(clerk):
		with pytest.raises(frappe.PermissionError):
			make_permit_type()
	permit_type = make_permit_type()
	with as_user(clerk):
		doc = frappe.get_doc("Permit Type", permit_type.name)  # staff may read
		doc.sla_working_days = 1
		with pytest.raises(frappe.PermissionError):
			doc.save()
