"""Applicant validation: a clear, translated error and nothing stored."""

import frappe
import pytest

from bppm_app.exceptions import (
	DuplicateApplicantError,
	InvalidContactError,
	InvalidNIBError,
	InvalidNIKError,
	InvalidNPWPError,
)
from bppm_app.roles import APPLICANT, FRONT_OFFICE

from .factories import as_user, make_applicant, make_user, portal_edit, shown_messages, unique_nib, unique_nik


def count():
	return frappe.db.count("Applicant")


def test_individual_is_stored_with_normalised_numbers():
	nik = unique_nik(female=True)
	doc = make_applicant(
		nik=f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}",
		npwp="01.234.567.8-901.000",
		mobile_no="0812-3456-7890",
		email=" Siti@Mail.Example ",
	)
	doc.reload()
	assert doc.nik == nik
	assert doc.npwp == "012345678901000"
	assert doc.mobile_no == "+6281234567890"
	assert doc.email == "siti@mail.example"
	assert doc.name.startswith("APL-")


@pytest.mark.parametrize(
	"fields, exc, message",
	[
		({"nik": "123"}, InvalidNIKError, "16 digits"),
		({"nik": "6474021213850002"}, InvalidNIKError, "date of birth"),
		({"nik": "0074021203850002"}, InvalidNIKError, "province"),
		({"nik": None}, InvalidNIKError, "required"),
		({"nib": "12345"}, InvalidNIBError, "13 digits"),
		({"npwp": "12.345"}, InvalidNPWPError, "15 or 16"),
		({"mobile_no": "0541-123456"}, InvalidContactError, "Mobile number"),
		({"email": "budi@"}, InvalidContactError, "E-mail"),
	],
)
def test_bad_input_is_refused_and_nothing_is_stored(fields, exc, message):
	before = count()
	with pytest.raises(exc, match=message):
		make_applicant(**fields)
	assert count() == before
	messages = (
		[frappe.parse_json(m).get("message") for m in frappe.get_message_log() or []]
		if hasattr(frappe, "get_message_log")
		else []
	)
	if message and messages:
		assert any(message in (m or "") for m in messages)


def test_business_entity_needs_no_nik():
	doc = make_applicant(
		applicant_type="Business Entity", applicant_name="PT Uji Coba", nik=None, nib=unique_nib()
	)
	assert doc.nik is None
	assert len(doc.nib) == 13


def test_nik_nib_and_user_are_unique():
	nik, nib = unique_nik(), unique_nib()
	user = make_user(APPLICANT)
	make_applicant(nik=nik, nib=nib, user=user)
	before = count()
	with pytest.raises(DuplicateApplicantError, match="NIK"):
		make_applicant(nik=nik)
	with pytest.raises(DuplicateApplicantError, match="NIB"):
		make_applicant(nib=nib)
	with pytest.raises(DuplicateApplicantError, match="Portal User"):
		make_applicant(user=user)
	assert count() == before


def test_empty_nib_is_not_a_duplicate():
	make_applicant(nib="")
	make_applicant(nib=None)  # two applicants without NIB are fine


def test_portal_user_registers_only_themselves():
	user = make_user(APPLICANT)
	other = make_user(APPLICANT)
	with as_user(user):
		# on the portal's profile form, which binds the profile to its user
		mine = make_applicant(user=None)
		assert mine.user == user
		assert mine.email == user
		# a user field sent with the form is not the form's: the profile stays the user's
		mine = portal_edit("Applicant", mine.name, user=other)
		assert mine.user == user
		# and through Frappe's generic save, portal users have no permission at all
		doc = frappe.get_doc("Applicant", mine.name)
		doc.user = other
		with pytest.raises(frappe.PermissionError):
			doc.save()
	with as_user(other):
		# nor can another portal user open it on the form
		with pytest.raises(frappe.PermissionError):
			portal_edit("Applicant", mine.name, applicant_name="Diambil alih")
	assert frappe.db.get_value("Applicant", mine.name, ["user", "applicant_name"]) == (
		user,
		mine.applicant_name,
	)


def test_front_office_registers_walk_in_applicants_without_account():
	clerk = make_user(FRONT_OFFICE)
	with as_user(clerk):
		doc = make_applicant(user=None)
	assert doc.user is None
	assert doc.owner == clerk


def test_translated_message_in_indonesian():
	frappe.local.lang = "id"
	try:
		with pytest.raises(InvalidNIKError) as excinfo:
			make_applicant(nik="123")
		assert "16 digit" in str(excinfo.value)
		assert str(excinfo.value) != "NIK must be exactly 16 digits."
	finally:
		frappe.local.lang = "en"
