"""Service levels of permit applications: the SLA fields, the daily refresh, notifications, and
recomputation when the holiday calendar changes."""

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, getdate, now_datetime

from bppm_app.roles import HEAD
from bppm_app.rules import sla
from bppm_app.services import calendar as office_calendar
from bppm_app.services import settings, stages

DOCTYPE = "Permit Application"
SLA_FIELDS = ("sla_due_date", "sla_working_days_used", "sla_status")
ALERT_STATUSES = (sla.AT_RISK, sla.OVERDUE)
# the e-mail to the same people comes from the Notifications "SLA At Risk" / "SLA Overdue"
# (event Method), which this method triggers
SLA_ALERT_METHOD = "bppm_sla_alert"


def warning_threshold() -> float:
	return flt(settings.get("sla_warning_threshold")) or 80


def evaluate(doc, now=None, stopped: bool = False) -> sla.Evaluation:
	"""Evaluate from the stage log up to ``now`` (the open stage counts until then)."""
	now = get_datetime(now) if now else now_datetime()
	return sla.evaluate(
		office_calendar.get(),
		get_datetime(doc.submitted_on) if doc.submitted_on else None,
		stages.intervals(doc.name) if not doc.is_new() else [],
		cint(doc.sla_working_days),
		warning_threshold(),
		now=now,
		stopped_at=now if stopped else None,
	)


def apply(doc, now=None, stopped: bool = False) -> sla.Evaluation:
	result = evaluate(doc, now, stopped)
	doc.sla_working_days_used = result.used
	doc.sla_due_date = result.due_date
	doc.sla_status = result.status
	return result


def refresh(name: str, now=None) -> tuple[str, str] | None:
	"""Recompute an open application's SLA fields in place (no save: the clock is the office's,
	not an edit). Returns (old status, new status) when the status changed."""
	doc = frappe.get_doc(DOCTYPE, name)
	if doc.docstatus != 0 or not doc.submitted_on:
		return None
	before = {field: doc.get(field) for field in SLA_FIELDS}
	result = evaluate(doc, now)
	after = {
		"sla_due_date": result.due_date,
		"sla_working_days_used": result.used,
		"sla_status": result.status,
	}
	stages.refresh_open_stage_days(name, get_datetime(now) if now else None)
	changed = {
		k: v
		for k, v in after.items()
		if str(v) != str(before[k]) and not (k == "sla_working_days_used" and flt(v) == flt(before[k]))
	}
	if changed:
		frappe.db.set_value(DOCTYPE, name, changed, update_modified=False)
	if before["sla_status"] != result.status:
		return before["sla_status"], result.status
	return None


def open_applications() -> list[str]:
	# scheduler and recomputation run for the whole office, not for a user
	return frappe.get_all(DOCTYPE, filters={"docstatus": 0, "submitted_on": ("is", "set")}, pluck="name")


def refresh_open_applications(now=None) -> dict[str, int]:
	"""Daily: refresh every open application, and alert its assignees and the heads of office
	when it becomes At Risk or Overdue."""
	counts = {"refreshed": 0, "alerts": 0}
	for name in open_applications():
		change = refresh(name, now)
		counts["refreshed"] += 1
		if change and change[1] in ALERT_STATUSES:
			notify(name, change[1])
			counts["alerts"] += 1
	return counts


def alert_recipients(name: str) -> list[str]:
	assigned = frappe.parse_json(frappe.db.get_value(DOCTYPE, name, "_assign") or "[]")
	# get_all: recipients of an office alert are found by the system, not by a user
	heads = frappe.get_all(
		"Has Role", filters={"role": HEAD, "parenttype": "User"}, pluck="parent", distinct=True
	)
	enabled = set(
		frappe.get_all("User", filters={"name": ("in", [*assigned, *heads]), "enabled": 1}, pluck="name")
	)
	return sorted(enabled - {"Administrator", "Guest"})


def notify(name: str, status: str) -> None:
	from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

	doc = frappe.get_doc(DOCTYPE, name)
	subject = (
		_("Application {0} is at risk of missing its service level (due {1})")
		if status == sla.AT_RISK
		else _("Application {0} is overdue (due {1})")
	).format(name, frappe.format(doc.sla_due_date, "Date"))
	recipients = alert_recipients(name)
	if recipients:
		enqueue_create_notification(
			recipients,
			{
				"type": "Alert",
				"document_type": DOCTYPE,
				"document_name": name,
				"subject": subject,
				"email_content": _("{0}: {1} working days used of {2}.").format(
					doc.permit_type, flt(doc.sla_working_days_used, 1), doc.sla_working_days
				),
			},
		)
	doc.run_method(SLA_ALERT_METHOD)


def recompute_for_holiday_change(holiday_date, reason: str) -> int:
	"""A holiday added, moved or removed: recompute open applications whose clock has run since
	(or will run on) that date, and note each changed due date on the application's timeline."""
	office_calendar.clear()
	changed = 0
	for name in open_applications():
		doc = frappe.get_doc(DOCTYPE, name)
		if getdate(doc.submitted_on) > getdate(holiday_date):
			continue
		old_due = doc.sla_due_date
		refresh(name)
		new_due = frappe.db.get_value(DOCTYPE, name, "sla_due_date")
		if str(old_due) != str(new_due):
			changed += 1
			doc.add_comment(
				"Info",
				_("Service level due date changed from {0} to {1}: {2}").format(
					frappe.format(old_due, "Date"), frappe.format(new_due, "Date"), reason
				),
			)
	return changed


def deemed_approval_risks(now=None) -> list[frappe._dict]:
	"""Open stages past their own service level (BPPM Settings, per state): under PP 28/2025 a
	stage that runs over its time may be deemed approved. Oldest overrun first."""
	limits = {
		row.state: flt(row.working_days) for row in frappe.get_single("BPPM Settings").get("stage_slas") or []
	}
	if not limits:
		return []
	now = get_datetime(now) if now else now_datetime()
	cal = office_calendar.get()
	risks = []
	for row in frappe.get_list(
		"Permit Application Stage",
		filters={"left_on": ("is", "not set"), "state": ("in", list(limits)), "sla_clock": sla.RUNNING},
		fields=["name", "permit_application", "permit_type", "state", "holder", "entered_on"],
	):
		if frappe.db.get_value(DOCTYPE, row.permit_application, "docstatus") != 0:
			continue
		days = cal.working_days_between(get_datetime(row.entered_on), now)
		if sla.stage_overrun(days, limits[row.state]):
			row.update(
				working_days=round(days, 2),
				stage_sla=limits[row.state],
				over_by=round(days - limits[row.state], 2),
			)
			risks.append(row)
	return sorted(risks, key=lambda r: -r.over_by)
