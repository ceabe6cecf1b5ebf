"""One spelling per identifier (rules/identifiers.py) and text limits (rules/limits.py)."""

import pytest

from bppm_app.exceptions import InvalidNIKError, TextTooLongError
from bppm_app.rules import identifiers, identity, limits

NUMBER = "PRM-2026-00011"
FULL_WIDTH = "PRM-２０２６-０００１１"


@pytest.mark.parametrize(
	"spelling",
	[
		NUMBER,
		NUMBER.lower(),
		f" {NUMBER} ",
		NUMBER + "\u200b",
		"\ufeff" + NUMBER,
		FULL_WIDTH,
		"PRM-2026-\u206000011",
	],
)
def test_every_spelling_of_a_registration_number_is_one(spelling):
	assert identifiers.registration_number(spelling) == NUMBER


@pytest.mark.parametrize(
	"junk",
	[None, 5, "", "PRM-2026-0001", "PRM-2026-00011'--", "PRM-٢٠٢٦-00011", "x" * 300, ["PRM-2026-00011"]],
)
def test_a_malformed_number_is_none(junk):
	assert identifiers.registration_number(junk) is None


def test_pins_codes_and_tokens():
	assert identifiers.tracking_pin(" １２３４５６\u200b") == "123456"
	assert identifiers.tracking_pin("12345") is None
	assert identifiers.tracking_pin("١٢٣٤٥٦") is None  # Arabic-Indic digits are no PIN
	assert identifiers.permit_type_code("pbg\u200b ") == "PBG"
	assert identifiers.permit_type_code("P B G") == "PBG"
	assert identifiers.permit_type_code("PBG!") is None
	code = "aB3_-" * 6 + "xy"
	assert identifiers.random_code(code + "\u200b") == code  # case kept: the code is case-sensitive
	assert identifiers.key_of(code) == code.upper()  # …but the database finds it in any case
	assert identifiers.random_code("short") is None


def test_a_nik_is_read_in_one_spelling_and_in_ascii_digits_only():
	nik = "6474014508900001"
	assert identity.normalize_nik("６４７４０１４５０８９００００１") == nik
	assert identity.normalize_nik("6474 0145 0890 0001\u200b") == nik
	with pytest.raises(InvalidNIKError):
		identity.normalize_nik("٦٤٧٤٠١٤٥٠٨٩٠٠٠٠١")


def test_text_limits_by_type_and_by_field_length():
	assert limits.text_limit("Small Text") == 2000
	assert limits.text_limit("Text") == 10000
	assert limits.text_limit("Text", 500) == 500
	assert limits.text_limit("Data") is None
	limits.check_text("Description", "x" * 10000, 10000)
	with pytest.raises(TextTooLongError, match="10000"):
		limits.check_text("Description", "x" * 10001, 10000)
