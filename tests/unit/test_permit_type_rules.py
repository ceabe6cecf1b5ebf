import pytest

from bppm_app.exceptions import InvalidPermitTypeError
from bppm_app.rules import permit_type as rules


@pytest.mark.parametrize(
	"raw, code", [("pbg", "PBG"), (" SIPB ", "SIPB"), ("K3", "K3"), ("ABCDEFGHIJ12", "ABCDEFGHIJ12")]
)
def test_codes_are_upper_case_letters_and_digits(raw, code):
	assert rules.normalize_code(raw) == code


@pytest.mark.parametrize("raw", ["", "P", "ABCDEFGHIJ123", "PB-G", "PB G", "PBG/1", "IZÍN", None])
def test_rejects_bad_codes(raw):
	with pytest.raises(InvalidPermitTypeError):
		rules.normalize_code(raw)


def test_sla_days_must_be_positive_whole_numbers():
	assert rules.check_sla_working_days(5) == 5
	for bad in (0, -1, 2.5, None, True):
		with pytest.raises(InvalidPermitTypeError):
			rules.check_sla_working_days(bad)


def test_validity_months_zero_means_no_expiry():
	assert rules.check_validity_months(0) == 0
	assert rules.check_validity_months(60) == 60
	with pytest.raises(InvalidPermitTypeError):
		rules.check_validity_months(-1)


def test_file_types_are_normalised():
	assert rules.normalize_file_types(" PDF, .jpg ,png,pdf") == "pdf,jpg,png"
	assert rules.normalize_file_types("") == rules.DEFAULT_FILE_TYPES
	assert rules.normalize_file_types(None) == rules.DEFAULT_FILE_TYPES
	with pytest.raises(InvalidPermitTypeError):
		rules.normalize_file_types("pdf; jpg")


def test_requirements_need_names_and_no_duplicates():
	rules.check_requirements(["KTP", "NIB"])
	with pytest.raises(InvalidPermitTypeError, match="row 2"):
		rules.check_requirements(["KTP", "  "])
	with pytest.raises(InvalidPermitTypeError, match="twice"):
		rules.check_requirements(["KTP", "ktp "])
