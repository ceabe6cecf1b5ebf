"""Public complaints as their users meet them: a guest files one on /complaint (over HTTP) and follows
it with the tracking code; the front office records complaints from the other channels; the heads
of office answer them through the workflow; the daily check flags the overdue ones; the applicant
finds their own on the portal; the Complaint Register counts them."""

import datetime as dt
import json

import frappe
import pytest
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError
from frappe.utils import add_to_date, get_datetime, now_datetime

from bppm_app.config import office_calendar
from bppm_app.engine import quality, workflow
from bppm_app.exceptions import (
	ComplaintResponseMissingError,
	FieldOwnershipError,
	InvalidComplaintError,
	NotYourTurnError,
	ProtectedFieldError,
	WorkflowActionRequiredError,
)
from bppm_app.roles import APPLICANT, FRONT_OFFICE, HEAD, MANAGER, VERIFIER
from bppm_app.rules import complaints
from bppm_app.utils import as_user, submit_web_form
from bppm_app.web import public

from .documents import mail_to, queued
from .factories import make_user, rand
from .journeys import start
from .rest import RestClient, api_token

COMPLAINT = "Public Complaint"


@pytest.fixture(autouse=True)
def fresh_limits():
	frappe.cache.delete_keys("bppm:rate:")
	frappe.local.outgoing_email_account = {}
	yield
	frappe.cache.delete_keys("bppm:rate:")
	frappe.cache.hdel("notifications", COMPLAINT)


def record(clerk: str, **fields):
	"""A complaint the front office records (received by phone, letter, e-mail, SP4N-LAPOR…)."""
	values = {
		"complainant_name": "Hendra Wijaya",
		"mobile_no": "0813-5120-4471",
		"subject": f"Antrean loket lama {rand(4)}",
		"description": "Menunggu dua jam di loket pendaftaran.",
		"complaint_channel": "Phone",
	}
	values.update(fields)
	with as_user(clerk):
		doc = frappe.new_doc(COMPLAINT)
		doc.update(values)
		return doc.insert()


def act(user: str, name: str, action: str, **changes):
	with as_user(user):
		if changes:
			doc = frappe.get_doc(COMPLAINT, name)
			doc.update(changes)
			doc.save()
		return workflow.apply_action(frappe.get_doc(COMPLAINT, name), action)


def ensure_holiday(day: str):
	if not frappe.db.exists("Service Holiday", day):
		frappe.get_doc(
			{
				"doctype": "Service Holiday",
				"holiday_date": day,
				"description": "Libur",
				"holiday_type": "Local",
			}
		).insert()
		office_calendar.clear()


# --- receipt and the deadline ----------------------------------------------------------------------


def test_due_in_five_working_days_across_a_holiday_and_a_weekend(staff):
	ensure_holiday("2026-08-17")  # Independence Day, a Monday
	# received on Friday afternoon: Tue 18, Wed 19, Thu 20, Fri 21 and Mon 24 are the five days
	friday = record(staff[FRONT_OFFICE], received_on="2026-08-14 15:30:00", complaint_channel="Email")
	assert str(friday.due_date) == "2026-08-24"
	# on Saturday: counting starts on Monday, which is the holiday
	saturday = record(staff[FRONT_OFFICE], received_on="2026-08-15 09:00:00")
	assert str(saturday.due_date) == "2026-08-24"
	# a local holiday on Thursday 20 moves the next complaint's date past Maulid Nabi (Tuesday 25)
	ensure_holiday("2026-08-20")
	ensure_holiday("2026-08-25")
	assert str(record(staff[FRONT_OFFICE], received_on="2026-08-14 15:30:00").due_date) == "2026-08-26"


def test_the_server_sets_what_is_not_the_complainant_s(staff):
	doc = record(staff[FRONT_OFFICE], complaint_channel="SP4N-LAPOR", lapor_tracking_id="LAPOR-1234567")
	assert doc.status == "Open" and doc.workflow_state == "Open" and not doc.is_overdue
	assert complaints.normalize_code(doc.tracking_code) and doc.tracking_key == complaints.key_of(
		doc.tracking_code
	)
	assert doc.complaint_channel == "SP4N-LAPOR" and get_datetime(doc.received_on) <= now_datetime()
	with pytest.raises(InvalidComplaintError):
		record(staff[FRONT_OFFICE], received_on=add_to_date(now_datetime(), days=1))
	for field, value in (("tracking_code", "AAAA-AAAA-AAAA-AAAA-AAAA"), ("due_date", "2030-01-01")):
		with pytest.raises(ProtectedFieldError):
			record(staff[FRONT_OFFICE], **{field: value})
	with as_user(staff[MANAGER]):
		stored = frappe.get_doc(COMPLAINT, doc.name)
		stored.due_date = "2030-01-01"
		with pytest.raises(ProtectedFieldError):
			stored.save()
		stored.reload()
		stored.status = "Closed"
		with pytest.raises((ProtectedFieldError, WorkflowActionRequiredError)):
			stored.save()


