"""A permit's life after issue: renewal and amendment (applicant and counter), the renewal window,
supersession on /verify, and the low-risk fast lane."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from bppm_app import api
from bppm_app.engine import stages, workflow
from bppm_app.exceptions import FourEyesError, PreviousPermitError, ProtectedFieldError
from bppm_app.roles import APPLICANT, FRONT_OFFICE, HEAD, VERIFIER
from bppm_app.rules import numbering
from bppm_app.utils import as_user
from bppm_app.web import applicant_portal, public

from .documents import mail_to
from .factories import make_application, make_user
from .journeys import DOCTYPE, counter_start, start

RENEWABLE = {"renewal_window_days": 366}  # a 12-month permit is renewable from the day it is issued


def issued(staff, **type_fields):
	journey = start(staff, (0, 0, 0), **{**RENEWABLE, **type_fields})
	journey.to_awaiting_approval()
	journey.approve()
	return journey


def follow_up(journey, user, application_type):
	with as_user(user):
		return frappe.get_doc(DOCTYPE, api.start_follow_up(journey.name, application_type)["name"])


def issue_follow_up(staff, journey, doc):
	"""The follow-up through the office like any application; returns it issued."""
	follow = type(journey)(staff, journey.applicant_user, doc.name)
	follow.edit(APPLICANT, upload_documents=True)
	follow.to_awaiting_approval()
	return follow.approve()


def verify_page(code: str) -> str:
	"""The content block of /verify/<code>, rendered from the page's own context and template."""
	from bppm_app.www import verify

	frappe.form_dict.code = code
	context = verify.get_context(frappe._dict())
	template = frappe.get_jenv().get_template("bppm_app/www/verify.html")
	return "".join(template.blocks["page_content"](template.new_context({**context, "_": frappe._})))


def test_an_applicant_renews_their_permit_on_the_portal(staff):
	journey = issued(staff)
	old = journey.doc
	with as_user(journey.applicant_user):
		listed = next(row for row in applicant_portal.applications() if row["name"] == old.name)
	assert [offer["application_type"] for offer in listed["follow_ups"]] == ["Renewal", "Amendment"]
	renewal = follow_up(journey, journey.applicant_user, "Renewal")
	assert (renewal.application_type, renewal.previous_application, renewal.channel) == (
		"Renewal",
		old.name,
		"Online",
	)
	assert (renewal.subject, renewal.permit_type, renewal.applicant) == (
		old.subject,
		old.permit_type,
		old.applicant,
	)
	accepted = {
		row.requirement: row.attachment
		for row in old.documents
		if row.review_status == "Accepted" and row.attachment
	}
	assert {row.requirement: row.attachment for row in renewal.documents if row.attachment} == accepted
	assert all(row.review_status == "Pending" for row in renewal.documents), "the office reviews again"
	# a second click continues the same draft
	assert follow_up(journey, journey.applicant_user, "Renewal").name == renewal.name
	with as_user(journey.applicant_user):
		api.submit_application(renewal.name)
	new = type(journey)(staff, journey.applicant_user, renewal.name)
	new.verify()
	new = new.approve()
	old = journey.doc
	assert (old.superseded_by, getdate(old.superseded_on)) == (new.name, getdate(nowdate()))
	# a renewal runs on from the day after the old permit ends
	assert getdate(new.valid_until) == numbering.valid_until(add_days(old.valid_until, 1), 12)
	seen = public.verify(old.verification_code)
	assert seen["status"] == "Superseded"
	assert seen["superseded_by"] == new.permit_number
	assert seen["superseded_by_url"] == f"/verify/{new.verification_code}"
	assert public.verify(new.verification_code)["status"] == "Valid"
	# the old permit is no longer offered for renewal, and gets no expiry reminder
	with as_user(journey.applicant_user):
		listed = next(row for row in applicant_portal.applications() if row["name"] == old.name)
	assert listed["follow_ups"] == []
	reminder = frappe.get_doc("Notification", "Permit Expiry Reminder")
	assert not frappe.safe_eval(reminder.condition, None, {"doc": old.as_dict()})
	assert frappe.safe_eval(reminder.condition, None, {"doc": new.as_dict()})


