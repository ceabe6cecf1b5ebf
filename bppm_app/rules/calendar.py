"""The office calendar: working days, and Indonesia's national holidays and collective leave.

Plain functions, no database. A working day is Monday to Friday, minus the office's holidays
(``WorkingCalendar``; the SLA engine counts on it). The official holidays come from the
``holidays`` package (country "ID"): category ``public`` gives the national holidays,
``government`` the collective leave days (cuti bersama) that the joint ministerial decree (SKB 3
Menteri) adds for civil servants.
"""

import datetime
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

NATIONAL = "National"
COLLECTIVE_LEAVE = "Collective Leave"
LOCAL = "Local"

_CATEGORIES = (("public", NATIONAL), ("government", COLLECTIVE_LEAVE))
_DAY = dt.timedelta(days=1)
_MAX_DAYS = 3660  # no SLA spans ten years; guards the day-by-day walks


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


@dataclass(frozen=True, order=True)
class OfficialHoliday:
	holiday_date: datetime.date
	description: str
	holiday_type: str


def official_holidays(year: int, language: str = "id") -> list[OfficialHoliday]:
	"""National holidays and collective leave of one year, one entry per date, sorted by date.

	When a date is both (it happens: a national holiday inside a collective-leave bridge), it is a
	national holiday. Names of several holidays on one date are joined with "; ".
	"""
	import holidays  # imported here: only seeding needs it

	by_date: dict[datetime.date, OfficialHoliday] = {}
	for category, holiday_type in _CATEGORIES:
		calendar = holidays.country_holidays("ID", years=year, categories=(category,), language=language)
		for day, name in sorted(calendar.items()):
			if day in by_date:
				continue
			by_date[day] = OfficialHoliday(day, name, holiday_type)
	return sorted(by_date.values())
