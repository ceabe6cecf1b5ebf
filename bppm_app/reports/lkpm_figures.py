"""LKPM figures computed by the database: compliance per quarter, the chasing list a page at a
time, and investment realisation per group or quarter. The definitions (who must report, which
report counts, lateness, the rollup of approved reports) are those of bppm_app.rules.lkpm; the
tests hold these queries to them. Investments and reports are limited to what the session user
may read, as frappe.get_list would.
"""

import datetime

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Date, Max, Min, Sum
from pypika.terms import Term

from bppm_app.reports.sql import Sql, hinted, read_condition, run_roomy, table, where_all
from bppm_app.rules import lkpm

INV = table("Investment")
REP = table("Investment Report")
# how good a quarter's report is (rules.lkpm.compliance keeps the best): Approved first
NO_REPORT = 9
STATUS_OF = {0: lkpm.APPROVED, 1: lkpm.IN_REVIEW, 2: lkpm.NEEDS_REVISION, 3: lkpm.DRAFT}
# the chasing list: not filed first, then drafts, sent back, in review, approved
CHASE = {NO_REPORT: 0, 3: 1, 2: 2, 1: 3, 0: 4}


def investments(filters: dict | None = None):
	"""The investments the user may read, with equality ``filters`` on their fields."""
	query = frappe.qb.from_(INV)
	for field, value in (filters or {}).items():
		query = query.where(INV[field] == value)
	return where_all(query, read_condition("Investment"))


def must_report(quarter_end: datetime.date) -> Term:
	"""rules.lkpm.must_report as a condition on the investment."""
	starts = Coalesce(INV.lkpm_start_date, Date(INV.creation))
	return (INV.lkpm_required == 1) & INV.status.isin(lkpm.REPORTING_STAGES) & (starts <= quarter_end)


def _flag(condition) -> Term:
	return Case().when(condition, 1).else_(0)


def best_reports(year: int, quarters: list[str]):
	"""Per investment and quarter of ``year``: the preference of its best report that is not
	cancelled (0 approved … 3 draft, 9 other), whether the approved one came late, and the best
	report's name."""
	preference = Case()
	for status, rank in lkpm.PREFERENCE.items():
		preference = preference.when(REP.status == status, rank)
	preference = preference.else_(NO_REPORT)
	late = Case()
	for quarter in quarters:
		late = late.when(
			(REP.quarter == quarter)
			& (REP.status == lkpm.APPROVED)
			& (REP.reported_on > lkpm.due_date(year, quarter)),
			1,
		)
	late = late.else_(0)
	best_name = Sql(
		"substring(min(concat(" + preference.get_sql(quote_char="`") + ", `tabInvestment Report`.`name`)), 2)"
	)
	return where_all(
		frappe.qb.from_(REP)
		.select(REP.investment, REP.quarter, Min(preference).as_("pref"), Max(late).as_("late"),
			best_name.as_("report"))
		.where((REP.year == int(year)) & (REP.docstatus < 2) & REP.quarter.isin(quarters))
		.groupby(REP.investment, REP.quarter),
		read_condition("Investment Report"),
	)  # fmt: skip


def compliance(
	year: int, quarters: list[str], filters: dict | None = None
) -> dict[str, lkpm.QuarterCompliance]:
	"""rules.lkpm.compliance's summary per quarter, counted by the database."""
	year = int(year)
	out = {q: lkpm.QuarterCompliance(year, q) for q in quarters}
	if not quarters:
		return out
	ends = {q: lkpm.period(year, q)[1] for q in quarters}
	base = investments(filters)
	obliged = base.select(*[Sum(_flag(must_report(ends[q]))).as_(q) for q in quarters]).run(as_dict=True)[0]
	best = best_reports(year, quarters)
	must = Case()
	for q in quarters:
		must = must.when(best.quarter == q, _flag(must_report(ends[q])))
	grouped = run_roomy(
		where_all(
			frappe.qb.from_(best).join(INV).on(INV.name == best.investment),
			*[INV[field] == value for field, value in (filters or {}).items()],
			read_condition("Investment"),
		)
		.select(best.quarter, best.pref, best.late, must.as_("must"), Count("*").as_("n"))
		.groupby(best.quarter, best.pref, best.late, must),
		as_dict=True,
	)
	filed_and_obliged = dict.fromkeys(quarters, 0)
	for q in quarters:
		out[q].expected = int(obliged[q] or 0)
	for row in grouped:
		total, n = out[row.quarter], int(row.n)
		if row.pref == 0:
			total.approved += n
			total.late += n * int(row.late or 0)
			if not row.must:
				total.expected += n  # an approved report makes the quarter owed
		if row.must and row.pref in STATUS_OF:
			filed_and_obliged[row.quarter] += n
			if row.pref == 1:
				total.in_review += n
			elif row.pref == 2:
				total.needs_revision += n
			elif row.pref == 3:
				total.draft += n
	for q in quarters:
		out[q].not_filed = int(obliged[q] or 0) - filed_and_obliged[q]
	return out


