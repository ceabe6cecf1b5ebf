"""BPPM Settings on install and after every migrate: defaults of fields a site has never saved,
and the stage service levels (``stage_slas.json``) when the table is empty."""

import json
from pathlib import Path

import frappe

DOCTYPE = "BPPM Settings"
DATA = Path(__file__).resolve().parent


def fill_missing_defaults() -> list[str]:
	"""Store the DocType default of every settings field that has no stored value yet.

	Frappe applies defaults to a Single only when it is first created: a field added by an upgrade
	has no row in tabSingles, and the next save of the settings stores a Check as 0 and other
	fields as empty, whatever their default. Run after every migrate, before anything saves."""
	stored = {
		row[0] for row in frappe.db.sql("select `field` from `tabSingles` where `doctype` = %s", DOCTYPE)
	}
	filled = []
	for df in frappe.get_meta(DOCTYPE).fields:
		if (
			df.default is not None
			and df.fieldname not in stored
			and df.fieldtype not in frappe.model.no_value_fields
		):
			frappe.db.set_single_value(DOCTYPE, df.fieldname, df.default)
			filled.append(df.fieldname)
	return filled


def ensure_stage_slas() -> None:
	"""Fill the stage service levels once, when the table is empty and the states exist."""
	fill_missing_defaults()
	settings = frappe.get_single(DOCTYPE)
	if settings.get("stage_slas"):
		return
	for row in json.loads((DATA / "stage_slas.json").read_text(encoding="utf-8")):
		if frappe.db.exists("Workflow State", row["state"]):
			settings.append("stage_slas", row)
	if settings.get("stage_slas"):
		settings.save(ignore_permissions=True)  # install-time setup
