import datetime

from bppm_app.rules.calendar import COLLECTIVE_LEAVE, NATIONAL, official_holidays

D = datetime.date


def by_date(year):
	return {h.holiday_date: h for h in official_holidays(year)}


def test_2026_national_holidays_and_collective_leave():
	days = by_date(2026)
	assert days[D(2026, 1, 1)].holiday_type == NATIONAL
	assert days[D(2026, 8, 17)].holiday_type == NATIONAL
	# Idul Fitri 1447 H: 21–22 March 2026, with collective leave on 20, 23 and 24 March
	assert days[D(2026, 3, 21)].holiday_type == NATIONAL
	for day in (20, 23, 24):
		assert days[D(2026, 3, day)].holiday_type == COLLECTIVE_LEAVE
	assert days[D(2026, 12, 24)].holiday_type == COLLECTIVE_LEAVE
	assert days[D(2026, 12, 25)].holiday_type == NATIONAL


def test_names_are_indonesian():
	assert by_date(2026)[D(2026, 8, 17)].description == "Hari Kemerdekaan Republik Indonesia"
	assert "Cuti Bersama" in by_date(2026)[D(2026, 3, 23)].description


def test_next_year_has_collective_leave_too():
	assert any(h.holiday_type == COLLECTIVE_LEAVE for h in official_holidays(2027))


def test_one_entry_per_date_sorted():
	holidays = official_holidays(2025)
	dates = [h.holiday_date for h in holidays]
	assert dates == sorted(set(dates))
	assert all(h.holiday_date.year == 2025 for h in holidays)
