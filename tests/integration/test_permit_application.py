"""Creating a Permit Application: what the office computes and copies, what it refuses."""

import frappe
import pytest

from bppm_app.exceptions import (
	FieldOwnershipError,
	InvalidAmountError,
	InvalidAttachmentError,
	PermitTypeNotAvailableError,
	ProtectedFieldError,
)
from bppm_app.roles import APPLICANT, FRONT_OFFICE, VERIFIER

from .factories import (
	as_user,
	make_applicant,
	make_application,
	make_permit_type,
	make_user,
	portal_edit,
	shown_messages,
	upload,
)
from .journeys import start

LEVY_TYPE = {
	"requires_levy": 1,
	"levy_base_amount": 250000,
	"levy_rate": 15000,
	"levy_unit": "m²",
	"requires_field_inspection": 1,
	"requires_technical_recommendation": 0,
	"technical_agency": "Dinas PUPR",
}


def test_registration_number_pin_flags_documents_and_levy():
	permit_type = make_permit_type(**LEVY_TYPE)
	doc = make_application(make_applicant().name, permit_type.name, quantity=180)
	year = frappe.utils.now_datetime().year
	assert doc.name.startswith(f"PRM-{year}-")
	assert len(doc.name) == len(f"PRM-{year}-00001")
	assert doc.tracking_pin.isdigit() and len(doc.tracking_pin) == 6
	assert (doc.requires_field_inspection, doc.requires_technical_recommendation, doc.requires_levy) == (
		1,
		0,
		1,
	)
	assert doc.levy_amount == 250000 + 15000 * 180
	assert [(d.requirement, d.is_mandatory, d.review_status) for d in doc.documents] == [
		("Fotokopi KTP", 1, "Pending"),
		("Denah lokasi", 0, "Pending"),
	]
	assert doc.sla_status == "Not Started" and doc.sla_clock == "Not Started"


def test_the_levy_is_the_offices_computation():
	permit_type = make_permit_type(**LEVY_TYPE)
	with pytest.raises(ProtectedFieldError, match="Levy"):
		make_application(make_applicant().name, permit_type.name, quantity=10, levy_amount=1)
	doc = make_application(make_applicant().name, permit_type.name, quantity=10)
	assert doc.levy_amount == 400000
	doc.levy_amount = 5
	with pytest.raises(ProtectedFieldError, match="Levy"):
		doc.save()
	doc.reload()
	doc.quantity = 20
	doc.save()
	assert doc.levy_amount == 550000


def test_no_levy_when_the_type_has_none():
	permit_type = make_permit_type()
	doc = make_application(make_applicant().name, permit_type.name, quantity=99)
	assert doc.levy_amount == 0 and doc.requires_levy == 0


def test_flags_and_sla_are_copied_at_creation_and_stay(staff):
	journey = start(staff, (1, 0, 1), sla_working_days=7)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	permit_type = frappe.get_doc("Permit Type", journey.doc.permit_type)
	permit_type.requires_field_inspection = 0
	permit_type.sla_working_days = 2
	permit_type.save()
	doc = journey.edit(VERIFIER, revision_remarks="Changed remarks")
	assert (doc.requires_field_inspection, doc.sla_working_days) == (1, 7)


def test_changing_the_type_of_a_draft_follows_the_new_type():
	first = make_permit_type(**LEVY_TYPE)
	second = make_permit_type(requirements=[{"requirement": "Surat permohonan", "is_mandatory": 1}])
	doc = make_application(make_applicant().name, first.name, quantity=1)
	doc.permit_type = second.name
	doc.save()
	assert doc.requires_levy == 0 and doc.levy_amount == 0
	assert [d.requirement for d in doc.documents] == ["Surat permohonan"]


def test_quantity_cannot_be_negative():
	permit_type = make_permit_type(**LEVY_TYPE)
	before = frappe.db.count("Permit Application")
	with pytest.raises(InvalidAmountError, match="Quantity"):
		make_application(make_applicant().name, permit_type.name, quantity=-1)
	assert frappe.db.count("Permit Application") == before


def test_inactive_permit_type_is_refused():
	permit_type = make_permit_type(is_active=0)
	before = frappe.db.count("Permit Application")
	with pytest.raises(PermitTypeNotAvailableError):
		make_application(make_applicant().name, permit_type.name)
	assert frappe.db.count("Permit Application") == before
	assert any("not open for applications" in m for m in shown_messages())


