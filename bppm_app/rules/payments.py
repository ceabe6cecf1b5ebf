"""The bank's payment notice: its signature, its fields, and what it means for a levy. Plain
functions, no database.

The bank signs the raw body of each notice with a secret it shares with the office (hex
HMAC-SHA256), so a notice is believed only when the signature over exactly the bytes received
matches, compared in constant time. The body is a JSON object with the payment code printed on the
SKRD, the amount paid, when it was paid, the bank's own reference and the bank's name. What a
notice means is decided from what the office knows about the code: an SKRD awaiting this very
amount (Matched), another amount (Amount Mismatch), a levy already paid (Duplicate), or no SKRD
that can be paid with this code (Unknown Code).
"""

import datetime as dt
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bppm_app.exceptions import BPPMValidationError, InvalidPaymentNoticeError
from bppm_app.i18n import _
from bppm_app.rules.amounts import LIMIT
from bppm_app.rules.formatting import rupiah

MATCHED, AMOUNT_MISMATCH, UNKNOWN_CODE, DUPLICATE = "Matched", "Amount Mismatch", "Unknown Code", "Duplicate"
STATUSES = (MATCHED, AMOUNT_MISMATCH, UNKNOWN_CODE, DUPLICATE)
SIGNATURE_HEADER = "X-BPPM-Signature"
FIELDS = ("payment_code", "amount", "paid_at", "bank_reference", "bank")
MAX_BODY_BYTES = 16 * 1024  # a notice is a few hundred bytes
MAX_TEXT = 140  # bank references and bank names
MAX_AMOUNT = LIMIT  # what a Currency column holds (rules.amounts)
PAID_YEARS = (2000, 2100)  # a payment of the office's era: any other year is a malformed notice
MIN_SECRET = 32  # characters of the shared secret (a random 32-character string is ~190 bits)
_CODE = re.compile(r"^[0-9]{1,32}$")
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# --- signature ------------------------------------------------------------------------------------


def _bytes(value: str | bytes) -> bytes:
	return value.encode() if isinstance(value, str) else value


def sign(secret: str | bytes, body: str | bytes) -> str:
	"""The signature the bank sends: hex HMAC-SHA256 of the raw body, keyed with the shared secret."""
	return hmac.new(_bytes(secret), _bytes(body), hashlib.sha256).hexdigest()


def signature_valid(secret: str | bytes | None, body: bytes, signature: str | None) -> bool:
	"""Whether ``signature`` is the body's signature. No secret, no signature or a malformed one
	is simply invalid; the comparison takes the same time wherever the strings differ."""
	signature = (signature or "").strip()
	if not secret or not _HEX.match(signature):
		return False
	return hmac.compare_digest(sign(secret, body), signature.lower())


def check_secret(secret: str | None) -> None:
	"""A shared secret long enough that a signature cannot be guessed (empty: notices are refused)."""
	if secret and len(secret.strip()) < MIN_SECRET:
		raise BPPMValidationError(
			_("The payment callback secret must have at least {0} characters.").format(MIN_SECRET)
		)


# --- the notice's fields --------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentNotice:
	payment_code: str
	amount: Decimal
	paid_at: dt.datetime  # aware when the bank gave an offset, else in the office's local time
	bank_reference: str
	bank: str


def parse_notice(body: bytes) -> PaymentNotice:
	"""Read a notice's body, or raise InvalidPaymentNoticeError saying everything that is wrong."""
	if len(body or b"") > MAX_BODY_BYTES:
		raise InvalidPaymentNoticeError(_("The payment notice is too large."))
	try:
		data = json.loads((body or b"").decode("utf-8"), parse_float=Decimal)
	except (UnicodeDecodeError, ValueError):
		raise InvalidPaymentNoticeError(_("The payment notice is not valid JSON.")) from None
	if not isinstance(data, dict):
		raise InvalidPaymentNoticeError(_("The payment notice must be a JSON object."))
	problems = []
	missing = [field for field in FIELDS if data.get(field) in (None, "")]
	if missing:
		problems.append(_("Missing fields: {0}.").format(", ".join(missing)))
	code = amount = paid_at = reference = bank = None
	if "payment_code" not in missing:
		code = _payment_code(data["payment_code"], problems)
	if "amount" not in missing:
		amount = _amount(data["amount"], problems)
	if "paid_at" not in missing:
		paid_at = _paid_at(data["paid_at"], problems)
	if "bank_reference" not in missing:
		reference = _text(data["bank_reference"], "bank_reference", problems)
	if "bank" not in missing:
		bank = _text(data["bank"], "bank", problems)
	if problems:
		raise InvalidPaymentNoticeError(" ".join(problems))
	return PaymentNotice(code, amount, paid_at, reference, bank)


