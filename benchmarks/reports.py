"""The reports against hand-written SQL.

Each report runs the way the desk runs it (``frappe.desk.query_report.run``, as Administrator),
and its own code alone (the report module's ``execute``); next to them the hand-written SQL that
produces the same figures: the same plan, written as plain statements with no permission layer,
no query builder and no row shaping, run through the database connection. The ratio execute /
hand SQL is what the app's layers cost on top of the database's own work; the desk's runner adds
a fixed 10–20 ms (the report document, its permission check, column handling). Timings are the
best of a few runs (the machine is shared).
"""

import datetime as dt
import time
from decimal import Decimal

import frappe
from frappe.desk.query_report import run

from bppm_app.config import office_calendar
from bppm_app.engine import service_level
from bppm_app.rules import lkpm, report_stats

REPEAT = 3


def windows(today: dt.date) -> dict:
	year_ago = today - dt.timedelta(days=365)
	return {"from_date": str(year_ago), "to_date": str(today), "year": today.year}


def reports(today: dt.date) -> dict[str, tuple[str, dict]]:
	"""{label: (report, filters)}: the office's reports over the last twelve months."""
	w = windows(today)
	period = {"from_date": w["from_date"], "to_date": w["to_date"]}
	return {
		"SLA Compliance": ("SLA Compliance", {**period, "group_by": "Permit Type"}),
		"SLA Compliance by stage": ("SLA Compliance", {**period, "group_by": "Stage"}),
		"Levy Revenue": ("Levy Revenue", period),
		"Permit Application Register": ("Permit Application Register", period),
		"Permit Expiry": ("Permit Expiry", {"days": 30}),
		"Deemed Approval Risk": ("Deemed Approval Risk", {}),
		"Investment Realization": ("Investment Realization", {"year": w["year"], "group_by": "kecamatan"}),
		"LKPM Compliance": ("LKPM Compliance", {"year": w["year"]}),
	}


def whole_span(today: dt.date) -> dict[str, tuple[str, dict]]:
	"""The heaviest views over every application seeded (three years), timed at 10N only."""
	period = {"from_date": str(today - dt.timedelta(days=3 * 366)), "to_date": str(today)}
	return {
		"SLA Compliance, 3 years": ("SLA Compliance", {**period, "group_by": "Permit Type"}),
		"SLA Compliance by stage, 3 years": ("SLA Compliance", {**period, "group_by": "Stage"}),
		"Permit Application Register, 3 years": ("Permit Application Register", period),
	}


def time_whole_span(today: dt.date) -> dict[str, float]:
	out = {}
	for label, (report, filters) in whole_span(today).items():
		run(report, filters=dict(filters))
		out[label] = best_of(lambda report=report, filters=filters: run(report, filters=dict(filters)), 2)
	return out


def best_of(fn, repeat: int = REPEAT) -> float:
	best = float("inf")
	for _ in range(repeat):
		start = time.perf_counter()
		fn()
		best = min(best, time.perf_counter() - start)
	return best


def execute(report: str, filters: dict):
	"""The report's own code (its ``execute``), without the desk's report runner around it."""
	module = frappe.get_module(f"bppm_app.bppm.report.{frappe.scrub(report)}.{frappe.scrub(report)}")
	return module.execute(frappe._dict(filters))


def time_reports(today: dt.date, how=run) -> dict[str, float]:
	out = {}
	for label, (report, filters) in reports(today).items():
		how(report, filters=dict(filters))  # warm: modules, metadata, caches
		out[label] = best_of(lambda report=report, filters=filters: how(report, filters=dict(filters)))
	return out


def time_hand_sql(today: dt.date) -> dict[str, float]:
	hand = HandSql(today)
	out = {}
	for label in reports(today):
		fn = getattr(hand, "_".join(label.lower().split()))
		fn()
		out[label] = best_of(fn)
	return out


def sql(query: str, values=None):
	return frappe.db.sql(query, values) if values is not None else frappe.db.sql(query)


