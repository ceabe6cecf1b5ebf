"""Rules for investment records. Plain functions, no database."""

from bppm_app.exceptions import InvalidInvestmentError
from bppm_app.i18n import _


def normalize_kbli(code: str | None) -> str:
	"""KBLI 2020 business classification codes have 5 digits."""
	code = (code or "").strip()
	if not (len(code) == 5 and code.isdigit()):
		raise InvalidInvestmentError(_("KBLI code must be exactly 5 digits."))
	return code


def check_workers(value, label: str) -> int:
	"""Worker counts are whole numbers of zero or more; empty reads as 0."""
	try:
		number = float(value or 0)
	except (TypeError, ValueError):
		number = -1
	if number < 0 or number != int(number):
		raise InvalidInvestmentError(_("{0} must be a whole number of zero or more.").format(_(label)))
	return int(number)
