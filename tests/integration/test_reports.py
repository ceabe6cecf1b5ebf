"""The office's reports on a seeded dataset, run the way the desk runs them
(frappe.desk.query_report.run) by users of the roles that may see them, each number checked
against what was worked out by hand (see the comments next to the data).

Permit data is seeded in 2021 (outside anything else on the site) on two permit types made for
the test; the workflow fields the engine would fill are written with db.set_value, as the engine
itself does not allow a plain save to set them. LKPM data lives in a kecamatan of its own."""

import datetime

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, now_datetime, today

from bppm_app.engine import stages
from bppm_app.roles import (
	APPLICANT,
	FIELD_INSPECTOR,
	FRONT_OFFICE,
	HEAD,
	INVESTMENT_OFFICER,
	MANAGER,
	TREASURER,
	VERIFIER,
)

from .factories import (
	as_user,
	make_applicant,
	make_application,
	make_investment,
	make_permit_type,
	make_user,
	officer_files_lkpm,
	rand,
	unique_nib,
)

YEAR_2021 = {"from_date": "2021-01-01", "to_date": "2021-12-31"}


def run_as(role: str, report: str, **filters) -> frappe._dict:
	with as_user(make_user(role)):
		return frappe._dict(run(report, filters=filters))


def rows_by(result, key: str) -> dict:
	return {row[key]: row for row in result.result}


def summary_of(result) -> dict:
	return {item["label"]: item["value"] for item in result.report_summary}


# --- permit applications ---------------------------------------------------------------------------


def seed_application(applicant, permit_type, **values):
	doc = make_application(applicant, permit_type)
	frappe.db.set_value("Permit Application", doc.name, values)
	return doc.name


def seed_stage(application, permit_type, state, holder, days, clock="Running"):
	"""A stage row as the engine writes it: with its application's received time and SLA status,
	and whether it is the application's first visit of this state and holder."""
	received, status = frappe.db.get_value("Permit Application", application, ["submitted_on", "sla_status"])
	first = not frappe.db.exists(
		"Permit Application Stage", {"permit_application": application, "state": state, "holder": holder}
	)
	stage = frappe.get_doc(
		{
			"doctype": "Permit Application Stage",
			"name": frappe.generate_hash(length=12),
			"permit_application": application,
			"permit_type": permit_type,
			"state": state,
			"holder": holder,
			"sla_clock": clock,
			"working_days": days,
			"entered_on": now_datetime(),
			"creation": now_datetime(),
			"modified": now_datetime(),
			"submitted_on": received,
			"application_sla_status": status,
			"first_visit": int(first),
		}
	)
	stage.db_insert()  # written by the workflow engine in real life; no user creates stages
	# get_all: the log as the engine reads it, to keep the application's time by holder
	log = frappe.get_all(
		"Permit Application Stage",
		filters={"permit_application": application},
		fields=["holder", "sla_clock", "working_days"],
	)
	frappe.db.set_value("Permit Application", application, stages.holder_days(log), update_modified=False)


