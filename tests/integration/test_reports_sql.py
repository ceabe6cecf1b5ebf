"""The reports compute their figures in the database; these tests hold every figure to what the
Python definitions (bppm_app.rules.report_stats and rules.lkpm, the code the reports ran before)
make of the same rows: the same counts, the same rupiah, the same days, the same order.

The data is random but fixed (seeded), written straight into the tables the way the engines
write them, in 2019 and in kecamatan and permit types of its own, so other data on the site does
not mix in. Ties, values on bucket edges, drafts, odd statuses and rows just outside the period
are there on purpose. Everything is rolled back after each test.
"""

import datetime as dt
import random
from decimal import Decimal

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate

from bppm_app.config import office_calendar
from bppm_app.engine import investment_reports as lkpm_service
from bppm_app.engine import stages as stage_log
from bppm_app.reports import lkpm_figures, sla_figures
from bppm_app.reports.sql import day_range as datetime_between
from bppm_app.roles import HEAD, INVESTMENT_OFFICER, MANAGER, TREASURER, VERIFIER
from bppm_app.rules import lkpm, report_stats
from bppm_app.utils import as_user
from bppm_app.web import public

from .factories import make_applicant, make_permit_type, make_user, rand

YEAR = 2019
PERIOD = {"from_date": f"{YEAR}-01-01", "to_date": f"{YEAR}-12-31"}
STATES = (
	# state, holder, clock
	("Draft", "Applicant", "Not Started"),
	("Submitted", "Office", "Running"),
	("Under Verification", "Office", "Running"),
	("Returned for Revision", "Applicant", "Paused"),
	("Technical Review", "Other Agency", "Running"),
	("Awaiting Payment", "Applicant", "Paused"),
	("Awaiting Approval", "Office", "Running"),
	("Odd State", None, None),
)
# working days with ties and values on the 0.1-day bucket edges
DAYS = [Decimal(v) for v in ("0", "0.1", "0.5", "1", "1.2", "2.5", "3", "3.0001", "4.9999", "5", "7.25")]


def _days(rng) -> Decimal:
	return rng.choice(DAYS) if rng.random() < 0.5 else Decimal(rng.randint(0, 120_000)) / 10_000


def _insert(doctype: str, row: dict) -> None:
	now = frappe.utils.now()
	row = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator", **row}
	columns = ", ".join(f"`{c}`" for c in row)
	frappe.db.sql(
		f"insert into `tab{doctype}` ({columns}) values ({', '.join(['%s'] * len(row))})", list(row.values())
	)


@pytest.fixture
def office():
	"""Three permit types and 240 applications in 2019 (a few just outside it), each with a stage
	log of one to six rows."""
	rng = random.Random(20190)
	types = [
		make_permit_type(sla_working_days=5, requires_levy=1, levy_base_amount=150_000).name,
		make_permit_type(sla_working_days=10).name,
		make_permit_type(sla_working_days=3, requires_levy=1, levy_rate=2_500, levy_unit="m²").name,
	]
	applicant = make_applicant().name
	names = []
	for i in range(240):
		name = f"SQLTEST-{rand(4)}-{i:04d}"
		names.append(name)
		if i % 40 == 0:
			submitted = (
				dt.datetime(YEAR - 1, 12, 31, 23, 59, 59) if i % 80 == 0 else dt.datetime(YEAR + 1, 1, 1)
			)
		else:
			submitted = dt.datetime(YEAR, 1, 1) + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
		draft = i % 23 == 0
		status = rng.choice(("Met", "Met", "Breached", "Overdue", "On Track", "At Risk", "Met"))
		docstatus = 1 if status in ("Met", "Breached") and rng.random() < 0.95 else 0
		if status in ("Met", "Breached") and rng.random() < 0.03:
			docstatus = 2
		decision = rng.choice(("Approved", "Approved", "Rejected")) if docstatus else ""
		requires_levy = rng.random() < 0.6
		paid = requires_levy and rng.random() < 0.6
		_insert(
			"Permit Application",
			{
				"name": name,
				"docstatus": docstatus,
				"applicant": applicant,
				"permit_type": types[i % 3] if rng.random() < 0.8 else rng.choice(types),
				"workflow_state": rng.choice(
					("Issued", "Rejected", "Under Verification", "Awaiting Payment")
				),
				"decision": decision,
				"channel": rng.choice(("Online", "Counter")),
				"kecamatan": rng.choice(("Kec SQL A", "Kec SQL B")),
				"sla_status": "Not Started" if draft else status,
				"sla_clock": "Not Started" if draft else ("Stopped" if docstatus else "Running"),
				"submitted_on": None if draft else submitted,
				"sla_working_days_used": _days(rng),
				"requires_levy": int(requires_levy),
				"levy_amount": rng.choice((0, 100_000, 150_000, 262_500, 1_000_001)) if requires_levy else 0,
				"levy_paid": int(paid),
				"paid_on": (submitted + dt.timedelta(days=rng.randint(0, 60))).date() if paid else None,
			},
		)
		seen, log = set(), []
		entered = submitted - dt.timedelta(days=1)
		for position in range(rng.randint(1, 6)):
			state, holder, clock = STATES[0] if position == 0 else rng.choice(STATES[1:])
			counted = (clock or "") != "Not Started"
			first = counted and (state, holder or "") not in seen
			if counted:
				seen.add((state, holder or ""))
			entered += dt.timedelta(hours=rng.randint(1, 200))
			days = _days(rng)
			log.append(frappe._dict(holder=holder, sla_clock=clock, working_days=days))
			_insert(
				"Permit Application Stage",
				{
					"name": f"{name}-{position}",
					"permit_application": name,
					"permit_type": frappe.db.get_value("Permit Application", name, "permit_type"),
					"state": state,
					"holder": holder,
					"sla_clock": clock,
					"entered_on": entered,
					"working_days": days,
					"submitted_on": None if draft else submitted,
					"application_sla_status": "Not Started" if draft else status,
					"first_visit": int(first),
				},
			)
		# the time by holder, as the stage log keeps it on the application
		frappe.db.set_value("Permit Application", name, stage_log.holder_days(log), update_modified=False)
	return frappe._dict(types=types, names=names)


