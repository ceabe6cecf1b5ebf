"""LKPM (quarterly investment activity report) rules: quarters, deadlines, who must report,
compliance and the rollup of approved reports onto the investment. Plain functions, no database.

- A quarter runs Q1 January–March … Q4 October–December. Its LKPM is due on the 10th of the month
  after the quarter (Q4: 10 January of the next year), as BKPM/Kementerian Investasi sets it.
- An investment must report a quarter when the office requires LKPM from it, it is being built or
  operated, and its reporting obligation started on or before the quarter's last day. An
  investment that did file an approved report for a quarter counts as obliged for it, so the
  compliance rate never exceeds 100 %.
- Compliance for a quarter = approved reports / investments that must report, in percent.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from bppm_app.exceptions import InvalidInvestmentReportError, InvestmentReportLockedError
from bppm_app.i18n import _
from bppm_app.rules.limits import FIRST_YEAR
from bppm_app.rules.rows import value_of

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
DUE_DAY = 10  # the LKPM of a quarter is due on this day of the month after the quarter

# statuses of an Investment Report (set by the LKPM workflow's states)
DRAFT = "Draft"
SUBMITTED = "Submitted"
NEEDS_REVISION = "Needs Revision"
APPROVED = "Approved"
CANCELLED = "Cancelled"
INVESTOR_EDITABLE = (DRAFT, NEEDS_REVISION)

# where an obliged investment stands for one quarter (the LKPM Compliance report)
NOT_FILED = "Not Filed"
IN_REVIEW = "In Review"
FILING_STATUSES = (APPROVED, IN_REVIEW, NEEDS_REVISION, DRAFT, NOT_FILED)

# investment statuses that carry the reporting obligation
REPORTING_STAGES = ("Construction", "Operating")


# --- quarters ----------------------------------------------------------------------------------


def quarter_number(quarter: str) -> int:
	"""1–4 for "Q1"–"Q4"."""
	if quarter not in QUARTERS:
		raise InvalidInvestmentReportError(_("Quarter must be one of Q1, Q2, Q3 or Q4."))
	return QUARTERS.index(quarter) + 1


def quarter_of(day: datetime.date) -> str:
	return QUARTERS[(day.month - 1) // 3]


def period(year: int, quarter: str) -> tuple[datetime.date, datetime.date]:
	"""First and last day of a quarter."""
	number = quarter_number(quarter)
	start = datetime.date(int(year), 3 * number - 2, 1)
	end_month = 3 * number
	end = (
		datetime.date(int(year), 12, 31)
		if end_month == 12
		else datetime.date(int(year), end_month + 1, 1) - datetime.timedelta(days=1)
	)
	return start, end


def due_date(year: int, quarter: str) -> datetime.date:
	"""The 10th of the month after the quarter."""
	_start, end = period(year, quarter)
	after = end + datetime.timedelta(days=1)
	return after.replace(day=DUE_DAY)


def period_key(year: int, quarter: str) -> tuple[int, int]:
	"""Sortable (year, quarter number)."""
	return int(year), quarter_number(quarter)


def label(year: int, quarter: str) -> str:
	return f"{int(year)} {quarter}"


def ended_quarters(year: int, today: datetime.date) -> list[str]:
	"""The quarters of ``year`` whose last day is before ``today`` (their LKPM can be demanded)."""
	return [q for q in QUARTERS if period(year, q)[1] < today]


def last_due_quarter(today: datetime.date) -> tuple[int, str]:
	"""The most recent quarter whose LKPM deadline has passed (on ``today`` or before)."""
	year, number = today.year, quarter_number(quarter_of(today))
	while True:
		number -= 1
		if number == 0:
			year, number = year - 1, 4
		if due_date(year, QUARTERS[number - 1]) <= today:
			return year, QUARTERS[number - 1]


# --- one report --------------------------------------------------------------------------------


def check_period(year, quarter: str, today: datetime.date) -> int:
	"""A report is for a quarter that has already started, from the year 2000 on. Returns the year."""
	try:
		year = int(year)
	except (TypeError, ValueError):
		year = 0
	if year < FIRST_YEAR:
		raise InvalidInvestmentReportError(_("Year must be {0} or later.").format(FIRST_YEAR))
	start, _end = period(year, quarter)
	if start > today:
		raise InvalidInvestmentReportError(
			_("{0} has not started yet: an LKPM reports a quarter that has begun.").format(
				label(year, quarter)
			)
		)
	return year


def is_late(reported_on: datetime.date | None, due: datetime.date) -> bool:
	return bool(reported_on) and reported_on > due


def check_investor_may_edit(previous_status: str | None) -> None:
	"""An investor changes a report only while it is a draft or sent back for revision."""
	if previous_status and previous_status not in INVESTOR_EDITABLE:
		raise InvestmentReportLockedError(
			_("This LKPM report is {0}: only the office can change it now.").format(_(previous_status))
		)


def check_revision_note(note: str | None) -> None:
	if not (note or "").strip():
		raise InvalidInvestmentReportError(
			_("Write a revision note that tells the investor what to correct.")
		)


# --- rollup onto the investment ------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovedReport:
	year: int
	quarter: str
	investment_in_period: float
	workers_local: int
	workers_foreign: int


@dataclass(frozen=True)
class Rollup:
	realized_investment: float
	current_workers_local: int
	current_workers_foreign: int
	latest_lkpm_period: str | None


def rollup(reports: Iterable[ApprovedReport], up_to: tuple[int, str] | None = None) -> Rollup:
	"""What approved reports say about an investment: realised investment is the sum of every
	approved quarter; the worker counts are those of the latest approved quarter. ``up_to``
	(year, quarter) ignores later quarters."""
	reports = [r for r in reports if up_to is None or period_key(r.year, r.quarter) <= period_key(*up_to)]
	if not reports:
		return Rollup(0, 0, 0, None)
	latest = max(reports, key=lambda r: period_key(r.year, r.quarter))
	return Rollup(
		realized_investment=sum(float(r.investment_in_period or 0) for r in reports),
		current_workers_local=int(latest.workers_local or 0),
		current_workers_foreign=int(latest.workers_foreign or 0),
		latest_lkpm_period=label(latest.year, latest.quarter),
	)


# --- compliance --------------------------------------------------------------------------------


def must_report(
	lkpm_required: bool,
	investment_status: str,
	reporting_starts: datetime.date | None,
	year: int,
	quarter: str,
) -> bool:
	"""Whether an investment owes the LKPM of a quarter (see the module docstring)."""
	if not lkpm_required or investment_status not in REPORTING_STAGES:
		return False
	return reporting_starts is None or reporting_starts <= period(year, quarter)[1]


def filing_status(report_status: str | None) -> str:
	"""Where an investment stands for a quarter, from the status of its report (None: no report)."""
	return {
		APPROVED: APPROVED,
		SUBMITTED: IN_REVIEW,
		NEEDS_REVISION: NEEDS_REVISION,
		DRAFT: DRAFT,
	}.get(report_status or "", NOT_FILED)


def compliance_rate(approved: int, expected: int) -> float | None:
	"""Approved reports per investment that must report, in percent (one decimal); None when no
	investment had to report."""
	if not expected:
		return None
	return round(100.0 * approved / expected, 1)


@dataclass
class QuarterCompliance:
	"""LKPM compliance of one quarter."""

	year: int
	quarter: str
	expected: int = 0
	approved: int = 0
	late: int = 0  # approved, but filed after the due date
	in_review: int = 0
	needs_revision: int = 0
	draft: int = 0
	not_filed: int = 0

	@property
	def due_date(self) -> datetime.date:
		return due_date(self.year, self.quarter)

	@property
	def rate(self) -> float | None:
		return compliance_rate(self.approved, self.expected)

	@property
	def outstanding(self) -> int:
		"""Obliged investments without an approved report."""
		return self.expected - self.approved


@dataclass(frozen=True)
class Obligation:
	"""One investment that must report one quarter, and where it stands."""

	investment: object
	year: int
	quarter: str
	status: str
	report: object | None
	late: bool


# which of a quarter's reports counts for it: the lowest rank (the SQL of reports.lkpm_figures too)
PREFERENCE = {APPROVED: 0, SUBMITTED: 1, NEEDS_REVISION: 2, DRAFT: 3}


def compliance(
	investments: Iterable, reports: Iterable, year: int, quarters: Iterable[str]
) -> tuple[list[Obligation], dict[str, QuarterCompliance]]:
	"""Who had to report each quarter of ``year`` and where they stand.

	``investments``: rows with name, lkpm_required, status, reporting_starts (a date or None).
	``reports``: the year's reports that are not cancelled, with investment, year, quarter, status,
	reported_on. Returns the obligations (investment × quarter) and a summary per quarter."""
	best: dict[tuple[str, str], object] = {}
	for report in reports:
		if int(value_of(report, "year")) != int(year):
			continue
		key = (value_of(report, "investment"), value_of(report, "quarter"))
		current = best.get(key)
		if current is None or PREFERENCE.get(value_of(report, "status"), 9) < PREFERENCE.get(
			value_of(current, "status"), 9
		):
			best[key] = report

	obligations: list[Obligation] = []
	summary: dict[str, QuarterCompliance] = {}
	for quarter in quarters:
		total = summary[quarter] = QuarterCompliance(int(year), quarter)
		due = due_date(year, quarter)
		for investment in investments:
			report = best.get((value_of(investment, "name"), quarter))
			status = filing_status(value_of(report, "status") if report else None)
			obliged = status == APPROVED or must_report(
				bool(value_of(investment, "lkpm_required")),
				value_of(investment, "status"),
				value_of(investment, "reporting_starts"),
				year,
				quarter,
			)
			if not obliged:
				continue
			late = status == APPROVED and is_late(value_of(report, "reported_on"), due)
			obligations.append(Obligation(investment, int(year), quarter, status, report, late))
			total.expected += 1
			if status == APPROVED:
				total.approved += 1
				total.late += int(late)
			elif status == IN_REVIEW:
				total.in_review += 1
			elif status == NEEDS_REVISION:
				total.needs_revision += 1
			elif status == DRAFT:
				total.draft += 1
			else:
				total.not_filed += 1
	return obligations, summary


# --- investment realisation ----------------------------------------------------------------------

GROUP_FIELDS = ("investment_type", "sector", "kbli_code", "kecamatan", "quarter")


@dataclass
class RealizationRow:
	group: str
	investments: int = 0
	planned_investment: float | None = 0.0
	realized_in_period: float = 0.0
	realized_cumulative: float = 0.0
	workers_local: int = 0
	workers_foreign: int = 0

	@property
	def realization_pct(self) -> float | None:
		if not self.planned_investment:
			return None
		return round(100.0 * self.realized_cumulative / self.planned_investment, 1)


def _approved_of(reports: Iterable) -> dict[str, list[ApprovedReport]]:
	by_investment: dict[str, list[ApprovedReport]] = {}
	for r in reports:
		by_investment.setdefault(value_of(r, "investment"), []).append(
			ApprovedReport(
				int(value_of(r, "year")),
				value_of(r, "quarter"),
				float(value_of(r, "investment_in_period") or 0),
				int(value_of(r, "workers_local") or 0),
				int(value_of(r, "workers_foreign") or 0),
			)
		)
	return by_investment


def realization(
	investments: Iterable,
	approved_reports: Iterable,
	year: int,
	quarter: str | None = None,
	group_by: str = "investment_type",
) -> list[RealizationRow]:
	"""Planned against realised investment for a year (or one quarter of it), grouped.

	By an investment field (type, sector, KBLI, kecamatan): per group, the number of investments,
	their planned total, what they realised in the period, what they realised in total up to the
	period's end (and its share of the plan), and their latest worker counts up to that end.
	By quarter: one row per quarter of the year (or the chosen one) with what was realised in it
	and the year's total up to its end (``realized_cumulative``); no plan."""
	if group_by not in GROUP_FIELDS:
		raise InvalidInvestmentReportError(_("Cannot group investment realisation by {0}.").format(group_by))
	year = int(year)
	quarters = [quarter] if quarter else list(QUARTERS)
	end = (year, quarter or QUARTERS[-1])
	investments = list(investments)
	reports = _approved_of(approved_reports)

	def in_period(r: ApprovedReport, quarters_: list[str]) -> bool:
		return r.year == year and r.quarter in quarters_

	if group_by == "quarter":
		rows = []
		for q in quarters:
			row = RealizationRow(group=q, planned_investment=None)
			for investment in investments:
				mine = reports.get(value_of(investment, "name"), [])
				this_quarter = [r for r in mine if in_period(r, [q])]
				if this_quarter:
					row.investments += 1
				row.realized_in_period += sum(r.investment_in_period for r in this_quarter)
				row.realized_cumulative += sum(
					r.investment_in_period
					for r in mine
					if r.year == year and quarter_number(r.quarter) <= quarter_number(q)
				)
				latest = rollup(mine, up_to=(year, q))
				row.workers_local += latest.current_workers_local
				row.workers_foreign += latest.current_workers_foreign
			rows.append(row)
		return rows

	groups: dict[str, RealizationRow] = {}
	for investment in investments:
		key = value_of(investment, group_by) or ""
		row = groups.setdefault(key, RealizationRow(group=key))
		mine = reports.get(value_of(investment, "name"), [])
		totals = rollup(mine, up_to=end)
		row.investments += 1
		row.planned_investment += float(value_of(investment, "planned_investment") or 0)
		row.realized_in_period += sum(r.investment_in_period for r in mine if in_period(r, quarters))
		row.realized_cumulative += totals.realized_investment
		row.workers_local += totals.current_workers_local
		row.workers_foreign += totals.current_workers_foreign
	return sorted(groups.values(), key=lambda row: (-row.realized_in_period, row.group))


