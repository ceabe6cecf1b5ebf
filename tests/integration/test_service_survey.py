"""The satisfaction survey (SKM) as its users meet it: the applicant of a decided application answers
through the link in the invitation e-mail (as a guest, or logged in), once; the front office enters
walk-in respondents; the head of office reads the IKM Report; the public reads the year's IKM; and,
when the office switches it on, the portal asks for the survey before it gives the permit."""

import frappe
import pytest

from bppm_app.engine import quality
from bppm_app.exceptions import (
	DuplicateSurveyError,
	InvalidSurveyError,
	ProtectedFieldError,
	SurveyLinkError,
	SurveyRequiredError,
)
from bppm_app.roles import APPLICANT, FRONT_OFFICE, HEAD, MANAGER, VERIFIER
from bppm_app.rules import ikm
from bppm_app.utils import as_user, submit_web_form
from bppm_app.web import applicant_portal, public
from tests.unit.test_ikm import TEN

from .documents import mail_to, pdf_host, pdf_text, queued
from .factories import make_permit_type, make_user
from .journeys import start
from .test_notifications import journey_with_email

SURVEY = "Service Survey"
GATE = "survey_before_permit_download"


def decided(staff, reject: bool = False, **kwargs):
	journey = start(staff, **kwargs)
	journey.to_awaiting_approval()
	doc = journey.reject() if reject else journey.approve()
	return journey, doc


def answer(token, answers=(3,) * 9, user: str = "Guest", **profile):
	"""What the survey's web form sends: the link's token and the answers."""
	values = dict(zip(ikm.FIELDS, answers, strict=True))
	values.update({"survey_token": token, **profile})
	with as_user(user):
		return submit_web_form("survey", values)


def at_counter(clerk: str, answers=(3,) * 9, **fields):
	with as_user(clerk):
		doc = frappe.new_doc(SURVEY)
		doc.update(dict(zip(ikm.FIELDS, answers, strict=True)))
		doc.update(fields)
		return doc.insert()


# --- the invitation and the applicant's answers --------------------------------------------------


def test_a_decided_application_gets_a_link_and_its_applicant_answers_it(staff):
	_journey, issued = decided(staff)
	_journey2, rejected = decided(staff, reject=True)
	assert len(issued.survey_token) == 32 and len(rejected.survey_token) == 32
	assert issued.survey_token != rejected.survey_token
	survey = answer(issued.survey_token, (4, 3, 3, 4, 3, 3, 4, 2, 3), gender="Female", age="41")
	assert survey.permit_application == issued.name
	assert survey.applicant == issued.applicant and survey.permit_type == issued.permit_type
	assert survey.respondent_channel == "Online" and str(survey.survey_date) == frappe.utils.today()
	assert survey.owner == "Guest" and survey.age == 41
	# the token proved the link; it is not kept with the answers
	assert frappe.db.get_value(SURVEY, survey.name, "survey_token") is None
	assert quality.survey_of(issued.name) == survey.name
	assert quality.survey_of(rejected.name) is None


def test_an_application_in_process_has_no_survey_link(staff):
	journey = start(staff)
	doc = journey.submit()
	assert not doc.survey_token
	with pytest.raises(SurveyLinkError):
		at_counter(staff[FRONT_OFFICE], permit_application=doc.name)


def test_one_survey_per_application(staff):
	journey, issued = decided(staff)
	answer(issued.survey_token)
	before = frappe.db.count(SURVEY)
	with pytest.raises(DuplicateSurveyError, match="one survey per application"):
		answer(issued.survey_token, (1,) * 9)
	with pytest.raises(DuplicateSurveyError):
		answer(issued.survey_token, user=journey.applicant_user)
	with pytest.raises(DuplicateSurveyError):
		at_counter(staff[FRONT_OFFICE], permit_application=issued.name)
	assert frappe.db.count(SURVEY) == before
	# and the database holds the line too, whatever the path
	copy = frappe.copy_doc(frappe.get_doc(SURVEY, quality.survey_of(issued.name)))
	copy.name = "SKM-DUPLICATE-TEST"
	with pytest.raises(frappe.UniqueValidationError):
		copy.db_insert()


@pytest.mark.parametrize("token", [None, "", "x" * 32, "<script>", "a" * 5000])
def test_no_survey_without_a_valid_link(staff, token):
	before = frappe.db.count(SURVEY)
	with pytest.raises(SurveyLinkError):
		answer(token)
	assert frappe.db.count(SURVEY) == before