def python_rows(office, fields):
	"""The period's applications of the test's permit types, as the old reports read them."""
	# get_all: the reference figures, read as the old reports' rows
	return frappe.get_all(
		"Permit Application",
		filters={
			"permit_type": ("in", office.types),
			"submitted_on": (
				"between",
				datetime_between(getdate(PERIOD["from_date"]), getdate(PERIOD["to_date"])),
			),
		},
		fields=fields,
	)


def in_period(rows):
	end = dt.datetime(YEAR + 1, 1, 1)
	return [r for r in rows if r.submitted_on and r.submitted_on < end]


def python_stages(applications):
	# get_all: the reference stage rows, as the old SLA report read them
	return frappe.get_all(
		"Permit Application Stage",
		fields=["permit_application", "state", "holder", "working_days", "entered_on"],
		filters={
			"permit_application": ("in", [a.name for a in applications]),
			"sla_clock": ("!=", "Not Started"),
		},
		order_by="entered_on asc",
	)


def run_as(role, report, **filters):
	with as_user(make_user(role)):
		return frappe._dict(run(report, filters=filters))


def summary_of(result) -> dict:
	return {item["label"]: item["value"] for item in result.report_summary}


def test_sla_compliance_per_permit_type_matches_the_python_figures(office):
	apps = in_period(
		python_rows(office, ["name", "permit_type", "sla_status", "sla_working_days_used", "submitted_on"])
	)
	stages = python_stages(apps)
	expected = report_stats.sla_by_permit_type(apps, stages)
	result = run_as(VERIFIER, "SLA Compliance", **PERIOD, group_by="Permit Type")
	rows = {row["permit_type"]: row for row in result.result if row["permit_type"] in office.types}
	assert set(rows) == set(expected)
	for permit_type, group in expected.items():
		row = rows[permit_type]
		assert (row["received"], row["decided"], row["met"], row["breached"], row["overdue"]) == (
			group.received, group.decided, group.met, group.breached, group.overdue,
		)  # fmt: skip
		assert row["on_time_pct"] == group.on_time_pct
		assert row["median_days"] == report_stats.median(group.decided_days)
		assert row["p90_days"] == report_stats.percentile(group.decided_days, 90)
		for holder, field in (
			("Office", "office_days"),
			("Other Agency", "agency_days"),
			("Applicant", "applicant_days"),
		):
			assert row[field] == group.average_holder_days(holder)


