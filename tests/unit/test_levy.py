from decimal import Decimal

import pytest

from bppm_app.exceptions import InvalidAmountError
from bppm_app.rules.amounts import non_negative, positive
from bppm_app.rules.levy import compute_levy


def test_levy_is_base_plus_rate_times_quantity():
	# a house of 180 m² under the demo PBG rule: Rp 250.000 + Rp 15.000/m²
	assert compute_levy(True, 250_000, 15_000, 180) == Decimal(2_950_000)


def test_no_levy_when_the_type_has_none():
	assert compute_levy(False, 250_000, 15_000, 180) == 0


def test_rounds_half_up_to_whole_rupiah():
	assert compute_levy(True, 0, "1000.5", 1) == Decimal(1001)
	assert compute_levy(True, 0, 333.33, 3) == Decimal(1000)  # 999.99


def test_fractional_quantities():
	assert compute_levy(True, 100_000, 50_000, 12.5) == Decimal(725_000)


def test_empty_values_read_as_zero():
	assert compute_levy(True, None, 75_000, "") == 0
	assert compute_levy(True, 75_000, "", None) == Decimal(75_000)


@pytest.mark.parametrize(
	"base, rate, quantity", [(-1, 0, 0), (0, -5, 1), (0, 0, -1), (0, 0, "abc"), (0, "nan", 1)]
)
def test_refuses_negative_or_non_numeric_input(base, rate, quantity):
	with pytest.raises(InvalidAmountError):
		compute_levy(True, base, rate, quantity)


def test_negative_quantity_is_refused_even_without_levy():
	with pytest.raises(InvalidAmountError, match="Quantity"):
		compute_levy(False, 0, 0, -3)


def test_positive_and_non_negative():
	assert positive("1500000", "Planned Investment") == Decimal(1_500_000)
	with pytest.raises(InvalidAmountError, match="greater than zero"):
		positive(0, "Planned Investment")
	assert non_negative(0, "Levy Rate") == 0


@pytest.mark.parametrize(
	"value",
	[
		"1e309",
		1e309,
		float("inf"),
		"nan",
		"1e16",
		10**15,
		10**12,  # a Currency column (decimal(21,9)) holds twelve digits before the point
		"1000000000000.5",
		[1],
		{"a": 1},
		True,
		"1E+999999999",
		"-1E+999999999",
	],
)
def test_amounts_out_of_range_or_of_the_wrong_kind_are_clear_errors(value):
	with pytest.raises(InvalidAmountError):
		non_negative(value, "Quantity")


def test_a_levy_for_an_absurd_quantity_is_a_clear_error():
	with pytest.raises(InvalidAmountError, match="too large"):
		compute_levy(True, 100_000, 5_000, "1e300")


def test_a_levy_past_the_limit_is_a_clear_error_not_an_overflow():
	with pytest.raises(InvalidAmountError, match="Levy"):
		compute_levy(True, 0, 10**6, 10**6)


def test_a_levy_the_database_cannot_hold_is_a_clear_error():
	# 150,000 + 15,000 × 66,666,657 = 1,000,000,005,000: thirteen digits, past decimal(21,9)
	with pytest.raises(InvalidAmountError, match="too large"):
		compute_levy(True, 150_000, 15_000, 66_666_657)
	assert compute_levy(True, 0, 1, "999999999999") == Decimal("999999999999")