def test_unpublished_type_is_open_at_the_counter_but_not_online():
	permit_type = make_permit_type(is_published=0)
	clerk = make_user(FRONT_OFFICE)
	with as_user(clerk):
		counter = make_application(make_applicant().name, permit_type.name)
	assert counter.channel == "Counter"
	user = make_user(APPLICANT)
	applicant = make_applicant(user=user)
	with as_user(user), pytest.raises((PermitTypeNotAvailableError, frappe.PermissionError)):
		make_application(applicant.name, permit_type.name)


def test_online_channel_for_portal_users():
	user = make_user(APPLICANT)
	applicant = make_applicant(user=user)
	permit_type = make_permit_type()
	with as_user(user):
		doc = make_application(applicant.name, permit_type.name, channel="Counter")
	assert doc.channel == "Online"


def test_attachment_of_a_type_the_requirement_does_not_allow():
	permit_type = make_permit_type()
	before = frappe.db.count("Permit Application")
	with pytest.raises(InvalidAttachmentError, match="Fotokopi KTP"):
		make_application(
			make_applicant().name,
			permit_type.name,
			documents=[{"requirement": "Fotokopi KTP", "attachment": "/private/files/ktp.exe"}],
		)
	assert frappe.db.count("Permit Application") == before
	url = upload("Administrator", "ktp.PDF")
	doc = make_application(
		make_applicant().name,
		permit_type.name,
		documents=[{"requirement": "Fotokopi KTP", "attachment": url}],
	)
	assert doc.documents[0].attachment == url


def test_unknown_requirement_row_is_refused():
	with pytest.raises(InvalidAttachmentError, match="not a requirement"):
		make_application(
			make_applicant().name, make_permit_type().name, documents=[{"requirement": "Surat sakti"}]
		)


def test_applicant_cannot_review_their_own_documents(staff):
	journey = start(staff, upload=False)
	with as_user(journey.applicant_user):
		doc = frappe.get_doc("Permit Application", journey.name)
		doc.documents[0].attachment = upload(journey.applicant_user, "ktp.pdf")
		doc.documents[0].review_status = "Accepted"
		rows = [row.as_dict(convert_dates_to_str=True) for row in doc.documents]
		with pytest.raises(FieldOwnershipError):
			portal_edit("Permit Application", journey.name, documents=rows)
		rows[0]["review_status"] = "Pending"
		doc = portal_edit("Permit Application", journey.name, documents=rows)
		assert doc.documents[0].review_status == "Pending" and doc.documents[0].attachment
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	doc = journey.edit(VERIFIER, accept_documents=True)
	assert frappe.db.get_value("Application Document", doc.documents[0].name, "review_status") == "Accepted"


def test_applicant_name_is_fetched():
	applicant = make_applicant(applicant_name="Budi Uji")
	doc = make_application(applicant.name, make_permit_type().name)
	assert doc.applicant_name == "Budi Uji"


def test_a_draft_without_sla_days_takes_its_types_at_submission(staff):
	# drafts made before the SLA days were copied onto applications
	journey = start(staff, sla_working_days=9)
	frappe.db.set_value("Permit Application", journey.name, "sla_working_days", 0, update_modified=False)
	doc = journey.submit()
	assert doc.sla_working_days == 9
	assert doc.sla_due_date > frappe.utils.getdate()
	assert doc.sla_status == "On Track"


def test_the_patch_for_older_sites_clears_unsafe_attachment_values_and_tracebacks():
	from bppm_app.patches.v0_2 import harden_trust_boundary

	doc = make_application(make_applicant().name, make_permit_type().name)
	row = doc.documents[0].name
	frappe.db.set_value("Application Document", row, "attachment", 'javascript:alert(1)"><img src=x>')
	safe = doc.documents[1].name
	frappe.db.set_value("Application Document", safe, "attachment", "/private/files/denah.pdf")
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)
	harden_trust_boundary.execute()
	assert frappe.db.get_value("Application Document", row, "attachment") is None
	assert frappe.db.get_value("Application Document", safe, "attachment") == "/private/files/denah.pdf"
	assert not frappe.db.get_single_value("System Settings", "allow_error_traceback", cache=False)