def test_sla_compliance_summary_over_the_test_types(office):
	permit_type = office.types[0]
	apps = [
		a
		for a in in_period(
			python_rows(
				office, ["name", "permit_type", "sla_status", "sla_working_days_used", "submitted_on"]
			)
		)
		if a.permit_type == permit_type
	]
	stages = python_stages(apps)
	group = report_stats.SlaGroup()
	for app in apps:
		group.add_application(app)
	result = run_as(HEAD, "SLA Compliance", **PERIOD, permit_type=permit_type, group_by="Permit Type")
	summary = summary_of(result)
	assert summary["Received"] == group.received and summary["Decided"] == group.decided
	assert summary["On Time %"] == (group.on_time_pct or 0)
	assert summary["Median Working Days"] == (report_stats.median(group.decided_days) or 0)
	assert summary["P90 Working Days"] == (report_stats.percentile(group.decided_days, 90) or 0)
	totals = dict.fromkeys(report_stats.HOLDERS, 0.0)
	for stage in stages:
		if stage.holder in totals:
			totals[stage.holder] += float(stage.working_days)
	whole = sum(totals.values())
	assert summary["Time with the Office"] == report_stats.percent(totals["Office"], whole)


def test_sla_compliance_per_stage_matches_the_python_figures(office):
	for permit_type in office.types:
		apps = [
			a
			for a in in_period(
				python_rows(
					office, ["name", "permit_type", "sla_status", "sla_working_days_used", "submitted_on"]
				)
			)
			if a.permit_type == permit_type
		]
		stages = python_stages(apps)
		expected = report_stats.sla_by_stage(apps, stages)
		result = run_as(MANAGER, "SLA Compliance", **PERIOD, permit_type=permit_type, group_by="Stage")
		rows = {(row["state"], row["holder_code"]): row for row in result.result}
		assert set(rows) == set(expected)
		for key, group in expected.items():
			row = rows[key]
			assert row["visits"] == len(group.stage_days)
			assert row["median_days"] == report_stats.median(group.stage_days)
			assert row["p90_days"] == report_stats.percentile(group.stage_days, 90)
			assert row["total_days"] == round(sum(group.stage_days), 2)
			assert (row["received"], row["met"], row["breached"], row["overdue"], row["on_time_pct"]) == (
				group.received, group.met, group.breached, group.overdue, group.on_time_pct,
			)  # fmt: skip
		# the order in which files first reach the stages
		first_seen = {}
		for position, stage in enumerate(stages):
			first_seen.setdefault((stage.state, stage.holder or ""), (stage.entered_on, position))
		assert [(r["state"], r["holder_code"]) for r in result.result] == sorted(
			expected, key=lambda k: first_seen[k]
		)


def test_levy_revenue_matches_the_python_figures(office):
	fields = [
		"name",
		"permit_type",
		"submitted_on",
		"requires_levy",
		"levy_amount",
		"levy_paid",
		"paid_on",
		"decision",
	]
	# get_all: the reference rows, read as the old report read them
	assessed = frappe.get_all(
		"Permit Application",
		fields=fields,
		filters={
			"permit_type": ("in", office.types),
			"requires_levy": 1,
			"levy_amount": (">", 0),
			"submitted_on": ("between", datetime_between(getdate(f"{YEAR}-01-01"), getdate(f"{YEAR}-12-31"))),
		},
	)
	paid = frappe.get_all(
		"Permit Application",
		fields=fields,
		filters={
			"permit_type": ("in", office.types),
			"requires_levy": 1,
			"levy_amount": (">", 0),
			"levy_paid": 1,
			"paid_on": ("between", (f"{YEAR}-01-01", f"{YEAR}-12-31")),
		},
	)
	start, end = getdate(f"{YEAR}-01-01"), getdate(f"{YEAR}-12-31")
	expected = report_stats.levy_by_month(assessed, paid, in_range=lambda day: start <= day <= end)
	for permit_type in office.types:
		result = run_as(TREASURER, "Levy Revenue", **PERIOD, permit_type=permit_type)
		got = {(r["month"], r["permit_type"]): r for r in result.result}
		want = {k: v for k, v in expected.items() if k[1] == permit_type}
		assert set(got) == set(want)
		for key, figures in want.items():
			row = got[key]
			assert (row["assessed_count"], row["assessed_amount"], row["outstanding_amount"]) == (
				figures.assessed_count, figures.assessed_amount, figures.outstanding_amount,
			)  # fmt: skip
			assert (row["paid_count"], row["paid_amount"]) == (figures.paid_count, figures.paid_amount)
			assert (row["assessed_paid_amount"], row["rejected_unpaid_amount"]) == (
				figures.assessed_paid_amount, figures.rejected_unpaid_amount,
			)  # fmt: skip
			assert row["assessed_amount"] == row["assessed_paid_amount"] + row["outstanding_amount"]
		assert [r["month"] for r in result.result] == sorted(r["month"] for r in result.result)


