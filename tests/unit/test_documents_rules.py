"""Terbilang, rupiah and Indonesian dates, the SKRD's number and due date, LKPM reminder windows:
the plain rules behind the print formats and notifications."""

import datetime

import pytest

from bppm_app.exceptions import InvalidAmountError
from bppm_app.rules import levy, lkpm
from bppm_app.rules.formatting import clock_time, long_date, number, rupiah, zone_name
from bppm_app.rules.terbilang import rupiah_in_words, terbilang

D = datetime.date


# --- terbilang --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"amount, words",
	[
		(0, "nol"),
		(1, "satu"),
		(7, "tujuh"),
		(10, "sepuluh"),
		(11, "sebelas"),
		(12, "dua belas"),
		(19, "sembilan belas"),
		(20, "dua puluh"),
		(21, "dua puluh satu"),
		(99, "sembilan puluh sembilan"),
		(100, "seratus"),
		(101, "seratus satu"),
		(110, "seratus sepuluh"),
		(111, "seratus sebelas"),
		(200, "dua ratus"),
		(999, "sembilan ratus sembilan puluh sembilan"),
		(1000, "seribu"),
		(1001, "seribu satu"),
		(1100, "seribu seratus"),
		(2000, "dua ribu"),
		(11_000, "sebelas ribu"),
		(100_000, "seratus ribu"),
		(101_000, "seratus satu ribu"),
		(1_000_000, "satu juta"),
		(1_500_000, "satu juta lima ratus ribu"),
		(2_950_000, "dua juta sembilan ratus lima puluh ribu"),
		(1_001_000, "satu juta seribu"),
		(12_345_678, "dua belas juta tiga ratus empat puluh lima ribu enam ratus tujuh puluh delapan"),
		(1_000_000_000, "satu miliar"),
		(12_000_000_000, "dua belas miliar"),
		(1_000_000_000_000, "satu triliun"),
		(999_000_000_000_001, "sembilan ratus sembilan puluh sembilan triliun satu"),
	],
)
def test_terbilang(amount, words):
	assert terbilang(amount) == words


def test_rupiah_in_words_as_the_letters_write_it():
	assert rupiah_in_words(1_500_000) == "satu juta lima ratus ribu rupiah"
	assert rupiah_in_words(1_500_000, capitalize=True) == "Satu juta lima ratus ribu rupiah"
	assert rupiah_in_words(None) == "nol rupiah"


def test_terbilang_rounds_half_up_to_whole_rupiah_and_reads_strings():
	assert terbilang("1500000.50") == "satu juta lima ratus ribu satu"
	assert terbilang(1999.49) == "seribu sembilan ratus sembilan puluh sembilan"
	assert terbilang(-25_000) == "minus dua puluh lima ribu"


@pytest.mark.parametrize("bad", ["satu juta", "nan", 10**15])
def test_terbilang_refuses_what_it_cannot_write(bad):
	with pytest.raises(InvalidAmountError):
		terbilang(bad)


# --- rupiah -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"amount, text",
	[
		(1_500_000, "Rp 1.500.000"),
		(0, "Rp 0"),
		(None, "Rp 0"),
		(999, "Rp 999"),
		(1000, "Rp 1.000"),
		("2950000.0", "Rp 2.950.000"),
		(1_234_567_890, "Rp 1.234.567.890"),
		(1000.5, "Rp 1.001"),
		(-25_000, "-Rp 25.000"),
	],
)
def test_rupiah(amount, text):
	assert rupiah(amount) == text


@pytest.mark.parametrize(
	"value, lang, text",
	[
		(180, "id", "180"),
		(12.5, "id", "12,5"),
		(1234.567, "id", "1.234,57"),
		(1234.5, "en", "1,234.5"),
		(None, "id", "0"),
	],
)
def test_number(value, lang, text):
	assert number(value, lang) == text


# --- dates --------------------------------------------------------------------------------------------


