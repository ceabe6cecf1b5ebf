"""Service quality under attack: complaints and surveys through Frappe's generic endpoints, the
public complaint form and its tracking codes, a survey for someone else's application, the permit
download gate, and bad input. Guests and applicants hold no permission on either DocType; a guest
reaches a complaint only through its tracking code, and learns nothing else."""

import json

import frappe
import pytest

from bppm_app.roles import APPLICANT, FIELD_INSPECTOR, TREASURER, VERIFIER
from bppm_app.rules import complaints, ikm
from bppm_app.web import public
from tests.integration.factories import purge_applications, rand
from tests.integration.journeys import start
from tests.integration.rest import api_token

from .conftest import Http, answered_without, refused, snapshot

COMPLAINT, SURVEY = "Public Complaint", "Service Survey"
ACCEPT = "frappe.website.doctype.web_form.web_form.accept"
FORM_DATA = "frappe.website.doctype.web_form.web_form.get_form_data"
STATUS = "bppm_app.api.complaint_status"
PREFIX = "[uji-keamanan]"


def web_form(client, form: str, data) -> object:
	return client.method(ACCEPT, web_form=form, data=data if isinstance(data, str) else json.dumps(data))


@pytest.fixture(scope="module")
def quality(world, staff):
	"""B's complaint filed on the portal, a guest's complaint, a survey of a decided application, and
	an issued application D whose applicant has an API token (for the download gate)."""
	frappe.cache.delete_keys("bppm:rate:")
	b_email = f"korban-{rand(6)}@mail.example"
	b_filed = web_form(
		world.b,
		"complaint",
		{
			"complainant_name": world.b_name,
			"email": b_email,
			"mobile_no": world.b_mobile,
			"subject": f"{PREFIX} Keluhan rahasia {rand(5)}",
			"description": "Rahasia korban: nomor rekening 1234567890.",
		},
	)
	assert b_filed.status_code == 200, b_filed.text
	b_code = b_filed.json()["message"]["tracking_code"]
	guest_filed = web_form(
		Http(world.server, forwarded_for="192.0.2.31"),
		"complaint",
		{
			"complainant_name": "Pelapor Anonim",
			"email": f"anonim-{rand(6)}@mail.example",
			"subject": f"{PREFIX} Pungutan liar {rand(5)}",
			"description": "Diminta uang pelicin di loket.",
			"registration_number": world.issued,
		},
	)
	assert guest_filed.status_code == 200, guest_filed.text
	# the decided application of C gets its survey through its link, with a suggestion to keep secret
	token = frappe.db.get_value("Permit Application", world.issued, "survey_token")
	answers = dict.fromkeys(ikm.FIELDS, 3)
	answers.update({"survey_token": token, "suggestion": "Saran rahasia: petugas X meminta imbalan."})
	surveyed = web_form(Http(world.server, forwarded_for="192.0.2.32"), "survey", answers)
	assert surveyed.status_code == 200, surveyed.text
	# D is decided while the office asks for the survey before the permit (the switch goes off
	# again; the gate test turns it on)
	d = start(staff)
	d.to_awaiting_approval()
	frappe.db.set_single_value("BPPM Settings", "survey_before_permit_download", 1)
	d.approve()
	frappe.db.set_single_value("BPPM Settings", "survey_before_permit_download", 0)
	assert frappe.db.get_value("Permit Application", d.name, "permit_after_survey") == 1
	frappe.db.commit()
	frappe.db.rollback()
	q = frappe._dict(
		b_code=b_code,
		b_email=b_email,
		b_complaint=frappe.db.get_value(COMPLAINT, {"tracking_code": b_code}),
		guest_complaint=frappe.db.get_value(
			COMPLAINT, {"tracking_code": guest_filed.json()["message"]["tracking_code"]}
		),
		survey=frappe.db.get_value(SURVEY, {"permit_application": world.issued}),
		survey_token=token,
		d=d.name,
		d_token=frappe.db.get_value("Permit Application", d.name, "survey_token"),
		d_client=Http(world.server, api_token(d.applicant_user)),
	)
	yield q
	frappe.db.rollback()
	for name in frappe.get_all(COMPLAINT, filters={"subject": ("like", f"{PREFIX}%")}, pluck="name"):
		frappe.db.delete("Email Queue", {"reference_name": name})
		frappe.delete_doc(COMPLAINT, name, force=True, ignore_permissions=True)
	frappe.db.delete(SURVEY, {"permit_application": ("in", [world.issued, d.name])})
	purge_applications([d.name])
	frappe.db.set_single_value("BPPM Settings", "survey_before_permit_download", 0)
	frappe.db.commit()


