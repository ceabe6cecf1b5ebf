"""The custom number cards of the Workspace "BPPM" (the cards and charts themselves are records,
created by the setup package)."""

import frappe
from frappe.utils import getdate, today

from bppm_app.reports import lkpm_figures
from bppm_app.rules import lkpm


@frappe.whitelist()
def lkpm_compliance(filters=None) -> dict:
	"""Number card "LKPM Compliance": the rate of the latest quarter whose LKPM is already due."""
	frappe.has_permission("Investment Report", "read", throw=True)
	year, quarter = lkpm.last_due_quarter(getdate(today()))
	per_quarter = lkpm_figures.compliance(year, [quarter])
	rate = per_quarter[quarter].rate
	return {
		"value": rate or 0,
		"fieldtype": "Percent",
		"route": ["query-report", "LKPM Compliance"],
		"route_options": {"year": year, "quarter": quarter},
	}
