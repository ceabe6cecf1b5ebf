"""LKPM Compliance: per quarter, how many investments had to report and how many approved reports
came in; per investment, who still has to report (with their contact, to chase them), a page at
a time. Rules in bppm_app.rules.lkpm (who must report, the due date, the rate); the database
counts (bppm_app.reports.lkpm_figures)."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from bppm_app.reports import lkpm_figures
from bppm_app.reports.filters import as_filters, bar_chart, column, report_filters, summary
from bppm_app.reports.sql import page_message, page_of, read_condition, where_all
from bppm_app.rules import lkpm, report_stats

PER_QUARTER, PER_INVESTMENT = "Quarter", "Investment"


# the Select filters the report branches on (reports.filters.report_filters refuses other values)
FILTER_CHOICES = {
	"quarter": lkpm.QUARTERS,
	"group_by": (PER_QUARTER, PER_INVESTMENT),
	"filing_status": lkpm.FILING_STATUSES,
	"investment_type": ("PMDN", "PMA"),
}


def execute(filters=None):
	filters = report_filters(filters, FILTER_CHOICES)
	year = cint(filters.get("year")) or getdate(today()).year
	quarters = [filters.quarter] if filters.get("quarter") else lkpm.ended_quarters(year, getdate(today()))
	investment_filters = as_filters(filters, "investment_type", "kecamatan")
	per_quarter = lkpm_figures.compliance(year, quarters, investment_filters)
	totals = [per_quarter[q] for q in quarters]
	message = None
	if filters.get("group_by") == PER_INVESTMENT:
		rows, total = investment_rows(filters, year, quarters, per_quarter, investment_filters)
		message = page_message(filters, total, len(rows))
		cols = investment_columns()
	else:
		rows = [quarter_row(total) for total in totals]
		cols = quarter_columns()
	return cols, rows, message, chart(totals), report_summary(totals)


def quarter_columns():
	return [
		column(_("Year"), "year", "Int", width=70),
		column(_("Quarter"), "quarter", width=80),
		column(_("Due Date"), "due_date", "Date", width=100),
		column(_("Must Report"), "expected", "Int", width=100),
		column(_("Approved"), "approved", "Int", width=90),
		column(_("Approved but Late"), "late", "Int", width=110),
		column(_("In Review"), "in_review", "Int", width=90),
		column(_("Needs Revision"), "needs_revision", "Int", width=110),
		column(_("Draft"), "draft", "Int", width=70),
		column(_("Not Filed"), "not_filed", "Int", width=90),
		column(_("Compliance %"), "compliance_rate", "Percent", width=110),
	]


def quarter_row(total: lkpm.QuarterCompliance) -> dict:
	return {
		"year": total.year,
		"quarter": total.quarter,
		"due_date": total.due_date,
		"expected": total.expected,
		"approved": total.approved,
		"late": total.late,
		"in_review": total.in_review,
		"needs_revision": total.needs_revision,
		"draft": total.draft,
		"not_filed": total.not_filed,
		"compliance_rate": total.rate,
	}


def investment_columns():
	return [
		column(_("Year"), "year", "Int", width=70),
		column(_("Quarter"), "quarter", width=80),
		column(_("Due Date"), "due_date", "Date", width=100),
		column(_("Investment"), "investment", "Link", "Investment", 140),
		column(_("Project Name"), "project_name", width=200),
		column(_("Investor"), "investor", "Link", "Applicant", 110),
		column(_("Investor Name"), "investor_name", width=180),
		column(_("Investment Type"), "investment_type", width=90),
		column(_("Kecamatan"), "kecamatan", width=130),
		column(_("LKPM Status"), "filing_status", width=120),
		column(_("Investment Report"), "report", "Link", "Investment Report", 150),
		column(_("Reported On"), "reported_on", "Date", width=100),
		column(_("Reported Late"), "is_late", "Check", width=90),
		column(_("Mobile No"), "mobile_no", width=130),
		column(_("Email"), "email", width=170),
	]


def investment_rows(filters, year, quarters, per_quarter, investment_filters) -> tuple[list[dict], int]:
	"""One page of the chasing list over the chosen quarters, and its length: quarter by
	quarter, the ones to chase first (not filed, drafts, sent back, in review, approved)."""
	only = filters.get("filing_status") or None
	sizes = {
		q: lkpm_figures.status_counts(per_quarter[q])[only] if only else per_quarter[q].expected
		for q in quarters
	}
	offset, length = page_of(filters)
	found = []
	for q in quarters:
		if len(found) >= length:
			break
		if offset >= sizes[q]:
			offset -= sizes[q]
			continue
		for row in lkpm_figures.obligations(year, q, investment_filters, only, offset, length - len(found)):
			found.append((q, row))
		offset = 0
	contacts = _contacts({row.investor for _q, row in found if row.investor})
	reports = _reports({row.report for _q, row in found if row.report})
	rows = []
	for q, o in found:
		contact = contacts.get(o.investor) or {}
		status = lkpm_figures.STATUS_OF.get(o.pref, lkpm.NOT_FILED)
		report = reports.get(o.report) if status != lkpm.NOT_FILED else None
		rows.append(
			{
				"year": year,
				"quarter": q,
				"due_date": lkpm.due_date(year, q),
				"investment": o.investment,
				"project_name": o.project_name,
				"investor": o.investor,
				"investor_name": o.investor_name,
				"investment_type": o.investment_type,
				"kecamatan": o.kecamatan,
				"filing_status": _(status),
				"filing_status_code": status,
				"report": report.name if report else None,
				"reported_on": report.reported_on if report else None,
				"is_late": int(bool(o.late) and status == lkpm.APPROVED),
				"mobile_no": contact.get("mobile_no"),
				"email": contact.get("email"),
			}
		)
	return rows, sum(sizes.values())


def _contacts(investors: set) -> dict:
	if not investors:
		return {}
	applicant = frappe.qb.DocType("Applicant")
	query = where_all(
		frappe.qb.from_(applicant)
		.select(applicant.name, applicant.mobile_no, applicant.email)
		.where(applicant.name.isin(list(investors))),
		read_condition("Applicant"),
	)
	return {c.name: c for c in query.run(as_dict=True)}


def _reports(names: set) -> dict:
	if not names:
		return {}
	report = frappe.qb.DocType("Investment Report")
	query = where_all(
		frappe.qb.from_(report).select(report.name, report.reported_on).where(report.name.isin(list(names))),
		read_condition("Investment Report"),
	)
	return {r.name: r for r in query.run(as_dict=True)}


def chart(totals: list[lkpm.QuarterCompliance]):
	if not totals:
		return None
	return bar_chart(
		[lkpm.label(t.year, t.quarter) for t in totals],
		[(_("Compliance %"), [t.rate or 0 for t in totals])],
		fieldtype="Percent",
	)


def report_summary(totals: list[lkpm.QuarterCompliance]):
	expected = sum(t.expected for t in totals)
	approved = sum(t.approved for t in totals)
	return [
		summary(_("Must Report"), expected),
		summary(_("Approved"), approved, indicator="Green"),
		summary(_("Still Missing"), expected - approved, indicator="Red"),
		summary(_("Compliance %"), report_stats.percent(approved, expected) or 0, "Percent"),
	]