def test_register_totals_and_pages(office, monkeypatch):
	from bppm_app.reports import sql

	monkeypatch.setattr(sql, "PAGE_LENGTH", 25)
	permit_type = office.types[1]
	apps = [
		a
		for a in in_period(
			python_rows(
				office,
				[
					"name",
					"permit_type",
					"submitted_on",
					"docstatus",
					"decision",
					"sla_status",
					"workflow_state",
				],
			)
		)
		if a.permit_type == permit_type
	]
	first = run_as(HEAD, "Permit Application Register", **PERIOD, permit_type=permit_type)
	summary = summary_of(first)
	assert summary == {
		"Received": len(apps),
		"In Process": sum(1 for a in apps if a.docstatus == 0),
		"Issued": sum(1 for a in apps if a.decision == "Approved"),
		"Rejected": sum(1 for a in apps if a.decision == "Rejected"),
		"Overdue": sum(1 for a in apps if a.docstatus == 0 and a.sla_status == "Overdue"),
	}
	ordered = [a.name for a in sorted(apps, key=lambda a: (a.submitted_on, a.name))]
	pages = []
	page = 1
	while True:
		result = run_as(HEAD, "Permit Application Register", **PERIOD, permit_type=permit_type, page=page)
		if not result.result:
			break
		pages.extend(row["name"] for row in result.result)
		page += 1
	assert pages == ordered and len(first.result) == 25
	assert "25" in first.message and str(len(apps)) in first.message
	chart = dict(
		zip(first.chart["data"]["labels"], first.chart["data"]["datasets"][0]["values"], strict=True)
	)
	assert sum(chart.values()) == len(apps)


def test_permit_expiry_lists_and_counts_as_before(office):
	today = getdate()
	for i, name in enumerate(office.names[:60]):
		frappe.db.set_value(
			"Permit Application", name,
			{"docstatus": 1, "decision": "Approved" if i % 7 else "Rejected", "valid_until": add_days(today, i - 20),
			 "permit_number": f"SQLT/{name}"},
			update_modified=False,
		)  # fmt: skip
	permit_type = office.types[0]
	# get_all: the reference rows, as the old report selected them; a permit without an expiry
	# date never expires (the old filter's ifnull let those in as "expiring today")
	expected = frappe.get_all(
		"Permit Application",
		filters=[
			["permit_type", "=", permit_type], ["docstatus", "=", 1], ["decision", "=", "Approved"],
			["valid_until", "is", "set"], ["valid_until", "<=", add_days(today, 30)],
		],
		fields=["name", "valid_until"],
		order_by="valid_until asc, name asc",
	)  # fmt: skip
	result = run_as(VERIFIER, "Permit Expiry", days=30, include_expired=1, permit_type=permit_type)
	assert [r["name"] for r in result.result] == [e.name for e in expected]
	assert [r["days_left"] for r in result.result] == [
		(getdate(e.valid_until) - today).days for e in expected
	]
	assert summary_of(result) == {
		"Expiring": sum(1 for e in expected if getdate(e.valid_until) >= today),
		"Already Expired": sum(1 for e in expected if getdate(e.valid_until) < today),
	}
	upcoming = run_as(VERIFIER, "Permit Expiry", days=30, permit_type=permit_type)
	assert [r["name"] for r in upcoming.result] == [
		e.name for e in expected if getdate(e.valid_until) >= today
	]


def test_public_statistics_and_the_sla_report_agree(office):
	"""One on-time formula for both: met / (met + breached + open and overdue)."""
	statistics = {row["permit_type"]: row for row in public._statistics(YEAR)["permit_types"]}
	report = run_as(HEAD, "SLA Compliance", **PERIOD, group_by="Permit Type")
	for row in report.result:
		if row["permit_type"] in office.types:
			public_row = statistics[row["permit_type"]]
			assert public_row["on_time_pct"] == row["on_time_pct"]
			assert public_row["received"] == row["received"]
			assert public_row["median_working_days"] == (
				round(row["median_days"], 1) if row["median_days"] is not None else None
			)
	# the overdue files count against the office in both
	assert any(row["overdue"] for row in report.result if row["permit_type"] in office.types)