@pytest.fixture
def permits():
	"""T1: SLA 5 working days, levy Rp 100.000. T2: SLA 10 days, no levy."""
	t1 = make_permit_type(sla_working_days=5, requires_levy=1, levy_base_amount=100_000).name
	t2 = make_permit_type(sla_working_days=10).name
	applicant = make_applicant().name
	soon, later, past = add_days(today(), 10), add_days(today(), 40), add_days(today(), -5)
	issued = {"docstatus": 1, "decision": "Approved", "workflow_state": "Issued"}
	apps = frappe._dict(t1=t1, t2=t2)
	apps.a1 = seed_application(
		applicant, t1, submitted_on="2021-03-01 10:00:00", sla_status="Met", sla_working_days_used=4,
		levy_paid=1, paid_on="2021-03-03", permit_number="T1/001", issued_on="2021-03-05",
		valid_until=soon, **issued,
	)  # fmt: skip
	apps.a2 = seed_application(
		applicant, t1, submitted_on="2021-03-15 09:00:00", sla_status="Breached", sla_working_days_used=8,
		levy_paid=1, paid_on="2021-04-02", permit_number="T1/002", issued_on="2021-04-05",
		valid_until=later, **issued,
	)  # fmt: skip
	apps.a3 = seed_application(
		applicant, t1, submitted_on="2021-04-10 08:00:00", sla_status="Overdue", sla_working_days_used=6,
		workflow_state="Awaiting Payment",
	)  # fmt: skip
	apps.a4 = seed_application(
		applicant, t1, submitted_on="2021-04-20 08:00:00", sla_status="Met", sla_working_days_used=3,
		docstatus=1, decision="Rejected", workflow_state="Rejected",
	)  # fmt: skip
	# revoked: never in the expiry list; received in 2020, outside the 2021 figures
	apps.a5 = seed_application(
		applicant, t1, submitted_on="2020-06-01 08:00:00", sla_status="Met", sla_working_days_used=2,
		docstatus=2, decision="Approved", workflow_state="Revoked", permit_number="T1/000",
		issued_on="2020-06-05", valid_until=soon,
	)  # fmt: skip
	apps.b1 = seed_application(
		applicant, t2, submitted_on="2021-03-02 11:00:00", sla_status="Met", sla_working_days_used=6,
		permit_number="T2/001", issued_on="2021-03-10", valid_until=past, **issued,
	)  # fmt: skip
	apps.b2 = seed_application(
		applicant, t2, submitted_on="2021-05-01 08:00:00", sla_status="On Track", sla_working_days_used=1,
		workflow_state="Under Verification",
	)  # fmt: skip
	apps.b3 = make_application(applicant, t2).name  # a draft: not received yet
	apps.b4 = seed_application(applicant, t2, submitted_on="2020-12-31 15:00:00", sla_status="Met")

	for app, state, holder, days in (
		(apps.a1, "Submitted", "Office", 0.5),
		(apps.a1, "Under Verification", "Office", 1),
		(apps.a1, "Technical Review", "Other Agency", 1.5),
		(apps.a1, "Awaiting Payment", "Applicant", 2),
		(apps.a1, "Awaiting Approval", "Office", 1),
		(apps.a2, "Under Verification", "Office", 3),
		(apps.a2, "Returned for Revision", "Applicant", 4),
		(apps.a2, "Under Verification", "Office", 2),
		(apps.a2, "Technical Review", "Other Agency", 2.5),
		(apps.a3, "Under Verification", "Office", 2.5),
		(apps.a3, "Awaiting Payment", "Applicant", 4),
	):
		seed_stage(app, t1, state, holder, days, "Paused" if holder == "Applicant" else "Running")
	return apps


def test_permit_application_register(permits):
	result = run_as(FRONT_OFFICE, "Permit Application Register", **YEAR_2021, permit_type=permits.t1)
	assert [row["name"] for row in result.result] == [permits.a1, permits.a2, permits.a3, permits.a4]
	assert rows_by(result, "name")[permits.a1]["permit_number"] == "T1/001"
	assert summary_of(result) == {"Received": 4, "In Process": 1, "Issued": 2, "Rejected": 1, "Overdue": 1}
	chart = result.chart["data"]
	assert dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True)) == {
		"Issued": 2,
		"Awaiting Payment": 1,
		"Rejected": 1,
	}
	overdue = run_as(HEAD, "Permit Application Register", **YEAR_2021, sla_status="Overdue")
	assert permits.a3 in {row["name"] for row in overdue.result}
	assert permits.a1 not in {row["name"] for row in overdue.result}