class HandSql:
	"""The same figures as each report, in plain SQL (the plan the reports use)."""

	def __init__(self, today: dt.date):
		w = windows(today)
		self.start = f"{w['from_date']} 00:00:00"
		self.end = f"{today + dt.timedelta(days=1)} 00:00:00"
		self.today = today
		self.year = w["year"]

	# medians and p90s: bucket counts say where the positions are, one read picks the values
	@staticmethod
	def _picks(buckets: dict, fetch) -> None:
		for key, counts in buckets.items():
			total = sum(counts.values())
			seen, wanted = 0, sorted(set(report_stats.rank_positions(total)))
			for b in sorted(counts):
				if wanted and wanted[0] <= seen + counts[b]:
					fetch(key, b)
				while wanted and wanted[0] <= seen + counts[b]:
					wanted.pop(0)
				seen += counts[b]

	def sla_compliance(self):
		types = [r[0] for r in sql("select distinct permit_type from `tabPermit Application`")]
		buckets, overall = {}, {}
		for permit_type in types:
			for row in sql(
				"""select floor(sla_working_days_used * 50), sum(sla_status in ('Met', 'Breached')), count(*),
					sum(sla_status = 'Met'), sum(sla_status = 'Breached'), sum(sla_status = 'Overdue'),
					sum(office_days), sum(agency_days), sum(applicant_days)
				from `tabPermit Application` force index (bppm_sla)
				where permit_type = %s and submitted_on >= %s and submitted_on < %s
				group by 1""",
				(permit_type, self.start, self.end),
			):
				if row[1]:
					buckets.setdefault(permit_type, {})[int(row[0])] = int(row[1])
					overall[int(row[0])] = overall.get(int(row[0]), 0) + int(row[1])
		# the summary's median and p90 over every type: the same buckets in all types
		self._picks(
			{None: overall},
			lambda _key, b: sql(
				"""select sla_working_days_used from `tabPermit Application` force index (bppm_sla_ranks)
				where permit_type in %s and sla_working_days_used >= %s and sla_working_days_used < %s
				and sla_status in ('Met', 'Breached') and submitted_on >= %s and submitted_on < %s""",
				(tuple(types), Decimal(b) / 50, Decimal(b + 1) / 50, self.start, self.end),
			),
		)
		self._picks(
			buckets,
			lambda permit_type, b: sql(
				"""select sla_working_days_used from `tabPermit Application` force index (bppm_sla_ranks)
				where permit_type = %s and sla_working_days_used >= %s and sla_working_days_used < %s
				and sla_status in ('Met', 'Breached') and submitted_on >= %s and submitted_on < %s""",
				(permit_type, Decimal(b) / 50, Decimal(b + 1) / 50, self.start, self.end),
			),
		)

	def sla_compliance_by_stage(self):
		pairs = sql(
			"select distinct state, holder from `tabPermit Application Stage` force index (bppm_stage_report)"
		)
		buckets = {}
		for state, holder in pairs:
			for row in sql(
				"""select floor(working_days * 50), count(*), sum(working_days), sum(first_visit),
					sum(first_visit and application_sla_status = 'Met'),
					sum(first_visit and application_sla_status = 'Breached'),
					sum(first_visit and application_sla_status = 'Overdue'), min(entered_on)
				from `tabPermit Application Stage` force index (bppm_stage_report)
				where state = %s and holder <=> %s and submitted_on >= %s and submitted_on < %s
				and coalesce(sla_clock, '') != 'Not Started'
				group by 1""",
				(state, holder, self.start, self.end),
			):
				buckets.setdefault((state, holder), {})[int(row[0])] = int(row[1])
		self._picks(
			buckets,
			lambda key, b: sql(
				"""select working_days from `tabPermit Application Stage` force index (bppm_stage_ranks)
				where state = %s and holder <=> %s and working_days >= %s and working_days < %s
				and submitted_on >= %s and submitted_on < %s and coalesce(sla_clock, '') != 'Not Started'""",
				(key[0], key[1], Decimal(b) / 50, Decimal(b + 1) / 50, self.start, self.end),
			),
		)

	def levy_revenue(self):
		types = [
			r[0]
			for r in sql(
				"select distinct permit_type from `tabPermit Application` force index (bppm_levy_assessed)"
				" where requires_levy = 1"
			)
		]
		for permit_type in types:
			sql(
				"""select date_format(submitted_on, '%%Y-%%m'), count(*), sum(levy_amount),
					sum(if(levy_paid = 0, levy_amount, 0))
				from `tabPermit Application` force index (bppm_levy_assessed)
				where requires_levy = 1 and levy_amount > 0 and permit_type = %s
				and submitted_on >= %s and submitted_on < %s and not (decision = 'Rejected' and levy_paid = 0)
				group by 1""",
				(permit_type, self.start, self.end),
			)
			sql(
				"""select date_format(paid_on, '%%Y-%%m'), count(*), sum(levy_amount)
				from `tabPermit Application` force index (bppm_levy_paid)
				where levy_paid = 1 and permit_type = %s and requires_levy = 1 and levy_amount > 0
				and paid_on >= %s and paid_on <= %s
				group by 1""",
				(permit_type, self.start[:10], str(self.today)),
			)

	def permit_application_register(self):
		states = [r[0] for r in sql("select distinct workflow_state from `tabPermit Application`")]
		sql(
			"""select workflow_state, count(*), sum(docstatus = 0), sum(decision = 'Approved'),
				sum(decision = 'Rejected'), sum(docstatus = 0 and sla_status = 'Overdue')
			from `tabPermit Application` force index (bppm_register)
			where workflow_state in %s and submitted_on >= %s and submitted_on < %s
			group by workflow_state""",
			(tuple(s for s in states if s), self.start, self.end),
		)
		sql(
			"""select name, submitted_on, applicant, applicant_name, permit_type, subject, kecamatan, channel,
				workflow_state, decision, sla_due_date, sla_working_days_used, sla_status, levy_amount, levy_paid,
				permit_number, issued_on, valid_until, docstatus
			from `tabPermit Application` where submitted_on >= %s and submitted_on < %s
			order by submitted_on, name limit 500""",
			(self.start, self.end),
		)

	def permit_expiry(self):
		horizon = self.today + dt.timedelta(days=30)
		sql(
			"""select permit_type, count(*), sum(valid_until < %s) from `tabPermit Application`
			where docstatus = 1 and decision = 'Approved' and valid_until <= %s and valid_until >= %s
			group by permit_type""",
			(self.today, horizon, self.today),
		)
		sql(
			"""select app.name, app.permit_number, app.permit_type, app.subject, app.applicant, app.applicant_name,
				app.kecamatan, app.issued_on, app.valid_until, applicant.mobile_no, applicant.email
			from `tabPermit Application` app left join `tabApplicant` applicant on applicant.name = app.applicant
			where app.docstatus = 1 and app.decision = 'Approved' and app.valid_until <= %s and app.valid_until >= %s
			order by app.valid_until, app.name limit 500""",
			(horizon, self.today),
		)

	def deemed_approval_risk(self):
		from bppm_app.reports.sql import working_days_from
		from bppm_app.rules import sla as rules

		limits = service_level.stage_limits()
		calendar = office_calendar.get()
		now = frappe.utils.now_datetime()
		cutoffs = {state: rules.overrun_cutoff(calendar, now, limit) for state, limit in limits.items()}
		overrun = " or ".join(
			f"(state = {frappe.db.escape(s)} and entered_on < '{c}')" for s, c in cutoffs.items()
		)
		where = f"left_on is null and sla_clock = 'Running' and ({overrun})"
		total, oldest = sql(
			f"select count(*), min(entered_on) from `tabPermit Application Stage` force index (bppm_stage_open) where {where}"
		)[0]
		if not total:
			return
		first = oldest.date()
		entered = working_days_from("entered_on", calendar, first, self.today)
		until_now = calendar.working_days_between(dt.datetime.combine(first, dt.time()), now)
		limit_of = " ".join(f"when {frappe.db.escape(s)} then {v}" for s, v in limits.items())
		sql(
			f"""select name, permit_application, permit_type, state, holder, entered_on
			from `tabPermit Application Stage` force index (bppm_stage_open) where {where}
			order by ({until_now} - {entered}) - (case state {limit_of} end) desc, name limit 500"""
		)

	def investment_realization(self):
		sql(
			"""select coalesce(inv.kecamatan, '') grp, count(*), sum(inv.planned_investment),
				sum(coalesce(r.in_period, 0)), sum(coalesce(r.cumulative, 0)), sum(coalesce(r.year_to_date, 0)),
				sum(cast(coalesce(substring_index(substring_index(r.latest, '|', 2), '|', -1), 0) as signed)),
				sum(cast(coalesce(substring_index(substring_index(r.latest, '|', 3), '|', -1), 0) as signed))
			from `tabInvestment` inv left join (
				select investment, sum(if(year = %(year)s, investment_in_period, 0)) in_period,
					sum(investment_in_period) cumulative, sum(if(year = %(year)s, investment_in_period, 0)) year_to_date,
					max(concat(year, quarter, '|', coalesce(workers_local, 0), '|', coalesce(workers_foreign, 0))) latest
				from `tabInvestment Report`
				where docstatus = 1 and (year < %(year)s or (year = %(year)s and quarter <= 'Q4'))
				group by investment
			) r on r.investment = inv.name
			group by grp""",
			{"year": self.year},
		)

	def lkpm_compliance(self):
		quarters = lkpm.ended_quarters(self.year, self.today)
		if not quarters:
			return
		ends = {q: lkpm.period(self.year, q)[1] for q in quarters}
		must = {
			q: f"(inv.lkpm_required = 1 and inv.status in ('Construction', 'Operating') and "
			f"coalesce(inv.lkpm_start_date, date(inv.creation)) <= '{ends[q]}')"
			for q in quarters
		}
		sql("select " + ", ".join(f"sum({m})" for m in must.values()) + " from `tabInvestment` inv")
		late = " ".join(
			f"when quarter = '{q}' and status = 'Approved' and reported_on > '{lkpm.due_date(self.year, q)}' then 1"
			for q in quarters
		)
		sql(
			f"""select b.quarter, b.pref, b.late, case b.quarter {" ".join(f"when '{q}' then {m}" for q, m in must.items())} end,
				count(*)
			from (
				select investment, quarter, min(case status when 'Approved' then 0 when 'Submitted' then 1
					when 'Needs Revision' then 2 when 'Draft' then 3 else 9 end) pref,
					max(case {late} else 0 end) late
				from `tabInvestment Report`
				where year = {self.year} and docstatus < 2 and quarter in ({", ".join(f"'{q}'" for q in quarters)})
				group by investment, quarter
			) b join `tabInvestment` inv on inv.name = b.investment
			group by 1, 2, 3, 4"""
		)