def test_a_restricted_user_sees_the_figures_of_what_they_may_read(office):
	"""A user permission on one permit type limits the SQL figures as it limits get_list."""
	user = make_user(VERIFIER)
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Permit Type", "for_value": office.types[0]}
	).insert(ignore_permissions=True)
	frappe.clear_cache(user=user)
	with as_user(user):
		visible = {
			r.permit_type
			for r in frappe.get_list(
				"Permit Application",
				fields=["permit_type"],
				filters={"permit_type": ("in", office.types)},
				distinct=True,
			)
		}
		per_type, _overall = sla_figures.by_permit_type(
			sla_figures.applications(getdate(PERIOD["from_date"]), getdate(PERIOD["to_date"]))
		)
		stage_rows = sla_figures.by_stage(
			sla_figures.stages(getdate(PERIOD["from_date"]), getdate(PERIOD["to_date"]), office.types[1])
		)
	assert visible == {office.types[0]}
	assert set(per_type) & set(office.types) == {office.types[0]}
	assert stage_rows == []  # the stages of a type the user may not read


# --- LKPM ---------------------------------------------------------------------------------------------


@pytest.fixture
def investments():
	"""40 investments in a kecamatan of their own with 2018–2019 reports in every status."""
	rng = random.Random(2019)
	kecamatan = f"Kec LKPM {rand(5)}"
	investor = make_applicant(applicant_type="Business Entity", nik=None).name
	names = []
	for i in range(40):
		name = f"SQLINV-{rand(4)}-{i:03d}"
		names.append(name)
		_insert(
			"Investment",
			{
				"name": name, "investor": investor, "project_name": f"Proyek {i}",
				"investment_type": rng.choice(("PMA", "PMDN")), "sector": rng.choice(("Energi", "Industri", None)),
				"kbli_code": rng.choice(("10213", "35111")), "kecamatan": kecamatan,
				"status": rng.choice(("Planned", "Construction", "Operating", "Operating", "Stopped")),
				"planned_investment": rng.randint(1, 90) * 10_000_000, "lkpm_required": int(rng.random() < 0.85),
				"lkpm_start_date": rng.choice((None, "2018-06-01", "2019-05-15", "2019-09-30", "2020-01-01")),
			},
		)  # fmt: skip
		for year in (2018, 2019):
			for quarter in lkpm.QUARTERS:
				if rng.random() < 0.35:
					continue
				# at most one report of a quarter that is not cancelled (the unique LKPM key)
				for copy in range(2 if rng.random() < 0.1 else 1):
					status = (
						"Cancelled"
						if copy
						else rng.choice(
							("Approved", "Approved", "Submitted", "Needs Revision", "Draft", "Cancelled")
						)
					)
					docstatus = {"Approved": 1, "Cancelled": 2}.get(status, 0)
					due = lkpm.due_date(year, quarter)
					_insert(
						"Investment Report",
						{
							"name": f"{name}-{year}{quarter}-{copy}", "docstatus": docstatus, "investment": name,
							"investor": investor, "year": year, "quarter": quarter, "status": status,
							"reported_on": due + dt.timedelta(days=rng.randint(-20, 5)),
							"investment_in_period": rng.randint(0, 40) * 1_000_000,
							"workers_local": rng.randint(0, 50), "workers_foreign": rng.randint(0, 4),
							"lkpm_key": f"{name}/{year}/{quarter}/{copy}/{rand(3)}",
						},
					)  # fmt: skip
	return frappe._dict(kecamatan=kecamatan, names=names)


def test_lkpm_compliance_matches_the_python_figures(investments):
	filters = {"kecamatan": investments.kecamatan}
	with as_user(make_user(INVESTMENT_OFFICER)):
		obligations, expected = lkpm_service.compliance(2019, list(lkpm.QUARTERS), filters)
		got = lkpm_figures.compliance(2019, list(lkpm.QUARTERS), filters)
		for quarter in lkpm.QUARTERS:
			assert got[quarter] == expected[quarter], quarter
		result = frappe._dict(
			run("LKPM Compliance", filters={"year": 2019, "group_by": "Investment", **filters})
		)
	chase = list(reversed(lkpm.FILING_STATUSES))
	ordered = sorted(obligations, key=lambda o: (o.quarter, chase.index(o.status), o.investment.name))
	assert [
		(r["quarter"], r["investment"], r["filing_status_code"], r["is_late"]) for r in result.result
	] == [(o.quarter, o.investment.name, o.status, int(o.late)) for o in ordered]
	assert [r["report"] for r in result.result] == [o.report.name if o.report else None for o in ordered]


