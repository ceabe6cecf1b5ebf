"""LKPM on a site: the rollup of approved reports onto their investment, the status each state of
the LKPM workflow sets, and the compliance of a period computed in Python from the rows the user may
read (``rules.lkpm.compliance``): the reference that the SQL of the LKPM reports and number card
(``reports.lkpm_figures``) is tested against."""

import frappe
from frappe.utils import getdate

from bppm_app.rules import lkpm

INVESTMENT_FIELDS = (
	"name",
	"project_name",
	"investor",
	"investor_name",
	"investment_type",
	"sector",
	"kbli_code",
	"kecamatan",
	"status",
	"planned_investment",
	"lkpm_required",
	"lkpm_start_date",
	"creation",
)


def approved_reports_of(investment: str) -> list[lkpm.ApprovedReport]:
	# get_all: the rollup is a system computation that must see every approved report, whoever
	# approved or cancels the report that triggered it
	rows = frappe.get_all(
		"Investment Report",
		filters={"investment": investment, "docstatus": 1},
		fields=["year", "quarter", "investment_in_period", "workers_local", "workers_foreign"],
	)
	return [
		lkpm.ApprovedReport(
			r.year, r.quarter, r.investment_in_period or 0, r.workers_local or 0, r.workers_foreign or 0
		)
		for r in rows
	]


def rollup_values(investment: str) -> dict:
	totals = lkpm.rollup(approved_reports_of(investment))
	return {
		"realized_investment": totals.realized_investment,
		"current_workers_local": totals.current_workers_local,
		"current_workers_foreign": totals.current_workers_foreign,
		"latest_lkpm_period": totals.latest_lkpm_period,
	}


def update_investment(investment: str) -> None:
	"""Recompute an investment's realised investment and latest worker counts. Written with
	db.set_value: these are derived values, and approving or cancelling a report must not
	require write permission on the investment (nor run its validation)."""
	if investment and frappe.db.exists("Investment", investment):
		frappe.db.set_value("Investment", investment, rollup_values(investment))


def status_of_state(doctype: str, state: str | None) -> str | None:
	"""The ``status`` a workflow state of ``doctype`` sets (its update_field/update_value)."""
	from frappe.model.workflow import get_workflow_name

	name = state and get_workflow_name(doctype)
	if not name:
		return None
	for row in frappe.get_cached_doc("Workflow", name).states:
		if row.state == state and row.update_field == "status":
			return row.update_value
	return None


# --- data for reports and cards (as the current user) --------------------------------------------


def visible_investments(filters: dict | None = None) -> list[frappe._dict]:
	"""Investments the user may see, with ``reporting_starts`` = when their LKPM obligation began
	(the LKPM start date, or the date the investment was recorded)."""
	rows = frappe.get_list("Investment", fields=list(INVESTMENT_FIELDS), filters=filters or {})
	for row in rows:
		row.reporting_starts = getdate(row.lkpm_start_date or row.creation)
	return rows


def reports_of_year(year: int, investments: list[str]) -> list[frappe._dict]:
	"""The year's LKPM reports (not cancelled) of the given investments, as the user sees them."""
	if not investments:
		return []
	return frappe.get_list(
		"Investment Report",
		filters={"year": int(year), "docstatus": ("<", 2), "investment": ("in", investments)},
		fields=["name", "investment", "year", "quarter", "status", "reported_on", "due_date", "docstatus"],
	)


def approved_reports_until(year: int, investments: list[str]) -> list[frappe._dict]:
	if not investments:
		return []
	return frappe.get_list(
		"Investment Report",
		filters={"year": ("<=", int(year)), "docstatus": 1, "investment": ("in", investments)},
		fields=["investment", "year", "quarter", "investment_in_period", "workers_local", "workers_foreign"],
	)


def compliance(year: int, quarters: list[str], investment_filters: dict | None = None):
	"""(obligations, summary per quarter) for ``year``: see ``rules.lkpm.compliance``."""
	investments = visible_investments(investment_filters)
	reports = reports_of_year(year, [i.name for i in investments])
	return lkpm.compliance(investments, reports, year, quarters)
