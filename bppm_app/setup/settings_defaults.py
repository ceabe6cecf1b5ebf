"""BPPM Settings on install and after every migrate: defaults of fields a site has never saved,
the stage service levels (``stage_slas.json``) and the OSS status mapping (``oss_status_map.json``)
when their tables are empty."""

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
	_fill_once("stage_slas", "stage_slas.json")


def ensure_oss_status_map() -> None:
	"""Fill the OSS status mapping once, when the table is empty and the states exist: which
	kd_status (PIA Lampiran 10) OSS is told on each stage of the shipped workflow."""
	_fill_once("oss_status_map", "oss_status_map.json")


def _fill_once(table: str, filename: str) -> None:
	"""The rows of ``filename`` (beside this module) into the settings' ``table``, when it is empty,
	each row whose workflow state exists."""
	fill_missing_defaults()
	settings = frappe.get_single(DOCTYPE)
	if settings.get(table):
		return
	for row in json.loads((DATA / filename).read_text(encoding="utf-8")):
		if frappe.db.exists("Workflow State", row["state"]):
			settings.append(table, row)
	if settings.get(table):
		settings.save(ignore_permissions=True)  # install-time setup
