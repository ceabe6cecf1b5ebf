"""Permit numbers. Plain functions, no database.

A format is text with placeholders: ``{code}`` (the permit type's code), ``{YYYY}``, ``{YY}``,
``{MM}`` (of the issue date) and exactly one counter ``{#####}`` (its width is the number of #).
The counter runs per permit type and year, so the default ``{code}/{#####}/BPPM/{YYYY}`` gives
``PBG/00001/BPPM/2026``.
"""

import calendar
import datetime as dt
import re

from bppm_app.exceptions import InvalidPermitNumberFormatError
from bppm_app.i18n import _

DEFAULT_FORMAT = "{code}/{#####}/BPPM/{YYYY}"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_COUNTER = re.compile(r"^#+$")
_KNOWN = {"code", "YYYY", "YY", "MM"}


def check_format(fmt: str | None) -> str:
	fmt = (fmt or "").strip()
	placeholders = _PLACEHOLDER.findall(fmt)
	counters = [p for p in placeholders if _COUNTER.match(p)]
	unknown = [p for p in placeholders if p not in _KNOWN and not _COUNTER.match(p)]
	if len(counters) != 1:
		raise InvalidPermitNumberFormatError(
			_("A permit number format needs exactly one counter such as {#####}.")
		)
	if unknown:
		raise InvalidPermitNumberFormatError(
			_(
				"Unknown placeholder in the permit number format: {0}. Use {code}, {YYYY}, {YY}, {MM} and one counter such as {#####}."
			).replace("{0}", ", ".join("{" + p + "}" for p in unknown))
		)
	if "{code}" not in fmt:
		raise InvalidPermitNumberFormatError(
			_("A permit number format needs {code}: numbers run per permit type.")
		)
	return fmt


def counter_key(code: str, issued_on: dt.date) -> str:
	"""Numbers run per permit type and year."""
	return f"BPPM-PERMIT-{code}-{issued_on.year}"


def format_number(fmt: str, code: str, issued_on: dt.date, counter: int) -> str:
	def replace(match: re.Match) -> str:
		name = match.group(1)
		if _COUNTER.match(name):
			return str(counter).zfill(len(name))
		return {
			"code": code,
			"YYYY": f"{issued_on.year:04d}",
			"YY": f"{issued_on.year % 100:02d}",
			"MM": f"{issued_on.month:02d}",
		}[name]

	return _PLACEHOLDER.sub(replace, check_format(fmt))


def valid_until(issued_on: dt.date, validity_months: int) -> dt.date | None:
	"""The last day of validity: the day before the same date ``validity_months`` later; None when
	the permit does not expire (0 months). The 31st becomes the month's last day."""
	if not validity_months:
		return None
	month_index = issued_on.month - 1 + validity_months
	year, month = issued_on.year + month_index // 12, month_index % 12 + 1
	day = min(issued_on.day, calendar.monthrange(year, month)[1])
	return dt.date(year, month, day) - dt.timedelta(days=1)
