"""Investors file LKPM over REST (/api/resource, frappe.client, the workflow API) for their own
investments only. Requests run in their own thread and database connection, so the ``world``
fixture commits its data (idempotent, fixed names, its reports cleared on every run)."""

import json

import frappe
import pytest

from bppm_app.roles import APPLICANT

from .factories import make_applicant, make_investment, make_lkpm, make_user, unique_nib
from .rest import RestClient, api_token

DOMAIN = "rest.bppm.example"
KECAMATAN = "Kecamatan Uji REST"


def _investor(local: str) -> frappe._dict:
	email = f"{local}@{DOMAIN}"
	if not frappe.db.exists("User", email):
		make_user(APPLICANT, email=email)
	applicant = frappe.db.get_value("Applicant", {"user": email}, "name") or (
		make_applicant(user=email, applicant_type="Business Entity", nik=None, nib=unique_nib()).name
	)
	investment = frappe.db.get_value("Investment", {"investor": applicant}, "name") or (
		make_investment(applicant, project_name=f"Pabrik {local}", kecamatan=KECAMATAN).name
	)
	return frappe._dict(user=email, applicant=applicant, investment=investment)


@pytest.fixture(scope="module")
def world(site):
	people = {local: _investor(local) for local in ("lkpm-a", "lkpm-b")}
	investments = [p.investment for p in people.values()]
	frappe.db.delete("Investment Report", {"investment": ("in", investments)})
	# B already has a draft for 2025 Q1 (made by the office, as a walk-in investor's would be)
	people["lkpm-b"].report = make_lkpm(people["lkpm-b"].investment, 2025, "Q1", investment_in_period=7).name
	frappe.db.commit()
	for person in people.values():
		person.client = RestClient(site, api_token(person.user))
	return people


def data(response):
	assert response.status == 200, response.text
	body = response.json
	return body["data"] if "data" in body else body.get("message")


def test_investor_files_and_submits_an_lkpm_for_their_own_investment(world):
	a = world["lkpm-a"]
	created = data(
		a.client.post(
			"/api/resource/Investment Report",
			{
				"investment": a.investment,
				"year": 2025,
				"quarter": "Q2",
				"investment_in_period": 125_000_000,
				"workers_local": 14,
				"investor": world["lkpm-b"].applicant,  # a spoofed investor is replaced
				"status": "Approved",  # and so is a spoofed status
			},
		)
	)
	assert created["investor"] == a.applicant and created["status"] == "Draft"
	assert created["due_date"] == "2025-07-10"

	submitted = data(
		a.client.post(
			"/api/method/frappe.model.workflow.apply_workflow", {"doc": created, "action": "Submit"}
		)
	)
	assert submitted["status"] == "Submitted" and submitted["reported_on"]

	locked = a.client.put(f"/api/resource/Investment Report/{created['name']}", {"investment_in_period": 1})
	assert locked.status == 417, locked.text
	approve = a.client.post(
		"/api/method/frappe.model.workflow.apply_workflow", {"doc": submitted, "action": "Approve"}
	)
	assert approve.status != 200
	frappe.db.rollback()
	assert frappe.db.get_value("Investment Report", created["name"], ["status", "docstatus"]) == (
		"Submitted",
		0,
	)


def test_investor_cannot_file_for_anothers_investment(world):
	a, b = world["lkpm-a"], world["lkpm-b"]
	response = a.client.post(
		"/api/resource/Investment Report",
		{"investment": b.investment, "year": 2025, "quarter": "Q3", "investment_in_period": 1},
	)
	assert response.status == 403, response.text
	frappe.db.rollback()
	assert not frappe.db.exists("Investment Report", {"investment": b.investment, "quarter": "Q3"})


def test_investor_sees_only_their_own_reports(world):
	a, b = world["lkpm-a"], world["lkpm-b"]
	listed = data(
		a.client.get("/api/resource/Investment Report", {"fields": json.dumps(["name", "investment"])})
	)
	assert {row["investment"] for row in listed} <= {a.investment}
	hidden = a.client.get(
		"/api/resource/Investment Report", {"filters": json.dumps([["name", "=", b.report]])}
	)
	assert data(hidden) == []
	assert a.client.get(f"/api/resource/Investment Report/{b.report}").status == 403
	got = a.client.post("/api/method/frappe.client.get", {"doctype": "Investment Report", "name": b.report})
	assert got.status == 403
	assert [row["name"] for row in data(b.client.get("/api/resource/Investment Report"))] == [b.report]


def test_investor_cannot_move_or_change_anothers_report(world):
	a, b = world["lkpm-a"], world["lkpm-b"]
	report = {"doctype": "Investment Report", "name": b.report}
	moved = a.client.post(
		"/api/method/frappe.model.workflow.apply_workflow", {"doc": report, "action": "Submit"}
	)
	assert moved.status == 403, moved.text
	changed = a.client.put(f"/api/resource/Investment Report/{b.report}", {"investment_in_period": 1})
	assert changed.status == 403, changed.text
	frappe.db.rollback()
	assert frappe.db.get_value("Investment Report", b.report, ["status", "investment_in_period"]) == (
		"Draft",
		7,
	)
