"""Indonesian identity numbers: NIK, NIB, NPWP and NIP.

Plain functions, no database. Each ``normalize_*`` returns the canonical form (digits only) or
raises a domain exception with a translated message. Messages never echo the number itself:
a NIK is personal data (UU 27/2022) and error messages end up in logs.
"""

import calendar
import re
from dataclasses import dataclass

from bppm_app.exceptions import InvalidNIBError, InvalidNIKError, InvalidNIPError, InvalidNPWPError
from bppm_app.i18n import _
from bppm_app.rules.identifiers import canonical

# Province codes used by Dukcapil (Kemendagri) in the first two digits of a NIK, including the
# Papua provinces formed in 2022.
PROVINCE_CODES = frozenset(
	{
		"11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
		"31", "32", "33", "34", "35", "36",
		"51", "52", "53",
		"61", "62", "63", "64", "65",
		"71", "72", "73", "74", "75", "76",
		"81", "82",
		"91", "92", "93", "94", "95", "96",
	}
)  # fmt: skip

# Characters people type between digit groups: "6474 0145 0890 0001", "01.234.567.8-901.000".
_SEPARATORS = re.compile(r"[\s.\-/]")


def _is_digits(text: str) -> bool:
	"""ASCII digits only (``str.isdigit`` also takes Arabic-Indic or superscript digits)."""
	return text.isascii() and text.isdigit()


def strip_separators(value: str | None) -> str:
	"""The number as typed, in one spelling: full-width digits as digits, without separators or
	invisible characters (``rules.identifiers``)."""
	return _SEPARATORS.sub("", canonical(value or ""))


@dataclass(frozen=True)
class NIKInfo:
	"""What a NIK tells: where it was issued, the birth date (year without century) and sex."""

	province_code: str
	regency_code: str
	district_code: str
	birth_day: int
	birth_month: int
	birth_year_2d: int
	sex: str  # "Male" or "Female"
	serial: str


def parse_nik(value: str | None) -> NIKInfo:
	"""Parse and check a NIK: 16 digits, PP KK SS DDMMYY NNNN.

	The birth day carries +40 for women. The year has no century, so a date is plausible when it
	exists in 19YY or 20YY (29 February included in leap years of either century).
	"""
	nik = strip_separators(value)
	if not nik:
		raise InvalidNIKError(_("NIK is required."))
	if not _is_digits(nik):
		raise InvalidNIKError(_("NIK may contain digits only."))
	if len(nik) != 16:
		raise InvalidNIKError(_("NIK must be exactly 16 digits."))

	province, regency, district = nik[0:2], nik[2:4], nik[4:6]
	day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
	serial = nik[12:16]

	if province not in PROVINCE_CODES:
		raise InvalidNIKError(_("NIK does not start with a valid province code."))
	if regency == "00" or district == "00":
		raise InvalidNIKError(_("NIK does not contain a valid regency and district code."))

	sex = "Male"
	if day > 40:
		sex = "Female"
		day -= 40
	if not (1 <= month <= 12) or not _date_exists(day, month, year):
		raise InvalidNIKError(_("NIK does not contain a valid date of birth."))
	if serial == "0000":
		raise InvalidNIKError(_("NIK does not contain a valid serial number."))

	return NIKInfo(province, regency, district, day, month, year, sex, serial)


def _date_exists(day: int, month: int, year_2d: int) -> bool:
	if day < 1:
		return False
	return any(day <= calendar.monthrange(century + year_2d, month)[1] for century in (1900, 2000))


def normalize_nik(value: str | None) -> str:
	"""Return the NIK as 16 digits, or raise :class:`InvalidNIKError`."""
	parse_nik(value)
	return strip_separators(value)


def normalize_nib(value: str | None) -> str:
	"""Return the NIB (Nomor Induk Berusaha from OSS) as 13 digits, or raise."""
	nib = strip_separators(value)
	if not _is_digits(nib):
		raise InvalidNIBError(_("NIB may contain digits only."))
	if len(nib) != 13:
		raise InvalidNIBError(_("NIB must be exactly 13 digits."))
	if set(nib) == {"0"}:
		raise InvalidNIBError(_("NIB cannot be all zeros."))
	return nib


def normalize_npwp(value: str | None) -> str:
	"""Return the NPWP as digits only: 15 (old form) or 16 (new form, since 2024)."""
	npwp = strip_separators(value)
	if not _is_digits(npwp):
		raise InvalidNPWPError(_("NPWP may contain digits and the separators . and - only."))
	if len(npwp) not in (15, 16):
		raise InvalidNPWPError(_("NPWP must have 15 or 16 digits."))
	if set(npwp) == {"0"}:
		raise InvalidNPWPError(_("NPWP cannot be all zeros."))
	return npwp


def format_npwp(npwp: str) -> str:
	"""Print an NPWP as Indonesians write it: 01.234.567.8-901.000 (15 digits); 16 digits as is."""
	if len(npwp) == 15 and _is_digits(npwp):
		return f"{npwp[0:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:15]}"
	return npwp


def normalize_nip(value: str | None) -> str:
	"""Return a civil servant's NIP as 18 digits: birth date (8), appointment month (6), sex, serial."""
	nip = strip_separators(value)
	if not _is_digits(nip) or len(nip) != 18:
		raise InvalidNIPError(_("NIP must be exactly 18 digits."))
	year, month, day = int(nip[0:4]), int(nip[4:6]), int(nip[6:8])
	if not (1 <= month <= 12) or not (1 <= day <= calendar.monthrange(year or 1, month)[1]):
		raise InvalidNIPError(_("NIP does not start with a valid date of birth."))
	if nip[14] not in "12":
		raise InvalidNIPError(_("NIP does not contain a valid sex digit."))
	return nip


def mask(value: str | None, visible: int = 4) -> str:
	"""Mask personal numbers for display to third parties: ``************0001``."""
	value = value or ""
	if len(value) <= visible:
		return "*" * len(value)
	return "*" * (len(value) - visible) + value[-visible:]
