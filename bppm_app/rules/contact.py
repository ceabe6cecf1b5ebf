"""Contact data: Indonesian mobile numbers and e-mail addresses. Plain functions, no database."""

import re

from bppm_app.exceptions import InvalidContactError
from bppm_app.i18n import _

_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")
# A simple, strict shape: local@domain.tld, no spaces, one @. Frappe's Email field check runs too.
_EMAIL = re.compile(
	r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def normalize_mobile(value: str | None) -> str:
	"""Return an Indonesian mobile number in international form, ``+628xxxxxxxxx``.

	Accepts what people write: ``0812-3456-7890``, ``+62 812 3456 7890``, ``6281234567890``.
	A mobile number has a national part that starts with 8 and has 9 to 12 digits.
	"""
	number = _PHONE_SEPARATORS.sub("", value or "")
	if number.startswith("+"):
		number = number[1:]
		if not number.startswith("62"):
			raise InvalidContactError(_("Mobile number must be an Indonesian number (+62)."))
	if not number.isdigit():
		raise InvalidContactError(_("Mobile number may contain digits, spaces, dashes and a leading + only."))
	if number.startswith("62"):
		national = number[2:]
	elif number.startswith("0"):
		national = number[1:]
	else:
		national = number
	if not national.startswith("8") or not (9 <= len(national) <= 12):
		raise InvalidContactError(_("Mobile number must look like 08xx-xxxx-xxxx (10 to 13 digits)."))
	return "+62" + national


def normalize_email(value: str | None) -> str:
	"""Return the address trimmed and lower-cased, or raise when it is not an e-mail address."""
	email = (value or "").strip().lower()
	if not _EMAIL.match(email) or len(email) > 254:
		raise InvalidContactError(_("E-mail address is not valid."))
	return email