def test_sla_compliance_per_permit_type(permits):
	result = run_as(VERIFIER, "SLA Compliance", **YEAR_2021, group_by="Permit Type")
	rows = rows_by(result, "permit_type")
	t1, t2 = rows[permits.t1], rows[permits.t2]
	# T1: A1 met (4 days), A2 breached (8), A3 open and overdue, A4 met (3)
	assert (
		t1["sla_working_days"],
		t1["received"],
		t1["decided"],
		t1["met"],
		t1["breached"],
		t1["overdue"],
	) == (
		5,
		4,
		3,
		2,
		1,
		1,
	)
	assert t1["on_time_pct"] == 50.0  # 2 of 4
	assert (t1["median_days"], t1["p90_days"]) == (4, 8)  # of [3, 4, 8]; p90 = 3rd of 3
	# with the office 0.5+1+1 (A1) + 3+2 (A2) + 2.5 (A3) = 10; other agencies 1.5+2.5 = 4;
	# the applicant 2+4+4 = 10; per received application (4)
	assert (t1["office_days"], t1["agency_days"], t1["applicant_days"]) == (2.5, 1.0, 2.5)
	# T2: B1 met in 6 days, B2 on track; B3 is a draft, B4 was received in 2020
	assert (t2["received"], t2["decided"], t2["on_time_pct"], t2["median_days"], t2["p90_days"]) == (
		2,
		1,
		100.0,
		6,
		6,
	)


def test_sla_compliance_per_stage_and_who_held_the_file(permits):
	result = run_as(HEAD, "SLA Compliance", **YEAR_2021, permit_type=permits.t1, group_by="Stage")
	rows = {(row["state"], row["holder"]): row for row in result.result}
	verification = rows[("Under Verification", "Office")]
	assert verification["visits"] == 4  # A1 once, A2 twice, A3 once: 1, 3, 2, 2.5 days
	assert (verification["median_days"], verification["p90_days"], verification["total_days"]) == (
		2.25,
		3,
		8.5,
	)
	assert verification["received"] == 3 and verification["on_time_pct"] == 33.3  # A1 met, A2, A3 not
	review = rows[("Technical Review", "Other Agency")]
	assert (review["visits"], review["median_days"], review["p90_days"], review["on_time_pct"]) == (
		2,
		2.0,
		2.5,
		50.0,
	)
	payment = rows[("Awaiting Payment", "Applicant")]
	assert (payment["median_days"], payment["p90_days"], payment["on_time_pct"]) == (3.0, 4, 50.0)
	assert rows[("Returned for Revision", "Applicant")]["on_time_pct"] == 0
	assert len(rows) == 6
	# of 24 working days: 10 with the office, 4 with other agencies, 10 with the applicant
	assert summary_of(result) == {
		"Time with the Office": 41.7,
		"Time with Other Agencies": 16.7,
		"Time with the Applicant": 41.7,
	}


def test_levy_revenue_assessed_against_paid(permits):
	result = run_as(TREASURER, "Levy Revenue", **YEAR_2021, permit_type=permits.t1)
	rows = {row["month"]: row for row in result.result}
	assert set(rows) == {"2021-03", "2021-04"}
	march, april = rows["2021-03"], rows["2021-04"]
	# March: A1 and A2 received (assessed), A1 paid; April: A3 received (unpaid), A2 paid;
	# A4 was rejected without paying, so it was never assessed
	assert (march["assessed_count"], march["assessed_amount"], march["outstanding_amount"]) == (2, 200_000, 0)
	assert (march["paid_count"], march["paid_amount"]) == (1, 100_000)
	assert (april["assessed_count"], april["assessed_amount"], april["outstanding_amount"]) == (
		1,
		100_000,
		100_000,
	)
	assert (april["paid_count"], april["paid_amount"]) == (1, 100_000)
	assert march["assessed_paid_amount"] == 200_000 and april["assessed_paid_amount"] == 0
	assert april["rejected_unpaid_amount"] == 100_000  # A4: shown beside, never assessed
	for row in (march, april):
		assert row["assessed_amount"] == row["assessed_paid_amount"] + row["outstanding_amount"]
	assert summary_of(result) == {
		"Levy Assessed": 300_000,
		"Assessed, Paid": 200_000,
		"Levy Paid": 200_000,
		"Assessed, Not Yet Paid": 100_000,
		"Rejected Before Payment": 100_000,
	}
	assert result.chart["data"]["labels"] == ["2021-03", "2021-04"]


