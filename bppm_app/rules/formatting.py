"""Money and dates as Indonesian letters write them. Plain functions, no database.

    rupiah(1_500_000)                        -> "Rp 1.500.000"
    long_date(date(2026, 11, 29))            -> "29 November 2026"
    long_date(date(2026, 11, 29), True)      -> "Minggu, 29 November 2026"
    long_date(date(2026, 11, 29), True, "en") -> "Sunday, 29 November 2026"
    clock_time(datetime(2026, 11, 29, 14, 5)) -> "14.05"
    number(1234.5)                            -> "1.234,5"

Month and day names are data here, not translations: the letters are Indonesian documents, and
their English rendering uses English names. Any other language falls back to English.
"""

import datetime as dt

from bppm_app.rules.terbilang import whole_rupiah

MONTHS = {
	"id": (
		"Januari",
		"Februari",
		"Maret",
		"April",
		"Mei",
		"Juni",
		"Juli",
		"Agustus",
		"September",
		"Oktober",
		"November",
		"Desember",
	),
	"en": (
		"January",
		"February",
		"March",
		"April",
		"May",
		"June",
		"July",
		"August",
		"September",
		"October",
		"November",
		"December",
	),
}
# Monday first, as date.weekday() counts
WEEKDAYS = {
	"id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
	"en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# Indonesia's three time zones, as letters name them
ZONES = {
	"Asia/Jakarta": "WIB",
	"Asia/Pontianak": "WIB",
	"Asia/Makassar": "WITA",
	"Asia/Jayapura": "WIT",
}


def _language(lang: str | None) -> str:
	base = (lang or "id").split("-")[0].lower()
	return base if base in MONTHS else "en"


def rupiah(amount) -> str:
	"""Whole rupiah with dots between thousands: "Rp 1.500.000", "-Rp 25.000", "Rp 0"."""
	n = whole_rupiah(amount)
	digits = f"{abs(n):,}".replace(",", ".")
	return f"{'-' if n < 0 else ''}Rp {digits}"


def number(value, lang: str | None = "id", decimals: int = 2) -> str:
	"""A quantity without trailing zeros: "1.234,5" in Indonesian, "1,234.5" in English."""
	text = f"{float(value or 0):,.{decimals}f}"
	if "." in text:
		text = text.rstrip("0").rstrip(".")
	if _language(lang) == "id":
		text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
	return text


def to_date(value) -> dt.date | None:
	"""A date from a date, a datetime or an ISO string ("2026-11-29", "2026-11-29 14:05:00")."""
	if value in (None, ""):
		return None
	if isinstance(value, dt.datetime):
		return value.date()
	if isinstance(value, dt.date):
		return value
	return dt.date.fromisoformat(str(value).strip()[:10])


def to_datetime(value) -> dt.datetime | None:
	if value in (None, ""):
		return None
	if isinstance(value, dt.datetime):
		return value
	if isinstance(value, dt.date):
		return dt.datetime.combine(value, dt.time())
	return dt.datetime.fromisoformat(str(value).strip()[:19])


def long_date(value, weekday: bool = False, lang: str | None = "id") -> str:
	""" "29 November 2026", or "Minggu, 29 November 2026" with the weekday; "" for no date."""
	day = to_date(value)
	if day is None:
		return ""
	lang = _language(lang)
	text = f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"
	return f"{WEEKDAYS[lang][day.weekday()]}, {text}" if weekday else text


def clock_time(value, lang: str | None = "id") -> str:
	"""The time of day: "14.05" in Indonesian (a dot, as PUEBI writes it), "14:05" in English."""
	moment = to_datetime(value)
	if moment is None:
		return ""
	separator = "." if _language(lang) == "id" else ":"
	return f"{moment.hour:02d}{separator}{moment.minute:02d}"


def zone_name(time_zone: str | None) -> str:
	"""WIB, WITA or WIT for Indonesia's zones; the zone's own name otherwise."""
	return ZONES.get(time_zone or "", time_zone or "")
