"""The working-day SLA engine on Indonesia's real 2025 and 2026 calendars (holidays package)."""

import datetime as dt

import pytest

from bppm_app.rules import sla
from bppm_app.rules.calendar import official_holidays

D, T = dt.date, dt.datetime


@pytest.fixture(scope="module")
def calendar():
	days = [h.holiday_date for year in (2025, 2026, 2027) for h in official_holidays(year)]
	return sla.WorkingCalendar(days)


def test_weekends_and_holidays_are_not_working_days(calendar):
	assert calendar.is_working_day(D(2026, 3, 16))  # Monday
	assert not calendar.is_working_day(D(2026, 3, 21))  # Saturday, Idul Fitri
	assert not calendar.is_working_day(D(2026, 3, 23))  # Monday, cuti bersama
	assert not calendar.is_working_day(D(2026, 8, 17))  # Monday, Independence Day


def test_ten_working_days_starting_the_week_before_eid_al_fitr_2026(calendar):
	# Submitted Monday 16 March 2026. Day 1 is Tuesday 17; then Nyepi (18 cuti, 19), Idul Fitri
	# (20 cuti, 21-22, 23-24 cuti) close the office; days 2-8 are 25 Mar - 2 Apr; Good Friday
	# 3 Apr; day 9 is Monday 6 Apr and day 10 Tuesday 7 Apr.
	assert calendar.add_working_days(D(2026, 3, 16), 10) == D(2026, 4, 7)
	result = sla.evaluate(
		calendar,
		T(2026, 3, 16, 10),
		[sla.Interval(T(2026, 3, 16, 10), None, sla.RUNNING)],
		10,
		80,
		now=T(2026, 3, 24, 12),
	)
	assert result.due_date == D(2026, 4, 7)
	assert result.used == pytest.approx(1.0)  # only Tuesday 17 March has counted
	assert result.status == sla.ON_TRACK


def test_five_working_days_across_eid_al_fitr_2025(calendar):
	# Submitted Wednesday 26 March 2025: day 1 Thursday 27; 28 Mar, 31 Mar - 7 Apr are holidays or
	# collective leave; days 2-5 are 8-11 April.
	assert calendar.add_working_days(D(2025, 3, 26), 5) == D(2025, 4, 11)


def test_a_saturday_submission_counts_from_the_next_working_day(calendar):
	# Saturday 15 Aug 2026; Monday 17 is Independence Day: day 1 is Tuesday 18, day 3 Thursday 20.
	result = sla.evaluate(calendar, T(2026, 8, 15, 9), [], 3, 80, now=T(2026, 8, 15, 9))
	assert result.due_date == D(2026, 8, 20)


def test_pauses_move_the_due_date(calendar):
	submitted = T(2026, 6, 8, 9)  # Monday
	intervals = [
		sla.Interval(submitted, T(2026, 6, 10, 12), sla.RUNNING),  # Tue 9 + half of Wed 10 = 1.5
		sla.Interval(T(2026, 6, 10, 12), T(2026, 6, 15, 12), sla.PAUSED),  # 0.5 + 1 + 1 + 0.5 = 3
		sla.Interval(T(2026, 6, 15, 12), None, sla.RUNNING),
	]
	result = sla.evaluate(calendar, submitted, intervals, 5, 80, now=T(2026, 6, 17, 12))
	assert result.paused == pytest.approx(3.0)
	assert result.used == pytest.approx(2.5)  # + half of Mon 15 and of Wed 17; Tue 16 is Islamic New Year
	# 5 + 3 working days from Tuesday 9 June: 9, 10, 11, 12, 15, 17, 18, 19
	assert result.due_date == D(2026, 6, 19)
	assert result.status == sla.ON_TRACK


def test_a_running_pause_keeps_moving_the_due_date(calendar):
	submitted = T(2026, 6, 8, 9)
	intervals = [
		sla.Interval(submitted, T(2026, 6, 9, 12), sla.RUNNING),
		sla.Interval(T(2026, 6, 9, 12), None, sla.PAUSED),
	]
	monday = sla.evaluate(calendar, submitted, intervals, 5, 80, now=T(2026, 6, 10, 12))
	friday = sla.evaluate(calendar, submitted, intervals, 5, 80, now=T(2026, 6, 12, 12))
	assert monday.used == friday.used == pytest.approx(0.5)
	assert friday.due_date > monday.due_date