def obligations(
	year: int,
	quarter: str,
	filters: dict | None = None,
	only_status: str | None = None,
	offset: int = 0,
	length: int = 500,
) -> list[frappe._dict]:
	"""One quarter's chasing list: each investment that must report it, where it stands, the
	ones to chase first (not filed, drafts, sent back, in review, approved), then by name."""
	year = int(year)
	best = best_reports(year, [quarter])
	pref = Coalesce(best.pref, NO_REPORT)
	chase = Case()
	for rank, position in CHASE.items():
		chase = chase.when(pref == rank, position)
	query = where_all(
		frappe.qb.from_(INV)
		.left_join(best)
		.on((best.investment == INV.name) & (best.quarter == quarter))
		.where(must_report(lkpm.period(year, quarter)[1]) | (pref == 0)),
		*[INV[field] == value for field, value in (filters or {}).items()],
		read_condition("Investment"),
	)
	if only_status:
		wanted = {v: k for k, v in STATUS_OF.items()}.get(only_status, NO_REPORT)
		query = query.where(pref == wanted)
	return run_roomy(
		query.select(
			INV.name.as_("investment"), INV.project_name, INV.investor, INV.investor_name, INV.investment_type,
			INV.kecamatan, pref.as_("pref"), Coalesce(best.late, 0).as_("late"), best.report,
		)
		.orderby(chase.else_(0))
		.orderby(INV.name)
		.limit(length)
		.offset(offset),
		as_dict=True,
	)  # fmt: skip


def status_counts(per_quarter: lkpm.QuarterCompliance) -> dict[str, int]:
	return {
		lkpm.APPROVED: per_quarter.approved,
		lkpm.IN_REVIEW: per_quarter.in_review,
		lkpm.NEEDS_REVISION: per_quarter.needs_revision,
		lkpm.DRAFT: per_quarter.draft,
		lkpm.NOT_FILED: per_quarter.not_filed,
	}


# --- realisation --------------------------------------------------------------------------------


def _latest(condition=None) -> Term:
	"""The latest approved quarter's "year quarter|local|foreign" (its text sorts by period)."""
	text = Sql(
		"concat(`tabInvestment Report`.`year`, `tabInvestment Report`.`quarter`, '|', "
		"coalesce(`tabInvestment Report`.`workers_local`, 0), '|', "
		"coalesce(`tabInvestment Report`.`workers_foreign`, 0))"
	)
	return Max(text if condition is None else Case().when(condition, text))


def _workers(latest: Term, position: int) -> Term:
	"""Local (1) or foreign (2) workers out of ``_latest``'s text; 0 without a report."""
	sql = latest.get_sql(quote_char="`")
	return Sql(
		f"cast(coalesce(substring_index(substring_index({sql}, '|', {position + 1}), '|', -1), 0) as signed)"
	)


def approved_until(year: int, last_quarter: str):
	"""Approved reports up to the end of ``last_quarter`` of ``year`` (the user's view)."""
	return where_all(
		hinted(frappe.qb.from_(REP), "bppm_lkpm_approved").where(
			(REP.docstatus == 1)
			& ((REP.year < int(year)) | ((REP.year == int(year)) & (REP.quarter <= last_quarter)))
		),
		read_condition("Investment Report"),
	)


