"""The levy paid at the bank, over real HTTP: the bank's signed notices to a server for the test site.

Good notices pay the application and move it on as the office's system user for bank notices;
refused notices (no signature, a wrong one, a tampered body, malformed JSON) store nothing; every
other notice is recorded once as it arrived (amount mismatch, unknown code, duplicate). Parallel
deliveries leave exactly one Matched payment. The treasurer resolves what did not match, with a
reason, and reconciles with the report.
"""

import json
import subprocess
import threading

import frappe
import pytest

from bppm_app.exceptions import LevyPaymentLockedError, LevyPaymentResolutionError
from bppm_app.roles import APPLICANT, HEAD, SYSTEM_USER, TREASURER
from bppm_app.rules import payments as rules
from bppm_app.utils import as_user

from .conftest import BENCH, SITE
from .documents import language
from .factories import make_user
from .payments import LEVY, SECRET, Bank, Office, payments_of, set_secret

PREFIX = "PAYTEST-"


@pytest.fixture(scope="module")
def bank(server):
	"""The bank, sending to the served test site (tests/site.py) with the shared secret."""
	set_secret()
	yield Bank(server, PREFIX)
	frappe.cache.delete_keys("bppm:payment-refused:")


@pytest.fixture(scope="module")
def office(site, staff):
	office = Office(staff)
	yield office
	office.purge(PREFIX)


def application(name):
	frappe.db.rollback()  # a new transaction sees what the server committed
	return frappe.get_doc("Permit Application", name)


def stages_of(name):
	return frappe.get_all(
		"Permit Application Stage",
		filters={"permit_application": name},
		fields=["state", "entered_by", "action", "sla_clock"],
		order_by="entered_on asc, creation asc",
	)


def count_rows() -> int:
	frappe.db.rollback()
	return frappe.db.count("Levy Payment")


# --- a good notice ---------------------------------------------------------------------------------


def test_a_good_notice_pays_the_levy_and_moves_the_file_on(bank, office):
	name = office.awaiting_payment()
	before = application(name)
	assert before.sla_clock == "Paused" and not before.levy_paid
	reference = bank.reference()

	status, answer = bank.notify(office.code(name), LEVY, reference, paid_at="2026-03-16T10:15:00+08:00")

	assert status == 200, answer
	assert answer == {"status": rules.MATCHED, "bank_reference": reference}
	doc = application(name)
	assert doc.levy_paid == 1 and doc.payment_reference == reference
	assert str(doc.paid_on) == "2026-03-16"
	# the treasurer's transition out of Awaiting Payment: the clock runs again, the head is assigned
	assert doc.workflow_state == "Awaiting Approval" and doc.sla_clock == "Running"
	assert doc.sla_due_date and doc.sla_due_date >= before.sla_due_date
	last = stages_of(name)[-1]
	assert (last.state, last.entered_by, last.action) == (
		"Awaiting Approval",
		SYSTEM_USER,
		"Confirm Payment",
	)
	assert frappe.get_all(
		"ToDo",
		filters={"reference_name": name, "status": "Open", "allocated_to": ("like", "%")},
		pluck="name",
	)
	(row,) = payments_of(reference)
	assert row.status == rules.MATCHED and row.permit_application == name and row.amount == LEVY
	assert row.owner == SYSTEM_USER
	assert json.loads(row.raw_payload)["bank_reference"] == reference


def test_the_system_user_is_a_treasurer_nobody_can_log_in_as(site):
	user = frappe.get_doc("User", SYSTEM_USER)
	assert TREASURER in {r.role for r in user.roles}
	assert user.user_type == "System User" and not user.api_key
	assert not frappe.db.sql(
		"select name from `__Auth` where doctype = 'User' and name = %s and fieldname = 'password'",
		SYSTEM_USER,
	)


# --- refused notices store nothing -------------------------------------------------------------------


