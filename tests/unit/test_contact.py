import pytest

from bppm_app.exceptions import InvalidContactError
from bppm_app.rules.contact import normalize_email, normalize_mobile


@pytest.mark.parametrize(
	"raw",
	[
		"0812-3456-7890",
		"081234567890",
		"+62 812 3456 7890",
		"6281234567890",
		"(0812) 3456.7890",
		"812-3456-7890",
	],
)
def test_mobile_numbers_are_stored_in_international_form(raw):
	assert normalize_mobile(raw) == "+6281234567890"


def test_shortest_and_longest_mobile_numbers():
	assert normalize_mobile("0812345678") == "+62812345678"  # 10 digits
	assert normalize_mobile("0812345678901") == "+62812345678901"  # 13 digits


@pytest.mark.parametrize(
	"raw",
	["0541-123456", "+6531234567", "08123", "08123456789012", "0812-ABCD-7890", "", "+62 21 5551234"],
)
def test_rejects_what_is_not_an_indonesian_mobile_number(raw):
	with pytest.raises(InvalidContactError):
		normalize_mobile(raw)


def test_email_is_trimmed_and_lower_cased():
	assert normalize_email("  Budi.Santoso@Mail.Example ") == "budi.santoso@mail.example"


@pytest.mark.parametrize(
	"raw", ["budi", "budi@", "@mail.example", "budi@mail", "budi santoso@mail.example", "a@b@c.id"]
)
def test_rejects_malformed_email(raw):
	with pytest.raises(InvalidContactError):
		normalize_email(raw)
