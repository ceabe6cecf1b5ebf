from decimal import Decimal

import pytest

from bppm_app.exceptions import InvalidAmountError
from bppm_app.rules.levy import compute_levy, non_negative, positive


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