def test_status_thresholds(calendar):
	assert sla.status(3.9, 5, 80, stopped=False) == sla.ON_TRACK
	assert sla.status(4.0, 5, 80, stopped=False) == sla.AT_RISK
	assert sla.status(5.0, 5, 80, stopped=False) == sla.AT_RISK
	assert sla.status(5.01, 5, 80, stopped=False) == sla.OVERDUE
	assert sla.status(5.0, 5, 80, stopped=True) == sla.MET
	assert sla.status(5.01, 5, 80, stopped=True) == sla.BREACHED


def test_stopped_clock_is_met_or_breached(calendar):
	submitted = T(2026, 2, 2, 10)  # Monday
	run = [sla.Interval(submitted, None, sla.RUNNING)]
	met = sla.evaluate(calendar, submitted, run, 3, 80, now=T(2026, 3, 1), stopped_at=T(2026, 2, 5, 9))
	assert met.status == sla.MET and met.used == pytest.approx(2 + 9 / 24)
	late = sla.evaluate(calendar, submitted, run, 3, 80, now=T(2026, 3, 1), stopped_at=T(2026, 2, 6, 9))
	assert late.status == sla.BREACHED


def test_not_started_before_submission(calendar):
	assert sla.evaluate(calendar, None, [], 5, 80, now=T(2026, 1, 5)).status == sla.NOT_STARTED


def test_working_time_between(calendar):
	assert calendar.working_days_between(T(2026, 1, 9, 12), T(2026, 1, 12, 12)) == pytest.approx(
		1.0
	)  # Fri-Mon
	assert calendar.working_days_between(T(2026, 1, 12, 12), T(2026, 1, 12, 6)) == 0
	assert calendar.add_working_time(T(2026, 1, 10, 8), 0.5) == T(2026, 1, 12, 12)  # from a Saturday


def test_stage_overrun():
	assert sla.stage_overrun(5.5, 5)
	assert not sla.stage_overrun(5.0, 5)
	assert not sla.stage_overrun(9, None)


def test_calendar_without_working_days_fails_loudly():
	everything = [D(2026, 1, 1) + dt.timedelta(days=i) for i in range(4000)]
	with pytest.raises(ValueError):
		sla.WorkingCalendar(everything).add_working_days(D(2026, 1, 1), 1)


def _naive_working_days(calendar, start, end):
	"""The definition, day by day: the overlap of [start, end) with each working day."""
	total = dt.timedelta(0)
	day = start.date()
	while end > start and day <= end.date():
		if calendar.is_working_day(day):
			day_start = dt.datetime.combine(day, dt.time.min)
			overlap = min(end, day_start + dt.timedelta(days=1)) - max(start, day_start)
			total += max(overlap, dt.timedelta(0))
		day += dt.timedelta(days=1)
	return total / dt.timedelta(days=1)


def test_working_days_between_agrees_with_the_day_by_day_definition():
	import random

	rng = random.Random(7)
	calendar = sla.WorkingCalendar([dt.date(2026, 3, 19), dt.date(2026, 3, 20), dt.date(2026, 12, 25)])
	for _ in range(3000):
		start = dt.datetime(2026, 1, 1) + dt.timedelta(minutes=rng.randrange(60 * 24 * 400))
		end = start + dt.timedelta(minutes=rng.randrange(-600, 60 * 24 * rng.choice((1, 5, 60, 400))))
		assert calendar.working_days_between(start, end) == _naive_working_days(calendar, start, end)


def test_overrun_cutoff_separates_overrun_stages_exactly():
	calendar = sla.WorkingCalendar([dt.date(2026, 3, 20)])
	now = dt.datetime(2026, 3, 24, 10, 0)  # Tuesday; Friday 20 is a holiday
	for limit in (0.5, 1, 2, 3, 5):
		cutoff = sla.overrun_cutoff(calendar, now, limit)
		before, at = cutoff - dt.timedelta(seconds=1), cutoff
		assert sla.stage_overrun(calendar.working_days_between(before, now), limit)
		assert not sla.stage_overrun(calendar.working_days_between(at, now), limit)


def test_the_due_date_promised_before_submitting_is_the_one_the_clock_gives(calendar):
	# what the check-your-answers page promises equals the due date the running clock computes
	for submitted, days in ((T(2026, 3, 16, 10), 10), (T(2026, 8, 15, 9), 3), (T(2025, 3, 26, 8), 5)):
		promised = sla.promised_due_date(calendar, submitted.date(), days)
		clock = sla.evaluate(
			calendar, submitted, [sla.Interval(submitted, None, sla.RUNNING)], days, 80, now=submitted
		)
		assert promised == clock.due_date
	assert sla.promised_due_date(calendar, D(2026, 3, 16), 10) == D(2026, 4, 7)
	assert sla.promised_due_date(calendar, D(2026, 3, 16), 0) is None
