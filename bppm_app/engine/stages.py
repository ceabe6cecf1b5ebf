"""The stage log (Permit Application Stage): one row per workflow state an application visits.

Rows are written by the app only (no user creates or edits them). They give the SLA engine its
running and paused intervals, and reports the working days each holder kept the file. For the
reports, each row also carries its application's received time (``submitted_on``) and current SLA
status (``application_sla_status``), and ``first_visit`` marks the application's first row of a
(state, holder) counted by the clock: the stage figures then come from the log alone, without
joining a million applications.
"""

import frappe
from frappe.query_builder import Case
from frappe.utils import flt, get_datetime, now_datetime

from bppm_app.config import office_calendar
from bppm_app.engine import workflow
from bppm_app.rules import sla

STAGE = "Permit Application Stage"


# the application keeps the working days of its stages per holder (for the reports)
HOLDER_DAYS = {"Office": "office_days", "Other Agency": "agency_days", "Applicant": "applicant_days"}


def holder_days(rows) -> dict[str, float]:
	"""{office_days, agency_days, applicant_days} of a stage log (stages counted by the clock)."""
	totals = dict.fromkeys(HOLDER_DAYS.values(), 0.0)
	for row in rows:
		if counted(row.sla_clock) and row.holder in HOLDER_DAYS:
			totals[HOLDER_DAYS[row.holder]] += float(row.working_days or 0)
	return {field: round(days, 4) for field, days in totals.items()}


def keep_holder_days(doc, method=None) -> None:
	"""Permit Application.validate: the time by holder is the stage log's, written by the engine
	alone; a save, whoever makes it, keeps the stored values."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	for field in HOLDER_DAYS.values():
		doc.set(field, before.get(field) if before is not None else 0)


def counted(clock: str | None) -> bool:
	"""Whether a stage with this clock is service time (reports leave the draft out)."""
	return (clock or "") != sla.NOT_STARTED


def open_stage(doc, at, user: str, action: str | None, visited: set | None = None) -> None:
	"""Log the state ``doc`` has just entered. ``visited``: the (state, holder) pairs of the
	application's earlier rows counted by the clock."""
	wf = workflow.get_workflow(doc.doctype)
	holder = workflow.holder(wf, doc.workflow_state, doc.sla_clock)
	first = counted(doc.sla_clock) and (doc.workflow_state, holder or "") not in (visited or set())
	now = now_datetime()
	row = frappe.get_doc(
		{
			"doctype": STAGE,
			"name": frappe.generate_hash(length=12),
			"owner": user,
			"modified_by": user,
			"creation": now,
			"modified": now,
			"permit_application": doc.name,
			"permit_type": doc.permit_type,
			"state": doc.workflow_state,
			"holder": holder,
			"sla_clock": doc.sla_clock,
			"entered_on": at,
			"entered_by": user,
			"action": action,
			"working_days": 0,
			"submitted_on": doc.submitted_on,
			"application_sla_status": doc.sla_status,
			"first_visit": int(first),
		}
	)
	# the log is written by the app, never by users; a plain row, no document events to run
	row.db_insert()


def close_open_stages(application: str, at, rows: list | None = None) -> None:
	cal = office_calendar.get()
	if rows is None:
		# get_all: the engine maintains the log for whoever moves the file; the log is not user data
		rows = frappe.get_all(
			STAGE,
			filters={"permit_application": application, "left_on": ("is", "not set")},
			fields=["name", "entered_on", "left_on"],
		)
	for row in rows:
		if row.left_on:
			continue
		days = cal.working_days_between(get_datetime(row.entered_on), get_datetime(at))
		row.update(left_on=at, working_days=round(days, 4))
		frappe.db.set_value(
			STAGE, row.name, {"left_on": at, "working_days": round(days, 4)}, update_modified=False
		)


def record_transition(doc, at, user: str, action: str | None) -> None:
	# get_all: the engine maintains the log for whoever moves the file; the log is not user data
	rows = frappe.get_all(
		STAGE,
		filters={"permit_application": doc.name},
		fields=["name", "state", "holder", "sla_clock", "entered_on", "left_on", "working_days",
			"submitted_on", "application_sla_status"],
	)  # fmt: skip
	close_open_stages(doc.name, at, rows)
	copy_application_fields(doc.name, doc.submitted_on, doc.sla_status, rows)
	totals = holder_days(rows)
	if any(flt(doc.get(field)) != days for field, days in totals.items()):
		doc.db_set(totals, update_modified=False)
	visited = {(row.state, row.holder or "") for row in rows if counted(row.sla_clock)}
	open_stage(doc, at, user, action, visited)


def copy_application_fields(application: str, submitted_on, sla_status: str | None, rows=None) -> None:
	"""Keep the application's received time and SLA status on its stage rows (for the reports)."""
	received = get_datetime(submitted_on) if submitted_on else None
	if rows is not None and all(
		(get_datetime(row.submitted_on) if row.submitted_on else None) == received
		and (row.application_sla_status or None) == (sla_status or None)
		for row in rows
		if counted(row.sla_clock)  # the reports leave the draft's rows out
	):
		return
	stage = frappe.qb.DocType(STAGE)
	(
		frappe.qb.update(stage)
		.set(stage.submitted_on, received)
		.set(stage.application_sla_status, sla_status)
		.where(stage.permit_application == application)
		.run()
	)


def copy_sla_statuses(statuses: dict[str, str]) -> None:
	"""After a refresh changed the SLA status of some applications: the same on their stages,
	one statement for all of them."""
	if not statuses:
		return
	stage = frappe.qb.DocType(STAGE)
	status = Case()
	for application, value in statuses.items():
		status = status.when(stage.permit_application == application, value)
	(
		frappe.qb.update(stage)
		.set(stage.application_sla_status, status)
		.where(stage.permit_application.isin(list(statuses)))
		.run()
	)


def stages_of(application: str) -> list[frappe._dict]:
	"""The whole log of one application, oldest first: the SLA engine, the four-eyes check, the
	receipt and the public tracking page read it, whoever acts (not user data). Plain SQL: the
	tracking page reads it for guests, and loading the DocType's metadata cost more than the
	query."""
	return frappe.db.sql(
		"""select name, state, holder, sla_clock, entered_on, entered_by, action, left_on, working_days
		from `tabPermit Application Stage` where permit_application = %s
		order by entered_on asc, creation asc""",
		application,
		as_dict=True,
	)


def intervals(application: str) -> list[sla.Interval]:
	return [
		sla.Interval(
			get_datetime(row.entered_on), get_datetime(row.left_on) if row.left_on else None, row.sla_clock
		)
		for row in stages_of(application)
	]
