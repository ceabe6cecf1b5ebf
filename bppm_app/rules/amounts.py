"""Amounts and quantities typed by people: rupiah, m², worker counts. Plain functions, no database.

Every amount is read as a Decimal, never as a float, and must be a finite number of a size the
database can hold: Currency and Float columns are decimal(21,9), twelve digits before the point, so
every amount stays below 10^12 (a trillion rupiah, more than any levy or investment the office
records). A value such as ``1e309``, ``inf`` or ``10^12`` is a clear error, not an overflow deep inside
a computation or a database error when it is stored.
"""

from decimal import Decimal, InvalidOperation

from bppm_app.exceptions import InvalidAmountError
from bppm_app.i18n import _

# decimal(21,9): 21 - 9 = 12 digits before the point
LIMIT = Decimal(10) ** 12


def to_decimal(value, label: str) -> Decimal:
	"""Read a number (int, float, str or None) as a Decimal; None and "" read as 0."""
	if value is None or value == "":
		return Decimal(0)
	if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
		raise InvalidAmountError(_("{0} must be a number.").format(_(label)))
	try:
		number = Decimal(str(value).strip())
	except (InvalidOperation, ValueError):
		raise InvalidAmountError(_("{0} must be a number.").format(_(label))) from None
	if not number.is_finite():
		raise InvalidAmountError(_("{0} must be a number.").format(_(label)))
	# by the exponent: comparing 1E+999999999 with the limit overflows Decimal's context
	if number and number.adjusted() >= LIMIT.adjusted():
		raise InvalidAmountError(_("{0} is too large.").format(_(label)))
	return number


def non_negative(value, label: str) -> Decimal:
	"""Return the value as a Decimal, or raise when it is below zero."""
	number = to_decimal(value, label)
	if number < 0:
		raise InvalidAmountError(_("{0} cannot be negative.").format(_(label)))
	return number


def positive(value, label: str) -> Decimal:
	number = to_decimal(value, label)
	if number <= 0:
		raise InvalidAmountError(_("{0} must be greater than zero.").format(_(label)))
	return number