def test_long_date_in_indonesian():
	assert long_date(D(2026, 11, 29)) == "29 November 2026"
	assert long_date(D(2026, 11, 29), weekday=True) == "Minggu, 29 November 2026"
	assert long_date("2026-08-17") == "17 Agustus 2026"
	assert long_date(datetime.datetime(2026, 5, 1, 14, 30), weekday=True) == "Jumat, 1 Mei 2026"
	assert long_date("2027-01-04 09:00:00", weekday=True) == "Senin, 4 Januari 2027"


def test_long_date_in_english_and_other_languages():
	assert long_date(D(2026, 11, 29), weekday=True, lang="en") == "Sunday, 29 November 2026"
	assert long_date(D(2026, 8, 17), lang="en-GB") == "17 August 2026"
	assert long_date(D(2026, 5, 1), lang="fr") == "1 May 2026"  # no French names: English
	assert long_date(D(2026, 5, 1), lang=None) == "1 Mei 2026"  # Indonesian first


def test_no_date_is_empty():
	assert long_date(None) == "" and long_date("") == "" and clock_time(None) == ""


def test_clock_time_and_zones():
	moment = datetime.datetime(2026, 11, 29, 14, 5, 59)
	assert clock_time(moment) == "14.05"
	assert clock_time(moment, "en") == "14:05"
	assert clock_time("2026-11-29 08:30:00.123456") == "08.30"
	assert zone_name("Asia/Makassar") == "WITA"
	assert zone_name("Asia/Jakarta") == "WIB"
	assert zone_name("Asia/Jayapura") == "WIT"
	assert zone_name("Europe/Berlin") == "Europe/Berlin"


# --- the SKRD -----------------------------------------------------------------------------------------


def test_skrd_number_runs_per_year():
	assert levy.skrd_number(D(2026, 11, 29), 12) == "SKRD/2026/00012"
	assert levy.skrd_counter_key(D(2026, 1, 1)) == "BPPM-SKRD-2026"
	assert levy.skrd_counter_key(D(2027, 1, 1)) != levy.skrd_counter_key(D(2026, 12, 31))


def test_skrd_is_due_thirty_calendar_days_after_assessment_by_default():
	assert levy.due_date(D(2026, 11, 29), 30) == D(2026, 12, 29)
	assert levy.due_date(D(2026, 11, 29), 14) == D(2026, 12, 13)
	assert levy.due_date(D(2026, 11, 29), None) == D(2026, 12, 29)
	assert levy.due_date(D(2026, 11, 29), 0) == D(2026, 12, 29)


def test_payment_code_is_the_registration_number_s_digits():
	assert levy.payment_code("PRM-2026-00012") == "202600012"
	assert levy.payment_code(None) == ""


# --- LKPM reminders -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"today, days, quarter",
	[
		(D(2026, 10, 3), 7, (2026, "Q3")),  # seven days before 10 October
		(D(2026, 10, 10), 7, (2026, "Q3")),  # the due date itself
		(D(2026, 10, 2), 7, None),  # too early
		(D(2026, 10, 11), 7, None),  # past due: the reminder window is over
		(D(2027, 1, 5), 7, (2026, "Q4")),  # Q4 is due on 10 January of the next year
		(D(2026, 4, 1), 10, (2026, "Q1")),
		(D(2026, 5, 20), 7, None),
		(D(2026, 10, 5), 0, None),  # reminders switched off
	],
)
def test_reminder_quarter(today, days, quarter):
	assert lkpm.reminder_quarter(today, days) == quarter


def test_who_is_reminded():
	assert lkpm.needs_reminder(None)
	assert lkpm.needs_reminder(lkpm.DRAFT)
	assert lkpm.needs_reminder(lkpm.NEEDS_REVISION)
	assert not lkpm.needs_reminder(lkpm.SUBMITTED)
	assert not lkpm.needs_reminder(lkpm.APPROVED)
