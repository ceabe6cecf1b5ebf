"""The daily jobs at scale: the SLA refresh of every open application (the batches the long queue
runs, each committed as a job commits), a holiday added for next month, the LKPM reminder's
selection and one batch of reminders, and Frappe's expiry reminder for the day.

Memory is the Python heap's peak while the refresh runs (tracemalloc): flat means the same peak
for ten times the applications.
"""

import datetime as dt
import time
import tracemalloc

import frappe
from frappe.utils import add_days, getdate, now_datetime

from bppm_app.config import office_calendar
from bppm_app.engine import notifications, service_level
from bppm_app.rules import lkpm, sla


def open_count() -> int:
	return frappe.db.count(
		"Permit Application", {"docstatus": 0, "sla_clock": ("in", service_level.OPEN_CLOCKS)}
	)


def sla_refresh(at=None) -> dict:
	"""The whole refresh, batch by batch, each batch committed (what each long-queue job does).
	Alerts are left out and counted: each is a notification e-mail, whatever the job's design."""
	at = at or now_datetime()
	count = open_count()
	tracemalloc.start()
	start = time.perf_counter()
	batches, changes = 0, 0
	for names in service_level.batches():
		result = service_level.refresh_batch(names, at=at, alert=False)
		frappe.db.commit()  # each batch is a job of its own
		batches += 1
		changes += sum(1 for _old, new in result["changes"].values() if new in service_level.ALERT_STATUSES)
	seconds = time.perf_counter() - start
	_current, peak = tracemalloc.get_traced_memory()
	tracemalloc.stop()
	return {
		"open": count,
		"batches": batches,
		"seconds": seconds,
		"per_10k": seconds / max(count, 1) * 10_000,
		"peak_mb": peak / 1024 / 1024,
		"alerts": changes,
	}


def holiday_next_month() -> dict:
	"""Add a holiday about a month ahead (the hook recomputes the affected files), then remove it."""
	day = office_calendar.get().add_working_days(getdate(), 22)
	affected = frappe.db.count(
		"Permit Application",
		{
			"docstatus": 0,
			"sla_clock": ("in", service_level.OPEN_CLOCKS),
			"sla_due_date": (">=", day),
			"submitted_on": ("<", f"{add_days(day, 1)} 00:00:00"),
		},
	)
	frappe.flags.bppm_inline_jobs = True
	start = time.perf_counter()
	holiday = frappe.get_doc(
		{
			"doctype": "Service Holiday",
			"holiday_date": day,
			"description": "Benchmark",
			"holiday_type": "Local",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # the benchmark's own site
	added = time.perf_counter() - start
	frappe.delete_doc("Service Holiday", holiday.name, ignore_permissions=True)
	frappe.db.commit()
	return {"day": str(day), "affected": affected, "open": open_count(), "seconds": added}


def lkpm_reminders() -> dict:
	"""Who owes the last quarter's LKPM (the whole selection), and one batch of reminders."""
	year, quarter = lkpm.last_due_quarter(getdate())
	start = time.perf_counter()
	owing, after = 0, ""
	while True:
		names = notifications.owing_lkpm(year, quarter, after)
		if not names:
			break
		owing += len(names)
		after = names[-1]
	selection = time.perf_counter() - start
	batch = notifications.owing_lkpm(year, quarter, "", 100)
	start = time.perf_counter()
	notifications.remind_lkpm(batch, year, quarter)
	reminding = time.perf_counter() - start
	frappe.db.rollback()  # the reminders stay unsent: the benchmark only times them
	return {
		"investments": frappe.db.count("Investment"),
		"owing": owing,
		"selection_seconds": selection,
		"per_reminder": reminding / max(len(batch), 1),
	}


def expiry_reminder() -> dict:
	"""Frappe's daily "Days Before" notification for permits that expire in 30 days."""
	notification = frappe.get_doc("Notification", "Permit Expiry Reminder")
	start = time.perf_counter()
	docs = notification.get_documents_for_today()
	seconds = time.perf_counter() - start
	return {
		"permits": frappe.db.count("Permit Application", {"docstatus": 1}),
		"today": len(docs),
		"seconds": seconds,
	}


def refreshes() -> tuple[dict, dict]:
	"""The first refresh after seeding (it catches up with the seeded figures), then the next
	working morning's run, which is what the office runs every day."""
	first = sla_refresh()
	tomorrow = dt.datetime.combine(getdate() + dt.timedelta(days=1), dt.time(0, 30))
	while not office_calendar.get().is_working_day((tomorrow - dt.timedelta(days=1)).date()):
		tomorrow += dt.timedelta(days=1)
	return first, sla_refresh(tomorrow)


def all_jobs() -> dict:
	first, daily = refreshes()
	return {
		"first": first,
		"daily": daily,
		"holiday": holiday_next_month(),
		"lkpm": lkpm_reminders(),
		"expiry": expiry_reminder(),
		"running": sla.RUNNING,
	}