def secrets(world, q):
	"""What must never reach an attacker: B's complaint and contact data, the codes, the survey's
	suggestion, the guest's complaint."""
	return (
		q.b_code,
		q.b_email,
		"nomor rekening",
		world.b_mobile,
		q.survey_token,
		"Saran rahasia",
		"uang pelicin",
	)


@pytest.fixture(autouse=True)
def fresh_limits():
	frappe.cache.delete_keys("bppm:rate:")
	yield
	frappe.cache.delete_keys("bppm:rate:")


# --- Frappe's generic endpoints --------------------------------------------------------------------


@pytest.mark.parametrize("doctype", [COMPLAINT, SURVEY])
@pytest.mark.parametrize("who", ["a", "b", "guest"])
def test_generic_endpoints_give_nothing(world, quality, who, doctype):
	client = world[who]
	name = quality.b_complaint if doctype == COMPLAINT else quality.survey
	for response in (
		client.get(f"/api/resource/{doctype}", fields='["*"]', limit_page_length=1000),
		client.get(f"/api/resource/{doctype}/{name}"),
		client.get(f"/api/v2/document/{doctype}/{name}"),
		client.method("frappe.client.get_list", doctype=doctype, fields=["*"]),
		client.method("frappe.client.get", doctype=doctype, name=name),
		client.method("frappe.client.get_value", doctype=doctype, fieldname="*", filters=name),
		client.method("frappe.client.get_count", doctype=doctype, filters={"tracking_code": quality.b_code}),
		client.method("frappe.desk.reportview.get", doctype=doctype, fields=["*"]),
		client.method("frappe.desk.reportview.get_count", doctype=doctype, filters={}),
		client.method("frappe.desk.search.search_link", doctype=doctype, txt="", ignore_user_permissions=1),
		client.method("frappe.desk.search.get_link_title", doctype=doctype, docname=name),
		client.method("frappe.desk.like.toggle_like", doctype=doctype, name=name, add="Yes"),
		client.get("/printview", doctype=doctype, name=name),
	):
		refused(response, *secrets(world, quality))
	# a complainant who filed on the portal reads it there, not through Frappe's REST
	if who == "b":
		page = client.get("/complaints")
		assert page.status_code == 200 and quality.b_code in page.text


@pytest.mark.parametrize("role", [VERIFIER, FIELD_INSPECTOR, TREASURER])
def test_staff_without_a_part_in_service_quality_read_nothing(world, quality, role):
	client = world.as_role[role]
	for doctype, name in ((COMPLAINT, quality.b_complaint), (SURVEY, quality.survey)):
		refused(client.get(f"/api/resource/{doctype}/{name}"), *secrets(world, quality))
		refused(client.get(f"/api/resource/{doctype}", fields='["*"]'), *secrets(world, quality))
	for report in ("IKM Report", "Complaint Register"):
		refused(client.method("frappe.desk.query_report.run", report_name=report, filters={}))


@pytest.mark.parametrize("who", ["a", "guest"])
def test_reports_are_the_office_s(world, quality, who):
	for report in ("IKM Report", "Complaint Register"):
		refused(
			world[who].method("frappe.desk.query_report.run", report_name=report, filters={}),
			*secrets(world, quality),
		)


# --- the public complaint form --------------------------------------------------------------------


def test_the_form_data_endpoint_does_not_tell_what_exists(world, quality):
	"""Frappe's get_form_data loads any document before it checks: 404 for a missing one, 403 for
	another's. Overridden: the same refusal, and only the form's own DocType."""
	guest = Http(world.server, forwarded_for="192.0.2.40")
	answers = []
	for doctype, name in (
		("Permit Application", world.b_draft),
		("Permit Application", "PRM-1999-99999"),
		("Applicant", world.b_applicant),
		(COMPLAINT, quality.b_complaint),
		(COMPLAINT, "ADU-1999-99999"),
	):
		response = guest.method(FORM_DATA, doctype=doctype, docname=name, web_form_name="complaint")
		refused(response, *secrets(world, quality), world.b_nik)
		answers.append(response.status_code)
	assert len(set(answers)) == 1, answers
	for doctype, name in ((COMPLAINT, quality.b_complaint), (COMPLAINT, "ADU-1999-99999")):
		response = world.a.method(FORM_DATA, doctype=doctype, docname=name, web_form_name="complaint")
		refused(response, *secrets(world, quality))
	# its own DocType, no document: the empty form, as the browser gets it
	empty = guest.method(FORM_DATA, doctype=COMPLAINT, web_form_name="complaint")
	answered_without(empty, *secrets(world, quality))