def test_nobody_rates_someone_else_s_application(staff):
	_journey, theirs = decided(staff)
	other = make_user(APPLICANT)
	before = frappe.db.count(SURVEY)
	# the form has no application field: whatever else the browser sends is dropped, and the
	# server finds the application only by the token
	with as_user(other):
		values = dict.fromkeys(ikm.FIELDS, 1)
		values.update({"permit_application": theirs.name, "applicant": theirs.applicant})
		with pytest.raises(SurveyLinkError):
			submit_web_form("survey", values)
		# and portal users hold no permission on the DocType
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc({"doctype": SURVEY, "permit_application": theirs.name, **values}).insert()
	assert frappe.db.count(SURVEY) == before


@pytest.mark.parametrize("bad", [0, 5, "sangat puas", "3.5", -1])
def test_answers_are_one_to_four(staff, bad):
	_journey, issued = decided(staff)
	with pytest.raises(InvalidSurveyError):
		answer(issued.survey_token, (3, 3, bad, 3, 3, 3, 3, 3, 3))
	assert quality.survey_of(issued.name) is None


def test_the_invitation_email_links_the_survey(staff):
	journey = journey_with_email(staff)
	journey.to_awaiting_approval()
	doc = journey.approve()
	mail = mail_to(doc.name, journey.email, "Bagaimana pelayanan kami")
	assert mail.subject == f"Bagaimana pelayanan kami? Permohonan {doc.name}"
	assert f"/survey/new?token={doc.survey_token}" in mail.body
	assert mail.attachments == []


# --- the front office at the counter -------------------------------------------------------------


def test_the_front_office_enters_walk_in_respondents(staff):
	permit_type = make_permit_type().name
	walk_in = at_counter(staff[FRONT_OFFICE], permit_type=permit_type, gender="Male", age=52)
	assert walk_in.respondent_channel == "Counter" and not walk_in.permit_application
	# a respondent of a decided application: the survey takes its type and applicant
	_journey, issued = decided(staff)
	linked = at_counter(staff[FRONT_OFFICE], permit_application=issued.name, permit_type=permit_type)
	assert linked.permit_type == issued.permit_type and linked.applicant == issued.applicant
	with pytest.raises(InvalidSurveyError):
		at_counter(staff[FRONT_OFFICE], survey_date=frappe.utils.add_days(frappe.utils.today(), 1))
	# the clerk corrects a typing error on a paper form
	with as_user(staff[FRONT_OFFICE]):
		walk_in.u3 = 2
		walk_in.save()
		walk_in.respondent_channel = "Online"
		with pytest.raises(ProtectedFieldError):
			walk_in.save()


def test_an_online_survey_is_the_respondent_s_own(staff):
	_journey, issued = decided(staff)
	survey = answer(issued.survey_token)
	for role in (FRONT_OFFICE, MANAGER):
		with as_user(staff[role]):
			doc = frappe.get_doc(SURVEY, survey.name)
			doc.u1 = 4
			with pytest.raises(ProtectedFieldError):
				doc.save()
	assert frappe.db.get_value(SURVEY, survey.name, "u1") == 3


def test_the_survey_token_is_set_by_the_engine_only(staff):
	journey = start(staff)
	with as_user(staff[MANAGER]):
		doc = journey.doc
		doc.survey_token = "chosen-by-a-client-0123456789abc"
		with pytest.raises(ProtectedFieldError):
			doc.save()


def test_who_reads_surveys(staff):
	_journey, issued = decided(staff)
	survey = answer(issued.survey_token)
	for role in (FRONT_OFFICE, HEAD, MANAGER):
		with as_user(staff[role]):
			assert frappe.get_list(SURVEY, filters={"name": survey.name}, pluck="name") == [survey.name]
	for role in (VERIFIER, APPLICANT):
		with as_user(staff[role]), pytest.raises(frappe.PermissionError):
			frappe.get_list(SURVEY, filters={"name": survey.name})


# --- the index ---------------------------------------------------------------------------------


def run_report(user: str, **filters):
	from frappe.desk.query_report import run

	with as_user(user):
		return run(
			"IKM Report",
			filters={"from_date": frappe.utils.today(), "to_date": frappe.utils.today(), **filters},
		)