# --- the public's form, over HTTP -------------------------------------------------------------------


@pytest.fixture
def filed(site):
	"""Complaints the WSGI requests commit; deleted afterwards."""
	names = []
	yield names
	frappe.db.rollback()
	for row in frappe.get_all(COMPLAINT, filters={"subject": ("like", "[uji-http]%")}, pluck="name"):
		frappe.db.delete("Email Queue", {"reference_name": row})
		frappe.db.delete("Comment", {"reference_name": row})
		frappe.delete_doc(COMPLAINT, row, force=True, ignore_permissions=True)
	frappe.db.commit()


def post_form(client, web_form: str, data: dict):
	return client.post(
		"/api/method/frappe.website.doctype.web_form.web_form.accept",
		{"web_form": web_form, "data": json.dumps(data)},
	)


def complaint_status(client, code):
	return client.post("/api/method/bppm_app.api.complaint_status", {"tracking_code": code})


def test_a_guest_files_a_complaint_and_follows_it_with_the_code(site, staff, filed):
	guest = RestClient(site, ip="198.51.100.21")
	subject = f"[uji-http] Petugas tidak ramah {rand(5)}"
	answer = post_form(
		guest,
		"complaint",
		{
			"complainant_name": "Warga Bontang",
			"email": "warga@mail.example",
			"subject": subject,
			"description": "Petugas loket 3 membentak saya.",
		},
	)
	assert answer.status == 200, answer.text
	receipt = answer.json["message"]
	assert set(receipt) == {"doctype", "tracking_code", "due_date", "received_on"}
	code = receipt["tracking_code"]
	frappe.db.rollback()
	stored = frappe.get_doc(COMPLAINT, {"subject": subject})
	assert stored.owner == "Guest" and stored.complaint_channel == "Web" and stored.status == "Open"
	assert stored.tracking_code == code and str(stored.due_date) == receipt["due_date"]
	# the receipt e-mail gives the code too; its subject line is the office's words, not the form's
	mail = mail_to(stored.name, "warga@mail.example", "diterima")
	assert code in mail.body and subject not in mail.subject

	status = complaint_status(guest, code.lower().replace("-", " ")).json["message"]
	assert status["found"] and status["status"] == "Open" and status["due_date"] == receipt["due_date"]
	assert not status["response"] and not status["responded_on"]
	for secret in ("Warga Bontang", "warga@mail.example", "membentak", stored.name):
		assert secret not in json.dumps(status, default=str)

	# the office answers; the complainant reads the response with the same code, and by e-mail
	frappe.db.rollback()
	act(staff[HEAD], stored.name, "Start Handling")
	act(staff[HEAD], stored.name, "Resolve", response="Petugas sudah kami tegur dan dibina.")
	frappe.db.commit()
	status = complaint_status(guest, code).json["message"]
	assert status["status"] == "Resolved" and status["response"] == "Petugas sudah kami tegur dan dibina."
	assert status["responded_on"]
	assert "dibina" in mail_to(stored.name, "warga@mail.example", "Tanggapan").body


def test_wrong_and_unknown_codes_say_nothing(site):
	guest = RestClient(site, ip="198.51.100.22")
	answers = {
		json.dumps(complaint_status(guest, code).json["message"])
		for code in (
			complaints.new_tracking_code(),  # well formed, unknown
			"ABCD",  # malformed
			"",
			"' or 1=1 --",
			"x" * 5000,
		)
	}
	# a guest reads Indonesian whatever the browser says
	assert answers == {
		json.dumps({"found": False, "message": "Tidak ada pengaduan dengan kode pelacakan ini."})
	}


