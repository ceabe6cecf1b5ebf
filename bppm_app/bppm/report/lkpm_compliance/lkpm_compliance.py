"""LKPM Compliance: per quarter, how many investments had to report and how many approved reports
came in; per investment, who still has to report (with their contact, to chase them).
Rules in bppm_app.rules.lkpm (who must report, the due date, the rate)."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from bppm_app.rules import lkpm, report_stats
from bppm_app.services import lkpm as lkpm_service
from bppm_app.services.reporting import as_filters, bar_chart, column, summary

PER_QUARTER, PER_INVESTMENT = "Quarter", "Investment"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = cint(filters.get("year")) or getdate(today()).year
	quarters = [filters.quarter] if filters.get("quarter") else lkpm.ended_quarters(year, getdate(today()))
	obligations, per_quarter = lkpm_service.compliance(
		year, quarters, as_filters(filters, "investment_type", "kecamatan")
	)
	totals = [per_quarter[q] for q in quarters]
	if filters.get("group_by") == PER_INVESTMENT:
		rows = investment_rows(obligations, filters.get("filing_status"))
		cols = investment_columns()
	else:
		rows = [quarter_row(total) for total in totals]
		cols = quarter_columns()
	return cols, rows, None, chart(totals), report_summary(totals)


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


def investment_rows(obligations: list[lkpm.Obligation], only_status: str | None) -> list[dict]:
	chosen = [o for o in obligations if not only_status or o.status == only_status]
	investors = list({o.investment.investor for o in chosen if o.investment.investor})
	contacts = {
		c.name: c
		for c in frappe.get_list(
			"Applicant", fields=["name", "mobile_no", "email"], filters={"name": ("in", investors or [""])}
		)
	}
	rows = []
	# the ones to chase first: not filed, then drafts, reports sent back, in review, approved
	chase_order = list(reversed(lkpm.FILING_STATUSES))
	for o in sorted(chosen, key=lambda o: (o.quarter, chase_order.index(o.status), o.investment.name)):
		contact = contacts.get(o.investment.investor) or {}
		rows.append(
			{
				"year": o.year,
				"quarter": o.quarter,
				"due_date": lkpm.due_date(o.year, o.quarter),
				"investment": o.investment.name,
				"project_name": o.investment.project_name,
				"investor": o.investment.investor,
				"investor_name": o.investment.investor_name,
				"investment_type": o.investment.investment_type,
				"kecamatan": o.investment.kecamatan,
				"filing_status": _(o.status),
				"filing_status_code": o.status,
				"report": o.report.name if o.report else None,
				"reported_on": o.report.reported_on if o.report else None,
				"is_late": int(o.late),
				"mobile_no": contact.get("mobile_no"),
				"email": contact.get("email"),
			}
		)
	return rows


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
