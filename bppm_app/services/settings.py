"""BPPM Settings values with the DocType's defaults for fields a site has never saved (a field
added by an upgrade has no value in the database until the settings are saved once)."""

import frappe
from frappe.utils import cint

DOCTYPE = "BPPM Settings"


def get(field: str):
	value = frappe.db.get_single_value(DOCTYPE, field)
	if value is None:
		df = frappe.get_meta(DOCTYPE).get_field(field)
		value = df.default if df else None
	return value


def flag(field: str) -> bool:
	return bool(cint(get(field)))


FLAGS_CACHE = "bppm_settings_flags"


def cached(field: str):
	"""``get`` read from Redis, for the public pages (every guest request asks): saving BPPM
	Settings clears it (``clear_cached``)."""
	return frappe.cache.hget(FLAGS_CACHE, field, generator=lambda: get(field))


def cached_flag(field: str) -> bool:
	return bool(cint(cached(field)))


def clear_cached() -> None:
	"""Forget the cached flags now and again when the transaction ends (a rolled-back save
	must not leave its value cached)."""
	frappe.cache.delete_value(FLAGS_CACHE)
	frappe.db.after_commit.add(lambda: frappe.cache.delete_value(FLAGS_CACHE))
	frappe.db.after_rollback.add(lambda: frappe.cache.delete_value(FLAGS_CACHE))


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


DEFAULT_STAGE_SLAS = (
	# working days a stage may take before it is a deemed-approval risk; the office sets its own
	("Submitted", 1),
	("Under Verification", 3),
	("Field Inspection", 5),
	("Technical Review", 5),
	("Awaiting Approval", 2),
)


def ensure_stage_slas() -> None:
	"""Fill the stage service levels once, when the table is empty and the states exist."""
	fill_missing_defaults()
	settings = frappe.get_single(DOCTYPE)
	if settings.get("stage_slas"):
		return
	for state, days in DEFAULT_STAGE_SLAS:
		if frappe.db.exists("Workflow State", state):
			settings.append("stage_slas", {"state": state, "working_days": days})
	if settings.get("stage_slas"):
		settings.save(ignore_permissions=True)  # install-time setup