def test_the_verify_page_shows_the_successor(staff, site):
	journey = issued(staff)
	amendment = follow_up(journey, staff[FRONT_OFFICE], "Amendment")
	issue_follow_up(staff, journey, amendment)
	html = verify_page(journey.doc.verification_code)
	assert 'data-status="Superseded"' in html
	assert frappe.get_doc(DOCTYPE, amendment.name).permit_number in html


def test_counter_staff_amend_a_permit_which_keeps_its_term(staff):
	journey = issued(staff)
	old = journey.doc
	amendment = follow_up(journey, staff[FRONT_OFFICE], "Amendment")
	assert amendment.channel == "Counter" and amendment.owner == staff[FRONT_OFFICE]
	new = issue_follow_up(staff, journey, amendment)
	assert new.valid_until == old.valid_until
	assert journey.doc.superseded_by == new.name
	# the register shows the chain
	from bppm_app.bppm.report.permit_application_register import permit_application_register as register

	with as_user(staff[FRONT_OFFICE]):
		_columns, rows, *_ = register.execute({"from_date": add_days(nowdate(), -1), "to_date": nowdate()})
	by_name = {row.name: row for row in rows}
	assert by_name[new.name].previous_application == old.name
	assert by_name[old.name].superseded_by == new.name


def test_the_renewal_window_and_fewer_documents(staff):
	journey = issued(
		staff,
		renewal_window_days=30,
		requirements=[
			{"requirement": "Fotokopi KTP", "is_mandatory": 1, "allowed_file_types": "pdf"},
			{
				"requirement": "Surat Pernyataan",
				"is_mandatory": 1,
				"required_for_renewal": 0,
				"allowed_file_types": "pdf",
			},
		],
	)
	with as_user(journey.applicant_user):
		listed = next(row for row in applicant_portal.applications() if row["name"] == journey.name)
		assert [offer["application_type"] for offer in listed["follow_ups"]] == ["Amendment"]
		with pytest.raises(PreviousPermitError, match="cannot be renewed or amended like this now"):
			api.start_follow_up(journey.name, "Renewal")
	# the counter is refused too, with the date the window opens
	with as_user(staff[FRONT_OFFICE]), pytest.raises(PreviousPermitError, match="can be renewed from"):
		api.start_follow_up(journey.name, "Renewal")
	frappe.db.set_value("Permit Type", journey.doc.permit_type, "renewal_window_days", 366)
	renewal = follow_up(journey, journey.applicant_user, "Renewal")
	mandatory = {row.requirement: row.is_mandatory for row in renewal.documents}
	assert mandatory == {"Fotokopi KTP": 1, "Surat Pernyataan": 0}
	# the type and the previous permit are fixed once submitted
	with as_user(journey.applicant_user):
		api.submit_application(renewal.name)
	with as_user(staff[FRONT_OFFICE]), pytest.raises(ProtectedFieldError):
		doc = frappe.get_doc(DOCTYPE, renewal.name)
		doc.application_type = "New"
		doc.previous_application = None
		doc.save()