def test_a_filed_complaint_cannot_be_read_or_changed_through_the_form(world, quality):
	before = snapshot(COMPLAINT, quality.b_complaint)
	for client in (world.a, Http(world.server, forwarded_for="192.0.2.41"), world.b):
		refused(
			web_form(
				client,
				"complaint",
				{"name": quality.b_complaint, "complainant_name": "X", "subject": "X", "description": "X"},
			),
			*secrets(world, quality),
		)
		if client is not world.b:  # B may view their own complaint on the form
			answered_without(client.get(f"/complaint/{quality.b_complaint}"), *secrets(world, quality))
	assert snapshot(COMPLAINT, quality.b_complaint) == before


def test_the_office_s_fields_are_not_the_guest_s(world, quality):
	guest = Http(world.server, forwarded_for="192.0.2.42")
	answer = web_form(
		guest,
		"complaint",
		{
			"complainant_name": "Penyerang",
			"email": "penyerang@mail.example",
			"subject": f"{PREFIX} Isian kantor",
			"description": "x",
			"status": "Closed",
			"workflow_state": "Closed",
			"response": "selesai",
			"is_overdue": 1,
			"tracking_code": quality.b_code,
			"tracking_key": complaints.key_of(quality.b_code),
			"complainant_user": world.b_user,
		},
	)
	assert answer.status_code == 200, answer.text
	receipt = answer.json()["message"]
	assert receipt["tracking_code"] != quality.b_code
	frappe.db.rollback()
	stored = frappe.get_doc(COMPLAINT, {"tracking_code": receipt["tracking_code"]})
	assert (stored.status, stored.workflow_state, stored.response, stored.is_overdue) == (
		"Open",
		"Open",
		None,
		0,
	)
	assert not stored.complainant_user


def test_the_receipt_never_says_whether_a_registration_number_exists(world, quality):
	receipts = []
	for i, number in enumerate((world.b_draft, "PRM-1999-99999", f"{world.b_draft}' or '1'='1")):
		answer = web_form(
			Http(world.server, forwarded_for=f"192.0.2.{50 + i}"),
			"complaint",
			{
				"complainant_name": "Penguji",
				"mobile_no": "081234567890",
				"registration_number": number,
				"subject": f"{PREFIX} Nomor {i}",
				"description": "x",
			},
		)
		assert answer.status_code == 200, answer.text
		answered_without(answer, world.b_name, world.b_applicant, world.b_nik)
		receipts.append(sorted(answer.json()["message"]))
	assert receipts[0] == receipts[1] == receipts[2]


# --- tracking codes -------------------------------------------------------------------------------


def test_wrong_and_unknown_codes_get_one_answer(world, quality):
	guest = Http(world.server, forwarded_for="192.0.2.60")
	right = guest.method(STATUS, tracking_code=quality.b_code)
	assert right.status_code == 200 and right.json()["message"]["found"]
	answered_without(right, quality.b_email, world.b_name, world.b_mobile, "nomor rekening")
	almost = quality.b_code[:-1] + ("A" if quality.b_code[-1] != "A" else "B")
	answers = {
		json.dumps(guest.method(STATUS, tracking_code=code).json()["message"])
		for code in (almost, complaints.new_tracking_code(), "ABCD", "", complaints.key_of(quality.b_code))
	}
	assert len(answers) == 1 and '"found": false' in answers.pop()


def test_guessing_codes_is_throttled_per_client(world, quality):
	guest = Http(world.server, forwarded_for="192.0.2.61")
	statuses = [
		guest.method(STATUS, tracking_code=complaints.new_tracking_code()).status_code
		for _ in range(public.LIMITS["complaint_status"] + 1)
	]
	assert statuses[:-1] == [200] * public.LIMITS["complaint_status"] and statuses[-1] == 429
	# the page shares the budget
	assert guest.request("POST", "/complaint-status", data={"tracking_code": "x"}).status_code == 429


def test_filing_is_throttled_per_client(world, quality):
	guest = Http(world.server, forwarded_for="192.0.2.62")
	statuses = [
		web_form(
			guest,
			"complaint",
			{
				"complainant_name": "Spam",
				"mobile_no": "081234567890",
				"subject": f"{PREFIX} Spam {i}",
				"description": "x",
			},
		).status_code
		for i in range(public.LIMITS["complaint"] + 1)
	]
	assert statuses[:-1] == [200] * public.LIMITS["complaint"] and statuses[-1] == 429


