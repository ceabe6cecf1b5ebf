"""One calendar for the office and HR: the Service Holidays, and the weekends, mirrored into the
ERPNext Holiday List named in BPPM Settings (ERPNext only).

Service Holiday is the source: the list is rebuilt from it whenever a holiday is added, changed or
removed, or the settings name another list, and covers whole years, from the first to the last
year with a Service Holiday (at least the current one). Working days in the app are Monday to
Friday minus Service Holidays, so every Saturday and Sunday is a weekly off in the list. Rows
added to the list by hand are replaced at the next change: edit the Service Holidays instead.
"""

import datetime as dt

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from bppm_app.config import settings
from bppm_app.erpnext_integration import active

DEFAULT_LIST = "Kalender Kerja BPPM"
WEEKEND = {5: "Saturday", 6: "Sunday"}


def mirror(doc=None, method=None) -> str | None:
	"""Bring the Holiday List up to date (Service Holiday and BPPM Settings call this on change)."""
	if not active():
		return None
	name = settings.get("holiday_list")
	if not name:
		return None
	return sync(name)


def wanted_rows() -> list[dict]:
	# get_all: the office's whole calendar, for a mirror kept by the system
	holidays = frappe.get_all("Service Holiday", fields=["holiday_date", "description"])
	by_date = {getdate(h.holiday_date): h.description or _("Holiday") for h in holidays}
	years = {day.year for day in by_date} | {getdate(nowdate()).year}
	day, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
	rows = []
	while day <= last:
		weekend = day.weekday() in WEEKEND
		if day in by_date or weekend:
			rows.append(
				{
					"holiday_date": day,
					"description": by_date.get(day) or _(WEEKEND[day.weekday()]),
					"weekly_off": int(weekend and day not in by_date),
				}
			)
		day += dt.timedelta(days=1)
	return rows


def sync(name: str) -> str:
	"""Rebuild the Holiday List ``name`` (created when missing); unchanged lists are not saved."""
	rows = wanted_rows()
	start, end = dt.date(rows[0]["holiday_date"].year, 1, 1), dt.date(rows[-1]["holiday_date"].year, 12, 31)
	holiday_list = (
		frappe.get_doc("Holiday List", name)
		if frappe.db.exists("Holiday List", name)
		else frappe.new_doc("Holiday List").update({"holiday_list_name": name})
	)
	current = [
		(getdate(r.holiday_date), r.description, int(r.weekly_off))
		for r in sorted(holiday_list.get("holidays"), key=lambda r: getdate(r.holiday_date))
	]
	wanted = [(r["holiday_date"], r["description"], r["weekly_off"]) for r in rows]
	if (
		not holiday_list.is_new()
		and current == wanted
		and getdate(holiday_list.from_date) == start
		and getdate(holiday_list.to_date) == end
	):
		return holiday_list.name
	holiday_list.from_date, holiday_list.to_date = start, end
	holiday_list.set("holidays", rows)
	holiday_list.save(ignore_permissions=True)  # the office's calendar, kept by the system
	return holiday_list.name
