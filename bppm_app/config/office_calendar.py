"""The office's working-day calendar, from Service Holiday records (cached until one changes)."""

import frappe
from frappe.utils import getdate

from bppm_app.rules.calendar import WorkingCalendar
from bppm_app.utils import clear_now_and_after_transaction

_CACHE_KEY = "bppm_service_holidays"


# per process: the calendar last built, with the holiday list it was built from
_BUILT: dict[str, tuple[tuple, WorkingCalendar]] = {}


def get() -> WorkingCalendar:
	dates = tuple(frappe.cache.get_value(_CACHE_KEY, generator=_holiday_dates))
	built = _BUILT.get(frappe.local.site)
	if built is None or built[0] != dates:
		built = _BUILT[frappe.local.site] = (dates, WorkingCalendar(getdate(day) for day in dates))
	return built[1]


def _holiday_dates() -> list[str]:
	# the calendar itself, not user data: every role's SLA depends on all of it
	return [str(day) for day in frappe.get_all("Service Holiday", pluck="holiday_date")]


def clear() -> None:
	"""Forget the cached calendar now, and again when this transaction ends (a rollback must not
	leave a calendar cached that had the rolled-back holiday in it)."""
	clear_now_and_after_transaction(lambda: frappe.cache.delete_value(_CACHE_KEY))