def realization(year: int, quarter: str | None, group_by: str, filters: dict | None = None) -> dict:
	"""rules.lkpm.realization (rows) and the report's totals, summed by the database."""
	if group_by not in lkpm.GROUP_FIELDS:
		frappe.throw(frappe._("Cannot group investment realisation by {0}.").format(group_by))
	year = int(year)
	quarters = [quarter] if quarter else list(lkpm.QUARTERS)
	last = quarter or lkpm.QUARTERS[-1]
	in_year = REP.year == year
	amount = Coalesce(REP.investment_in_period, 0)
	if group_by == "quarter":
		return _per_quarter(year, quarters, filters)
	per_investment = (
		approved_until(year, last)
		.select(
			REP.investment,
			Sum(Case().when(in_year & REP.quarter.isin(quarters), amount).else_(0)).as_("in_period"),
			Sum(amount).as_("cumulative"),
			Sum(Case().when(in_year, amount).else_(0)).as_("year_to_date"),
			_latest().as_("latest"),
		)
		.groupby(REP.investment)
	)
	group = Coalesce(INV[group_by], "")
	rows = run_roomy(
		where_all(
			frappe.qb.from_(INV).left_join(per_investment).on(per_investment.investment == INV.name),
			*[INV[field] == value for field, value in (filters or {}).items()],
			read_condition("Investment"),
		)
		.select(
			group.as_("group"),
			Count("*").as_("investments"),
			Sum(Coalesce(INV.planned_investment, 0)).as_("planned_investment"),
			Sum(Coalesce(per_investment.in_period, 0)).as_("realized_in_period"),
			Sum(Coalesce(per_investment.cumulative, 0)).as_("realized_cumulative"),
			Sum(Coalesce(per_investment.year_to_date, 0)).as_("year_to_date"),
			Sum(_workers(per_investment.latest, 1)).as_("workers_local"),
			Sum(_workers(per_investment.latest, 2)).as_("workers_foreign"),
		)
		.groupby(group),
		as_dict=True,
	)
	out = [
		lkpm.RealizationRow(
			group=row.group,
			investments=int(row.investments),
			planned_investment=float(row.planned_investment or 0),
			realized_in_period=float(row.realized_in_period or 0),
			realized_cumulative=float(row.realized_cumulative or 0),
			workers_local=int(row.workers_local or 0),
			workers_foreign=int(row.workers_foreign or 0),
		)
		for row in rows
	]
	return {
		"rows": sorted(out, key=lambda row: (-row.realized_in_period, row.group)),
		"investments": sum(row.investments for row in out),
		"planned": sum(row.planned_investment for row in out),
		"realised": sum(row.realized_in_period for row in out),
		"year_to_date": sum(float(row.year_to_date or 0) for row in rows),
	}


def _per_quarter(year: int, quarters: list[str], filters: dict | None) -> dict:
	"""One row per quarter: investments reporting it, realised in it and in the year up to it,
	and the latest worker counts up to its end."""
	in_year = REP.year == year
	amount = Coalesce(REP.investment_in_period, 0)
	columns = []
	for q in quarters:
		until_q = (REP.year < year) | (in_year & (REP.quarter <= q))
		columns += [
			Max(Case().when(in_year & (REP.quarter == q), 1).else_(0)).as_(f"has_{q}"),
			Sum(Case().when(in_year & (REP.quarter == q), amount).else_(0)).as_(f"in_{q}"),
			Sum(Case().when(in_year & (REP.quarter <= q), amount).else_(0)).as_(f"cum_{q}"),
			_latest(until_q).as_(f"latest_{q}"),
		]
	per_investment = (
		approved_until(year, max(quarters)).select(REP.investment, *columns).groupby(REP.investment)
	)
	sums = []
	for q in quarters:
		sums += [
			Sum(Coalesce(per_investment[f"has_{q}"], 0)).as_(f"has_{q}"),
			Sum(Coalesce(per_investment[f"in_{q}"], 0)).as_(f"in_{q}"),
			Sum(Coalesce(per_investment[f"cum_{q}"], 0)).as_(f"cum_{q}"),
			Sum(_workers(per_investment[f"latest_{q}"], 1)).as_(f"local_{q}"),
			Sum(_workers(per_investment[f"latest_{q}"], 2)).as_(f"foreign_{q}"),
		]
	inv_filters = where_all(
		frappe.qb.from_(INV).left_join(per_investment).on(per_investment.investment == INV.name),
		*[INV[field] == value for field, value in (filters or {}).items()],
		read_condition("Investment"),
	)
	totals = run_roomy(
		inv_filters.select(
			Count("*").as_("investments"), Sum(Coalesce(INV.planned_investment, 0)).as_("planned"), *sums
		),
		as_dict=True,
	)[0]
	rows = [
		lkpm.RealizationRow(
			group=q,
			investments=int(totals[f"has_{q}"] or 0),
			planned_investment=None,
			realized_in_period=float(totals[f"in_{q}"] or 0),
			realized_cumulative=float(totals[f"cum_{q}"] or 0),
			workers_local=int(totals[f"local_{q}"] or 0),
			workers_foreign=int(totals[f"foreign_{q}"] or 0),
		)
		for q in quarters
	]
	return {
		"rows": rows,
		"investments": int(totals.investments or 0),
		"planned": float(totals.planned or 0),
		"realised": sum(row.realized_in_period for row in rows),
		"year_to_date": rows[-1].realized_cumulative if rows else 0.0,
	}