@pytest.mark.parametrize("case", ["no signature", "wrong signature", "tampered body", "wrong secret"])
def test_a_notice_without_a_valid_signature_is_refused_with_401(bank, office, case):
	name = office.awaiting_payment() if case == "tampered body" else office.made[0]
	body = bank.body(office.code(name), LEVY, bank.reference())
	rows = count_rows()
	if case == "no signature":
		response = bank.post(body, signature=None)
	elif case == "wrong signature":
		response = bank.post(body, signature="0" * 64)
	elif case == "wrong secret":
		response = bank.post(body, signature=rules.sign("another-secret-of-at-least-32-characters", body))
	else:
		signature = rules.sign(SECRET, body)
		response = bank.post(body.replace(b"150000", b"1500"), signature=signature)
	assert response.status_code == 401, response.text
	assert count_rows() == rows
	if case == "tampered body":
		assert not application(name).levy_paid


@pytest.mark.parametrize(
	"body, message",
	[
		# the bank is answered in Indonesian, as every caller without a language of its own
		(b"{not json", "bukan JSON yang sah"),
		(b"[1, 2]", "objek JSON"),
		(json.dumps({"payment_code": "202600001", "amount": 5}).encode(), "Kolom yang kosong"),
		(
			json.dumps(
				{
					"payment_code": "2026-X",
					"amount": -5,
					"paid_at": "yesterday",
					"bank_reference": "x",
					"bank": "b",
				}
			).encode(),
			"payment_code",
		),
		(
			json.dumps(
				{
					"payment_code": "202600001",
					"amount": "999999999999999.99",
					"paid_at": "2026-03-16T10:15:00+08:00",
					"bank_reference": "x",
					"bank": "b",
				}
			).encode(),
			"amount",
		),
		(
			json.dumps(
				{
					"payment_code": "202600001",
					"amount": 5,
					"paid_at": "9999-12-31T23:59:59-12:00",
					"bank_reference": "x",
					"bank": "b",
				}
			).encode(),
			"paid_at",
		),
		(
			json.dumps(
				{
					"payment_code": "202600001",
					"amount": 5,
					"paid_at": "0001-01-01T00:00:00+14:00",
					"bank_reference": "x",
					"bank": "b",
				}
			).encode(),
			"paid_at",
		),
	],
	ids=[
		"not json",
		"an array",
		"missing fields",
		"bad fields",
		"an amount no column holds",
		"the year 9999",
		"the year 1",
	],
)
def test_a_signed_but_malformed_notice_is_refused_with_400(bank, body, message):
	rows = count_rows()
	# the body is sent as text: Frappe itself parses a body labelled JSON before any app code runs
	response = bank.post(body, **{"Content-Type": "text/plain"})
	assert response.status_code == 400, response.text
	assert message in response.text
	assert count_rows() == rows


def test_only_post_is_accepted(bank):
	import requests

	response = requests.get(bank.url, timeout=60)
	assert 400 <= response.status_code < 500


# --- notices that do not match are recorded and change nothing ---------------------------------------


def test_a_wrong_amount_is_recorded_as_a_mismatch_and_changes_nothing(bank, office):
	name = office.awaiting_payment()
	reference = bank.reference()
	status, answer = bank.notify(office.code(name), LEVY - 1_000, reference)
	assert (status, answer["status"]) == (200, rules.AMOUNT_MISMATCH)
	doc = application(name)
	assert not doc.levy_paid and doc.workflow_state == "Awaiting Payment" and not doc.payment_reference
	(row,) = payments_of(reference)
	assert row.permit_application == name and "Rp 149.000" in row.note and "Rp 150.000" in row.note


def test_an_unknown_code_is_recorded_as_unknown(bank):
	reference = bank.reference()
	status, answer = bank.notify("999999999999", LEVY, reference)
	assert (status, answer["status"]) == (200, rules.UNKNOWN_CODE)
	(row,) = payments_of(reference)
	assert not row.permit_application and row.amount == LEVY


def test_a_second_payment_for_a_paid_levy_is_a_duplicate(bank, office):
	name = office.awaiting_payment()
	assert bank.notify(office.code(name), LEVY)[1]["status"] == rules.MATCHED
	status, answer = bank.notify(office.code(name), LEVY)
	assert (status, answer["status"]) == (200, rules.DUPLICATE)
	assert [r.status for r in payments_of(application=name)].count(rules.MATCHED) == 1


