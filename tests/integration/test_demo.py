"""The demo office: realistic, and idempotent."""

import frappe
import pytest

from bppm_app.demo import data, demo_logins, make_demo
from bppm_app.roles import ALL_ROLES

from .documents import pdf_host

# the demo signs the permits it issues with its office certificate: wkhtmltopdf renders them and
# fetches the print style from the site's address (here the local asset server)
pytestmark = pytest.mark.usefixtures(pdf_host.__name__)

COUNTED = (
	"User",
	"Permit Type",
	"Applicant",
	"Permit Application",
	"Investment",
	"Investment Report",
	"Service Holiday",
)


def counts():
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED}


def test_demo_twice_changes_nothing():
	make_demo()
	after_first = counts()
	modified = frappe.db.sql("select max(modified) from `tabPermit Application`")[0][0]
	second = make_demo()
	assert second == dict.fromkeys(second, 0)
	assert counts() == after_first
	assert frappe.db.sql("select max(modified) from `tabPermit Application`")[0][0] == modified


def test_demo_office_has_what_the_team_needs():
	make_demo()
	assert frappe.db.count("Permit Type", {"is_active": 1, "is_published": 1}) >= 12
	flags = frappe.get_all(
		"Permit Type",
		filters={"is_active": 1},
		fields=["requires_field_inspection", "requires_technical_recommendation", "requires_levy"],
	)
	combos = {
		(f.requires_field_inspection, f.requires_technical_recommendation, f.requires_levy) for f in flags
	}
	assert len(combos) == 8, "the demo covers every combination of process steps"
	for _login, role in demo_logins():
		assert role in ALL_ROLES
	for local, _first, _last, role in data.STAFF_USERS:
		assert role in frappe.get_roles(f"{local}@{data.EMAIL_DOMAIN}")
	pbg = frappe.get_doc("Permit Application", {"subject": "Rumah tinggal dua lantai"})
	assert pbg.channel == "Online" and pbg.levy_amount == 250000 + 15000 * 180
	assert frappe.db.get_single_value("BPPM Settings", "head_of_office_nip") == "197203151998031004"
	assert frappe.db.count("Investment", {"investment_type": "PMA"}) >= 1
	for subject, (target, _reason) in data.TARGETS.items():
		assert (
			frappe.db.get_value("Permit Application", {"subject": subject}, "workflow_state") == target
		), subject
	issued = frappe.get_all(
		"Permit Application",
		filters={"subject": ("in", list(data.TARGETS)), "docstatus": 1, "decision": "Approved"},
		fields=["permit_number", "verification_code", "sla_status"],
	)
	assert len(issued) == 4 and all(row.permit_number and row.verification_code for row in issued)
	# one permit is inside its renewal window and expires within the Permit Expiry report's 30 days
	from bppm_app.bppm.report.permit_expiry.permit_expiry import execute as permit_expiry
	from bppm_app.engine import permit_lifecycle as lifecycle_service

	soon = frappe.get_doc("Permit Application", {"subject": "Pameran UMKM di Lapangan Bessai Berinta"})
	assert soon.valid_until and 0 < frappe.utils.date_diff(soon.valid_until, frappe.utils.today()) <= 30
	assert "Renewal" in lifecycle_service.offers(soon)
	_columns, rows, *_rest = permit_expiry({})
	assert soon.name in {row["name"] for row in rows}
	uploads = frappe.get_all(
		"File", filters={"attached_to_name": pbg.name, "is_private": 1}, pluck="file_url"
	)
	assert uploads and all(url.startswith("/private/files/") for url in uploads)


def test_demo_lkpm_leaves_compliance_to_chase():
	from frappe.utils import getdate, today

	from bppm_app.engine import investment_reports as lkpm_service
	from bppm_app.rules import lkpm

	make_demo()
	assert frappe.db.count("Investment Report", {"docstatus": 1}) >= 5
	year, quarter = lkpm.last_due_quarter(getdate(today()))
	_obligations, summary = lkpm_service.compliance(year, [quarter])
	assert summary[quarter].expected >= 3 and summary[quarter].rate < 100
	plts = frappe.get_doc("Investment", {"project_name": "PLTS Atap Kawasan Industri Bontang"})
	assert plts.realized_investment == 13_000_000_000  # four approved quarters
	assert plts.current_workers_local == 45
	targets = {row.year for row in frappe.get_single("BPPM Settings").investment_targets}
	assert getdate(today()).year in targets
	assert frappe.db.get_value("User", f"investment@{data.EMAIL_DOMAIN}", "default_workspace") == "BPPM"


def test_demo_service_quality():
	"""Surveys of the decided applications and walk-in respondents put the demo's IKM in band B; a
	handful of complaints stand in each state, one of them overdue and flagged."""
	from collections import Counter

	from frappe.utils import getdate, today

	from bppm_app.engine import quality
	from bppm_app.rules import ikm

	make_demo()
	answers = [spec[0] for spec in data.APPLICATION_SURVEYS.values()]
	answers += [spec[2] for spec in data.COUNTER_SURVEYS]
	planned = ikm.index_of(answers)
	assert planned.grade == "B" and planned.ikm == 79.31
	for subject in data.APPLICATION_SURVEYS:
		application = frappe.db.get_value("Permit Application", {"subject": subject}, "name")
		survey = frappe.get_doc("Service Survey", quality.survey_of(application))
		assert survey.respondent_channel == "Online" and survey.owner == "Guest"
	year = getdate(today()).year
	site_index = quality.ikm_between(f"{year}-01-01", f"{year}-12-31")
	assert site_index.grade == "B" and site_index.respondents >= len(answers)
	statuses = Counter(
		frappe.get_all(
			"Public Complaint", filters={"subject": ("in", [c[0] for c in data.COMPLAINTS])}, pluck="status"
		)
	)
	assert all(statuses[status] >= 2 for status in ("Open", "In Progress", "Resolved", "Closed")), statuses
	overdue = frappe.get_all(
		"Public Complaint",
		filters={"subject": ("in", [c[0] for c in data.COMPLAINTS]), "is_overdue": 1},
		fields=["lapor_tracking_id", "status"],
	)
	assert len(overdue) == 1 and overdue[0].lapor_tracking_id and overdue[0].status == "Open"
	portal_user = frappe.db.get_value("Applicant", {"applicant_name": "Siti Rahmawati"}, "user")
	assert frappe.db.count("Public Complaint", {"complainant_user": portal_user}) >= 1


def test_demo_levy_figures_add_up():
	"""On the demo office, the Levy Revenue report's assessed levy is what has been paid of it
	plus what is still owed, month by month and in total (printed for the closing note)."""
	from bppm_app.bppm.report.levy_revenue import levy_revenue

	make_demo()
	filters = {"from_date": "2000-01-01", "to_date": frappe.utils.add_days(frappe.utils.today(), 1)}
	_columns, rows, _msg, _chart, summary = levy_revenue.execute(filters)
	assert rows, "the demo has levied applications"
	for row in rows:
		assert row["assessed_amount"] == row["assessed_paid_amount"] + row["outstanding_amount"], row
	total = {item["label"]: item["value"] for item in summary}
	assert total["Levy Assessed"] == total["Assessed, Paid"] + total["Assessed, Not Yet Paid"]
	print("demo levy:", total)