def test_a_previous_permit_that_cannot_be_continued_is_refused_on_every_path(staff):
	journey = issued(staff)
	other = start(staff, (0, 0, 0), **RENEWABLE)  # another applicant's draft
	with as_user(other.applicant_user):
		# another person's permit, through the portal's method: not found
		with pytest.raises(frappe.DoesNotExistError):
			api.start_follow_up(journey.name, "Renewal")
	other = counter_start(staff, (0, 0, 0), **RENEWABLE)  # another applicant's draft at the counter
	# the desk: a renewal of another applicant's permit, of an unissued file
	with as_user(staff[FRONT_OFFICE]):
		for previous, message in (
			(journey.name, "not an issued permit of this applicant"),
			(other.name, "not an issued permit"),
		):
			doc = frappe.get_doc(DOCTYPE, other.name)
			doc.application_type = "Renewal"
			doc.previous_application = previous
			with pytest.raises(PreviousPermitError, match=message):
				doc.save()
		with pytest.raises(PreviousPermitError, match="needs the issued permit"):
			make_application(journey.doc.applicant, journey.doc.permit_type, application_type="Renewal")
	# a revoked permit
	journey.act(HEAD, "Revoke", revocation_reason="Izin dipindahtangankan")
	with as_user(staff[FRONT_OFFICE]), pytest.raises(PreviousPermitError, match="revoked"):
		api.start_follow_up(journey.name, "Amendment")
	# Frappe's own amend of a cancelled permit stays refused
	with as_user(staff[FRONT_OFFICE]), pytest.raises(frappe.ValidationError):
		copy = frappe.copy_doc(journey.doc)
		copy.amended_from = journey.name
		copy.insert()


def test_a_permit_is_superseded_once(staff):
	journey = issued(staff)
	first = follow_up(journey, staff[FRONT_OFFICE], "Amendment")
	second = follow_up(journey, staff[FRONT_OFFICE], "Renewal")
	issue_follow_up(staff, journey, first)
	late = type(journey)(staff, journey.applicant_user, second.name)
	late.edit(APPLICANT, upload_documents=True)
	late.to_awaiting_approval()
	with pytest.raises(PreviousPermitError, match="already been replaced"):
		late.approve()
	assert late.doc.workflow_state == "Awaiting Approval" and not late.doc.permit_number


def test_revocation_needs_a_reason_and_tells_the_holder(staff):
	journey = issued(staff)
	frappe.cache.hdel("notifications", DOCTYPE)
	with pytest.raises(frappe.ValidationError, match="reason"):
		journey.act(HEAD, "Revoke")
	address = f"{frappe.generate_hash(length=8)}@test.bppm.example"
	frappe.db.set_value("Applicant", journey.doc.applicant, "email", address)
	frappe.db.set_value(DOCTYPE, journey.name, "applicant_email", address)
	journey.act(HEAD, "Revoke", revocation_reason="Izin dipindahtangankan")
	mail = mail_to(journey.name, address, "dicabut")
	assert "Izin dipindahtangankan" in mail.body and journey.doc.permit_number in mail.subject


# --- the low-risk fast lane -----------------------------------------------------------------------


def fast_lane_file(staff, **type_fields):
	journey = start(staff, (0, 0, 0), risk_level="Low", **type_fields)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	journey.edit(VERIFIER, accept_documents=True)
	return journey


def test_the_fast_lane_is_off_by_default(staff):
	journey = fast_lane_file(staff)
	second = make_user(VERIFIER)
	with as_user(second):
		actions = [t.action for t in workflow.available(journey.doc)]
	assert "Issue (Fast Lane)" not in actions


def test_a_second_verifier_issues_in_the_fast_lane(staff):
	journey = fast_lane_file(staff, fast_lane=1)
	assert journey.doc.fast_lane and journey.doc.risk_level == "Low"
	# whoever verified does not issue
	with pytest.raises(FourEyesError):
		journey.act(VERIFIER, "Issue (Fast Lane)")
	second = make_user(VERIFIER)
	doc = journey.act(second, "Issue (Fast Lane)")
	assert (doc.workflow_state, doc.docstatus, doc.decision) == ("Issued", 1, "Approved")
	assert doc.permit_number
	log = stages.stages_of(doc.name)
	assert (log[-1].state, log[-1].action, log[-1].entered_by) == ("Issued", "Issue (Fast Lane)", second)


def test_the_fast_lane_needs_every_mandatory_document_accepted(staff):
	journey = start(staff, (0, 0, 0), risk_level="Low", fast_lane=1)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	second = make_user(VERIFIER)
	with as_user(second):
		assert "Issue (Fast Lane)" not in [t.action for t in workflow.available(journey.doc)]
