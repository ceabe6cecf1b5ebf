"""The office's number cards and dashboard charts, shown on the Workspace "BPPM".

Frappe does not sync Number Cards and Dashboard Charts from an app's folders, so they are kept in
``bppm_app/dashboards/*.json`` and created on install, and by a patch on older sites, only when
absent: administrators may change them (they are ordinary, non-standard records) and migrations
never overwrite those changes. They belong to the module "BPPM", so uninstalling the app deletes
them with the module.

Who sees what: Frappe shows a card to users who may read its DocType, and a chart to the roles
listed on it, so each role finds on the workspace the figures of its own work.
"""

import json
from pathlib import Path

import frappe
from frappe.utils import getdate, today

from bppm_app.rules import lkpm
from bppm_app.services import lkpm_figures

FOLDER = Path(__file__).resolve().parent.parent / "dashboards"
MODULE = "BPPM"


def shipped() -> dict[str, list[dict]]:
	"""{"Number Card": [...], "Dashboard Chart": [...]} as kept in the app."""
	return {
		"Number Card": json.loads((FOLDER / "number_cards.json").read_text(encoding="utf-8")),
		"Dashboard Chart": json.loads((FOLDER / "dashboard_charts.json").read_text(encoding="utf-8")),
	}


def record_name(doctype: str, definition: dict) -> str:
	return definition["label"] if doctype == "Number Card" else definition["chart_name"]


def ensure_all() -> list[str]:
	"""Create every shipped card and chart that does not exist yet. Returns the names created."""
	created = []
	for doctype, definitions in shipped().items():
		for definition in definitions:
			name = record_name(doctype, definition)
			if frappe.db.exists(doctype, name):
				continue
			values = {**definition, "module": MODULE, "is_public": 1, "is_standard": 0}
			if doctype == "Dashboard Chart":
				values["roles"] = [{"role": role} for role in definition.get("roles", [])]
			doc = frappe.get_doc(values)
			doc.insert(ignore_permissions=True)  # install-time setup, no user acting
			created.append(name)
	return created


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