def test_a_registration_number_is_linked_only_if_it_exists_and_the_guest_is_never_told(site, staff, filed):
	journey = start(staff)
	frappe.db.commit()
	try:
		receipts = {}
		for number in (journey.name, "PRM-1999-99999"):
			guest = RestClient(site, ip=f"198.51.100.{30 + len(receipts)}")
			answer = post_form(
				guest,
				"complaint",
				{
					"complainant_name": "Warga",
					"mobile_no": "081234567890",
					"registration_number": number,
					"subject": f"[uji-http] Berkas lama {rand(5)}",
					"description": "Belum ada kabar.",
				},
			)
			assert answer.status == 200, answer.text
			receipts[number] = answer.json["message"]
		# the same answer, whether the number exists or not
		assert {frozenset(r) for r in receipts.values()} == {
			frozenset({"doctype", "tracking_code", "due_date", "received_on"})
		}
		frappe.db.rollback()
		for number, receipt in receipts.items():
			stored = frappe.get_doc(COMPLAINT, {"tracking_code": receipt["tracking_code"]})
			assert stored.registration_number == number
			assert stored.permit_application == (journey.name if number == journey.name else None)
			status = complaint_status(RestClient(site, ip="198.51.100.40"), receipt["tracking_code"])
			assert journey.name not in status.text and "applicant" not in status.text
	finally:
		from .factories import purge_applications

		purge_applications([journey.name])


def test_the_public_form_sets_everything_but_the_complaint(site, filed):
	"""A guest who sends the office's fields gets them ignored (the form has none of them)."""
	guest = RestClient(site, ip="198.51.100.50")
	answer = post_form(
		guest,
		"complaint",
		{
			"complainant_name": "Warga",
			"email": "w@mail.example",
			"subject": f"[uji-http] Coba-coba {rand(4)}",
			"description": "x",
			"status": "Closed",
			"response": "sudah",
			"due_date": "2030-01-01",
			"tracking_code": "AAAA-AAAA-AAAA-AAAA-AAAA",
			"complaint_channel": "SP4N-LAPOR",
			"complainant_user": "Administrator",
			"permit_application": "PRM-2026-00001",
		},
	)
	assert answer.status == 200, answer.text
	frappe.db.rollback()
	stored = frappe.get_doc(COMPLAINT, {"tracking_code": answer.json["message"]["tracking_code"]})
	assert stored.status == "Open" and not stored.response and stored.complaint_channel == "Web"
	assert not stored.complainant_user and not stored.permit_application
	assert stored.tracking_code != "AAAA-AAAA-AAAA-AAAA-AAAA" and str(stored.due_date) != "2030-01-01"


def test_one_mailbox_gets_a_few_receipts_a_day_from_the_public_form(site, filed):
	"""The form cannot make the office's mail server write to a stranger all day: an address typed on
	it gets at most three receipt e-mails a day however it is spelled, while every complaint is still
	taken, with its code on the screen. What the office records itself is acknowledged always."""
	frappe.cache.delete_keys("bppm:complaint-receipts")
	box = f"korban{rand(6)}@mail.example"
	# a form refused for a missing field counts nothing against the mailbox
	refused = post_form(
		RestClient(site, ip="198.51.100.69"),
		"complaint",
		{"complainant_name": "X", "email": box, "subject": "s"},
	)
	assert refused.status >= 400
	spellings = [box, box.upper(), box.replace("@", "+a@"), f" {box} ", box.replace("@", "+b@")]
	for i, email in enumerate(spellings):
		answer = post_form(
			RestClient(site, ip=f"198.51.100.{70 + i}"),
			"complaint",
			{
				"complainant_name": "X",
				"email": email,
				"subject": f"[uji-http] Kotak {rand(4)}",
				"description": "x",
			},
		)
		assert answer.status == 200 and answer.json["message"]["tracking_code"], answer.text
	frappe.db.rollback()
	stored = frappe.get_all(
		COMPLAINT,
		filters={"email": ("like", f"{box.split('@')[0]}%")},
		fields=["name", "acknowledge_by_email"],
		order_by="creation asc",
	)
	assert [r.acknowledge_by_email for r in stored] == [1, 1, 1, 0, 0]
	mails = [mail for r in stored for mail in queued(r.name)]
	assert len(mails) == complaints.RECEIPTS_PER_MAILBOX
	# the receipt repeats nothing the form was given: only the office's words, dates and the code
	for mail in mails:
		assert "[uji-http]" not in mail.body and "Kotak" not in mail.body and "Kotak" not in mail.subject
	frappe.cache.delete_keys("bppm:complaint-receipts")


def test_the_public_needs_a_way_to_be_answered(site):
	with as_user("Guest"), pytest.raises(InvalidComplaintError):
		submit_web_form("complaint", {"complainant_name": "X", "subject": "Y", "description": "Z"})


# --- handling: who does what --------------------------------------------------------------------


