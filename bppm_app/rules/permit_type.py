"""Rules for configuring a permit type. Plain functions, no database."""

import re

from bppm_app.exceptions import InvalidPermitTypeError
from bppm_app.i18n import _

CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,12}$")
_EXTENSION = re.compile(r"^[a-z0-9]{1,10}$")
DEFAULT_FILE_TYPES = "pdf,jpg,jpeg,png"


def normalize_code(code: str | None) -> str:
	"""Permit type codes appear in permit numbers: 2–12 characters, A–Z and 0–9 only."""
	code = (code or "").strip().upper()
	if not CODE_PATTERN.match(code):
		raise InvalidPermitTypeError(
			_("Code must be 2 to 12 characters, using only the letters A–Z and the digits 0–9.")
		)
	return code


def check_sla_working_days(days) -> int:
	if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
		raise InvalidPermitTypeError(_("SLA (working days) must be a whole number greater than zero."))
	return days


def check_validity_months(months) -> int:
	if not isinstance(months, int) or isinstance(months, bool) or months < 0:
		raise InvalidPermitTypeError(
			_("Validity (months) must be a whole number of zero or more (0 means no expiry).")
		)
	return months


def normalize_file_types(value: str | None) -> str:
	"""Normalise an allowed-file-types list: ``" PDF, .jpg ,png"`` → ``"pdf,jpg,png"``."""
	if not (value or "").strip():
		return DEFAULT_FILE_TYPES
	types = []
	for part in value.split(","):
		ext = part.strip().lower().lstrip(".")
		if not ext:
			continue
		if not _EXTENSION.match(ext):
			raise InvalidPermitTypeError(
				_("Allowed file types must be file extensions separated by commas, e.g. pdf,jpg,png.")
			)
		if ext not in types:
			types.append(ext)
	return ",".join(types) or DEFAULT_FILE_TYPES


def check_requirements(names: list[str | None]) -> None:
	"""Every requirement row needs a name, and no two rows may share one."""
	seen = set()
	for idx, name in enumerate(names, start=1):
		name = (name or "").strip()
		if not name:
			raise InvalidPermitTypeError(_("Requirement row {0} has no requirement name.").format(idx))
		key = name.casefold()
		if key in seen:
			raise InvalidPermitTypeError(_('Requirement "{0}" is listed twice.').format(name))
		seen.add(key)


def check_fast_lane(fast_lane, risk_level, *steps) -> None:
	"""The low-risk fast lane is for Low-risk types with no inspection, recommendation or levy."""
	if fast_lane and (risk_level != "Low" or any(steps)):
		raise InvalidPermitTypeError(
			_(
				"The low-risk fast lane is only for permit types of risk level Low without field inspection, technical recommendation or levy."
			)
		)


def check_renewal_window(days) -> int:
	try:
		value = int(days or 0)
	except (TypeError, ValueError):
		value = -1
	if value < 0 or value > 366:
		raise InvalidPermitTypeError(_("The renewal window is a number of days from 0 to 366."))
	return value