def test_ikm_report_on_known_data(staff):
	"""Ten respondents with the answers of the unit tier's worked example: NRR 3.2 3.0 2.8 3.9
	3.1 3.1 3.4 2.8 2.9, IKM 25 × 28.2 / 9 = 78.33, band B; time, complaint handling and facilities
	are the weakest."""
	permit_type = make_permit_type().name
	for answers in TEN:
		at_counter(staff[FRONT_OFFICE], answers, permit_type=permit_type)
	result = run_report(staff[HEAD], permit_type=permit_type)
	rows = result["result"]
	assert [row["code"] for row in rows] == [f"U{i}" for i in range(1, 10)]
	assert [row["nrr"] for row in rows] == [3.2, 3.0, 2.8, 3.9, 3.1, 3.1, 3.4, 2.8, 2.9]
	assert [row["code"] for row in rows if row["is_weakest"]] == ["U3", "U8", "U9"]
	assert rows[3]["score"] == 97.5 and rows[3]["grade"] == "A"
	summary = {item["label"]: item["value"] for item in result["report_summary"]}
	assert summary == {"IKM": 78.33, "Grade": "B", "Performance": "Good", "Respondents": 10}
	assert result["chart"]["data"]["datasets"][0]["values"] == [row["nrr"] for row in rows]
	# the front office may read it too; nobody answered for another type
	other = run_report(staff[FRONT_OFFICE], permit_type=make_permit_type().name)
	assert {item["label"]: item["value"] for item in other["report_summary"]} == {
		"IKM": "–",
		"Respondents": 0,
	}
	assert other["message"] and not other["chart"]


def test_only_the_office_s_quality_roles_run_the_ikm_report(staff):
	for role in (VERIFIER, APPLICANT):
		with pytest.raises(frappe.PermissionError):
			run_report(staff[role])


def test_public_statistics_show_the_year_s_ikm(staff):
	year = frappe.utils.getdate().year
	before = public.statistics(year)["ikm"]
	_journey, issued = decided(staff)
	answer(issued.survey_token, (4,) * 9)
	after = public.statistics(year)["ikm"]  # the survey cleared the cached figures
	assert after["respondents"] == before["respondents"] + 1
	expected = quality.ikm_between(f"{year}-01-01", f"{year}-12-31")
	assert after["ikm"] == expected.ikm and after["grade"] == expected.grade
	assert set(after) == {"respondents", "ikm", "grade", "performance"}


def test_the_statistics_page_shows_the_ikm(site):
	from .rest import RestClient

	page = RestClient(site, ip="198.51.100.90").page("/statistics")
	assert page.status == 200 and 'id="stats-ikm"' in page.text
	assert "IKM" in page.text


# --- the download gate --------------------------------------------------------------------------


@pytest.mark.usefixtures("pdf_host")
def test_permit_download_waits_for_the_survey_when_the_office_says_so(staff):
	journey = journey_with_email(staff)
	journey.to_awaiting_approval()
	frappe.db.set_single_value("BPPM Settings", GATE, 1)
	frappe.cache.hdel("notifications", "Permit Application")
	doc = journey.approve()
	# the permit e-mail does not carry the PDF; the invitation says the permit waits for the survey
	assert not [m for m in queued(doc.name) if "Permit Certificate" in m.attachments]
	invitation = mail_to(doc.name, journey.email, "Bagaimana pelayanan kami")
	assert doc.permit_number in invitation.body and "/applications" in invitation.body
	with as_user(journey.applicant_user):
		own = applicant_portal.own_application(doc.name)
		with pytest.raises(SurveyRequiredError, match="survey"):
			applicant_portal.letter_pdf(own, applicant_portal.CERTIFICATE)
		(row,) = (r for r in applicant_portal.applications() if r["name"] == doc.name)
		assert row["survey_first"] and doc.survey_token in row["survey"]["url"]
		assert "survey_token" not in row
	# the office prints the permit whenever it needs to
	with as_user(staff[HEAD]):
		office = frappe.get_doc("Permit Application", doc.name)
		assert pdf_text(applicant_portal.letter_pdf(office, applicant_portal.CERTIFICATE))
	answer(doc.survey_token, user=journey.applicant_user)
	with as_user(journey.applicant_user):
		text = pdf_text(
			applicant_portal.letter_pdf(
				applicant_portal.own_application(doc.name), applicant_portal.CERTIFICATE
			)
		)
		assert doc.permit_number in text
		(row,) = (r for r in applicant_portal.applications() if r["name"] == doc.name)
		assert not row["survey_first"] and row["survey"]["done"]
	frappe.cache.hdel("notifications", "Permit Application")


def test_the_gate_is_off_by_default(staff):
	assert frappe.get_meta("BPPM Settings").get_field(GATE).default == "0"
	_journey, issued = decided(staff)
	with as_user(_journey.applicant_user):
		assert not quality.survey_required(applicant_portal.own_application(issued.name))