def test_a_repeated_reference_answers_the_first_result_and_stores_nothing(bank, office):
	name = office.awaiting_payment()
	reference = bank.reference()
	first = bank.notify(office.code(name), LEVY - 1, reference)
	# the same reference again, even with another amount: the first answer, no new row
	again = bank.notify(office.code(name), LEVY, reference)
	assert first == again == (200, {"status": rules.AMOUNT_MISMATCH, "bank_reference": reference})
	assert len(payments_of(reference)) == 1
	assert not application(name).levy_paid


def test_a_reference_in_another_case_is_another_payment(bank, office):
	"""Helper 24's F7: references are case-sensitive (docs/bank-integration.md): ``ref-…`` after
	``REF-…`` is a new payment, recorded under its own reference, not answered as a repeat."""
	name = office.awaiting_payment()
	reference = bank.reference()
	assert bank.notify(office.code(name), LEVY, reference) == (
		200,
		{"status": rules.MATCHED, "bank_reference": reference},
	)
	other = reference.lower()
	assert bank.notify(office.code(name), LEVY, other) == (
		200,
		{"status": rules.DUPLICATE, "bank_reference": other},
	)
	assert [row.status for row in payments_of(reference) if row.bank_reference == reference] == [
		rules.MATCHED
	]
	(row,) = (row for row in payments_of(other) if row.bank_reference == other)
	assert row.status == rules.DUPLICATE and row.permit_application == name
	# each one, again, answers its own first result
	assert bank.notify(office.code(name), LEVY, other)[1]["status"] == rules.DUPLICATE
	assert bank.notify(office.code(name), LEVY, reference)[1]["status"] == rules.MATCHED
	assert len(payments_of(application=name)) == 2


# --- parallel deliveries ---------------------------------------------------------------------------


def deliver_at_once(bank, bodies: list[bytes]) -> list:
	barrier = threading.Barrier(len(bodies))
	results = [None] * len(bodies)

	def send(i, body):
		barrier.wait()
		results[i] = bank.post(body)

	threads = [threading.Thread(target=send, args=(i, body)) for i, body in enumerate(bodies)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=300)
	return results


def test_ten_identical_notices_at_once_leave_exactly_one_matched_payment(bank, office):
	name = office.awaiting_payment()
	reference = bank.reference()
	body = bank.body(office.code(name), LEVY, reference)
	responses = deliver_at_once(bank, [body] * 10)
	assert [r.status_code for r in responses] == [200] * 10, [r.text for r in responses]
	assert {r.json()["message"]["status"] for r in responses} == {rules.MATCHED}
	assert len(payments_of(reference)) == 1
	assert [s.state for s in stages_of(name)].count("Awaiting Approval") == 1
	assert application(name).workflow_state == "Awaiting Approval"


def test_ten_payments_for_one_levy_at_once_leave_one_matched_and_duplicates(bank, office):
	name = office.awaiting_payment()
	bodies = [bank.body(office.code(name), LEVY, bank.reference()) for _ in range(10)]
	responses = deliver_at_once(bank, bodies)
	statuses = sorted(r.json()["message"]["status"] for r in responses)
	assert statuses == [rules.DUPLICATE] * 9 + [rules.MATCHED], [r.text for r in responses]
	assert sorted(r.status for r in payments_of(application=name)) == statuses


def test_identical_notices_with_an_unknown_code_at_once_are_recorded_once(bank):
	reference = bank.reference()
	responses = deliver_at_once(bank, [bank.body("555555555555", LEVY, reference)] * 10)
	assert {(r.status_code, r.json()["message"]["status"]) for r in responses} == {(200, rules.UNKNOWN_CODE)}
	assert len(payments_of(reference)) == 1


# --- the treasurer: resolutions and reconciliation ---------------------------------------------------


def resolve(payment: str, resolution: str, reason: str = "Potongan biaya transfer bank", **fields):
	return frappe.get_doc(
		{
			"doctype": "Levy Payment Resolution",
			"levy_payment": payment,
			"resolution": resolution,
			"reason": reason,
			**fields,
		}
	).insert()


