"""Service levels of permit applications: the SLA fields, the daily refresh, notifications, and
recomputation when the holiday calendar changes.

The refresh works in batches: a batch of open applications is read with one query, their stage
logs with another, each is evaluated in memory (bppm_app.rules.sla), and only what changed is
written back, one statement per batch. The number of queries per application stays the same
however many applications there are, and memory is bounded by the batch. The daily job walks the
open applications in name order through an index and hands the batches to the long queue.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.builder import Base
from frappe.utils import cint, flt, get_datetime, getdate, now_datetime

from bppm_app.config import office_calendar, settings
from bppm_app.engine import stages
from bppm_app.roles import HEAD
from bppm_app.rules import sla

DOCTYPE = "Permit Application"
SLA_FIELDS = ("sla_due_date", "sla_working_days_used", "sla_status")
ALERT_STATUSES = (sla.AT_RISK, sla.OVERDUE)
# the e-mail to the same people comes from the Notifications "SLA At Risk" / "SLA Overdue"
# (event Method), which this method triggers
SLA_ALERT_METHOD = "bppm_sla_alert"
BATCH = 500  # applications per batch (one read, one write)
OPEN_CLOCKS = (sla.RUNNING, sla.PAUSED)  # the clock of every submitted, undecided application
# the query-builder tables, built at import time (no site needed)
APP = Base.DocType(DOCTYPE)
STAGE = Base.DocType(stages.STAGE)


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
	"""Recompute one open application's SLA fields in place (no save: the clock is the office's,
	not an edit). Returns (old status, new status) when the status changed."""
	changes = refresh_batch([name], at=now, alert=False)["changes"]
	return tuple(changes[name]) if name in changes else None


# --- batches ----------------------------------------------------------------------------------


def refresh_batch(names: list[str], at=None, alert: bool = True, reason: str | None = None) -> dict:
	"""Recompute the SLA fields of the open applications among ``names`` and the working days
	of their open stages; write what changed. With ``alert``, tell the assignees and the heads
	about files that became At Risk or Overdue; with ``reason`` (a holiday change), note each
	moved due date on the application's timeline.

	Returns {"refreshed": n, "alerts": n, "moved": n, "changes": {name: (old, new status)}}."""
	now = get_datetime(at) if at else now_datetime()
	calendar = office_calendar.get()
	threshold = warning_threshold()
	out = {"refreshed": 0, "alerts": 0, "moved": 0, "changes": {}}
	if not names:
		return out
	# each read and write by the batch's keys, whatever the site's statistics: on a small table the
	# optimiser scans it instead, and a batch then reads more than its own rows
	apps = (
		frappe.qb.from_(APP)
		.force_index("PRIMARY")
		.select(
			APP.name,
			APP.submitted_on,
			APP.sla_working_days,
			*[APP[f] for f in (*SLA_FIELDS, *stages.HOLDER_DAYS.values())],
		)
		.where(APP.name.isin(names) & (APP.docstatus == 0) & APP.submitted_on.isnotnull())
		.run(as_dict=True)
	)
	logs: dict[str, list] = {}
	for row in (
		frappe.qb.from_(STAGE)
		.force_index("permit_application")
		.select(STAGE.name, STAGE.permit_application, STAGE.entered_on, STAGE.left_on, STAGE.sla_clock,
			STAGE.working_days, STAGE.holder)
		.where(STAGE.permit_application.isin([a.name for a in apps] or [""]))
		.orderby(STAGE.entered_on)
		.orderby(STAGE.creation)
		.run(as_dict=True)
	):  # fmt: skip
		logs.setdefault(row.permit_application, []).append(row)
	app_updates, stage_days, statuses, moved = {}, {}, {}, []
	for app in apps:
		log = logs.get(app.name, [])
		result = sla.evaluate(
			calendar,
			get_datetime(app.submitted_on),
			[
				sla.Interval(
					get_datetime(r.entered_on), get_datetime(r.left_on) if r.left_on else None, r.sla_clock
				)
				for r in log
			],
			cint(app.sla_working_days),
			threshold,
			now=now,
		)
		out["refreshed"] += 1
		after = {
			"sla_due_date": result.due_date,
			"sla_working_days_used": result.used,
			"sla_status": result.status,
		}
		changed = {
			k: v
			for k, v in after.items()
			if str(v) != str(app[k]) and not (k == "sla_working_days_used" and flt(v) == flt(app[k]))
		}
		if changed:
			app_updates[app.name] = changed
		if app.sla_status != result.status:
			out["changes"][app.name] = (app.sla_status, result.status)
			statuses[app.name] = result.status
		if "sla_due_date" in changed and app.sla_due_date:
			moved.append((app.name, app.sla_due_date, result.due_date))
		for row in log:
			if not row.left_on:
				days = round(calendar.working_days_between(get_datetime(row.entered_on), now), 4)
				if flt(days) != flt(row.working_days):
					stage_days[row.name] = days
					row.working_days = days
		for field, days in stages.holder_days(log).items():
			if flt(days) != flt(app[field]):
				app_updates.setdefault(app.name, {})[field] = days
	_write(APP, app_updates)
	_write(STAGE, {name: {"working_days": days} for name, days in stage_days.items()})
	stages.copy_sla_statuses(statuses)
	if reason:
		for name, old_due, new_due in moved:
			note_moved_due_date(name, old_due, new_due, reason)
		out["moved"] = len(moved)
	if alert:
		for name, (_old, new) in out["changes"].items():
			if new in ALERT_STATUSES:
				notify(name, new)
				out["alerts"] += 1
	return out


def _write(table, updates: dict[str, dict]) -> None:
	"""One UPDATE for many rows: each column set with CASE name WHEN … (rows keep ``modified``:
	the engine's fields are not an edit). Written as SQL text with parameters: the query builder
	takes longer to build a CASE of 500 branches than the database takes to run it."""
	if not updates:
		return
	names = list(updates)
	sets, values = [], []
	for column in sorted({column for row in updates.values() for column in row}):
		branches = [name for name in names if column in updates[name]]
		sets.append(
			f"`{column}` = case `name` {' '.join(['when %s then %s'] * len(branches))} else `{column}` end"
		)
		for name in branches:
			values += [name, updates[name][column]]
	values += names
	frappe.db.sql(
		f"update `{table.get_table_name()}` force index (primary) set {', '.join(sets)} where `name` in ({', '.join(['%s'] * len(names))})",
		values,
	)


def open_applications(after: str = "", limit: int = BATCH, clock: str | None = None, where=None) -> list[str]:
	"""Names of open applications (clock running or paused) after ``after``, in name order: one
	index range per clock, read page by page (the index ``bppm_open``)."""
	names: list[str] = []
	for value in [clock] if clock else OPEN_CLOCKS:
		query = (
			frappe.qb.from_(APP)
			.select(APP.name)
			.where((APP.docstatus == 0) & (APP.sla_clock == value) & (APP.name > after))
			.orderby(APP.name)
			.limit(limit)
		)
		if where is not None:
			query = query.where(where)
		names.extend(query.run(pluck=True))
	return sorted(names)[:limit] if not clock else names


def batches(where=None, size: int = BATCH):
	"""The open applications, ``size`` names at a time (keyset pagination, constant memory)."""
	for clock in OPEN_CLOCKS:
		after = ""
		while True:
			names = open_applications(after, size, clock, where)
			if not names:
				break
			yield names
			after = names[-1]
			if len(names) < size:
				break


def run_batches(
	where=None, reason: str | None = None, alert: bool = True, now=None, size: int = BATCH
) -> dict:
	"""Refresh the open applications batch by batch: inline in tests and small offices,
	otherwise as jobs on the long queue (after the current transaction commits)."""
	totals = {"refreshed": 0, "alerts": 0, "moved": 0, "batches": 0, "enqueued": 0}
	inline = frappe.flags.in_test or frappe.flags.bppm_inline_jobs
	for names in batches(where, size):
		totals["batches"] += 1
		if inline:
			result = refresh_batch(names, at=now, alert=alert, reason=reason)
			for key in ("refreshed", "alerts", "moved"):
				totals[key] += result[key]
		else:
			frappe.enqueue(
				"bppm_app.engine.service_level.refresh_batch",
				queue="long",
				enqueue_after_commit=True,
				names=names,
				at=now,
				alert=alert,
				reason=reason,
			)
			totals["enqueued"] += len(names)
	return totals


def refresh_open_applications(now=None) -> dict[str, int]:
	"""Daily: refresh every open application, and alert its assignees and the heads of office
	when it becomes At Risk or Overdue."""
	return run_batches(now=now)


# --- alerts -----------------------------------------------------------------------------------


def alert_recipients(name: str) -> list[str]:
	assigned = frappe.parse_json(frappe.db.get_value(DOCTYPE, name, "_assign") or "[]")
	# get_all: recipients of an office alert are found by the system, not by a user
	heads = frappe.get_all(
		"Has Role", filters={"role": HEAD, "parenttype": "User"}, pluck="parent", distinct=True
	)
	enabled = set(  # the same: which of those users are enabled, whoever triggered the alert
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


# --- holidays ---------------------------------------------------------------------------------


def affected_by_holiday(holiday_date):
	"""Open applications whose figures a holiday on ``holiday_date`` can change: submitted before
	that day, and either due on or after it (the due date moves) or the day is already past
	(the working days used change). A holiday next month leaves files due before it alone."""
	day = getdate(holiday_date)
	received_before = APP.submitted_on < f"{frappe.utils.add_days(day, 1)} 00:00:00"
	if day <= getdate():
		return received_before
	return received_before & (APP.sla_due_date >= day)


def recompute_for_holiday_change(holiday_date, reason: str) -> int:
	"""A holiday added, moved or removed: recompute the open applications it can affect, and
	note each changed due date on the application's timeline. Returns how many due dates moved
	(those recomputed at once; larger offices recompute on the long queue)."""
	office_calendar.clear()
	return run_batches(where=affected_by_holiday(holiday_date), reason=reason, alert=False)["moved"]


def note_moved_due_date(name: str, old_due, new_due, reason: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": DOCTYPE,
			"reference_name": name,
			"content": _("Service level due date changed from {0} to {1}: {2}").format(
				frappe.format(old_due, "Date"), frappe.format(new_due, "Date"), reason
			),
		}
	).insert(ignore_permissions=True)  # the engine notes its own recomputation


# --- deemed approval ----------------------------------------------------------------------------


def stage_limits() -> dict[str, float]:
	"""Working days each state may take (BPPM Settings → Stage Service Levels)."""
	return {
		row.state: flt(row.working_days)
		for row in frappe.get_cached_doc("BPPM Settings").get("stage_slas") or []
		if flt(row.working_days)
	}
