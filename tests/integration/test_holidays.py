"""The working-day calendar: seeded on install, reseeded per year, hand-made entries kept."""

import datetime

import frappe
import pytest

from bppm_app.roles import MANAGER, VERIFIER
from bppm_app.setup.holidays import MANUAL, SEEDED, seed_year

from .factories import as_user, make_user


def holidays(year):
	return {
		str(row.holiday_date): row
		for row in frappe.get_all(
			"Service Holiday",
			filters={"holiday_date": ("between", (f"{year}-01-01", f"{year}-12-31"))},
			fields=["name", "holiday_date", "holiday_type", "source", "description"],
		)
	}


def test_install_seeded_this_year_and_next():
	this_year = frappe.utils.getdate().year
	for year in (this_year, this_year + 1):
		rows = holidays(year)
		assert f"{year}-01-01" in rows
		assert f"{year}-08-17" in rows
		assert any(r.holiday_type == "Collective Leave" for r in rows.values())


def test_2026_calendar():
	seed_year(2026)
	rows = holidays(2026)
	assert rows["2026-03-21"].holiday_type == "National"  # Idul Fitri
	assert rows["2026-03-23"].holiday_type == "Collective Leave"
	assert rows["2026-03-20"].source == SEEDED


def test_reseeding_keeps_hand_made_entries_and_restores_the_rest():
	year = 2025
	seed_year(year)
	# the office adds a local holiday and edits a seeded one
	frappe.get_doc(
		{
			"doctype": "Service Holiday",
			"holiday_date": f"{year}-07-12",
			"description": "HUT Kota Bontang",
			"holiday_type": "Local",
		}
	).insert()
	edited = frappe.get_doc("Service Holiday", f"{year}-12-26")
	edited.description = "Cuti bersama Natal (keputusan Wali Kota)"
	edited.save()
	assert edited.source == MANUAL
	# a seeded entry was deleted by mistake, another one moved
	frappe.delete_doc("Service Holiday", f"{year}-01-01")
	frappe.db.set_value("Service Holiday", f"{year}-08-17", "description", "stale name")

	counts = seed_year(year)

	rows = holidays(year)
	assert rows[f"{year}-07-12"].description == "HUT Kota Bontang"
	assert rows[f"{year}-12-26"].description == "Cuti bersama Natal (keputusan Wali Kota)"
	assert rows[f"{year}-01-01"].source == SEEDED
	assert rows[f"{year}-08-17"].description == "Hari Kemerdekaan Republik Indonesia"
	assert counts["created"] == 1 and counts["updated"] == 1 and counts["kept"] == 1
	assert seed_year(year) == {
		"created": 0,
		"updated": 0,
		"deleted": 0,
		"kept": 1,
		"unchanged": counts["unchanged"] + 2,
	}


def test_reseeding_removes_a_seeded_day_the_calendar_no_longer_has():
	seed_year(2025)
	frappe.get_doc(
		{
			"doctype": "Service Holiday",
			"holiday_date": "2025-10-01",
			"description": "x",
			"holiday_type": "National",
		}
	).insert()
	frappe.db.set_value("Service Holiday", "2025-10-01", "source", SEEDED)
	counts = seed_year(2025)
	assert counts["deleted"] == 1
	assert not frappe.db.exists("Service Holiday", "2025-10-01")


def test_dates_are_unique():
	seed_year(2026)
	with pytest.raises(frappe.DuplicateEntryError):
		frappe.get_doc(
			{
				"doctype": "Service Holiday",
				"holiday_date": "2026-08-17",
				"description": "dup",
				"holiday_type": "National",
			}
		).insert()


def test_manager_edits_the_calendar_other_staff_read_it():
	with as_user(make_user(MANAGER)):
		frappe.get_doc(
			{
				"doctype": "Service Holiday",
				"holiday_date": datetime.date(2026, 9, 1),
				"description": "Libur daerah",
				"holiday_type": "Local",
			}
		).insert()
	with as_user(make_user(VERIFIER)):
		assert frappe.get_list("Service Holiday", filters={"holiday_date": "2026-09-01"}, pluck="name")
		doc = frappe.get_doc("Service Holiday", "2026-09-01")
		doc.description = "x"
		with pytest.raises(frappe.PermissionError):
			doc.save()
