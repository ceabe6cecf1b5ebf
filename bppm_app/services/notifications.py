"""What the notifications need beyond Frappe's Notification records (bppm/notification/*).

The records decide what is sent, to whom and when; they are Frappe's own, and administrators
change them in the desk. This module only gives them their occasions:

- the "Levy Assessment Issued" notification fires on ``skrd_number``, which ``services.levy``
  sets when an action brings an application to the treasurer;
- the daily LKPM reminder finds the investors who owe the quarter's report and runs the method
  ``bppm_lkpm_reminder`` on their investment (a Notification with event "Method");
- the SMS notifications follow SMS Settings: enabled when a gateway is configured, disabled when
  it is removed.
"""

import frappe
from frappe.utils import cint, getdate, nowdate

from bppm_app.rules import lkpm
from bppm_app.services import settings

LKPM_REMINDER_METHOD = "bppm_lkpm_reminder"
MODULE = "BPPM"


# --- SMS ------------------------------------------------------------------------------------------


def sms_notifications() -> list[str]:
	# get_all: the app's own shipped records, switched by the system
	return frappe.get_all(
		"Notification", filters={"module": MODULE, "channel": "SMS", "is_standard": 1}, pluck="name"
	)


def sms_configured(sms_settings=None) -> bool:
	url = (sms_settings or frappe.get_single("SMS Settings")).get("sms_gateway_url")
	return bool((url or "").strip())


def set_sms_notifications(enabled: bool) -> list[str]:
	names = sms_notifications()
	for name in names:
		frappe.db.set_value("Notification", name, "enabled", int(enabled))
	for doctype in set(
		frappe.get_all("Notification", filters={"name": ("in", names)}, pluck="document_type")
	):
		frappe.cache.hdel("notifications", doctype)
	return names


def follow_sms_settings(doc, method=None):
	"""doc_events on_update of SMS Settings: a gateway was configured or removed."""
	before = doc.get_doc_before_save()
	if sms_configured(doc) != (before is not None and sms_configured(before)):
		set_sms_notifications(sms_configured(doc))


# --- LKPM reminders -------------------------------------------------------------------------------


def send_lkpm_reminders(today=None) -> list[str]:
	"""Daily: in the days before the 10th of the month after a quarter (BPPM Settings, "LKPM
	Reminder"), remind each investor who must report that quarter and whose report has not
	reached the office. Each investment is reminded once per quarter. Returns the investments."""
	today = getdate(today or nowdate())
	due = lkpm.reminder_quarter(today, cint(settings.get("lkpm_reminder_days")))
	if not due:
		return []
	year, quarter = due
	period = lkpm.label(year, quarter)
	# get_all: a scheduled job for the whole office, not a user's view
	investments = frappe.get_all(
		"Investment",
		filters={"lkpm_required": 1, "status": ("in", lkpm.REPORTING_STAGES)},
		fields=["name", "status", "lkpm_start_date", "creation", "lkpm_reminded_for"],
	)
	statuses = {}
	for report in frappe.get_all(
		"Investment Report",
		filters={"year": year, "quarter": quarter, "docstatus": ("<", 2)},
		fields=["investment", "status"],
	):
		current = statuses.get(report.investment)
		if current is None or lkpm.needs_reminder(current):
			statuses[report.investment] = report.status
	reminded = []
	for investment in investments:
		starts = getdate(investment.lkpm_start_date or investment.creation)
		if (
			investment.lkpm_reminded_for == period
			or not lkpm.must_report(True, investment.status, starts, year, quarter)
			or not lkpm.needs_reminder(statuses.get(investment.name))
		):
			continue
		frappe.db.set_value("Investment", investment.name, "lkpm_reminded_for", period, update_modified=False)
		frappe.get_doc("Investment", investment.name).run_method(LKPM_REMINDER_METHOD)
		reminded.append(investment.name)
	return reminded
