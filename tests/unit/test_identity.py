import pytest

from bppm_app.exceptions import InvalidNIBError, InvalidNIKError, InvalidNIPError, InvalidNPWPError
from bppm_app.rules import identity

# Kota Bontang is 64 74; districts 01–03. Women's birth day carries +40.
MALE = "6474021203850002"  # born 12-03-(19)85
FEMALE = "6474014508900001"  # born 05-08-(19)90


class TestNIK:
	def test_parses_region_birth_date_and_sex(self):
		info = identity.parse_nik(MALE)
		assert (info.province_code, info.regency_code, info.district_code) == ("64", "74", "02")
		assert (info.birth_day, info.birth_month, info.birth_year_2d) == (12, 3, 85)
		assert info.sex == "Male"
		assert info.serial == "0002"

	def test_female_birth_day_has_forty_added(self):
		info = identity.parse_nik(FEMALE)
		assert (info.birth_day, info.birth_month, info.sex) == (5, 8, "Female")

	def test_separators_typed_by_people_are_removed(self):
		assert identity.normalize_nik("6474 0145 0890 0001") == FEMALE
		assert identity.normalize_nik(" 6474-0212-0385-0002 ") == MALE

	@pytest.mark.parametrize(
		"nik, message",
		[
			("", "required"),
			(None, "required"),
			("647402120385000", "16 digits"),
			("64740212038500021", "16 digits"),
			("64740212038500O2", "digits only"),
			("0074021203850002", "province"),
			("2074021203850002", "province"),
			("6400021203850002", "regency"),
			("6474001203850002", "regency"),
			("6474023203850002", "date of birth"),  # day 32
			("6474027203850002", "date of birth"),  # day 72 (woman, 32)
			("6474020003850002", "date of birth"),  # day 0
			("6474021213850002", "date of birth"),  # month 13
			("6474021200850002", "date of birth"),  # month 0
			("6474023102850002", "date of birth"),  # 31 February
			("6474022902010002", "date of birth"),  # 29 February 1901/2001: not leap years
			("6474021203850000", "serial"),
		],
	)
	def test_rejects_implausible_numbers(self, nik, message):
		with pytest.raises(InvalidNIKError, match=message):
			identity.normalize_nik(nik)

	def test_leap_day_is_plausible_when_either_century_has_it(self):
		assert identity.parse_nik("6474022902000002").birth_day == 29  # 2000 is a leap year
		assert identity.parse_nik("6474026902840002").sex == "Female"  # 29-02-1984

	def test_new_papua_provinces_are_known(self):
		assert identity.parse_nik("9601011203850002").province_code == "96"

	def test_error_message_does_not_echo_the_number(self):
		with pytest.raises(InvalidNIKError) as excinfo:
			identity.normalize_nik("6474021213850002")
		assert "6474021213850002" not in str(excinfo.value)


class TestNIB:
	def test_thirteen_digits(self):
		assert identity.normalize_nib("9120301234567") == "9120301234567"
		assert identity.normalize_nib("9120 3012 34567") == "9120301234567"

	@pytest.mark.parametrize("nib", ["912030123456", "91203012345678", "91203012345AB", "0000000000000"])
	def test_rejects(self, nib):
		with pytest.raises(InvalidNIBError):
			identity.normalize_nib(nib)


class TestNPWP:
	def test_old_fifteen_digit_form_with_punctuation(self):
		assert identity.normalize_npwp("01.234.567.8-901.000") == "012345678901000"

	def test_new_sixteen_digit_form(self):
		assert identity.normalize_npwp("6474021203850002") == "6474021203850002"

	@pytest.mark.parametrize(
		"npwp", ["01234567890100", "01234567890100012", "01.234.567.8-901.00A", "000000000000000"]
	)
	def test_rejects(self, npwp):
		with pytest.raises(InvalidNPWPError):
			identity.normalize_npwp(npwp)

	def test_format_for_print(self):
		assert identity.format_npwp("012345678901000") == "01.234.567.8-901.000"
		assert identity.format_npwp("6474021203850002") == "6474021203850002"


class TestNIP:
	def test_valid(self):
		assert identity.normalize_nip("19720315 199803 1 004") == "197203151998031004"

	@pytest.mark.parametrize(
		"nip",
		[
			"19720315199803100",
			"197213151998031004",
			"197202301998031004",
			"197203151998033004",
			"1972031519980310AB",
		],
	)
	def test_rejects(self, nip):
		with pytest.raises(InvalidNIPError):
			identity.normalize_nip(nip)


def test_mask_keeps_only_the_last_digits():
	assert identity.mask(MALE) == "************0002"
	assert identity.mask("123") == "***"
	assert identity.mask(None) == ""
