"""Public complaints: the 5-working-day deadline, tracking codes, and how a complaint fared."""

import datetime as dt

import pytest

from bppm_app.rules import complaints
from bppm_app.rules.calendar import WorkingCalendar, official_holidays

D, T = dt.date, dt.datetime


@pytest.fixture(scope="module")
def calendar():
	return WorkingCalendar(h.holiday_date for h in official_holidays(2026))


def test_due_in_five_working_days_across_a_weekend_and_a_holiday(calendar):
	# received Friday 14 August 2026: the weekend and Independence Day (Monday 17) do not count;
	# Tue 18, Wed 19, Thu 20, Fri 21 and Mon 24 are the five working days
	assert complaints.due_date(calendar, T(2026, 8, 14, 15, 30), 5) == D(2026, 8, 24)
	# received on Saturday: counting starts on Monday (here a holiday, so Tuesday)
	assert complaints.due_date(calendar, T(2026, 8, 15, 9), 5) == D(2026, 8, 24)
	# received on an ordinary Monday: the next Monday
	assert complaints.due_date(calendar, D(2026, 6, 1), 5) == D(2026, 6, 8)


def test_a_local_holiday_moves_the_date():
	plain = WorkingCalendar()
	local = WorkingCalendar([D(2026, 6, 3)])
	assert complaints.due_date(plain, D(2026, 6, 1), 5) == D(2026, 6, 8)
	assert complaints.due_date(local, D(2026, 6, 1), 5) == D(2026, 6, 9)


def test_tracking_codes_are_long_random_and_readable():
	codes = {complaints.new_tracking_code() for _ in range(200)}
	assert len(codes) == 200
	for code in codes:
		groups = code.split("-")
		assert [len(g) for g in groups] == [4] * 5
		assert set(code.replace("-", "")) <= set(complaints.ALPHABET)
	assert len(complaints.ALPHABET) == 32 and not set("01IO") & set(complaints.ALPHABET)


def test_codes_are_read_without_case_spaces_or_dashes():
	code = complaints.new_tracking_code()
	sloppy = code.lower().replace("-", " ")
	assert complaints.normalize_code(sloppy) == code.replace("-", "")
	assert complaints.key_of(sloppy) == complaints.key_of(code)
	assert complaints.same_code(code, sloppy)
	assert not complaints.same_code(code, complaints.new_tracking_code())
	for junk in (None, "", "ABCD", "O" * 20, code + "A", 12345, ["x"], "x" * 5000):
		assert complaints.normalize_code(junk) is None
		assert not complaints.same_code(code, junk)
	assert not complaints.same_code(None, None)


def test_outcomes():
	due = D(2026, 8, 24)
	today = D(2026, 8, 26)
	assert complaints.outcome("Resolved", due, T(2026, 8, 24, 16), today) == complaints.ON_TIME
	assert complaints.outcome("Closed", due, T(2026, 8, 25, 8), today) == complaints.LATE
	assert complaints.outcome("In Progress", due, None, today) == complaints.OVERDUE
	assert complaints.outcome("Open", due, None, D(2026, 8, 24)) == complaints.PENDING
	# reopened after a response: unresolved again, so it is judged by the deadline
	assert complaints.outcome("In Progress", due, T(2026, 8, 20, 9), today) == complaints.OVERDUE
	assert complaints.is_overdue("Open", due, today) and not complaints.is_overdue("Resolved", due, today)


def test_working_days_to_respond(calendar):
	# received Friday 14 Aug 12:00, answered Tuesday 18 Aug 12:00: half of Friday and half of
	# Tuesday count; the weekend and Independence Day do not
	assert complaints.working_days_to_respond(calendar, T(2026, 8, 14, 12), T(2026, 8, 18, 12)) == 1.0
	assert complaints.working_days_to_respond(calendar, T(2026, 8, 14, 12), None) is None


@pytest.mark.parametrize(
	"email, box",
	[
		("warga@mail.example", "warga@mail.example"),
		("Warga@Mail.Example", "warga@mail.example"),
		("warga+pengaduan@mail.example", "warga@mail.example"),
		("warga+a+b@mail.example", "warga@mail.example"),
		("  warga@mail.example ", "warga@mail.example"),
		("warga.lain@mail.example", "warga.lain@mail.example"),  # dots are the provider's business
		("v.i.c.t.i.m@gmail.com", "victim@gmail.com"),  # Gmail's: it ignores them
		("Victim.Person+x@GoogleMail.com", "victimperson@gmail.com"),
		("v.ic-t_im@pm.me", "victim@proton.me"),  # Proton ignores dots, hyphens and underscores
		("victim@protonmail.com", "victim@proton.me"),
	],
)
def test_one_mailbox_however_its_address_is_spelled(email, box):
	assert complaints.mailbox(email) == box
