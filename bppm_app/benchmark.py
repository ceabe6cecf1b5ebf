"""How the reports scale on any site: ``bench --site SITE execute bppm_app.benchmark.run``
(optionally ``--kwargs "{'n': 1000}"``). The full benchmark (a million applications, jobs, pages,
create + submit) is ``scripts/bench`` on a throwaway site; this one is a quick check in place.

Adds N synthetic applications (with their stage log) and N/10 investments (with LKPM reports), times
every report, grows the data to 10×N, times again and prints the ratios, with the index MariaDB
picks for the main filters. Everything happens in one transaction that is rolled back: nothing
stays on the site. Ratios rather than seconds, because machines differ: about 10 means the report
grows linearly with the data, far more means something scans or joins badly.
"""

import random
import time

import frappe
from frappe.utils import add_days, getdate, now_datetime

REPORTS = {
	"Permit Application Register": {"from_date": "{year}-01-01", "to_date": "{year}-12-31"},
	"SLA Compliance": {"from_date": "{year}-01-01", "to_date": "{year}-12-31"},
	"Levy Revenue": {"from_date": "{year}-01-01", "to_date": "{year}-12-31"},
	"Permit Expiry": {"days": 60},
	"Investment Realization": {"year": "{year}", "group_by": "kecamatan"},
	"LKPM Compliance": {"year": "{year}"},
}
STATES = ("Submitted", "Under Verification", "Technical Review", "Awaiting Payment", "Awaiting Approval")
HOLDERS = {"Technical Review": "Other Agency", "Awaiting Payment": "Applicant"}


def run(n: int = 500, seed: int = 6):
	random.seed(seed)
	year = getdate().year - 1
	frappe.set_user("Administrator")
	try:
		# get_all: a bench-execute tool run as Administrator on rolled-back data, not an endpoint
		permit_type = frappe.get_all("Permit Type", pluck="name", limit=1)
		applicant = frappe.get_all("Applicant", pluck="name", limit=1)
		if not (permit_type and applicant):
			print("Needs at least one Permit Type and one Applicant (e.g. bench --site SITE bppm-demo).")
			return
		_seed(n, year, permit_type[0], applicant[0], 0)
		_time_reports(year)  # warm-up: imports, metadata and caches, not the data
		small = _time_reports(year)
		_seed(9 * n, year, permit_type[0], applicant[0], n)
		large = _time_reports(year)
		print(f"{'report':<30} {'ratio 10N/N':>12}   (N = {n} applications, {n // 10} investments)")
		for report in REPORTS:
			print(f"{report:<30} {large[report] / max(small[report], 1e-6):>12.1f}")
		print()
		for label, sql in _explained(year):
			plan = frappe.db.sql(f"explain {sql}", as_dict=True)
			print(f"{label:<40} key: {', '.join(str(row.get('key')) for row in plan)}")
	finally:
		frappe.db.rollback()


def _time_reports(year: int) -> dict[str, float]:
	timings = {}
	for report, filters in REPORTS.items():
		module = frappe.get_module(f"bppm_app.bppm.report.{frappe.scrub(report)}.{frappe.scrub(report)}")
		values = frappe._dict(
			{k: v.format(year=year) if isinstance(v, str) else v for k, v in filters.items()}
		)
		start = time.perf_counter()
		module.execute(values)
		timings[report] = time.perf_counter() - start
	return timings


def _seed(count: int, year: int, permit_type: str, applicant: str, offset: int) -> None:
	now = now_datetime()
	applications, stages = [], []
	for i in range(offset, offset + count):
		name = f"BENCH-{i:07d}"
		received = f"{year}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d} 09:00:00"
		decided = random.random() < 0.7
		status = random.choice(("Met", "Breached")) if decided else random.choice(("On Track", "Overdue"))
		paid = decided and random.random() < 0.8
		applications.append(
			(
				name, now, now, "Administrator", "Administrator", 1 if decided else 0, permit_type, applicant,
				"Online", "Issued" if decided else "Under Verification", "Approved" if decided else "",
				received, status, random.randint(1, 30), 1, 100_000, int(paid),
				received[:10] if paid else None, add_days(getdate(), random.randint(-30, 400)) if decided else None,
				"Bontang Utara",
			)
		)  # fmt: skip
		for state in random.sample(STATES, 3):
			stages.append(
				(
					frappe.generate_hash(length=12), now, now, "Administrator", "Administrator", name,
					permit_type, state, HOLDERS.get(state, "Office"), random.randint(0, 8),
				)
			)  # fmt: skip
	frappe.db.bulk_insert(
		"Permit Application",
		[
			"name", "creation", "modified", "owner", "modified_by", "docstatus", "permit_type", "applicant",
			"channel", "workflow_state", "decision", "submitted_on", "sla_status", "sla_working_days_used",
			"requires_levy", "levy_amount", "levy_paid", "paid_on", "valid_until", "kecamatan",
		],
		applications,
	)  # fmt: skip
	frappe.db.bulk_insert(
		"Permit Application Stage",
		["name", "creation", "modified", "owner", "modified_by", "permit_application", "permit_type", "state",
		 "holder", "working_days"],
		stages,
	)  # fmt: skip
	investments, reports = [], []
	for i in range(offset // 10, (offset + count) // 10):
		name = f"BENCH-INV-{i:06d}"
		investments.append(
			(name, now, now, "Administrator", "Administrator", applicant, f"Proyek {i}",
			 random.choice(("PMDN", "PMA")), "Operating", random.randint(1, 50) * 100_000_000,
			 random.choice(("Bontang Utara", "Bontang Selatan", "Bontang Barat")), 1, f"{year - 1}-01-01")
		)  # fmt: skip
		for quarter in ("Q1", "Q2", "Q3", "Q4"):
			if random.random() < 0.6:
				reports.append(
					(f"BENCH-LKPM-{i:06d}-{quarter}", now, now, "Administrator", "Administrator", 1, name,
					 applicant, year, quarter, "Approved", random.randint(1, 9) * 10_000_000,
					 f"{name}/{year}/{quarter}")
				)  # fmt: skip
	frappe.db.bulk_insert(
		"Investment",
		["name", "creation", "modified", "owner", "modified_by", "investor", "project_name", "investment_type",
		 "status", "planned_investment", "kecamatan", "lkpm_required", "lkpm_start_date"],
		investments,
	)  # fmt: skip
	frappe.db.bulk_insert(
		"Investment Report",
		["name", "creation", "modified", "owner", "modified_by", "docstatus", "investment", "investor", "year",
		 "quarter", "status", "investment_in_period", "lkpm_key"],
		reports,
	)  # fmt: skip


def _explained(year: int):
	return [
		(
			"register: submitted_on range",
			"select name from `tabPermit Application` "
			f"where submitted_on between '{year}-01-01' and '{year}-12-31 23:59:59'",
		),
		(
			"levy: paid_on range",
			f"select name from `tabPermit Application` where paid_on between '{year}-01-01' and '{year}-12-31'",
		),
		("expiry: valid_until", "select name from `tabPermit Application` where valid_until <= curdate()"),
		(
			"SLA: stages of an application",
			"select name from `tabPermit Application Stage` where permit_application = 'x'",
		),
		("LKPM: reports of a year", f"select name from `tabInvestment Report` where year = {year}"),
	]
