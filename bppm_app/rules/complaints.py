"""Public complaints (*pengaduan*): the response deadline, tracking codes and how each complaint
fared. Plain functions, no database.

- A complaint is answered within 5 working days of its receipt. The due date is the 5th working
  day after the day it was received, on the office calendar (weekends and Service Holidays do not
  count; the day of receipt does not either, so a complaint received on Saturday counts from
  Monday), as the SLA engine counts working days.
- The tracking code is 20 random characters from an alphabet without look-alikes (no 0, O, 1, I),
  shown in groups of four (``K7QM-2XHD-…``): 100 random bits, made with ``secrets``. A code is
  read case-insensitively, with or without spaces and dashes. The office stores the code for staff
  and finds a complaint by its SHA-256 (``key_of``), then compares the code in constant time.
- Statuses are the contract's: Open, In Progress, Resolved, Closed. Open and In Progress are
  unresolved; a complaint is Overdue while it is unresolved after its due date. Once resolved it
  was answered On Time (by the end of the due date) or Late.
- The receipt e-mail goes to an address the public form was given at most
  ``RECEIPTS_PER_MAILBOX`` times a day (``mailbox``: one mailbox however its address is spelled),
  so that the form cannot make the office's mail server send strangers mail on anyone's behalf.
  The complaint is taken either way; its code is on the screen.
"""

import datetime
import hashlib
import hmac
import secrets

from bppm_app.rules.calendar import WorkingCalendar
from bppm_app.rules.channels import COUNTER
from bppm_app.rules.identifiers import canonical

RESPONSE_WORKING_DAYS = 5
RECEIPTS_PER_MAILBOX = 3  # receipt e-mails a day to one address given on the public form
RECEIPTS_PER_CLIENT = 20  # receipt e-mails a day that one client's complaints may send

OPEN, IN_PROGRESS, RESOLVED, CLOSED = "Open", "In Progress", "Resolved", "Closed"
UNRESOLVED = (OPEN, IN_PROGRESS)
ANSWERED = (RESOLVED, CLOSED)

# how a complaint fared (the Complaint Register)
ON_TIME, LATE, OVERDUE, PENDING = "On Time", "Late", "Overdue", "Pending"

WEB = "Web"
CHANNELS = (WEB, COUNTER, "Email", "Phone", "SP4N-LAPOR", "Social Media")

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: 5 bits each
CODE_LENGTH = 20
GROUP = 4


def due_date(
	calendar: WorkingCalendar, received_on: datetime.datetime | datetime.date, days: int
) -> datetime.date:
	"""The last day to answer a complaint received at ``received_on``."""
	day = received_on.date() if isinstance(received_on, datetime.datetime) else received_on
	return calendar.add_working_days(day, days)


def new_tracking_code() -> str:
	"""A new tracking code, grouped for reading aloud: ``XXXX-XXXX-XXXX-XXXX-XXXX``."""
	raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
	return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalize_code(text) -> str | None:
	"""The code's 20 characters, upper case, without spaces and dashes; None when it cannot be a
	tracking code at all."""
	if not isinstance(text, str) or len(text) > 64:
		return None
	raw = canonical(text).replace("-", "")
	if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
		return None
	return raw


def key_of(code: str) -> str:
	"""What the office looks a complaint up by: the SHA-256 of its normalised code."""
	return hashlib.sha256((normalize_code(code) or "").encode()).hexdigest()


def same_code(stored: str | None, given: str | None) -> bool:
	"""Whether two codes are the same, in constant time (normalised first)."""
	a, b = normalize_code(stored) or "", normalize_code(given) or ""
	return hmac.compare_digest(a.encode(), b.encode()) and bool(a)


def is_overdue(status: str | None, due: datetime.date | None, today: datetime.date) -> bool:
	return status in UNRESOLVED and due is not None and today > due


def outcome(
	status: str | None,
	due: datetime.date | None,
	responded_on: datetime.datetime | None,
	today: datetime.date,
) -> str:
	"""On Time, Late, Overdue or Pending (unresolved, not yet due)."""
	if status in ANSWERED and responded_on:
		return ON_TIME if due is None or responded_on.date() <= due else LATE
	return OVERDUE if is_overdue(status or OPEN, due, today) else PENDING


def working_days_to_respond(
	calendar: WorkingCalendar, received_on: datetime.datetime, responded_on: datetime.datetime | None
) -> float | None:
	"""Working days from receipt to the response (fractional: working time in days of 24 hours)."""
	if not responded_on or not received_on:
		return None
	return round(calendar.working_days_between(received_on, responded_on), 2)


# providers that deliver a local part's spellings to one mailbox: the characters they ignore in it,
# and the one domain their domains stand for
FOLDED_DOMAINS = {
	"gmail.com": (".", "gmail.com"),
	"googlemail.com": (".", "gmail.com"),
	"proton.me": (".-_", "proton.me"),
	"protonmail.com": (".-_", "proton.me"),
	"protonmail.ch": (".-_", "proton.me"),
	"pm.me": (".-_", "proton.me"),
}


def mailbox(email: str) -> str:
	"""One key per mailbox for the receipts' daily limit: the address lower-cased, without a
	"+tag" in its local part (delivered to the same mailbox by most providers), and for Gmail and
	Proton without the characters they ignore, under one domain each."""
	local, _at, domain = (email or "").strip().lower().rpartition("@")
	if not local:
		return domain
	local = local.split("+", 1)[0]
	if domain in FOLDED_DOMAINS:
		ignored, domain = FOLDED_DOMAINS[domain]
		local = local.translate(str.maketrans("", "", ignored))
	return f"{local}@{domain}"
