"""The Workspace "BPPM", its number cards and charts: present after install, created only when
absent, counting what they say, and showing each role the figures of its own work."""

import json

import frappe
import pytest
from frappe.desk.desktop import get_desktop_page, get_workspace_sidebar_items
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as chart_data
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import getdate, now_datetime, today

from bppm_app.bppm.dashboard_chart_source.bppm_group_by.bppm_group_by import get as group_by_chart
from bppm_app.engine import investment_reports as lkpm_service
from bppm_app.reports import number_cards
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
from bppm_app.rules import lkpm
from bppm_app.setup import dashboards as shipped_dashboards

from .factories import as_user, make_applicant, make_application, make_investment, make_permit_type, make_user
from .factories import officer_files_lkpm as file_lkpm

CARDS = [c["label"] for c in shipped_dashboards.shipped()["Number Card"]]
CHARTS = [c["chart_name"] for c in shipped_dashboards.shipped()["Dashboard Chart"]]
PERMIT_CARDS = {
	"Applications in Process",
	"Overdue Applications",
	"Permits Issued This Month",
	"Levy Paid This Month",
}
INVESTMENT_CARDS = {"Investment Realised This Year", "LKPM Compliance"}


def card_value(label: str) -> float:
	card = frappe.get_doc("Number Card", label)
	return get_result(card.as_dict(), card.filters_json)


def test_cards_charts_and_workspace_exist_and_are_created_only_once():
	assert shipped_dashboards.ensure_all() == []  # install made them; nothing is created twice
	for doctype, names in (("Number Card", CARDS), ("Dashboard Chart", CHARTS)):
		for name in names:
			assert frappe.db.get_value(doctype, name, "module") == "BPPM", name
	workspace = frappe.get_doc("Workspace", "BPPM")
	statistics = frappe.get_doc("Workspace", "BPPM Statistics")
	assert {row.number_card_name for row in workspace.number_cards} == set(CARDS)
	# the day's work on the office's page, the figures over time on its statistics page (nested)
	assert {row.chart_name for row in workspace.charts} == {
		"Applications in Process by Stage",
		"SLA Status of Open Applications",
	}
	assert {row.chart_name for row in (*workspace.charts, *statistics.charts)} == set(CHARTS)
	assert statistics.parent_page == "BPPM"
	for page in (workspace, statistics):
		assert page.public and page.module == "BPPM"


def test_a_card_changed_by_an_administrator_is_kept():
	frappe.db.set_value("Number Card", "Overdue Applications", "color", "#000000")
	frappe.db.delete("Number Card", {"name": "Levy Paid This Month"})
	assert shipped_dashboards.ensure_all() == ["Levy Paid This Month"]
	assert frappe.db.get_value("Number Card", "Overdue Applications", "color") == "#000000"


def test_permit_cards_count_what_they_say():
	before = {label: card_value(label) for label in PERMIT_CARDS}
	permit_type = make_permit_type(requires_levy=1, levy_base_amount=75_000)
	applicant = make_applicant().name
	in_process = make_application(applicant, permit_type.name)
	frappe.db.set_value(
		"Permit Application", in_process.name, {"submitted_on": now_datetime(), "sla_status": "Overdue"}
	)
	make_application(applicant, permit_type.name)  # a draft counts nowhere
	issued = make_application(applicant, permit_type.name)
	frappe.db.set_value(
		"Permit Application",
		issued.name,
		{
			"submitted_on": now_datetime(),
			"docstatus": 1,
			"decision": "Approved",
			"issued_on": today(),
			"levy_paid": 1,
			"paid_on": today(),
		},
	)
	after = {label: card_value(label) for label in PERMIT_CARDS}
	assert after["Applications in Process"] == before["Applications in Process"] + 1
	assert after["Overdue Applications"] == before["Overdue Applications"] + 1
	assert after["Permits Issued This Month"] == before["Permits Issued This Month"] + 1
	assert after["Levy Paid This Month"] == before["Levy Paid This Month"] + 75_000


def test_investment_cards():
	officer = make_user(INVESTMENT_OFFICER)
	year = getdate(today()).year
	before = card_value("Investment Realised This Year")
	investment = make_investment(lkpm_start_date=f"{year - 1}-01-01").name
	file_lkpm(officer, investment, year, "Q1", investment_in_period=123_000_000)
	file_lkpm(officer, investment, year - 1, "Q4", investment_in_period=5_000_000)  # last year
	assert card_value("Investment Realised This Year") == before + 123_000_000

	with as_user(officer):
		card = number_cards.lkpm_compliance()
		due_year, due_quarter = lkpm.last_due_quarter(getdate(today()))
		_obligations, summary = lkpm_service.compliance(due_year, [due_quarter])
		assert card["value"] == (summary[due_quarter].rate or 0)
		assert card["route_options"] == {"year": due_year, "quarter": due_quarter}
	with as_user(make_user(TREASURER)), pytest.raises(frappe.PermissionError):
		number_cards.lkpm_compliance()


