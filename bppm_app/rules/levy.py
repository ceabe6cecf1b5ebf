"""Regional levy (retribusi) arithmetic. Plain functions, no database.

The levy of a permit type is ``base + rate × quantity`` (e.g. a building approval: a fixed fee
plus a rate per m²), rounded half-up to whole rupiah, as an SKRD states it.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext

from bppm_app.rules.amounts import non_negative


def compute_levy(requires_levy: bool, base_amount, rate, quantity) -> Decimal:
	"""Levy for one application: 0 when the type has no levy, else base + rate × quantity."""
	quantity = non_negative(quantity, "Quantity")
	if not requires_levy:
		return Decimal(0)
	base_amount = non_negative(base_amount, "Levy Base Amount")
	rate = non_negative(rate, "Levy Rate")
	with localcontext() as context:
		context.prec = 60  # exact for any product of two amounts within the limit
		total = (base_amount + rate * quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP)
	return non_negative(total, "Levy")


# --- the levy assessment letter (SKRD) -----------------------

DEFAULT_DUE_DAYS = 30  # an SKRD is due 30 days after it is issued unless BPPM Settings say otherwise


def skrd_counter_key(assessed_on: dt.date) -> str:
	"""SKRD numbers run per year, across permit types (the treasurer's register is one book)."""
	return f"BPPM-SKRD-{assessed_on.year}"


def skrd_number(assessed_on: dt.date, counter: int) -> str:
	"""E.g. "SKRD/2026/00012"."""
	return f"SKRD/{assessed_on.year:04d}/{int(counter):05d}"


def due_date(assessed_on: dt.date, days) -> dt.date:
	"""The SKRD's due date: ``days`` calendar days after the assessment (default 30)."""
	days = int(days or 0)
	return assessed_on + dt.timedelta(days=days if days > 0 else DEFAULT_DUE_DAYS)


def payment_code(registration_number: str | None) -> str:
	"""The code the applicant quotes when paying: the digits of the registration number
	("PRM-2026-00012" -> "202600012"), so the treasurer finds the file from a bank statement."""
	return "".join(ch for ch in registration_number or "" if ch.isdigit())
