"""The stage log (Permit Application Stage): one row per workflow state an application visits.

Rows are written by the app only (no user creates or edits them). They give the SLA engine its
running and paused intervals, and reports the working days each holder kept the file.
"""

import frappe
from frappe.utils import get_datetime, now_datetime

from bppm_app.rules import sla
from bppm_app.services import calendar as office_calendar
from bppm_app.services import workflow

STAGE = "Permit Application Stage"


def open_stage(doc, at, user: str, action: str | None) -> None:
	wf = workflow.get_workflow(doc.doctype)
	frappe.get_doc(
		{
			"doctype": STAGE,
			"permit_application": doc.name,
			"permit_type": doc.permit_type,
			"state": doc.workflow_state,
			"holder": workflow.holder(wf, doc.workflow_state, doc.sla_clock),
			"sla_clock": doc.sla_clock,
			"entered_on": at,
			"entered_by": user,
			"action": action,
			"working_days": 0,
		}
	).insert(ignore_permissions=True)  # the log is written by the app, never by users


def close_open_stages(application: str, at) -> None:
	cal = office_calendar.get()
	# get_all: the engine maintains the log for whoever moves the file; the log is not user data
	for row in frappe.get_all(
		STAGE,
		filters={"permit_application": application, "left_on": ("is", "not set")},
		fields=["name", "entered_on"],
	):
		days = cal.working_days_between(get_datetime(row.entered_on), get_datetime(at))
		frappe.db.set_value(
			STAGE, row.name, {"left_on": at, "working_days": round(days, 4)}, update_modified=False
		)


def record_transition(doc, at, user: str, action: str | None) -> None:
	close_open_stages(doc.name, at)
	open_stage(doc, at, user, action)


def stages_of(application: str) -> list[frappe._dict]:
	# get_all: the SLA engine and four-eyes check read the whole log, whoever acts
	return frappe.get_all(
		STAGE,
		filters={"permit_application": application},
		fields=[
			"name",
			"state",
			"holder",
			"sla_clock",
			"entered_on",
			"entered_by",
			"action",
			"left_on",
			"working_days",
		],
		order_by="entered_on asc, creation asc",
	)


def intervals(application: str) -> list[sla.Interval]:
	return [
		sla.Interval(
			get_datetime(row.entered_on), get_datetime(row.left_on) if row.left_on else None, row.sla_clock
		)
		for row in stages_of(application)
	]


def refresh_open_stage_days(application: str, now=None) -> None:
	"""Keep the working days of a still-open stage current (daily, for reports)."""
	now = now or now_datetime()
	cal = office_calendar.get()
	# get_all: the engine maintains the log for whoever moves the file; the log is not user data
	for row in frappe.get_all(
		STAGE,
		filters={"permit_application": application, "left_on": ("is", "not set")},
		fields=["name", "entered_on", "working_days"],
	):
		days = round(cal.working_days_between(get_datetime(row.entered_on), now), 4)
		if days != row.working_days:
			frappe.db.set_value(STAGE, row.name, "working_days", days, update_modified=False)
