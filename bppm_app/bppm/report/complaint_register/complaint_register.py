"""Complaint Register: the complaints received in a period, when each was due and answered, and how
it fared (On Time, Late, Overdue, Pending). The summary counts them and gives the median working
days to respond. Rows come from frappe.get_list, so each user sees what they may read; the
arithmetic is in bppm_app.rules.complaints and rules.report_stats."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, today

from bppm_app.config import office_calendar
from bppm_app.reports.filters import (
	as_filters,
	bar_chart,
	column,
	date_range,
	report_filters,
	summary,
)
from bppm_app.reports.sql import day_range
from bppm_app.rules import complaints
from bppm_app.rules import report_stats as stats

FIELDS = (
	"name",
	"received_on",
	"complaint_channel",
	"lapor_tracking_id",
	"complainant_name",
	"subject",
	"permit_application",
	"status",
	"due_date",
	"responded_on",
)
OUTCOMES = (complaints.ON_TIME, complaints.LATE, complaints.OVERDUE, complaints.PENDING)


def execute(filters=None):
	filters = report_filters(filters)
	rows = get_data(filters)
	return columns(), rows, None, chart(rows), report_summary(rows)


def columns():
	return [
		column(_("Complaint"), "name", "Link", "Public Complaint", 140),
		column(_("Received On"), "received_on", "Datetime", width=150),
		column(_("Received Through"), "complaint_channel", width=110),
		column(_("SP4N-LAPOR Tracking ID"), "lapor_tracking_id", width=140),
		column(_("Complainant Name"), "complainant_name", width=150),
		column(_("Subject"), "subject", width=200),
		column(_("Permit Application"), "permit_application", "Link", "Permit Application", 140),
		column(_("Status"), "status_label", width=100),
		column(_("Due Date"), "due_date", "Date", width=100),
		column(_("Responded On"), "responded_on", "Datetime", width=150),
		column(_("Working Days to Respond"), "days_to_respond", "Float", width=120),
		column(_("Outcome"), "outcome_label", width=100),
	]


def get_data(filters) -> list[dict]:
	from_date, to_date = date_range(filters)
	conditions = as_filters(filters, "complaint_channel", "status")
	conditions["received_on"] = ("between", day_range(from_date, to_date))
	if filters.get("lapor_tracking_id"):
		conditions["lapor_tracking_id"] = ("like", f"%{filters.lapor_tracking_id}%")
	rows = frappe.get_list(
		"Public Complaint",
		fields=list(FIELDS),
		filters=conditions,
		order_by="received_on asc, name asc",
	)
	office = office_calendar.get()
	now = getdate(today())
	for row in rows:
		responded = get_datetime(row.responded_on) if row.responded_on else None
		due = getdate(row.due_date) if row.due_date else None
		row.outcome = complaints.outcome(row.status, due, responded, now)
		row.outcome_label = _(row.outcome)
		row.status_label = _(row.status) if row.status else ""
		answered = row.status in complaints.ANSWERED
		row.days_to_respond = (
			complaints.working_days_to_respond(office, get_datetime(row.received_on), responded)
			if answered and row.received_on
			else None
		)
	return rows


def chart(rows):
	if not rows:
		return None
	counts = Counter(row.outcome for row in rows)
	return bar_chart([_(o) for o in OUTCOMES], [(_("Complaints"), [counts[o] for o in OUTCOMES])])


def report_summary(rows):
	counts = Counter(row.outcome for row in rows)
	days = [row.days_to_respond for row in rows if row.days_to_respond is not None]
	median = stats.median(days)
	judged = counts[complaints.ON_TIME] + counts[complaints.LATE] + counts[complaints.OVERDUE]
	return [
		summary(_("Received"), len(rows)),
		summary(_("Resolved On Time"), counts[complaints.ON_TIME], indicator="Green"),
		summary(_("Resolved Late"), counts[complaints.LATE], indicator="Orange"),
		summary(_("Overdue"), counts[complaints.OVERDUE], indicator="Red"),
		summary(_("Pending"), counts[complaints.PENDING], indicator="Blue"),
		summary(_("On Time %"), stats.percent(counts[complaints.ON_TIME], judged) or 0, "Percent"),
		summary(_("Median Working Days to Respond"), round(median, 2) if median is not None else "–", "Data"),
	]
