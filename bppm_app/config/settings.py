"""BPPM Settings values with the DocType's defaults for fields a site has never saved (a field
added by an upgrade has no value in the database until the settings are saved once; the setup
package stores them after every migrate)."""

import frappe
from frappe.utils import cint

from bppm_app.utils import clear_now_and_after_transaction

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
	clear_now_and_after_transaction(lambda: frappe.cache.delete_value(FLAGS_CACHE))
