"""What the notifications need beyond Frappe's Notification records (bppm/notification/*).

The records decide what is sent, to whom and when; they are Frappe's own, and administrators
change them in the desk. This module only gives them their occasions:

- the "Levy Assessment Issued" notification fires on ``skrd_number``, which ``engine.levy_assessment``
  sets when an action brings an application to the treasurer;
- the daily LKPM reminder finds the investors who owe the quarter's report and runs the method
  ``bppm_lkpm_reminder`` on their investment (a Notification with event "Method");
- the SMS notifications follow SMS Settings: enabled when a gateway is configured, disabled when
  it is removed.
"""

import frappe
from frappe.query_builder.functions import Coalesce
from frappe.utils import cint, getdate, nowdate

from bppm_app.config import settings
from bppm_app.rules import lkpm

LKPM_REMINDER_METHOD = "bppm_lkpm_reminder"


# --- LKPM reminders -------------------------------------------------------------------------------


def send_lkpm_reminders(today=None) -> list[str]:
	"""Daily: in the days before the 10th of the month after a quarter (BPPM Settings, "LKPM
	Reminder"), remind each investor who must report that quarter and whose report has not
	reached the office. Each investment is reminded once per quarter. Returns the investments
	(reminded at once in tests and small offices; otherwise in batches on the long queue).

	One indexed query finds who owes the report (page by page, in name order); the batch marks
	them reminded with one statement, then runs each investment's reminder notification."""
	today = getdate(today or nowdate())
	due = lkpm.reminder_quarter(today, cint(settings.get("lkpm_reminder_days")))
	if not due:
		return []
	year, quarter = due
	inline = frappe.flags.in_test or frappe.flags.bppm_inline_jobs
	reminded, after = [], ""
	while True:
		names = owing_lkpm(year, quarter, after, REMINDER_BATCH)
		if not names:
			break
		if inline:
			remind_lkpm(names, year, quarter)
		else:
			frappe.enqueue(
				"bppm_app.engine.notifications.remind_lkpm",
				queue="long",
				enqueue_after_commit=True,
				names=names,
				year=year,
				quarter=quarter,
			)
		reminded.extend(names)
		after = names[-1]
	return reminded


REMINDER_BATCH = 500


def owing_lkpm(year: int, quarter: str, after: str = "", limit: int = REMINDER_BATCH) -> list[str]:
	"""Investments that must report ``quarter`` of ``year``, were not reminded of it yet, and
	have no report of it that reached the office (the rules of lkpm.must_report and
	lkpm.needs_reminder), in name order after ``after``."""
	from frappe.query_builder.functions import Date

	investment, report = frappe.qb.DocType("Investment"), frappe.qb.DocType("Investment Report")
	period = lkpm.label(year, quarter)
	arrived = (
		frappe.qb.from_(report)
		.select(report.investment)
		.where(
			(report.year == int(year))
			& (report.quarter == quarter)
			& (report.docstatus < 2)
			& report.status.isnotnull()
			& report.status.notin(["", lkpm.DRAFT, lkpm.NEEDS_REVISION])
		)
	)
	starts = Coalesce(investment.lkpm_start_date, Date(investment.creation))
	return (
		frappe.qb.from_(investment)
		.select(investment.name)
		.where(
			(investment.lkpm_required == 1)
			& investment.status.isin(lkpm.REPORTING_STAGES)
			& (starts <= lkpm.period(year, quarter)[1])
			& (Coalesce(investment.lkpm_reminded_for, "") != period)
			& investment.name.notin(arrived)
			& (investment.name > after)
		)
		.orderby(investment.name)
		.limit(limit)
		.run(pluck=True)
	)


def remind_lkpm(names: list[str], year: int, quarter: str) -> list[str]:
	"""Mark those of a batch of investments not yet reminded of the quarter (locked, then one
	statement) and run each one's reminder notification. A batch run twice (a job whose process
	died runs again: ``engine.killed_jobs``) reminds nobody twice. Returns the investments reminded."""
	investment = frappe.qb.DocType("Investment")
	period = lkpm.label(year, quarter)
	names = (
		frappe.qb.from_(investment)
		.select(investment.name)
		.where(
			investment.name.isin(list(names) or [""]) & (Coalesce(investment.lkpm_reminded_for, "") != period)
		)
		.for_update()
		.run(pluck=True)
	)
	if not names:
		return []
	frappe.qb.update(investment).set(investment.lkpm_reminded_for, period).where(
		investment.name.isin(names)
	).run()
	for name in names:
		frappe.get_doc("Investment", name).run_method(LKPM_REMINDER_METHOD)
	return names
