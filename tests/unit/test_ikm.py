"""The community satisfaction index (IKM, PermenPANRB 14/2017): element means, the index on the
25–100 scale, its grade and performance word, the band borders and the elements to improve."""

from fractions import Fraction

import pytest

from bppm_app.exceptions import InvalidSurveyError
from bppm_app.rules import ikm

# ten respondents, the nine answers u1…u9 each (the report's known data uses the same set)
TEN = [
	(3, 3, 3, 4, 3, 3, 4, 3, 3),
	(4, 3, 3, 4, 3, 3, 3, 3, 3),
	(3, 3, 2, 4, 3, 3, 3, 2, 3),
	(3, 4, 3, 4, 4, 3, 4, 3, 3),
	(3, 3, 3, 4, 3, 3, 3, 3, 2),
	(4, 3, 3, 4, 3, 4, 4, 3, 3),
	(3, 2, 3, 3, 3, 3, 3, 3, 3),
	(3, 3, 3, 4, 3, 3, 3, 2, 3),
	(3, 3, 2, 4, 3, 3, 4, 3, 3),
	(3, 3, 3, 4, 3, 3, 3, 3, 3),
]


def test_nine_elements_in_the_regulations_order_with_four_answers_each():
	assert ikm.FIELDS == tuple(f"u{i}" for i in range(1, 10))
	names = [e.name for e in ikm.ELEMENTS]
	assert names == [
		"Requirements",
		"Procedure",
		"Service Time",
		"Cost",
		"Service Product",
		"Staff Competence",
		"Staff Conduct",
		"Complaint Handling",
		"Facilities",
	]
	assert all(len(e.answers) == 4 and len(set(e.answers)) == 4 for e in ikm.ELEMENTS)
	assert ikm.ELEMENTS[0].answers == (
		"Not appropriate",
		"Less appropriate",
		"Appropriate",
		"Very appropriate",
	)


def test_ten_respondents_by_hand():
	# element sums 32 30 28 39 31 31 34 28 29 → NRR 3.2 3.0 2.8 3.9 3.1 3.1 3.4 2.8 2.9;
	# Σ NRR × 1/9 = 28.2 / 9 = 3.1333…; × 25 = 78.333… → 78.33, band B (76.61–88.30)
	result = ikm.index_of(TEN)
	assert result.respondents == 10
	assert result.means == pytest.approx((3.2, 3.0, 2.8, 3.9, 3.1, 3.1, 3.4, 2.8, 2.9))
	assert result.ikm == 78.33
	assert (result.grade, result.performance) == ("B", "Good")
	# the same from the SQL aggregate's sums
	assert ikm.index([32, 30, 28, 39, 31, 31, 34, 28, 29], 10) == result


def test_no_respondents_no_index_not_zero():
	assert ikm.index([0] * 9, 0) is None
	assert ikm.index_of([]) is None


def test_all_fours_score_100_and_all_ones_25():
	best = ikm.index_of([(4,) * 9] * 7)
	assert (best.ikm, best.grade, best.performance) == (100.0, "A", "Very Good")
	worst = ikm.index_of([(1,) * 9] * 3)
	assert (worst.ikm, worst.grade, worst.performance) == (25.0, "D", "Not Good")


@pytest.mark.parametrize(
	"value, grade, performance",
	[
		(100, "A", "Very Good"),
		(88.31, "A", "Very Good"),
		(88.30, "B", "Good"),
		(76.61, "B", "Good"),
		(76.60, "C", "Below Good"),
		(65.00, "C", "Below Good"),
		(64.99, "D", "Not Good"),
		(25, "D", "Not Good"),
	],
)
def test_band_borders(value, grade, performance):
	assert ikm.grade(value) == (grade, performance)


def test_the_index_is_rounded_half_up_before_grading():
	assert str(ikm.round_ikm(Fraction(17661, 200))) == "88.31"  # 88.305
	assert ikm.grade(Fraction(17661, 200)) == ("A", "Very Good")
	assert ikm.grade(Fraction(17659, 200))[0] == "B"  # 88.295 → 88.30
	# 26 respondents whose answers add up to 717: 25 × 717 / 234 = 76.6026 → 76.60, band C, not B
	period = ikm.index([80] * 8 + [77], 26)
	assert (period.ikm, period.grade, period.performance) == (76.6, "C", "Below Good")


def test_an_index_outside_the_scale_is_a_bug():
	for value in (24.99, 100.01, -1):
		with pytest.raises(ValueError):
			ikm.grade(value)
	with pytest.raises(ValueError):
		ikm.index([50] * 9, 10)  # a mean of 5
	with pytest.raises(ValueError):
		ikm.index([3] * 8, 1)


@pytest.mark.parametrize("answer", [0, 5, -1, "x", "", None, "3.5", 2.5, True, "<b>4</b>"])
def test_answers_are_whole_numbers_from_one_to_four(answer):
	with pytest.raises(InvalidSurveyError):
		ikm.check_answer(answer, "Requirements")


def test_answers_from_a_web_form_arrive_as_text():
	assert [ikm.check_answer(a, "Cost") for a in ("1", " 2", 3, "4")] == [1, 2, 3, 4]


def test_age_is_optional_and_plausible():
	assert ikm.check_age(None) is None and ikm.check_age("") is None
	assert ikm.check_age("34") == 34
	for age in (7, 121, "tiga", "34.5", -3):
		with pytest.raises(InvalidSurveyError):
			ikm.check_age(age)


def test_the_three_weakest_elements_and_their_ties():
	result = ikm.index_of(TEN)
	assert ikm.weakest(result.means) == [2, 7, 8]  # time 2.8, complaints 2.8, facilities 2.9
	assert ikm.weakest([3.0, 3.0, 3.0, 3.0, 3.5]) == [0, 1, 2, 3]  # a tie at the border counts
	assert ikm.weakest([]) == []


def test_element_score_on_the_ikm_scale():
	assert ikm.element_score(3.2) == 80.0
	assert ikm.element_score(10 / 3) == 83.33
