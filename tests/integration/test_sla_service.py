"""The SLA engine on a real site: per-stage working days through the 2026 Eid al-Fitr weeks,
the daily refresh and its alerts, holiday changes, and deemed-approval risks."""

import datetime as dt

import frappe
import pytest
import pytz
from frappe.utils import get_system_timezone
from freezegun import freeze_time

from bppm_app.config import office_calendar
from bppm_app.engine import service_level
from bppm_app.roles import FIELD_INSPECTOR, HEAD, MANAGER, VERIFIER
from bppm_app.utils import as_user

from .journeys import stages, start


def at(local: str):
	"""Freeze time at a wall-clock moment of the site's time zone."""
	moment = pytz.timezone(get_system_timezone()).localize(dt.datetime.fromisoformat(local))
	return freeze_time(moment.astimezone(pytz.UTC).replace(tzinfo=None))


def test_per_stage_time_table_through_eid_al_fitr_2026(staff):
	"""The worked example of the closing note. The office is closed 18–24 March 2026 (Nyepi,
	Idul Fitri and their collective leave) and on Good Friday, 3 April."""
	with at("2026-03-16 08:00"):
		journey = start(staff, (1, 0, 0), sla_working_days=5)
	with at("2026-03-16 09:00"):
		journey.submit()
	with at("2026-03-17 10:00"):
		journey.act(VERIFIER, "Start Verification")
	with at("2026-03-17 15:00"):
		journey.act(VERIFIER, "Return for Revision")
	with at("2026-03-25 09:00"):
		journey.edit("BPPM Applicant", upload_documents=True)
		journey.act("BPPM Applicant", "Resubmit")
	with at("2026-03-26 11:00"):
		journey.act(VERIFIER, "Verify", accept_documents=True)
	with at("2026-03-30 14:00"):
		journey.act(FIELD_INSPECTOR, "Complete Inspection", inspection="Passed")
	with at("2026-03-31 10:00"):
		doc = journey.approve()

	table = [(row.state, row.holder, row.sla_clock, round(row.working_days, 4)) for row in stages(doc.name)]
	assert table == [
		("Draft", "Applicant", "Not Started", round(1 / 24, 4)),  # Mon 08:00-09:00
		("Submitted", "Office", "Running", round(25 / 24, 4)),  # Mon 09:00 - Tue 10:00
		("Under Verification", "Office", "Running", round(5 / 24, 4)),  # Tue 10:00-15:00
		("Returned for Revision", "Applicant", "Paused", 0.75),  # Tue 15:00-24:00 + Wed 25 00:00-09:00
		("Under Verification", "Office", "Running", round(26 / 24, 4)),  # Wed 09:00 - Thu 11:00
		("Field Inspection", "Office", "Running", 2.125),  # Thu 11:00 - Mon 30 14:00
		("Awaiting Approval", "Office", "Running", round(20 / 24, 4)),  # Mon 14:00 - Tue 10:00
		("Issued", "Office", "Stopped", 0.0),
	]
	# counting starts Tuesday 17 at 00:00: 10 + 5 + 26 + 51 + 20 hours running = 4.6667 days;
	# 0.75 days paused move the due date from Monday 30 to Tuesday 31 March
	assert doc.sla_working_days_used == pytest.approx(112 / 24, abs=1e-3)
	assert str(doc.sla_due_date) == "2026-03-31"
	assert doc.sla_status == "Met"
	print("\nPer-stage time table of", doc.name)
	for state, holder, clock, days in table:
		print(f"  {state:<24} {holder:<13} {clock:<12} {days:>7.3f}")
	print(
		f"  used {doc.sla_working_days_used:.3f} of {doc.sla_working_days} working days; due {doc.sla_due_date}; {doc.sla_status}"
	)


def backdate(name: str, submitted: dt.datetime):
	"""Pretend the application was submitted at ``submitted`` and is still in its current stage."""
	rows = stages(name)
	frappe.db.set_value("Permit Application", name, "submitted_on", submitted, update_modified=False)
	for row in frappe.get_all(
		"Permit Application Stage", filters={"permit_application": name}, fields=["name", "state", "left_on"]
	):
		values = {"entered_on": submitted}
		if row.left_on:
			values["left_on"] = submitted
		frappe.db.set_value("Permit Application Stage", row.name, values, update_modified=False)
	return rows