def test_lkpm_chasing_list_pages_and_status_filter(investments, monkeypatch):
	from bppm_app.reports import sql

	monkeypatch.setattr(sql, "PAGE_LENGTH", 7)
	filters = {
		"year": 2019,
		"group_by": "Investment",
		"kecamatan": investments.kecamatan,
		"filing_status": "Not Filed",
	}
	with as_user(make_user(HEAD)):
		obligations, _summary = lkpm_service.compliance(
			2019, list(lkpm.QUARTERS), {"kecamatan": investments.kecamatan}
		)
		pages, page = [], 1
		while True:
			result = frappe._dict(run("LKPM Compliance", filters={**filters, "page": page}))
			if not result.result:
				break
			pages.extend((r["quarter"], r["investment"]) for r in result.result)
			page += 1
	expected = sorted((o.quarter, o.investment.name) for o in obligations if o.status == lkpm.NOT_FILED)
	assert pages == expected


@pytest.mark.parametrize("group_by", ["investment_type", "sector", "kbli_code", "kecamatan", "quarter"])
@pytest.mark.parametrize("quarter", [None, "Q2"])
def test_investment_realization_matches_the_python_figures(investments, group_by, quarter):
	filters = {"kecamatan": investments.kecamatan}
	with as_user(make_user(INVESTMENT_OFFICER)):
		visible = lkpm_service.visible_investments(filters)
		reports = lkpm_service.approved_reports_until(2019, [i.name for i in visible])
		expected = lkpm.realization(visible, reports, 2019, quarter, group_by)
		result = frappe._dict(
			run(
				"Investment Realization",
				filters={"year": 2019, "group_by": group_by, "quarter": quarter, **filters},
			)
		)
	rows = result.result
	assert [r["group"] for r in rows] == [e.group for e in expected]
	for row, e in zip(rows, expected, strict=True):
		assert (row["investments"], row["realized_in_period"], row["realized_cumulative"]) == (
			e.investments, e.realized_in_period, e.realized_cumulative,
		)  # fmt: skip
		assert (row["workers_local"], row["workers_foreign"]) == (e.workers_local, e.workers_foreign)
		assert (
			row["planned_investment"] == e.planned_investment and row["realization_pct"] == e.realization_pct
		)
	summary = summary_of(result)
	quarters = [quarter] if quarter else list(lkpm.QUARTERS)
	assert summary["Investments"] == len(visible)
	assert summary["Realised in Period"] == sum(
		float(r.investment_in_period) for r in reports if r.year == 2019 and r.quarter in quarters
	)


# --- deemed approval -------------------------------------------------------------------------------


def test_deemed_approval_risk_matches_the_python_list(office):
	from bppm_app.bppm.report.deemed_approval_risk.deemed_approval_risk import deemed_approval_risks
	from bppm_app.engine import service_level
	from bppm_app.rules import sla

	now = frappe.utils.now_datetime()
	limits = service_level.stage_limits()
	assert limits, "the shipped stage service levels"
	rng = random.Random(7)
	mine = []
	for i, name in enumerate(office.names[:80]):
		state = rng.choice([*limits, "Awaiting Payment"])
		stage = f"{name}-open"
		mine.append(stage)
		_insert(
			"Permit Application Stage",
			{
				"name": stage, "permit_application": name, "permit_type": office.types[0], "state": state,
				"holder": "Office", "sla_clock": "Running" if i % 9 else "Paused",
				"entered_on": now - dt.timedelta(hours=rng.randint(1, 24 * 30), minutes=rng.randint(0, 59)),
			},
		)  # fmt: skip
	calendar = office_calendar.get()
	# get_all: the reference, computed the way the old report did
	expected = []
	for row in frappe.get_all(
		"Permit Application Stage",
		filters={"name": ("in", mine), "sla_clock": "Running", "state": ("in", list(limits))},
		fields=["name", "state", "entered_on"],
	):
		days = calendar.working_days_between(row.entered_on, now)
		if sla.stage_overrun(days, limits[row.state]):
			expected.append((row.name, round(days - limits[row.state], 2)))
	expected.sort(key=lambda r: -r[1])
	with as_user(make_user(HEAD)):
		rows, _total = deemed_approval_risks({}, now=now)
	got = [(r.name, r.over_by) for r in rows if r.name in mine]
	assert sorted(got) == sorted(expected)
	assert [over for _name, over in got] == sorted((over for _name, over in got), reverse=True)