def test_permit_expiry(permits):
	within_30 = run_as(FRONT_OFFICE, "Permit Expiry", days=30, permit_type=permits.t1)
	assert [(row["name"], row["days_left"]) for row in within_30.result] == [
		(permits.a1, 10)
	]  # not revoked A5
	within_45 = run_as(FRONT_OFFICE, "Permit Expiry", days=45, permit_type=permits.t1)
	assert [row["name"] for row in within_45.result] == [permits.a1, permits.a2]
	assert within_45.result[0]["mobile_no"]  # the holder's contact, to remind them
	t2 = run_as(HEAD, "Permit Expiry", days=30, permit_type=permits.t2)
	assert t2.result == []
	expired = run_as(HEAD, "Permit Expiry", days=30, permit_type=permits.t2, include_expired=1)
	assert [(row["name"], row["days_left"]) for row in expired.result] == [(permits.b1, -5)]
	assert summary_of(expired) == {"Expiring": 0, "Already Expired": 1}


# --- investment ---------------------------------------------------------------------------------------------


@pytest.fixture
def lkpm_world():
	"""Five investments in a kecamatan of their own, and their 2025 LKPM.

	I1 PMDN operating, I2 PMA construction: obliged from 2024. I3 PMDN operating, obliged from
	15 May 2025 (Q2). I4 planned (not obliged), I5 exempt from LKPM."""
	kecamatan = f"Kecamatan {rand(6)}"
	officer = make_user(INVESTMENT_OFFICER)

	def investment(**fields):
		return make_investment(kecamatan=kecamatan, **fields).name

	w = frappe._dict(kecamatan=kecamatan, officer=officer)
	w.i1 = investment(investment_type="PMDN", sector="Energi", planned_investment=1_000_000_000)
	w.i2 = investment(
		investment_type="PMA", sector="Industri", status="Construction", planned_investment=4_000_000_000
	)
	w.i3 = investment(
		investment_type="PMDN",
		sector="Pariwisata",
		planned_investment=500_000_000,
		lkpm_start_date="2025-05-15",
	)
	w.i4 = investment(investment_type="PMDN", status="Planned", planned_investment=200_000_000)
	w.i5 = investment(investment_type="PMDN", lkpm_required=0, planned_investment=300_000_000)

	def file(inv, quarter, until, amount=0, local=0, foreign=0, reported_on=None):
		return officer_files_lkpm(
			officer, inv, 2025, quarter, until=until, reported_on=reported_on,
			investment_in_period=amount, workers_local=local, workers_foreign=foreign,
		)  # fmt: skip

	file(w.i1, "Q1", "Approved", 100_000_000, 10, reported_on="2025-04-05")  # on time
	file(w.i1, "Q2", "Approved", 200_000_000, 12)  # filed today: late
	file(w.i1, "Q3", "Draft")
	file(w.i2, "Q1", "Approved", 1_000_000_000, 40, 3, reported_on="2025-04-10")  # on the due date
	file(w.i2, "Q2", "Submitted", 50_000_000)
	file(w.i3, "Q2", "Needs Revision", 10_000_000)
	settings = frappe.get_single("BPPM Settings")
	settings.set("investment_targets", [{"year": 2025, "target_amount": 5_000_000_000}])
	settings.save()
	return w


def test_rollup_of_approved_reports(lkpm_world):
	i1 = frappe.get_doc("Investment", lkpm_world.i1)
	assert (i1.realized_investment, i1.current_workers_local, i1.latest_lkpm_period) == (
		300_000_000,
		12,
		"2025 Q2",
	)
	i2 = frappe.get_doc("Investment", lkpm_world.i2)
	assert (i2.realized_investment, i2.current_workers_local, i2.current_workers_foreign) == (
		1_000_000_000,
		40,
		3,
	)
	assert frappe.db.get_value("Investment", lkpm_world.i3, "realized_investment") == 0