def test_group_by_chart_counts_open_applications_by_stage():
	applicant = make_applicant().name
	permit_type = make_permit_type().name
	for _ in range(2):
		doc = make_application(applicant, permit_type)
		frappe.db.set_value(
			"Permit Application",
			doc.name,
			{"submitted_on": now_datetime(), "workflow_state": "Technical Review"},
		)
	with as_user(make_user(HEAD)):
		data = group_by_chart(chart_name="Applications in Process by Stage")
		counts = dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))
		assert counts["Technical Review"] >= 2
		# the labels in the user's language (Frappe's own Group By shows the stored English value)
		frappe.local.lang = "id"
		try:
			data = group_by_chart(chart_name="Applications in Process by Stage")
		finally:
			frappe.local.lang = "en"
	counts = dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))
	assert counts["Kajian Teknis"] >= 2 and "Technical Review" not in counts


def test_the_group_by_charts_count_only_what_the_user_may_read():
	for name in ("Applications in Process by Stage", "SLA Status of Open Applications"):
		assert frappe.db.get_value("Dashboard Chart", name, "source") == "BPPM Group By"
	# a portal user holds no permission on Permit Application (the gate also refuses the method)
	with as_user(make_user(APPLICANT)), pytest.raises(frappe.PermissionError):
		group_by_chart(chart_name="Applications in Process by Stage")


def page(role: str, name: str = "BPPM") -> dict:
	with as_user(make_user(role)):
		return get_desktop_page(json.dumps({"name": name, "title": name, "public": 1}))


def shown(section: dict, key: str) -> set:
	return {item.get(key) for item in section["items"]}


def charts(role: str) -> tuple[set, set]:
	"""The charts a role sees on the office's page and on its statistics page."""
	return (
		shown(page(role)["charts"], "chart_name"),
		shown(page(role, "BPPM Statistics")["charts"], "chart_name"),
	)


def test_each_role_lands_on_what_it_needs():
	treasurer = page(TREASURER)
	assert charts(TREASURER) == ({"Applications in Process by Stage"}, {"Levy Paid per Month"})
	assert shown(treasurer["number_cards"], "number_card_name") == PERMIT_CARDS
	reports = {link.get("link_to") for card in treasurer["cards"]["items"] for link in card.get("links")}
	assert {"Levy Revenue", "Permit Application Register"} <= reports
	assert not reports & {"SLA Compliance", "LKPM Compliance", "Investment Realization"}

	officer = page(INVESTMENT_OFFICER)
	assert charts(INVESTMENT_OFFICER) == (
		set(),
		{"Investment Realised per Quarter", "Realised Investment by Type", "LKPM Compliance by Quarter"},
	)
	assert shown(officer["number_cards"], "number_card_name") == PERMIT_CARDS | INVESTMENT_CARDS

	inspector = page(FIELD_INSPECTOR)
	assert shown(inspector["charts"], "chart_name") == {"Applications in Process by Stage"}
	assert not shown(inspector["number_cards"], "number_card_name") & INVESTMENT_CARDS

	for role in (HEAD, MANAGER):
		today, statistics = charts(role)
		assert today == {"Applications in Process by Stage", "SLA Status of Open Applications"}, role
		assert today | statistics == set(CHARTS), role
	assert "SLA Status of Open Applications" in charts(VERIFIER)[0]
	assert "Applications Received" in charts(FRONT_OFFICE)[1]


def test_the_workspace_is_for_staff_only():
	with as_user(make_user(VERIFIER)):
		assert {"BPPM", "BPPM Statistics"} <= {p["name"] for p in get_workspace_sidebar_items()["pages"]}
	# the statistics page is for the roles its charts are for
	with as_user(make_user(FIELD_INSPECTOR)):
		pages = {p["name"] for p in get_workspace_sidebar_items()["pages"]}
		assert "BPPM" in pages and "BPPM Statistics" not in pages
	with as_user(make_user(APPLICANT)):
		assert not {"BPPM", "BPPM Statistics"} & {p["name"] for p in get_workspace_sidebar_items()["pages"]}