def _payment_code(value, problems: list) -> str | None:
	if isinstance(value, int) and not isinstance(value, bool):
		value = str(value)
	if isinstance(value, str) and _CODE.match(value.strip()):
		return value.strip()
	problems.append(_("payment_code must be the digits of the payment code on the SKRD."))
	return None


def _amount(value, problems: list) -> Decimal | None:
	number = None
	if isinstance(value, int | Decimal | str) and not isinstance(value, bool):
		try:
			number = Decimal(str(value).strip())
		except InvalidOperation:
			number = None
	if number is None or not number.is_finite() or number <= 0 or number >= MAX_AMOUNT:
		problems.append(_("amount must be a positive number of rupiah."))
		return None
	if number != number.quantize(Decimal("0.01")):
		problems.append(_("amount has more than two decimals."))
		return None
	return number


def _paid_at(value, problems: list) -> dt.datetime | None:
	if isinstance(value, str):
		text = value.strip()
		if text.endswith(("Z", "z")):
			text = text[:-1] + "+00:00"
		try:
			paid_at = dt.datetime.fromisoformat(text)
		except ValueError:
			paid_at = None
		if paid_at is not None and PAID_YEARS[0] <= paid_at.year <= PAID_YEARS[1]:
			# a year well inside datetime's range: converting it to any time zone cannot overflow
			return paid_at
		if paid_at is not None:
			problems.append(_("paid_at must be a date from {0} to {1}.").format(PAID_YEARS[0], PAID_YEARS[1]))
			return None
	problems.append(_("paid_at must be a date and time in ISO 8601, e.g. 2026-03-16T10:15:00+08:00."))
	return None


def _text(value, field: str, problems: list) -> str | None:
	if isinstance(value, int) and not isinstance(value, bool):
		value = str(value)
	if isinstance(value, str) and value.strip() and len(value.strip()) <= MAX_TEXT:
		if not _CONTROL.search(value):
			return value.strip()
	problems.append(_("{0} must be text of at most {1} characters.").format(field, MAX_TEXT))
	return None


# --- what the notice means ------------------------------------------------------------------------


def registration_number(payment_code: str) -> str | None:
	"""The registration number a payment code was made from, in the shipped naming series
	(``202600012`` → ``PRM-2026-00012``); the inverse of ``levy.payment_code``."""
	if not payment_code or len(payment_code) < 9 or not payment_code.isdigit():
		return None
	return f"PRM-{payment_code[:4]}-{payment_code[4:]}"


@dataclass(frozen=True)
class Assessment:
	"""What the office knows about the application a payment code points at."""

	found: bool = False
	assessed: bool = False  # an SKRD has been issued
	open: bool = False  # still in process (docstatus 0)
	paid: bool = False  # the levy is already paid
	levy_amount: Decimal = Decimal(0)


def judge(amount: Decimal, assessment: Assessment) -> tuple[str, str]:
	"""The status of a notice and, unless it is Matched, why (for the treasurer)."""
	if not assessment.found:
		return UNKNOWN_CODE, _("No application has this payment code.")
	if assessment.paid:
		return DUPLICATE, _("The levy of this application has already been paid.")
	if not assessment.assessed:
		return UNKNOWN_CODE, _("No levy assessment (SKRD) has been issued for this application yet.")
	if not assessment.open:
		return UNKNOWN_CODE, _("The application is closed: its levy can no longer be paid.")
	expected = Decimal(str(assessment.levy_amount))
	if Decimal(str(amount)) != expected:
		return AMOUNT_MISMATCH, _("Paid {0}; the SKRD assesses {1}.").format(money(amount), money(expected))
	return MATCHED, ""


def money(amount) -> str:
	"""Rupiah as the letters write them, with the sen when a bank sent any: "Rp 150.000,50"."""
	amount = Decimal(str(amount))
	whole = amount.to_integral_value(rounding="ROUND_DOWN")
	if amount == whole:
		return rupiah(whole)
	return f"{rupiah(whole)},{int(abs(amount - whole) * 100):02d}"
