"""BPPM Settings values with the DocType's defaults for fields a site has never saved (a field
added by an upgrade has no value in the database until the settings are saved once; the setup
package stores them after every migrate)."""

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