def test_lkpm_compliance_per_quarter(lkpm_world):
	result = run_as(INVESTMENT_OFFICER, "LKPM Compliance", year=2025, kecamatan=lkpm_world.kecamatan)
	rows = rows_by(result, "quarter")
	assert list(rows) == ["Q1", "Q2", "Q3", "Q4"]
	q1, q2, q3 = rows["Q1"], rows["Q2"], rows["Q3"]
	# Q1: I1 and I2 must report, both approved on time
	assert (q1["expected"], q1["approved"], q1["late"], q1["compliance_rate"]) == (2, 2, 0, 100.0)
	# Q2: I3 joins; I1 approved (late), I2 in review, I3 sent back
	assert (q2["expected"], q2["approved"], q2["late"], q2["in_review"], q2["needs_revision"]) == (
		3,
		1,
		1,
		1,
		1,
	)
	assert q2["compliance_rate"] == 33.3
	# Q3: only I1's draft
	assert (q3["expected"], q3["approved"], q3["draft"], q3["not_filed"], q3["compliance_rate"]) == (
		3,
		0,
		1,
		2,
		0,
	)
	assert str(q1["due_date"]) == "2025-04-10" and str(rows["Q4"]["due_date"]) == "2026-01-10"
	# 3 approved of 2 + 3 + 3 + 3 = 11
	assert summary_of(result) == {"Must Report": 11, "Approved": 3, "Still Missing": 8, "Compliance %": 27.3}
	assert result.chart["data"]["datasets"][0]["values"] == [100.0, 33.3, 0, 0]


def test_lkpm_compliance_per_investment_is_the_chasing_list(lkpm_world):
	result = run_as(
		HEAD,
		"LKPM Compliance",
		year=2025,
		quarter="Q3",
		group_by="Investment",
		kecamatan=lkpm_world.kecamatan,
	)
	statuses = {row["investment"]: row["filing_status_code"] for row in result.result}
	assert statuses == {lkpm_world.i1: "Draft", lkpm_world.i2: "Not Filed", lkpm_world.i3: "Not Filed"}
	missing = run_as(
		MANAGER,
		"LKPM Compliance",
		year=2025,
		quarter="Q3",
		group_by="Investment",
		filing_status="Not Filed",
		kecamatan=lkpm_world.kecamatan,
	)
	assert {row["investment"] for row in missing.result} == {lkpm_world.i2, lkpm_world.i3}
	assert all(row["mobile_no"] for row in missing.result)


def test_investment_realization_by_type_against_the_target(lkpm_world):
	result = run_as(
		INVESTMENT_OFFICER,
		"Investment Realization",
		year=2025,
		group_by="investment_type",
		kecamatan=lkpm_world.kecamatan,
	)
	rows = rows_by(result, "group")
	pmdn, pma = rows["PMDN"], rows["PMA"]
	# PMDN: I1, I3, I4, I5 planned 1000 + 500 + 200 + 300 million; I1 realised 100 + 200 million
	assert (pmdn["investments"], pmdn["planned_investment"], pmdn["realized_in_period"]) == (
		4,
		2_000_000_000,
		300_000_000,
	)
	assert (pmdn["realized_cumulative"], pmdn["realization_pct"], pmdn["workers_local"]) == (
		300_000_000,
		15.0,
		12,
	)
	assert (pma["investments"], pma["realized_in_period"], pma["realization_pct"]) == (1, 1_000_000_000, 25.0)
	assert (pma["workers_local"], pma["workers_foreign"]) == (40, 3)
	summary = summary_of(result)
	assert summary["Yearly Target"] == 5_000_000_000
	assert summary["Realised in Period"] == 1_300_000_000
	assert summary["Yearly Target Achieved %"] == 26.0