def working_days_ago(days: int) -> dt.datetime:
	"""Midnight of a day such that ``days`` full working days have passed since the clock started."""
	calendar = office_calendar.get()
	today = frappe.utils.getdate()
	day = today
	counted = 0
	while counted < days:
		day -= dt.timedelta(days=1)
		if calendar.is_working_day(day):
			counted += 1
	# submitted the working day before: the clock starts the day after submission
	before = day - dt.timedelta(days=1)
	while not calendar.is_working_day(before):
		before -= dt.timedelta(days=1)
	return dt.datetime.combine(before, dt.time(9))


@pytest.mark.parametrize("days_ago, status", [(2, "On Track"), (4, "At Risk"), (7, "Overdue")])
def test_daily_refresh_sets_the_status_and_alerts_the_assignee_and_the_head(staff, days_ago, status):
	journey = start(staff, sla_working_days=5)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	backdate(journey.name, working_days_ago(days_ago))
	frappe.db.set_value("Permit Application", journey.name, "sla_status", "On Track", update_modified=False)

	counts = service_level.refresh_open_applications()

	doc = journey.doc
	assert counts["refreshed"] >= 1
	assert doc.sla_status == status
	assert doc.sla_working_days_used >= days_ago
	alerts = frappe.get_all(
		"Notification Log", filters={"document_name": journey.name, "type": "Alert"}, pluck="for_user"
	)
	if status == "On Track":
		assert alerts == []
	else:
		assert staff[HEAD] in alerts
		assert set(frappe.parse_json(doc._assign)) <= set(alerts)


def test_adding_and_removing_a_holiday_recomputes_open_due_dates(staff):
	journey = start(staff, sla_working_days=10)
	journey.submit()
	due = journey.doc.sla_due_date
	calendar = office_calendar.get()
	holiday = calendar.add_working_days(frappe.utils.getdate(), 3)  # a working day inside the SLA
	with as_user(staff[MANAGER]):
		frappe.get_doc(
			{
				"doctype": "Service Holiday",
				"holiday_date": holiday,
				"description": "Libur daerah (uji)",
				"holiday_type": "Local",
			}
		).insert()
	moved = journey.doc.sla_due_date
	assert moved == office_calendar.get().add_working_days(due, 1)
	notes = frappe.get_all(
		"Comment", filters={"reference_name": journey.name, "comment_type": "Info"}, pluck="content"
	)
	assert any("Libur daerah (uji)" in note for note in notes)
	with as_user(staff[MANAGER]):
		frappe.delete_doc("Service Holiday", str(holiday))
	assert journey.doc.sla_due_date == due


def test_deemed_approval_risks_list_stages_past_their_own_sla(staff):
	frappe.get_single("BPPM Settings").stage_slas  # the shipped defaults: Technical Review 5 days
	slow = start(staff, (0, 1, 0))
	slow.submit()
	slow.verify()
	assert slow.doc.workflow_state == "Technical Review"
	entered = working_days_ago(8)
	row = frappe.get_all(
		"Permit Application Stage",
		filters={"permit_application": slow.name, "left_on": ("is", "not set")},
		pluck="name",
	)[0]
	frappe.db.set_value("Permit Application Stage", row, "entered_on", entered, update_modified=False)
	fast = start(staff, (0, 1, 0))
	fast.submit()
	fast.verify()

	from bppm_app.bppm.report.deemed_approval_risk.deemed_approval_risk import execute

	with as_user(staff[HEAD]):
		columns, rows, _message = execute({})
	listed = {r["permit_application"]: r for r in rows}
	assert slow.name in listed and fast.name not in listed
	assert listed[slow.name]["holder"] == "Other Agency"
	assert listed[slow.name]["over_by"] > 2
	assert {c["fieldname"] for c in columns} >= {"permit_application", "state", "working_days", "stage_sla"}


def test_the_daily_job_is_scheduled():
	assert (
		"bppm_app.engine.service_level.refresh_open_applications"
		in frappe.get_hooks("scheduler_events")["daily"]
	)