def test_the_heads_answer_and_close_the_front_office_receives(staff):
	doc = record(staff[FRONT_OFFICE], email="pengadu@mail.example")
	with pytest.raises((WorkflowTransitionError, WorkflowPermissionError)):
		act(staff[FRONT_OFFICE], doc.name, "Start Handling")
	with as_user(staff[FRONT_OFFICE]):
		mine = frappe.get_doc(COMPLAINT, doc.name)
		mine.response = "Bukan tugas loket"
		with pytest.raises(FieldOwnershipError):
			mine.save()
	act(staff[HEAD], doc.name, "Start Handling")
	with as_user(staff[FRONT_OFFICE]):
		mine = frappe.get_doc(COMPLAINT, doc.name)
		mine.description = "diubah"
		with pytest.raises(NotYourTurnError):
			mine.save()
	with pytest.raises(ComplaintResponseMissingError):
		act(staff[HEAD], doc.name, "Resolve")
	resolved = act(staff[HEAD], doc.name, "Resolve", response="Loket ditambah satu petugas mulai Senin.")
	assert resolved.status == "Resolved" and resolved.responded_on
	mail = mail_to(doc.name, "pengadu@mail.example", "Tanggapan")
	assert "Loket ditambah satu petugas mulai Senin." in mail.body and doc.tracking_code in mail.body
	reopened = act(staff[HEAD], doc.name, "Reopen")
	assert reopened.status == "In Progress"
	act(staff[MANAGER], doc.name, "Resolve")
	closed = act(staff[MANAGER], doc.name, "Close")
	assert closed.status == "Closed"
	for role in (VERIFIER, APPLICANT):
		with as_user(staff[role]), pytest.raises(frappe.PermissionError):
			frappe.get_list(COMPLAINT)


def test_the_receipt_email_carries_the_tracking_code(staff):
	doc = record(staff[FRONT_OFFICE], email="penerima@mail.example", complaint_channel="Email")
	mail = mail_to(doc.name, "penerima@mail.example", "diterima")
	assert doc.tracking_code in mail.body and "/complaint-status" in mail.body


def test_overdue_complaints_are_flagged_daily_and_the_head_is_told(staff):
	late = record(staff[FRONT_OFFICE], received_on=add_to_date(now_datetime(), days=-30))
	answered = record(staff[FRONT_OFFICE], received_on=add_to_date(now_datetime(), days=-30))
	act(staff[HEAD], answered.name, "Start Handling")
	act(staff[HEAD], answered.name, "Resolve", response="Sudah.")
	fresh = record(staff[FRONT_OFFICE])
	flagged = quality.flag_overdue_complaints()
	assert late.name in flagged and answered.name not in flagged and fresh.name not in flagged
	assert frappe.db.get_value(COMPLAINT, late.name, "is_overdue") == 1
	mail = mail_to(late.name, staff[HEAD], late.name)
	assert "/app/public-complaint/" in mail.body
	assert frappe.db.exists(
		"Notification Log", {"document_name": late.name, "for_user": staff[HEAD], "type": "Alert"}
	)
	# once: the next day's check does not alert again
	assert late.name not in quality.flag_overdue_complaints()
	assert len([m for m in queued(late.name) if staff[HEAD] in m.recipients]) == 1


def test_the_lapor_tracking_id_is_searchable(staff):
	lapor_id = f"LAPOR-{rand(7).upper()}"
	doc = record(staff[FRONT_OFFICE], complaint_channel="SP4N-LAPOR", lapor_tracking_id=lapor_id)
	from frappe.desk.search import search_link

	with as_user(staff[HEAD]):
		assert frappe.get_list(COMPLAINT, filters={"lapor_tracking_id": lapor_id}, pluck="name") == [doc.name]
		found = search_link(COMPLAINT, lapor_id)
		assert doc.name in [row["value"] for row in found]
	meta = frappe.get_meta(COMPLAINT)
	assert "lapor_tracking_id" in meta.search_fields and meta.get_field("lapor_tracking_id").search_index


# --- the portal --------------------------------------------------------------------------------------


def test_applicants_see_their_own_complaints_on_the_portal(staff):
	mine, theirs = make_user(APPLICANT), make_user(APPLICANT)
	with as_user(mine):
		doc = submit_web_form(
			"complaint",
			{
				"complainant_name": "Saya",
				"email": mine,
				"subject": "Status tidak berubah",
				"description": ".",
			},
		)
	assert doc.complainant_user == mine and doc.complaint_channel == "Web"
	with as_user(mine):
		(row,) = quality.own_complaints()
		assert row["name"] == doc.name and row["tracking_code"] == doc.tracking_code and not row["response"]
	act(staff[HEAD], doc.name, "Start Handling", response="Draf jawaban")
	with as_user(mine):
		assert not quality.own_complaints()[0]["response"]  # a draft is not an answer yet
	act(staff[HEAD], doc.name, "Resolve")
	with as_user(mine):
		assert quality.own_complaints()[0]["response"] == "Draf jawaban"
		with pytest.raises(frappe.PermissionError):
			frappe.get_list(COMPLAINT)
	with as_user(theirs):
		assert quality.own_complaints() == []
	with as_user("Guest"):
		assert quality.own_complaints() == []


