"""One spelling per identifier. Plain functions, no database.

MariaDB compares with its collation: ``PRM-2026-00011``, ``prm-2026-00011``, the same with a
trailing space, a zero-width space or full-width digits may all find the same row. Anything keyed
on the identifier as typed (a lock counter, a rate limit, a cached page) would then count each
spelling apart. So every identifier a person types is read here first, into the one form the
office uses: Unicode NFKC (full-width digits become digits), without whitespace or invisible
characters, in upper case where the database ignores case. A malformed one is ``None``, which the
callers answer exactly like an unknown one.
"""

import re
import unicodedata

# whitespace and characters that print nothing (zero-width spaces and joiners, BOM, controls)
_INVISIBLE = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))

REGISTRATION_NUMBER = re.compile(r"^[A-Z]{2,6}-[0-9]{4}-[0-9]{5,9}$")
PERMIT_TYPE_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
# secrets.token_urlsafe(24): 32 characters of A–Z a–z 0–9 - _
RANDOM_CODE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PIN = re.compile(r"^[0-9]{6}$")


def canonical(value, upper: bool = True) -> str:
	"""NFKC, without whitespace or invisible characters, in upper case (unless told otherwise)."""
	if not isinstance(value, str) or len(value) > 256:
		return ""
	text = unicodedata.normalize("NFKC", value)
	text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE)
	return text.upper() if upper else text


def _matching(text: str, pattern: re.Pattern) -> str | None:
	return text if text.isascii() and pattern.match(text) else None


def registration_number(value) -> str | None:
	"""``PRM-2026-00011`` however it was typed, or None."""
	return _matching(canonical(value), REGISTRATION_NUMBER)


def tracking_pin(value) -> str | None:
	return _matching(canonical(value), PIN)


def permit_type_code(value) -> str | None:
	return _matching(canonical(value), PERMIT_TYPE_CODE)


def random_code(value) -> str | None:
	"""A verification code or survey token as stored (case kept: the database ignores it, the
	code does not), or None."""
	return _matching(canonical(value, upper=False), RANDOM_CODE)


def key_of(code: str) -> str:
	"""What a limit or cache counts a random code by: one key per row the database would find."""
	return code.upper()
