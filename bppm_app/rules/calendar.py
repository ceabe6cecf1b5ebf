"""The office calendar: Indonesia's national holidays and collective leave (cuti bersama).

Plain functions, no database. The data comes from the ``holidays`` package (country "ID"):
category ``public`` gives the national holidays, ``government`` the collective leave days that
the joint ministerial decree (SKB 3 Menteri) adds for civil servants.
"""

import datetime
from dataclasses import dataclass

NATIONAL = "National"
COLLECTIVE_LEAVE = "Collective Leave"
LOCAL = "Local"

_CATEGORIES = (("public", NATIONAL), ("government", COLLECTIVE_LEAVE))


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
