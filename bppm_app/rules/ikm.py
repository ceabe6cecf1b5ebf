"""The community satisfaction index (IKM) of a survey period, as PermenPANRB 14/2017 computes it.
Plain functions, no database.

- A survey (SKM) answers nine elements (*unsur*) in the regulation's order, each 1 to 4, the four
  answers worded per element (tidak sesuai / kurang sesuai / sesuai / sangat sesuai…).
- NRR of an element = the mean of its answers (*nilai rata-rata*).
- IKM = 25 × Σᵢ NRRᵢ × 1/9: the weighted sum (weight 1/9 for each element) on the 25–100 scale. The
  regulation's worked example rounds the weight to 0.111; the exact 1/9 is used here, so that a
  period where every answer is 4 scores 100 (with 0.111 it would score 99.90).
- The IKM is rounded half-up to two decimals, then graded: A 88.31–100 (Very Good, *Sangat Baik*),
  B 76.61–88.30 (Good, *Baik*), C 65.00–76.60 (Below Good, *Kurang Baik*), D 25.00–64.99 (Not Good,
  *Tidak Baik*).
- A period without respondents has no index (None), not an index of zero.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from bppm_app.exceptions import InvalidSurveyError
from bppm_app.i18n import _


@dataclass(frozen=True)
class Element:
	"""One element of the questionnaire: its field (u1…u9), name, question and the four answers
	from the worst (1) to the best (4)."""

	field: str
	name: str
	question: str
	answers: tuple[str, str, str, str]


_SUITABLE = ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate")

# The regulation's nine elements, in the contract's order (source texts English; the Indonesian
# wording of the regulation is in translations/id.csv).
ELEMENTS = (
	Element(
		"u1",
		"Requirements",
		"How well do the service requirements fit the type of service?",
		_SUITABLE,
	),
	Element(
		"u2",
		"Procedure",
		"How easy is the service procedure at this office?",
		("Not easy", "Less easy", "Easy", "Very easy"),
	),
	Element(
		"u3",
		"Service Time",
		"How fast was the service delivered?",
		("Not fast", "Less fast", "Fast", "Very fast"),
	),
	Element(
		"u4",
		"Cost",
		"How fair is the cost or tariff of the service?",
		("Very expensive", "Fairly expensive", "Cheap", "Free of charge"),
	),
	Element(
		"u5",
		"Service Product",
		"How well does what you received match the product in the service standard?",
		_SUITABLE,
	),
	Element(
		"u6",
		"Staff Competence",
		"How competent were the staff who served you?",
		("Not competent", "Less competent", "Competent", "Very competent"),
	),
	Element(
		"u7",
		"Staff Conduct",
		"How polite and friendly were the staff who served you?",
		(
			"Not polite and friendly",
			"Less polite and friendly",
			"Polite and friendly",
			"Very polite and friendly",
		),
	),
	Element(
		"u8",
		"Complaint Handling",
		"How are the complaints of service users handled?",
		("Not available", "Available but not working", "Working, not at its best", "Well managed"),
	),
	Element(
		"u9",
		"Facilities",
		"How good are the facilities and infrastructure?",
		("Poor", "Fair", "Good", "Very good"),
	),
)
FIELDS = tuple(element.field for element in ELEMENTS)
LOWEST, HIGHEST = 1, 4
WEIGHT = Fraction(1, len(ELEMENTS))
SCALE = 25

# (grade, lowest IKM of the band, performance) from the best band down
GRADES = (
	("A", Decimal("88.31"), "Very Good"),
	("B", Decimal("76.61"), "Good"),
	("C", Decimal("65.00"), "Below Good"),
	("D", Decimal("25.00"), "Not Good"),
)
TOP = Decimal("100.00")


@dataclass(frozen=True)
class Index:
	"""The IKM of a set of surveys."""

	respondents: int
	means: tuple[float, ...]  # NRR per element, in the elements' order
	ikm: float  # rounded half-up to two decimals
	grade: str
	performance: str  # the regulation's word for the grade (English source, translated on display)


def check_answer(value, label: str) -> int:
	"""One answer: a whole number from 1 to 4 (the web form sends it as text)."""
	text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
	if not text.isdigit() or not LOWEST <= int(text) <= HIGHEST:
		raise InvalidSurveyError(_("{0}: choose one of the four answers.").format(_(label)))
	return int(text)


def check_age(value) -> int | None:
	"""A respondent's age in years, optional: from 10 to 120."""
	if value in (None, "", 0, "0"):
		return None
	text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
	if not text.isdigit() or not 10 <= int(text) <= 120:
		raise InvalidSurveyError(_("Age must be a whole number of years from 10 to 120."))
	return int(text)


def round_ikm(value) -> Decimal:
	"""Half-up to two decimals, from an exact value (a Fraction) or a number."""
	with localcontext() as context:
		context.prec = 28
		if isinstance(value, Fraction):
			exact = Decimal(value.numerator) / Decimal(value.denominator)
		else:
			exact = Decimal(str(value))
		return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade(ikm) -> tuple[str, str]:
	"""(grade, performance) of an IKM on the 25–100 scale, by the regulation's bands, after
	rounding to two decimals: 88.30 is B, 88.31 is A."""
	value = round_ikm(ikm)
	if not GRADES[-1][1] <= value <= TOP:
		raise ValueError(f"an IKM lies between 25 and 100, not {value}")
	for letter, lowest, performance in GRADES:
		if value >= lowest:
			return letter, performance
	raise AssertionError("unreachable")


def index(sums: Sequence[int], respondents: int) -> Index | None:
	"""The IKM from each element's sum of answers and the number of respondents (what one SQL
	aggregate gives); None when nobody answered."""
	if not respondents:
		return None
	if len(sums) != len(ELEMENTS):
		raise ValueError(f"{len(ELEMENTS)} element sums expected, got {len(sums)}")
	means = [Fraction(int(total), respondents) for total in sums]
	for mean in means:
		if not LOWEST <= mean <= HIGHEST:
			raise ValueError(f"a mean answer lies between {LOWEST} and {HIGHEST}, not {float(mean)}")
	exact = SCALE * sum(mean * WEIGHT for mean in means)
	rounded = round_ikm(exact)
	letter, performance = grade(rounded)
	return Index(
		respondents=respondents,
		means=tuple(float(mean) for mean in means),
		ikm=float(rounded),
		grade=letter,
		performance=performance,
	)


def index_of(responses: Iterable[Sequence[int]]) -> Index | None:
	"""The IKM of individual surveys, each the nine answers u1…u9."""
	sums, count = [0] * len(ELEMENTS), 0
	for answers in responses:
		if len(answers) != len(ELEMENTS):
			raise ValueError(f"{len(ELEMENTS)} answers expected, got {len(answers)}")
		for i, answer in enumerate(answers):
			sums[i] += check_answer(answer, ELEMENTS[i].name)
		count += 1
	return index(sums, count)


def element_score(mean: float) -> float:
	"""An element's NRR on the IKM's 25–100 scale (NRR × 25), two decimals."""
	return float(round_ikm(Decimal(str(mean)) * SCALE))


def weakest(means: Sequence[float], count: int = 3) -> list[int]:
	"""Positions of the elements to improve first: the ``count`` lowest means, with every element
	tied with the last of them (compared at three decimals, as the report shows them)."""
	if not means or count <= 0:
		return []
	rounded = [round(mean, 3) for mean in means]
	ordered = sorted(rounded)
	border = ordered[min(count, len(ordered)) - 1]
	return [i for i, mean in enumerate(rounded) if mean <= border]
