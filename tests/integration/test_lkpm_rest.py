"""Investors file LKPM over HTTP on the portal (the LKPM web form, /investments, the portal's
submit) for their own investments only; Frappe's generic endpoints (/api/resource, frappe.client,
the workflow API) give them nothing. Requests run in their own thread and database connection, so
the ``world`` fixture commits its data (idempotent, fixed names, its reports cleared on every run)."""

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


def accept(client, data):
	return client.post(
		"/api/method/frappe.website.doctype.web_form.web_form.accept",
		{"web_form": "lkpm", "data": json.dumps(data)},
	)


def test_investor_files_and_submits_an_lkpm_for_their_own_investment(world):
	a = world["lkpm-a"]
	created = data(
		accept(
			a.client,
			{
				"investment": a.investment,
				"year": 2025,
				"quarter": "Q2",
				"investment_in_period": 125_000_000,
				"workers_local": 14,
				"investor": world["lkpm-b"].applicant,  # not a field of the form
				"status": "Approved",  # nor is this
			},
		)
	)
	assert created["investor"] == a.applicant and created["status"] == "Draft"
	assert created["due_date"] == "2025-07-10"
	page = a.client.page("/investments")
	assert page.status == 200 and created["name"] in page.text

	submitted = data(
		a.client.post("/api/method/bppm_app.api.submit_investment_report", {"name": created["name"]})
	)
	assert submitted["status"] == "Submitted"
	frappe.db.rollback()
	assert frappe.db.get_value("Investment Report", created["name"], "reported_on")

	locked = accept(a.client, {**created, "investment_in_period": 1})
	assert locked.status == 417, locked.text
	approve = a.client.post(
		"/api/method/frappe.model.workflow.apply_workflow", {"doc": json.dumps(created), "action": "Approve"}
	)
	assert approve.status == 403
	frappe.db.rollback()
	assert frappe.db.get_value("Investment Report", created["name"], ["status", "docstatus"]) == (
		"Submitted",
		0,
	)


def test_investor_cannot_file_for_anothers_investment(world):
	a, b = world["lkpm-a"], world["lkpm-b"]
	for response in (
		accept(
			a.client, {"investment": b.investment, "year": 2025, "quarter": "Q3", "investment_in_period": 1}
		),
		a.client.post(
			"/api/resource/Investment Report",
			{"investment": b.investment, "year": 2025, "quarter": "Q3", "investment_in_period": 1},
		),
	):
		assert response.status == 403, response.text
	frappe.db.rollback()
	assert not frappe.db.exists("Investment Report", {"investment": b.investment, "quarter": "Q3"})


def test_investor_sees_only_their_own_reports(world):
	a, b = world["lkpm-a"], world["lkpm-b"]
	assert b.report not in a.client.page("/investments").text
	assert b.report in b.client.page("/investments").text
	assert a.client.get("/api/resource/Investment Report").status == 403
	assert a.client.get(f"/api/resource/Investment Report/{b.report}").status == 403
	got = a.client.post("/api/method/frappe.client.get", {"doctype": "Investment Report", "name": b.report})
	assert got.status == 403
	form = a.client.post(
		"/api/method/frappe.website.doctype.web_form.web_form.get_form_data",
		{"doctype": "Investment Report", "docname": b.report, "web_form_name": "lkpm"},
	)
	assert form.status == 403


def test_investor_cannot_move_or_change_anothers_report(world):
	a, b = world["lkpm-a"], world["lkpm-b"]
	report = {"doctype": "Investment Report", "name": b.report}
	moved = a.client.post(
		"/api/method/frappe.model.workflow.apply_workflow", {"doc": json.dumps(report), "action": "Submit"}
	)
	assert moved.status == 403, moved.text
	assert (
		a.client.post("/api/method/bppm_app.api.submit_investment_report", {"name": b.report}).status == 404
	)
	changed = accept(
		a.client,
		{
			"name": b.report,
			"investment": b.investment,
			"year": 2025,
			"quarter": "Q1",
			"investment_in_period": 1,
		},
	)
	assert changed.status == 403, changed.text
	frappe.db.rollback()
	assert frappe.db.get_value("Investment Report", b.report, ["status", "investment_in_period"]) == (
		"Draft",
		7,
	)
