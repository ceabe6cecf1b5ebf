"""*Terbilang*: an amount of rupiah in Indonesian words, as an SKRD or a receipt writes it.
Plain functions, no database.

    terbilang(1_500_000)        -> "satu juta lima ratus ribu"
    rupiah_in_words(1_500_000)  -> "satu juta lima ratus ribu rupiah"

Indonesian says *se-* for one ten, hundred or thousand (sepuluh, sebelas, seratus, seribu) but
"satu juta", "satu miliar", "satu triliun". Amounts are rounded half-up to whole rupiah first (a
levy is assessed in whole rupiah). The words are Indonesian in every user language: terbilang is
part of the Indonesian document, not a translation of the figure.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bppm_app.exceptions import InvalidAmountError
from bppm_app.i18n import _

_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
# (value, word) from the largest group down; "ribu" is handled separately because of "seribu"
_GROUPS = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))
LIMIT = 10**15  # up to 999 triliun: more than any levy or investment the office records


def _below_thousand(n: int) -> list[str]:
	words: list[str] = []
	hundreds, rest = divmod(n, 100)
	if hundreds == 1:
		words.append("seratus")
	elif hundreds:
		words += [_ONES[hundreds], "ratus"]
	tens, ones = divmod(rest, 10)
	if rest == 10:
		words.append("sepuluh")
	elif rest == 11:
		words.append("sebelas")
	elif tens == 1:
		words += [_ONES[ones], "belas"]
	else:
		if tens:
			words += [_ONES[tens], "puluh"]
		if ones:
			words.append(_ONES[ones])
	return words


def whole_rupiah(amount) -> int:
	"""The amount as whole rupiah, rounded half-up; None and "" read as 0."""
	if amount is None or amount == "":
		return 0
	try:
		number = Decimal(str(amount))
	except (InvalidOperation, ValueError):
		raise InvalidAmountError(_("{0} must be a number.").format(_("Amount"))) from None
	if not number.is_finite():
		raise InvalidAmountError(_("{0} must be a number.").format(_("Amount")))
	return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def terbilang(amount) -> str:
	"""The whole-rupiah amount in Indonesian words, lower case, without "rupiah"."""
	n = whole_rupiah(amount)
	if abs(n) >= LIMIT:
		raise InvalidAmountError(_("{0} is too large to write in words.").format(n))
	if n == 0:
		return "nol"
	if n < 0:
		return "minus " + terbilang(-n)
	words: list[str] = []
	for value, name in _GROUPS:
		count, n = divmod(n, value)
		if not count:
			continue
		if value == 1000 and count == 1:
			words.append("seribu")
		else:
			words += [*_below_thousand(count), name]
	words += _below_thousand(n)
	return " ".join(words)


def rupiah_in_words(amount, capitalize: bool = False) -> str:
	"""E.g. "satu juta lima ratus ribu rupiah"; "Satu juta …" when ``capitalize`` is set."""
	text = f"{terbilang(amount)} rupiah"
	return text[0].upper() + text[1:] if capitalize else text
