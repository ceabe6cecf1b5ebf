import datetime

import pytest

from bppm_app.exceptions import InvalidInvestmentReportError, InvestmentReportLockedError
from bppm_app.rules import lkpm

D = datetime.date


# --- quarters and deadlines ------------------------------------------------------------------------


@pytest.mark.parametrize(
	"quarter, start, end, due",
	[
		("Q1", D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 10)),
		("Q2", D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 10)),
		("Q3", D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 10)),
		("Q4", D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 10)),
	],
)
def test_quarter_periods_and_the_10th_of_the_next_month(quarter, start, end, due):
	assert lkpm.period(2026, quarter) == (start, end)
	assert lkpm.due_date(2026, quarter) == due


def test_leap_year_first_quarter_ends_on_31_march():
	assert lkpm.period(2024, "Q1") == (D(2024, 1, 1), D(2024, 3, 31))


def test_quarter_of_a_date():
	assert [lkpm.quarter_of(D(2026, m, 15)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
		"Q1",
		"Q1",
		"Q2",
		"Q2",
		"Q3",
		"Q3",
		"Q4",
		"Q4",
	]


def test_unknown_quarter_is_refused():
	with pytest.raises(InvalidInvestmentReportError):
		lkpm.period(2026, "Q5")


def test_ended_quarters():
	assert lkpm.ended_quarters(2026, D(2026, 11, 29)) == ["Q1", "Q2", "Q3"]
	assert lkpm.ended_quarters(2026, D(2026, 3, 31)) == []
	assert lkpm.ended_quarters(2026, D(2026, 4, 1)) == ["Q1"]
	assert lkpm.ended_quarters(2025, D(2026, 1, 1)) == ["Q1", "Q2", "Q3", "Q4"]


@pytest.mark.parametrize(
	"today, expected",
	[
		(D(2026, 11, 29), (2026, "Q3")),  # Q3 was due on 10 October
		(D(2026, 10, 10), (2026, "Q3")),  # due today
		(D(2026, 10, 9), (2026, "Q2")),  # Q3 not due yet
		(D(2027, 1, 9), (2026, "Q3")),
		(D(2027, 1, 10), (2026, "Q4")),  # across the year
		(D(2026, 2, 1), (2025, "Q4")),
	],
)
def test_last_due_quarter(today, expected):
	assert lkpm.last_due_quarter(today) == expected


def test_a_report_is_for_a_quarter_that_has_begun():
	today = D(2026, 11, 29)
	assert lkpm.check_period("2026", "Q4", today) == 2026
	assert lkpm.check_period(2025, "Q1", today) == 2025
	with pytest.raises(InvalidInvestmentReportError):
		lkpm.check_period(2027, "Q1", today)
	for bad_year in (1999, None, "abc"):
		with pytest.raises(InvalidInvestmentReportError):
			lkpm.check_period(bad_year, "Q1", today)


def test_lateness_is_after_the_due_date():
	due = D(2026, 4, 10)
	assert not lkpm.is_late(D(2026, 4, 10), due)
	assert lkpm.is_late(D(2026, 4, 11), due)
	assert not lkpm.is_late(None, due)


def test_investor_edits_only_drafts_and_reports_sent_back():
	for status in (None, lkpm.DRAFT, lkpm.NEEDS_REVISION):
		lkpm.check_investor_may_edit(status)
	for status in (lkpm.SUBMITTED, lkpm.APPROVED, lkpm.CANCELLED):
		with pytest.raises(InvestmentReportLockedError):
			lkpm.check_investor_may_edit(status)


def test_revision_needs_a_note():
	lkpm.check_revision_note("Nilai investasi tidak sesuai bukti")
	for empty in (None, "", "   "):
		with pytest.raises(InvalidInvestmentReportError):
			lkpm.check_revision_note(empty)


def test_target_years_are_unique():
	lkpm.check_target_years([2025, 2026])
	with pytest.raises(InvalidInvestmentReportError):
		lkpm.check_target_years([2026, "2026"])
	with pytest.raises(InvalidInvestmentReportError):
		lkpm.check_target_years([1990])


# --- rollup ------------------------------------------------------------------------------------------


def report(year, quarter, amount, local=0, foreign=0):
	return lkpm.ApprovedReport(year, quarter, amount, local, foreign)


def test_rollup_sums_investment_and_takes_workers_of_the_latest_quarter():
	reports = [
		report(2026, "Q2", 300, 12, 1),
		report(2025, "Q4", 1000, 5, 0),
		report(2026, "Q1", 200, 10, 2),
	]
	totals = lkpm.rollup(reports)
	assert totals.realized_investment == 1500
	assert (totals.current_workers_local, totals.current_workers_foreign) == (12, 1)
	assert totals.latest_lkpm_period == "2026 Q2"


def test_rollup_up_to_a_quarter():
	reports = [report(2026, "Q1", 200, 10), report(2026, "Q2", 300, 12), report(2026, "Q3", 50, 15)]
	totals = lkpm.rollup(reports, up_to=(2026, "Q2"))
	assert totals.realized_investment == 500
	assert totals.current_workers_local == 12


def test_rollup_of_nothing():
	assert lkpm.rollup([]) == lkpm.Rollup(0, 0, 0, None)


# --- compliance --------------------------------------------------------------------------------------


def test_who_must_report():
	q = (2026, "Q2")
	assert lkpm.must_report(True, "Operating", D(2025, 1, 1), *q)
	assert lkpm.must_report(True, "Construction", None, *q)
	assert lkpm.must_report(True, "Construction", D(2026, 6, 30), *q)  # started on the last day
	assert not lkpm.must_report(True, "Construction", D(2026, 7, 1), *q)  # starts next quarter
	assert not lkpm.must_report(True, "Planned", D(2025, 1, 1), *q)
	assert not lkpm.must_report(True, "Stopped", D(2025, 1, 1), *q)
	assert not lkpm.must_report(False, "Operating", D(2025, 1, 1), *q)  # exempt (micro business)


def test_compliance_rate():
	assert lkpm.compliance_rate(3, 7) == 42.9
	assert lkpm.compliance_rate(0, 4) == 0
	assert lkpm.compliance_rate(4, 4) == 100
	assert lkpm.compliance_rate(0, 0) is None


def test_compliance_per_quarter_by_hand():
	start = D(2025, 1, 1)
	investments = [
		{"name": "A", "lkpm_required": 1, "status": "Operating", "reporting_starts": start},
		{"name": "B", "lkpm_required": 1, "status": "Construction", "reporting_starts": start},
		{"name": "C", "lkpm_required": 1, "status": "Operating", "reporting_starts": D(2026, 4, 2)},
		{"name": "D", "lkpm_required": 0, "status": "Operating", "reporting_starts": start},
		{"name": "E", "lkpm_required": 1, "status": "Planned", "reporting_starts": start},
	]
	reports = [
		{
			"investment": "A",
			"year": 2026,
			"quarter": "Q1",
			"status": "Approved",
			"reported_on": D(2026, 4, 9),
		},
		{
			"investment": "A",
			"year": 2026,
			"quarter": "Q2",
			"status": "Approved",
			"reported_on": D(2026, 7, 20),
		},
		{"investment": "B", "year": 2026, "quarter": "Q1", "status": "Needs Revision", "reported_on": None},
		{
			"investment": "B",
			"year": 2026,
			"quarter": "Q2",
			"status": "Submitted",
			"reported_on": D(2026, 7, 1),
		},
		{"investment": "C", "year": 2026, "quarter": "Q2", "status": "Draft", "reported_on": None},
		# a planned investment that reported anyway counts as obliged for that quarter
		{
			"investment": "E",
			"year": 2026,
			"quarter": "Q2",
			"status": "Approved",
			"reported_on": D(2026, 7, 5),
		},
		{
			"investment": "A",
			"year": 2025,
			"quarter": "Q2",
			"status": "Approved",
			"reported_on": D(2025, 7, 5),
		},
	]
	obligations, summary = lkpm.compliance(investments, reports, 2026, ["Q1", "Q2"])

	q1, q2 = summary["Q1"], summary["Q2"]
	# Q1: A approved on time, B needs revision; C starts in Q2; D exempt; E planned
	assert (q1.expected, q1.approved, q1.late, q1.needs_revision, q1.not_filed) == (2, 1, 0, 1, 0)
	assert q1.rate == 50.0
	# Q2: A approved late, B in review, C draft, E approved
	assert (q2.expected, q2.approved, q2.late, q2.in_review, q2.draft, q2.not_filed) == (4, 2, 1, 1, 1, 0)
	assert q2.rate == 50.0 and q2.outstanding == 2
	assert q2.due_date == D(2026, 7, 10)
	assert {(o.investment["name"], o.quarter, o.status) for o in obligations} == {
		("A", "Q1", "Approved"),
		("B", "Q1", "Needs Revision"),
		("A", "Q2", "Approved"),
		("B", "Q2", "In Review"),
		("C", "Q2", "Draft"),
		("E", "Q2", "Approved"),
	}


def test_an_obliged_investment_without_a_report_is_not_filed():
	investments = [{"name": "A", "lkpm_required": 1, "status": "Operating", "reporting_starts": None}]
	obligations, summary = lkpm.compliance(investments, [], 2026, ["Q3"])
	assert [o.status for o in obligations] == [lkpm.NOT_FILED]
	assert summary["Q3"].rate == 0


# --- realisation ---------------------------------------------------------------------------------------

INVESTMENTS = [
	{"name": "A", "investment_type": "PMDN", "sector": "Energi", "kecamatan": "Bontang Selatan",
	 "kbli_code": "35101", "planned_investment": 1000},
	{"name": "B", "investment_type": "PMA", "sector": "Industri", "kecamatan": "Bontang Selatan",
	 "kbli_code": "10213", "planned_investment": 4000},
	{"name": "C", "investment_type": "PMDN", "sector": "Pariwisata", "kecamatan": "Bontang Utara",
	 "kbli_code": "55199", "planned_investment": 500},
]  # fmt: skip
APPROVED = [
	{"investment": "A", "year": 2025, "quarter": "Q4", "investment_in_period": 100, "workers_local": 5},
	{"investment": "A", "year": 2026, "quarter": "Q1", "investment_in_period": 200, "workers_local": 8},
	{"investment": "A", "year": 2026, "quarter": "Q2", "investment_in_period": 300, "workers_local": 9},
	{"investment": "B", "year": 2026, "quarter": "Q2", "investment_in_period": 1000, "workers_local": 40,
	 "workers_foreign": 3},
	{"investment": "B", "year": 2026, "quarter": "Q3", "investment_in_period": 500, "workers_local": 45,
	 "workers_foreign": 2},
]  # fmt: skip


def test_realisation_by_investment_type():
	rows = {r.group: r for r in lkpm.realization(INVESTMENTS, APPROVED, 2026, group_by="investment_type")}
	assert rows["PMA"].investments == 1 and rows["PMA"].planned_investment == 4000
	assert rows["PMA"].realized_in_period == 1500 and rows["PMA"].realized_cumulative == 1500
	assert rows["PMA"].realization_pct == 37.5
	assert (rows["PMA"].workers_local, rows["PMA"].workers_foreign) == (45, 2)
	assert rows["PMDN"].investments == 2 and rows["PMDN"].planned_investment == 1500
	assert rows["PMDN"].realized_in_period == 500  # 2026 only
	assert rows["PMDN"].realized_cumulative == 600  # with 2025 Q4
	assert rows["PMDN"].realization_pct == 40.0
	assert rows["PMDN"].workers_local == 9


def test_realisation_of_one_quarter_by_kecamatan():
	rows = {
		r.group: r for r in lkpm.realization(INVESTMENTS, APPROVED, 2026, quarter="Q2", group_by="kecamatan")
	}
	selatan = rows["Bontang Selatan"]
	assert selatan.realized_in_period == 1300  # A 300 + B 1000
	assert selatan.realized_cumulative == 1600  # A 100+200+300, B 1000 (Q3 not yet)
	assert (selatan.workers_local, selatan.workers_foreign) == (49, 3)
	assert rows["Bontang Utara"].realized_in_period == 0 and rows["Bontang Utara"].realization_pct == 0


def test_realisation_per_quarter_with_year_to_date():
	rows = lkpm.realization(INVESTMENTS, APPROVED, 2026, group_by="quarter")
	assert [r.group for r in rows] == ["Q1", "Q2", "Q3", "Q4"]
	assert [r.realized_in_period for r in rows] == [200, 1300, 500, 0]
	assert [r.realized_cumulative for r in rows] == [200, 1500, 2000, 2000]
	assert [r.investments for r in rows] == [1, 2, 1, 0]
	assert rows[0].planned_investment is None


def test_realisation_refuses_an_unknown_grouping():
	with pytest.raises(InvalidInvestmentReportError):
		lkpm.realization(INVESTMENTS, APPROVED, 2026, group_by="investor")
