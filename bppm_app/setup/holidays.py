"""Service Holiday records: seeding Indonesia's official calendar without touching hand-made entries."""

import frappe
from frappe.utils import getdate

from bppm_app.rules.calendar import official_holidays

SEEDED = "Seeded"
MANUAL = "Manual"


def seed_year(year: int) -> dict[str, int]:
	"""Bring the seeded holidays of ``year`` in line with the ``holidays`` package.

	- a date the package lists and the office lacks is created (source "Seeded");
	- a seeded entry whose name or type changed in the package is updated;
	- a seeded entry the package no longer lists (a moved collective-leave day) is deleted;
	- an entry added or edited by hand (source "Manual") is never touched, even on a listed date.

	Returns counts: created, updated, deleted, kept (manual entries on listed dates), unchanged.
	"""
	year = int(year)
	wanted = {h.holiday_date: h for h in official_holidays(year)}
	existing = {
		getdate(row.holiday_date): row
		# get_all: seeding runs as the system (install, bench command)
		for row in frappe.get_all(
			"Service Holiday",
			filters={"holiday_date": ("between", (f"{year}-01-01", f"{year}-12-31"))},
			fields=["name", "holiday_date", "description", "holiday_type", "source"],
		)
	}
	counts = dict.fromkeys(("created", "updated", "deleted", "kept", "unchanged"), 0)

	for day, holiday in sorted(wanted.items()):
		row = existing.get(day)
		if row is None:
			doc = frappe.new_doc("Service Holiday")
			doc.update(
				{
					"holiday_date": day,
					"description": holiday.description,
					"holiday_type": holiday.holiday_type,
					"source": SEEDED,
				}
			)
			doc.flags.from_seed = True
			doc.insert(ignore_permissions=True)  # system seeding: no user is acting
			counts["created"] += 1
		elif row.source != SEEDED:
			counts["kept"] += 1
		elif (row.description, row.holiday_type) != (holiday.description, holiday.holiday_type):
			doc = frappe.get_doc("Service Holiday", row.name)
			doc.description = holiday.description
			doc.holiday_type = holiday.holiday_type
			doc.flags.from_seed = True
			doc.save(ignore_permissions=True)  # the seed runs at install or from a bench command
			counts["updated"] += 1
		else:
			counts["unchanged"] += 1

	for day, row in existing.items():
		if row.source == SEEDED and day not in wanted:
			frappe.delete_doc("Service Holiday", row.name, ignore_permissions=True)  # the seed, as above
			counts["deleted"] += 1

	return counts


def seed_default_years() -> dict[int, dict[str, int]]:
	"""Seed the current and the next year (what install does)."""
	this_year = getdate().year
	return {year: seed_year(year) for year in (this_year, this_year + 1)}