def test_the_treasurer_cannot_accept_a_mismatch_as_payment_of_the_levy(bank, office, staff):
	"""Less than the SKRD (a bank's transfer fee deducted) does not pay the levy: Accept Payment is
	refused, the application stays unpaid; the payment is returned to the payer, with a reason."""
	name = office.awaiting_payment()
	reference = bank.reference()
	bank.notify(office.code(name), LEVY - 2_500, reference)
	(payment,) = payments_of(reference)
	with as_user(staff[TREASURER]):
		with pytest.raises(LevyPaymentResolutionError):
			resolve(payment.name, "Accept Payment", reason="  ")
		with pytest.raises(LevyPaymentResolutionError, match="Rp 147.500.*Rp 150.000"):
			resolve(payment.name, "Accept Payment")
		assert not frappe.db.exists("Levy Payment Resolution", {"levy_payment": payment.name})
		doc = frappe.get_doc("Permit Application", name)
		assert not doc.levy_paid and not doc.payment_reference and doc.workflow_state == "Awaiting Payment"
		resolution = resolve(payment.name, "Return to Payer", reason="Kurang bayar, dikembalikan")
	assert resolution.resolved_by == staff[TREASURER] and resolution.resolution == "Return to Payer"
	assert frappe.db.get_value("Levy Payment", payment.name, "status") == rules.AMOUNT_MISMATCH
	assert not frappe.db.get_value("Permit Application", name, "levy_paid")
	with as_user(staff[TREASURER]), pytest.raises(frappe.UniqueValidationError):
		resolve(payment.name, "Return to Payer")


def test_an_unknown_code_for_another_amount_does_not_pay_the_application_it_is_given_to(bank, office, staff):
	"""Helper 24's F9: Rp 1.000 with an unknown code, accepted for an application whose levy is
	Rp 150.000, marked it paid and moved it to the Head. Refused (in Indonesian for an Indonesian
	user), nothing stored; the same accepted for the full amount still pays it."""
	name = office.awaiting_payment()
	reference = bank.reference()
	bank.notify("1234567890123", 1_000, reference)
	(payment,) = payments_of(reference)
	with as_user(staff[TREASURER]), language("id"):
		with pytest.raises(LevyPaymentResolutionError, match="hanya pembayaran sebesar"):
			resolve(payment.name, "Accept Payment", permit_application=name, reason="Penyetor menelepon")
	doc = frappe.get_doc("Permit Application", name)
	assert not doc.levy_paid and doc.workflow_state == "Awaiting Payment" and not doc.paid_amount
	assert not frappe.db.exists("Levy Payment Resolution", {"levy_payment": payment.name})


def test_an_unknown_code_is_accepted_for_the_application_the_treasurer_names(bank, office, staff):
	name = office.awaiting_payment()
	reference = bank.reference()
	bank.notify("1234567890123", LEVY, reference)
	(payment,) = payments_of(reference)
	with as_user(staff[TREASURER]):
		with pytest.raises(LevyPaymentResolutionError):
			resolve(payment.name, "Accept Payment")  # which application?
		resolve(payment.name, "Accept Payment", permit_application=name, reason="Kode salah ketik")
	assert frappe.db.get_value("Permit Application", name, "levy_paid") == 1


def test_a_duplicate_can_only_be_returned(bank, office, staff):
	name = office.awaiting_payment()
	bank.notify(office.code(name), LEVY)
	reference = bank.reference()
	bank.notify(office.code(name), LEVY, reference)
	(payment,) = payments_of(reference)
	with as_user(staff[TREASURER]):
		with pytest.raises(LevyPaymentResolutionError):
			resolve(payment.name, "Accept Payment")
		resolve(payment.name, "Return to Payer", reason="Dibayar dua kali, dikembalikan")
	comments = frappe.get_all(
		"Comment", filters={"reference_name": name, "comment_type": "Info"}, pluck="content"
	)
	assert any("Return to Payer" in c and "Dibayar dua kali" in c for c in comments)