def check_target_years(years: Iterable) -> None:
	"""Yearly investment targets: one per year, from the year 2000 on."""
	seen = set()
	for year in years:
		year = int(year or 0)
		if year < FIRST_YEAR:
			raise InvalidInvestmentReportError(_("Year must be {0} or later.").format(FIRST_YEAR))
		if year in seen:
			raise InvalidInvestmentReportError(_("The investment target of {0} is given twice.").format(year))
		seen.add(year)


# --- reminders ------------------------------------------------


def reminder_quarter(today: datetime.date, days_before: int) -> tuple[int, str] | None:
	"""The quarter whose LKPM investors are reminded of today: the quarter that has just ended,
	from ``days_before`` days before its due date (the 10th of the next month) up to the due date
	itself. None outside that window, or when ``days_before`` is not positive."""
	if int(days_before or 0) <= 0:
		return None
	number = quarter_number(quarter_of(today)) - 1
	year = today.year
	if number == 0:
		year, number = year - 1, 4
	quarter = QUARTERS[number - 1]
	due = due_date(year, quarter)
	if due - datetime.timedelta(days=int(days_before)) <= today <= due:
		return year, quarter
	return None


def needs_reminder(report_status: str | None) -> bool:
	"""An investor is reminded while the quarter's report has not reached the office: no report
	yet, a draft, or a report sent back for revision."""
	return report_status in (None, "", DRAFT, NEEDS_REVISION)
