"""Working-day service levels (PP 28/2025). Plain functions, no database.

Time is measured on working days only (Monday to Friday, minus the office's holidays), in days of 24
hours. Counting starts at the start of the day after submission: an application submitted on day S
with an SLA of N working days is due at the end of the N-th working day after S (a Saturday
submission is counted from Monday). While the clock is paused (the applicant's turns: revision,
payment) the due date moves by the paused working time; from the decision on, the clock is stopped.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

NOT_STARTED, RUNNING, PAUSED, STOPPED = "Not Started", "Running", "Paused", "Stopped"
ON_TRACK, AT_RISK, OVERDUE, MET, BREACHED = "On Track", "At Risk", "Overdue", "Met", "Breached"

_DAY = dt.timedelta(days=1)
_MAX_DAYS = 3660  # no SLA spans ten years; guards the day-by-day walks
_EPSILON = 1e-9


class WorkingCalendar:
	"""Monday–Friday minus the given holidays (national, collective leave, local)."""

	def __init__(self, holidays: Iterable[dt.date] = ()):
		self.holidays = frozenset(holidays)
		# working days counted from _base: _before[i] = working days in [_base, _base + i)
		self._base: dt.date | None = None
		self._before: list[int] = []

	def _working_days_in(self, first: dt.date, last: dt.date) -> int:
		"""How many working days in [first, last), from a running count (built once, then O(1))."""
		if last <= first:
			return 0
		if self._base is None or first < self._base or (last - self._base).days >= len(self._before):
			base = min(first, self._base) if self._base else first
			end = max(last, self._base + dt.timedelta(days=len(self._before))) if self._base else last
			end += dt.timedelta(days=366)
			before, day, count = [], base, 0
			while day <= end:
				before.append(count)
				count += self.is_working_day(day)
				day += _DAY
			self._base, self._before = base, before
		return self._before[(last - self._base).days] - self._before[(first - self._base).days]

	def is_working_day(self, day: dt.date) -> bool:
		return day.weekday() < 5 and day not in self.holidays

	def add_working_days(self, start: dt.date, days: int) -> dt.date:
		"""The ``days``-th working day after ``start`` (``start`` itself does not count)."""
		day, counted = start, 0
		for _ in range(_MAX_DAYS):
			if counted == days:
				return day
			day += _DAY
			if self.is_working_day(day):
				counted += 1
		raise ValueError("no working days in the calendar")

	def working_days_between(self, start: dt.datetime, end: dt.datetime) -> float:
		"""Working time in ``[start, end)``, in days."""
		if end <= start:
			return 0.0
		first, last = start.date(), end.date()
		if first == last:
			return (end - start) / _DAY if self.is_working_day(first) else 0.0
		total = dt.timedelta(0)
		if self.is_working_day(first):
			total += dt.datetime.combine(first, dt.time.min) + _DAY - start
		total += _DAY * self._working_days_in(first + _DAY, last)
		if self.is_working_day(last):
			total += end - dt.datetime.combine(last, dt.time.min)
		return total / _DAY

	def subtract_working_time(self, end: dt.datetime, days: float) -> dt.datetime:
		"""The earliest instant from which exactly ``days`` of working time pass until ``end``:
		a stage entered before it has run longer than ``days``, one entered at or after it not."""
		remaining = dt.timedelta(days=days)
		current = end
		for _ in range(_MAX_DAYS):
			day_start = dt.datetime.combine(current.date(), dt.time.min)
			if day_start == current:
				day_start -= _DAY
			if self.is_working_day(day_start.date()):
				span = current - day_start
				if remaining < span:
					return current - remaining
				remaining -= span
			current = day_start
			if not remaining and self.is_working_day((current - _DAY).date()):
				return current
		raise ValueError("no working days in the calendar")

	def add_working_time(self, start: dt.datetime, days: float) -> dt.datetime:
		"""The instant at which ``days`` of working time have passed since ``start``."""
		remaining = dt.timedelta(days=days)
		current = start
		for _ in range(_MAX_DAYS):
			next_midnight = dt.datetime.combine(current.date(), dt.time.min) + _DAY
			if self.is_working_day(current.date()):
				available = next_midnight - current
				if remaining <= available:
					return current + remaining
				remaining -= available
			current = next_midnight
		raise ValueError("no working days in the calendar")


@dataclass(frozen=True)
class Interval:
	"""A span of time with the SLA clock in one state; ``end`` None means "still going"."""

	start: dt.datetime
	end: dt.datetime | None
	clock: str


@dataclass(frozen=True)
class Evaluation:
	used: float  # working days counted against the SLA
	paused: float  # working days the clock stood still (applicant's turns)
	due_date: dt.date | None
	status: str


def clock_start(submitted_on: dt.datetime) -> dt.datetime:
	"""Counting starts at the beginning of the day after submission."""
	return dt.datetime.combine(submitted_on.date(), dt.time.min) + _DAY


def evaluate(
	calendar: WorkingCalendar,
	submitted_on: dt.datetime | None,
	intervals: Iterable[Interval],
	sla_days: float,
	warning_threshold_pct: float,
	now: dt.datetime,
	stopped_at: dt.datetime | None = None,
) -> Evaluation:
	"""Working days used and paused, the due date and the status of one application."""
	if not submitted_on:
		return Evaluation(0.0, 0.0, None, NOT_STARTED)
	start = clock_start(submitted_on)
	until = stopped_at or now
	used = paused = 0.0
	for interval in intervals:
		begin = max(interval.start, start)
		end = min(interval.end or until, until)
		if end <= begin:
			continue
		days = calendar.working_days_between(begin, end)
		if interval.clock == RUNNING:
			used += days
		elif interval.clock == PAUSED:
			paused += days
	due = calendar.add_working_time(start, sla_days + paused)
	due_date = (due - dt.timedelta(microseconds=1)).date()
	return Evaluation(
		round(used, 4),
		round(paused, 4),
		due_date,
		status(used, sla_days, warning_threshold_pct, bool(stopped_at)),
	)


def status(used: float, sla_days: float, warning_threshold_pct: float, stopped: bool) -> str:
	if stopped:
		return MET if used <= sla_days + _EPSILON else BREACHED
	if used > sla_days + _EPSILON:
		return OVERDUE
	if used >= sla_days * warning_threshold_pct / 100 - _EPSILON:
		return AT_RISK
	return ON_TRACK


def stage_overrun(working_days: float, stage_sla_days: float | None) -> bool:
	"""A stage past its own service level: under PP 28/2025 the risk of deemed approval."""
	return bool(stage_sla_days) and working_days > stage_sla_days + _EPSILON


def overrun_cutoff(calendar: WorkingCalendar, now: dt.datetime, stage_sla_days: float) -> dt.datetime:
	"""A stage still open at ``now`` has overrun its service level exactly when it was entered
	before this instant (``stage_overrun`` of its working days)."""
	return calendar.subtract_working_time(now, stage_sla_days + _EPSILON)