def test_levy_payments_are_append_only_and_office_only(bank, office, staff):
	reference = bank.reference()
	bank.notify("888888888888", LEVY, reference)
	(payment,) = payments_of(reference)
	doc = frappe.get_doc("Levy Payment", payment.name)
	doc.amount = 1
	with pytest.raises(LevyPaymentLockedError):
		doc.save()  # not even Administrator
	with pytest.raises(LevyPaymentLockedError):
		frappe.delete_doc("Levy Payment", payment.name)
	for role in (TREASURER, HEAD):
		with as_user(staff[role]):
			assert frappe.has_permission("Levy Payment", "read", payment.name)
			assert not frappe.has_permission("Levy Payment", "write", payment.name)
			assert not frappe.has_permission("Levy Payment", "create")
	applicant = make_user(APPLICANT)
	with as_user(applicant):
		assert not frappe.has_permission("Levy Payment", "read")
		with pytest.raises(frappe.PermissionError):
			frappe.get_list("Levy Payment", filters={"name": payment.name})
	with as_user(staff[HEAD]):
		assert not frappe.has_permission("Levy Payment Resolution", "create")


def test_the_reconciliation_report_by_day_and_bank_and_overdue_assessments(bank, office, staff):
	from frappe.desk.query_report import run

	day = "2026-02-03"
	bank_name = f"Bank Uji {frappe.generate_hash(length=6)}"
	matched_app, mismatch_app = office.awaiting_payment(), office.awaiting_payment()
	paid_at = f"{day}T09:00:00+08:00"
	bank.notify(office.code(matched_app), LEVY, paid_at=paid_at, bank=bank_name)
	bank.notify(office.code(mismatch_app), LEVY + 10, paid_at=paid_at, bank=bank_name)
	bank.notify("777777777777", 5_000, paid_at=paid_at, bank=bank_name)
	overdue_app = office.awaiting_payment()
	frappe.db.set_value("Permit Application", overdue_app, "levy_due_date", "2026-01-02")
	with as_user(staff[TREASURER]):
		filters = {"view": "By Day and Bank", "from_date": day, "to_date": day, "bank": bank_name}
		result = run("Levy Reconciliation", filters=filters)
		(line,) = result["result"]
		assert (line["matched_count"], line["mismatch_count"], line["unknown_count"]) == (1, 1, 1)
		assert line["matched_amount"] == LEVY and line["amount"] == 2 * LEVY + 10 + 5_000
		assert line["unresolved"] == 2
		notices = run("Levy Reconciliation", filters={**filters, "view": "Payment Notices"})["result"]
		assert sorted(row["status"] for row in notices) == sorted(rules.STATUSES[:3])
		overdue = run("Levy Reconciliation", filters={"view": "Overdue Assessments"})["result"]
		assert overdue_app in [row["name"] for row in overdue]
		assert matched_app not in [row["name"] for row in overdue]


# --- from the shell ---------------------------------------------------------------------------------


def test_the_bench_command_sends_a_signed_notice(server, bank, office):
	name = office.awaiting_payment()
	out = subprocess.run(
		[
			str(BENCH / "env/bin/python"),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			SITE,
			"bppm-payment-notice",
			"--code",
			office.code(name),
			"--amount",
			str(LEVY),
			"--reference",
			f"{PREFIX}CLI-{frappe.generate_hash(length=6)}",
			"--url",
			server,
		],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		timeout=300,
	)
	assert out.returncode == 0, out.stdout + out.stderr
	assert "HTTP 200" in out.stdout and rules.MATCHED in out.stdout
	assert application(name).levy_paid


def test_refused_notices_from_one_address_are_turned_away_for_a_minute(bank):
	frappe.cache.delete_keys("bppm:payment-refused:")
	body = bank.body("202600001", LEVY, bank.reference())
	ip = "203.0.113.77"
	statuses = [bank.post(body, signature="f" * 64, ip=ip).status_code for _ in range(21)]
	assert statuses[:20] == [401] * 20 and statuses[20] == 429
	# even a well-signed notice from there waits
	assert bank.post(body, ip=ip).status_code == 429
	frappe.cache.delete_keys("bppm:payment-refused:")