def test_investment_realization_per_quarter_and_by_sector(lkpm_world):
	per_quarter = run_as(
		HEAD, "Investment Realization", year=2025, group_by="quarter", kecamatan=lkpm_world.kecamatan
	)
	assert [row["realized_in_period"] for row in per_quarter.result] == [1_100_000_000, 200_000_000, 0, 0]
	assert [row["realized_cumulative"] for row in per_quarter.result] == [1_100_000_000, 1_300_000_000] + [
		1_300_000_000
	] * 2
	assert [row["target_pct"] for row in per_quarter.result] == [22.0, 26.0, 26.0, 26.0]
	by_sector = run_as(
		MANAGER,
		"Investment Realization",
		year=2025,
		quarter="Q2",
		group_by="sector",
		kecamatan=lkpm_world.kecamatan,
	)
	rows = rows_by(by_sector, "group")
	assert rows["Energi"]["realized_in_period"] == 200_000_000
	assert rows["Energi"]["realized_cumulative"] == 300_000_000
	assert rows["Industri"]["realized_in_period"] == 0  # I2's Q2 report is still in review
	assert summary_of(by_sector)["Yearly Target Achieved %"] == 26.0


# --- who may run what -----------------------------------------------------------------------------------------

ALLOWED = {
	"Permit Application Register": {FRONT_OFFICE, VERIFIER, TREASURER, HEAD, MANAGER},
	"SLA Compliance": {VERIFIER, HEAD, MANAGER},
	"Levy Revenue": {TREASURER, HEAD, MANAGER},
	"Permit Expiry": {FRONT_OFFICE, VERIFIER, HEAD, MANAGER},
	"Investment Realization": {INVESTMENT_OFFICER, HEAD, MANAGER},
	"LKPM Compliance": {INVESTMENT_OFFICER, HEAD, MANAGER},
}
ROLES = (FRONT_OFFICE, VERIFIER, FIELD_INSPECTOR, TREASURER, HEAD, INVESTMENT_OFFICER, MANAGER, APPLICANT)


@pytest.mark.parametrize("report", list(ALLOWED))
def test_a_role_without_access_gets_nothing(report):
	wrong = []
	for role in ROLES:
		with as_user(make_user(role)):
			try:
				run(report, filters={"year": 2025})
				allowed = True
			except frappe.PermissionError:
				allowed = False
		if allowed != (role in ALLOWED[report]):
			wrong.append(f"{role}: {'ran' if allowed else 'refused'}")
	assert not wrong, f"{report}: " + "; ".join(wrong)


def test_reports_show_only_what_the_user_may_read(lkpm_world):
	"""An investor has no desk and no report, and the data functions behind the reports are
	permission-aware: the investor's own view of the data holds only their own investment."""
	from bppm_app.engine import investment_reports as lkpm_service

	user = make_user(APPLICANT)
	company = make_applicant(user=user, applicant_type="Business Entity", nik=None, nib=unique_nib())
	mine = make_investment(company.name, kecamatan=lkpm_world.kecamatan)
	with as_user(user):
		# portal users hold no DocType permission: the report data reads nothing for them
		with pytest.raises(frappe.PermissionError):
			lkpm_service.visible_investments({"kecamatan": lkpm_world.kecamatan})
		with pytest.raises(frappe.PermissionError):
			run("LKPM Compliance", filters={"year": 2025})
	assert mine.name in [
		i.name for i in lkpm_service.visible_investments({"kecamatan": lkpm_world.kecamatan})
	]


def test_dates_in_reports_are_real_dates(permits):
	result = run_as(MANAGER, "Permit Application Register", **YEAR_2021, permit_type=permits.t2)
	assert all(isinstance(row["submitted_on"], datetime.datetime) for row in result.result)
	assert getdate(result.result[0]["submitted_on"]) == datetime.date(2021, 3, 2)
