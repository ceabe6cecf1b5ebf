"""The bank's payment notice without a site: signature, fields, and what a notice means."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from bppm_app.exceptions import BPPMValidationError, InvalidPaymentNoticeError
from bppm_app.rules import payments as rules
from bppm_app.rules.levy import payment_code

SECRET = "s3cret-shared-with-the-bank-0123456789"


def notice(**changes) -> bytes:
	data = {
		"payment_code": "202600012",
		"amount": 150000,
		"paid_at": "2026-03-16T10:15:00+08:00",
		"bank_reference": "BKT-20260316-0001",
		"bank": "Bank Kaltimtara",
	}
	data.update(changes)
	return json.dumps({k: v for k, v in data.items() if v is not ...}).encode()


# --- signature ------------------------------------------------------------------------------------


def test_signature_is_hex_hmac_sha256_of_the_raw_body():
	# RFC 4231-style known answer (the classic "key" / "quick brown fox" vector)
	assert (
		rules.sign("key", b"The quick brown fox jumps over the lazy dog")
		== "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
	)


def test_a_valid_signature_is_accepted_in_either_case():
	body = notice()
	signature = rules.sign(SECRET, body)
	assert rules.signature_valid(SECRET, body, signature)
	assert rules.signature_valid(SECRET, body, signature.upper())
	assert rules.signature_valid(SECRET, body, f"  {signature}\n")


@pytest.mark.parametrize(
	"secret, body, signature",
	[
		(SECRET, notice(), None),
		(SECRET, notice(), ""),
		(SECRET, notice(), "0" * 64),
		(SECRET, notice(), rules.sign(SECRET, notice())[:-2]),
		(SECRET, notice(), "z" * 64),
		(SECRET, notice(amount=1500), rules.sign(SECRET, notice())),  # tampered body
		("another-secret-with-enough-characters", notice(), rules.sign(SECRET, notice())),
		(None, notice(), rules.sign(SECRET, notice())),  # no secret configured: nothing is valid
		("", notice(), rules.sign("", notice())),
	],
	ids=[
		"none",
		"empty",
		"zeros",
		"truncated",
		"not hex",
		"tampered",
		"other secret",
		"no secret",
		"empty secret",
	],
)
def test_anything_else_is_refused(secret, body, signature):
	assert not rules.signature_valid(secret, body, signature)


def test_the_secret_must_be_long_enough():
	rules.check_secret("x" * 32)
	rules.check_secret(None)  # no secret: every notice is refused
	with pytest.raises(BPPMValidationError):
		rules.check_secret("short-secret")


# --- fields ---------------------------------------------------------------------------------------


def test_a_good_notice_is_read_exactly():
	parsed = rules.parse_notice(notice(amount="150000.50", payment_code=202600012))
	assert parsed.payment_code == "202600012"
	assert parsed.amount == Decimal("150000.50")
	assert parsed.paid_at == dt.datetime(2026, 3, 16, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
	assert (parsed.bank_reference, parsed.bank) == ("BKT-20260316-0001", "Bank Kaltimtara")


def test_amounts_are_read_as_decimals_not_floats():
	assert rules.parse_notice(
		b'{"payment_code": "1", "amount": 0.1, "paid_at": "2026-01-01T00:00:00",'
		b' "bank_reference": "r", "bank": "b"}'
	).amount == Decimal("0.1")


def test_times_in_utc_and_without_offset():
	assert rules.parse_notice(notice(paid_at="2026-03-16T02:15:00Z")).paid_at.utcoffset() == dt.timedelta(0)
	assert rules.parse_notice(notice(paid_at="2026-03-16 10:15:00")).paid_at.tzinfo is None


@pytest.mark.parametrize(
	"body, message",
	[
		(b"{", "not valid JSON"),
		(b"\xff\xfe", "not valid JSON"),
		(b"[]", "JSON object"),
		(b'"text"', "JSON object"),
		(notice(bank=...), "Missing fields: bank"),
		(notice(amount=None, bank_reference=""), "Missing fields: amount, bank_reference"),
		(notice(payment_code="2026-00012"), "payment_code"),
		(notice(payment_code=True), "payment_code"),
		(notice(amount=0), "amount"),
		(notice(amount=-1), "amount"),
		(notice(amount="abc"), "amount"),
		(notice(amount=True), "amount"),
		(notice(amount="1e20"), "amount"),
		(notice(amount="10.005"), "two decimals"),
		(notice(paid_at="16/03/2026"), "paid_at"),
		(notice(paid_at=1773627300), "paid_at"),
		# what a Currency column (decimal(21,9)) cannot hold, and years no local time can be made of
		(notice(amount="999999999999999.99"), "amount"),
		(notice(amount=10**12), "amount"),
		(notice(paid_at="9999-12-31T23:59:59-12:00"), "paid_at must be a date from 2000 to 2100"),
		(notice(paid_at="0001-01-01T00:00:00+14:00"), "paid_at must be a date from 2000 to 2100"),
		(notice(paid_at="1999-12-31T23:59:59"), "paid_at"),
		(notice(paid_at="2101-01-01T00:00:00Z"), "paid_at"),
		(notice(bank_reference="x" * 141), "bank_reference"),
		(notice(bank="Bank\nKaltimtara"), "bank"),
		(b"{" + b" " * rules.MAX_BODY_BYTES + b"}", "too large"),
	],
)
def test_malformed_notices_are_refused_with_the_reason(body, message):
	with pytest.raises(InvalidPaymentNoticeError) as error:
		rules.parse_notice(body)
	assert message in str(error.value)
	assert error.value.http_status_code == 400


def test_every_problem_is_reported_at_once():
	with pytest.raises(InvalidPaymentNoticeError) as error:
		rules.parse_notice(notice(amount=-1, paid_at="soon", bank=...))
	assert all(word in str(error.value) for word in ("bank", "amount", "paid_at"))


# --- meaning --------------------------------------------------------------------------------------


def test_a_payment_code_leads_back_to_its_registration_number():
	assert rules.registration_number(payment_code("PRM-2026-00012")) == "PRM-2026-00012"
	assert rules.registration_number("2026123456") == "PRM-2026-123456"
	assert rules.registration_number("12345") is None


OPEN = rules.Assessment(found=True, assessed=True, open=True, levy_amount=Decimal(150000))


@pytest.mark.parametrize(
	"amount, assessment, status",
	[
		(Decimal(150000), OPEN, rules.MATCHED),
		(Decimal("150000.00"), OPEN, rules.MATCHED),
		(Decimal("150000.01"), OPEN, rules.AMOUNT_MISMATCH),
		(Decimal(149000), OPEN, rules.AMOUNT_MISMATCH),
		(Decimal(150000), rules.Assessment(), rules.UNKNOWN_CODE),
		(Decimal(150000), rules.Assessment(found=True, open=True), rules.UNKNOWN_CODE),  # no SKRD yet
		(
			Decimal(150000),
			rules.Assessment(found=True, assessed=True, levy_amount=150000),
			rules.UNKNOWN_CODE,
		),
		(Decimal(150000), rules.Assessment(found=True, assessed=True, paid=True), rules.DUPLICATE),
		(Decimal(1), rules.Assessment(found=True, assessed=True, open=True, paid=True), rules.DUPLICATE),
	],
	ids=[
		"exact",
		"with sen",
		"a sen more",
		"less",
		"no application",
		"not assessed",
		"closed",
		"paid",
		"paid, other amount",
	],
)
def test_what_a_notice_means(amount, assessment, status):
	found, note = rules.judge(amount, assessment)
	assert found == status
	assert bool(note) == (status != rules.MATCHED)


def test_a_mismatch_says_both_amounts():
	assert rules.judge(Decimal("149000.50"), OPEN)[1] == "Paid Rp 149.000,50; the SKRD assesses Rp 150.000."


def test_the_largest_amount_and_the_edge_years_are_read():
	parsed = rules.parse_notice(notice(amount="999999999999.99", paid_at="2000-01-01T00:00:00+14:00"))
	assert parsed.amount == Decimal("999999999999.99")
	assert rules.parse_notice(notice(paid_at="2100-12-31T23:59:59-12:00")).paid_at.year == 2100