# --- surveys --------------------------------------------------------------------------------------


def test_nobody_files_a_survey_for_someone_else_s_application(world, quality):
	before = frappe.db.count(SURVEY)
	answers = dict.fromkeys(ikm.FIELDS, 1)
	for client in (world.a, Http(world.server, forwarded_for="192.0.2.70")):
		for extra in (
			{"permit_application": quality.d},  # not a field of the form: dropped; no token: refused
			{"survey_token": quality.d_token[:-2] + "xx"},
			{"survey_token": "' or survey_token is not null --"},
			{"survey_token": quality.survey_token},  # C's, already answered: one survey per application
		):
			refused(web_form(client, "survey", {**answers, **extra}), *secrets(world, quality))
		refused(
			client.post(f"/api/resource/{SURVEY}", permit_application=quality.d, **answers),
			*secrets(world, quality),
		)
	frappe.db.rollback()
	assert frappe.db.count(SURVEY) == before
	assert not frappe.db.exists(SURVEY, {"permit_application": quality.d})


def test_the_survey_page_tells_a_stranger_nothing(world, quality):
	guest = Http(world.server, forwarded_for="192.0.2.71")
	for token in ("", "x" * 32, quality.survey_token):
		page = guest.get("/survey/new", token=token) if token else guest.get("/survey/new")
		answered_without(page, world.b_name, world.b_nik, "Saran rahasia")
	own = guest.get("/survey/new", token=quality.d_token)
	assert own.status_code == 200 and quality.d in own.text


def test_the_download_gate_cannot_be_bypassed(world, quality):
	frappe.db.set_single_value("BPPM Settings", "survey_before_permit_download", 1)
	frappe.db.commit()
	try:
		client = quality.d_client
		letter = client.get(
			"/api/method/bppm_app.api.download_letter", name=quality.d, letter="Permit Certificate"
		)
		assert letter.status_code == 403 and "survey" in letter.text.lower()
		for path, params in (
			(
				"/printview",
				{"doctype": "Permit Application", "name": quality.d, "format": "Permit Certificate"},
			),
			(
				"/api/method/frappe.utils.print_format.download_pdf",
				{"doctype": "Permit Application", "name": quality.d, "format": "Permit Certificate"},
			),
		):
			refused(client.get(path, **params))
		# other letters are not held back
		receipt = client.get(
			"/api/method/bppm_app.api.download_letter", name=quality.d, letter="Rejection Letter"
		)
		assert receipt.status_code == 404
	finally:
		frappe.db.set_single_value("BPPM Settings", "survey_before_permit_download", 0)
		frappe.db.commit()


# --- bad input -------------------------------------------------------------------------------------

JUNK = ["1e309", "-1", "<script>alert(1)</script>", "' or 1=1 --", "[1, 2", '{"a": ', "", "x" * 5000]


@pytest.mark.parametrize("junk", JUNK)
def test_bad_input_never_answers_with_a_server_error(world, quality, junk):
	i = JUNK.index(junk)
	guest = Http(world.server, forwarded_for=f"192.0.2.{100 + i}")
	calls = [
		guest.method(STATUS, tracking_code=junk),
		guest.method(STATUS, tracking_code=["a", "b"]),
		guest.method(FORM_DATA, doctype=junk, docname=junk, web_form_name=junk),
		guest.method(FORM_DATA, doctype=COMPLAINT, docname=junk, web_form_name="complaint"),
		web_form(guest, "complaint", junk),
		web_form(
			guest,
			"complaint",
			{
				"complainant_name": junk,
				"email": junk,
				"mobile_no": junk,
				"registration_number": junk,
				"subject": junk[:140] or "x",
				"description": junk,
			},
		),
		web_form(guest, "survey", {**dict.fromkeys(ikm.FIELDS, junk), "survey_token": junk, "age": junk}),
		# C's link, already answered: the answers are checked, nothing is stored
		web_form(
			guest,
			"survey",
			{**dict.fromkeys(ikm.FIELDS, 3), "survey_token": quality.survey_token, "age": junk},
		),
		guest.get("/survey/new", token=junk),
		guest.request("POST", "/complaint-status", data={"tracking_code": junk}),
	]
	for response in calls:
		answered_without(response, "Traceback", *secrets(world, quality))