def test_the_complaint_pages(site, staff, filed):
	user = make_user(APPLICANT)
	with as_user(user):
		submit_web_form(
			"complaint",
			{"complainant_name": "Saya", "email": user, "subject": "[uji-http] Halaman", "description": "."},
		)
	frappe.db.commit()
	client = RestClient(site, api_token(user), ip="198.51.100.60")
	page = client.page("/complaints")
	assert page.status == 200 and "[uji-http] Halaman" in page.text
	assert RestClient(site, ip="198.51.100.61").page("/complaints").status in (301, 302)
	form = RestClient(site, ip="198.51.100.62").page("/complaint/new")
	assert form.status == 200
	status_page = RestClient(site, ip="198.51.100.63").post_form(
		"/complaint-status", {"tracking_code": "AAAA-BBBB-CCCC-DDDD-EEEE"}
	)
	assert status_page.status == 200 and "Tidak ada pengaduan dengan kode pelacakan ini." in status_page.text


# --- the register -------------------------------------------------------------------------------------


def test_complaint_register_on_known_data(staff):
	"""Five complaints of one (far) week: answered on time after 1.0 and 3.0 working days, answered
	late after 7.0, open past the due date, and one still within it. Median days to respond: 3.0."""
	clerk, head = staff[FRONT_OFFICE], staff[HEAD]
	lapor = f"LAPOR-{rand(6).upper()}"
	monday = dt.datetime(2026, 6, 1, 9, 0)  # a week with no holidays
	responses = {"quick": (monday, 1), "normal": (monday, 3), "late": (monday, 7)}
	names = {}
	for label, (received, days) in responses.items():
		doc = record(clerk, received_on=str(received), lapor_tracking_id=lapor)
		act(head, doc.name, "Start Handling")
		act(head, doc.name, "Resolve", response="Dijawab.")
		answered_at = office_calendar.get().add_working_time(received, days)
		frappe.db.set_value(COMPLAINT, doc.name, "responded_on", answered_at)  # when it really was
		names[label] = doc.name
	names["overdue"] = record(clerk, received_on=str(monday), lapor_tracking_id=lapor).name
	names["pending"] = record(clerk, lapor_tracking_id=lapor).name

	from frappe.desk.query_report import run

	with as_user(head):
		result = run(
			"Complaint Register",
			filters={"from_date": "2026-01-01", "to_date": frappe.utils.today(), "lapor_tracking_id": lapor},
		)
	rows = {row["name"]: row for row in result["result"]}
	assert set(rows) == set(names.values())
	outcome = {label: rows[name]["outcome"] for label, name in names.items()}
	assert outcome == {
		"quick": "On Time",
		"normal": "On Time",
		"late": "Late",
		"overdue": "Overdue",
		"pending": "Pending",
	}
	assert [rows[names[k]]["days_to_respond"] for k in ("quick", "normal", "late")] == [1.0, 3.0, 7.0]
	summary = {item["label"]: item["value"] for item in result["report_summary"]}
	assert summary == {
		"Received": 5,
		"Resolved On Time": 2,
		"Resolved Late": 1,
		"Overdue": 1,
		"Pending": 1,
		"On Time %": 50.0,
		"Median Working Days to Respond": 3.0,
	}
	assert result["chart"]["data"]["datasets"][0]["values"] == [2, 1, 1, 1]


def test_only_the_office_s_quality_roles_run_the_register(staff):
	from frappe.desk.query_report import run

	for role in (VERIFIER, APPLICANT):
		with as_user(staff[role]), pytest.raises(frappe.PermissionError):
			run("Complaint Register", filters={})


def test_complaints_and_surveys_grant_guests_and_portal_users_nothing():
	for doctype in (COMPLAINT, "Service Survey"):
		roles = {p.role for p in frappe.get_meta(doctype).permissions}
		assert not roles & {"Guest", "All", APPLICANT}, doctype
	assert public.LIMITS["complaint"] and public.LIMITS["complaint_status"] and public.LIMITS["survey"]
