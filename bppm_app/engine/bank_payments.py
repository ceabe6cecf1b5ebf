"""The levy paid at the bank: the bank's payment notices, the Levy Payment rows they leave, the
application each one pays, and the treasurer's resolution of the notices that did not match.

A notice is believed only with a valid signature (``rules.payments``); anything refused stores
nothing. Each notice the bank sends is recorded once, as one Levy Payment row, keyed by the bank's
reference: a repeat answers the first result. A Matched notice pays the application: the payment
fields are saved and the treasurer's transition out of the current state is applied, both as the
office's system user (a user with the treasurer's role, created on install), so
the workflow, the SLA clock and the assignment of the next stage run as for a treasurer's own
confirmation. Notices for one application are serialised on the application's row, so the bank's
retries and parallel deliveries leave exactly one Matched payment.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.model import workflow as frappe_workflow
from frappe.utils import flt, get_datetime, getdate
from frappe.utils.password import get_decrypted_password

from bppm_app import counters
from bppm_app.engine import workflow
from bppm_app.exceptions import (
	LevyPaymentResolutionError,
	PaymentSignatureError,
	user_errors,
)
from bppm_app.roles import SYSTEM_USER, TREASURER
from bppm_app.rules import levy
from bppm_app.rules import payments as rules
from bppm_app.utils import as_user

DOCTYPE = "Levy Payment"
APPLICATION = "Permit Application"
SETTINGS = "BPPM Settings"
SECRET_FIELD = "payment_callback_secret"
ACCEPT, RETURN = "Accept Payment", "Return to Payer"
# refused notices (bad signature) a client address may send in a minute before it is turned away
REFUSALS_PER_MINUTE = 20


# --- the notice -----------------------------------------------------------------------------------


def callback_secret() -> str | None:
	return get_decrypted_password(SETTINGS, SETTINGS, SECRET_FIELD, raise_exception=False)


def receive(body: bytes, signature: str | None) -> dict:
	"""Handle one notice as the bank sent it: check the signature, read the fields, record it once
	and pay the application when it matches. Raises PaymentSignatureError (401) or
	InvalidPaymentNoticeError (400); nothing is stored then."""
	check_refusals()
	if not rules.signature_valid(callback_secret(), body, signature):
		count_refusal()
		# thrown, not raised: the message reaches the bank (no traceback is sent to clients)
		frappe.throw(_("The payment notice does not carry a valid signature."), PaymentSignatureError)
	with user_errors(title=_("Invalid payment notice")):
		notice = rules.parse_notice(body)
	with as_user(SYSTEM_USER):
		return record(notice, body.decode("utf-8"))


def _refusals() -> str:
	return f"payment-refused:{counters.client()}"


def check_refusals() -> None:
	"""A client that keeps sending unsigned or badly signed notices is turned away for a minute."""
	if getattr(frappe.local, "request", None) and counters.current(_refusals()) >= (REFUSALS_PER_MINUTE):
		frappe.throw(
			_("Too many refused payment notices. Try again in a minute."), frappe.RateLimitExceededError
		)


def count_refusal() -> None:
	if not getattr(frappe.local, "request", None):
		return
	counters.count(_refusals(), 60)


def answer(row) -> dict:
	"""What the bank is told: the notice's status under its own reference (the same for a repeat)."""
	return {"status": row.status, "bank_reference": row.bank_reference}


def existing(bank_reference: str):
	"""The notice recorded under exactly this reference. References are case-sensitive (the bank's
	IDs may be base62): the column compares in binary (``setup.indexes.ensure_exact_references``), and the
	reference read back is compared here too, whatever the column's collation."""
	rows = frappe.get_all(
		DOCTYPE, filters={"bank_reference": bank_reference}, fields=["status", "bank_reference"]
	)
	return next((row for row in rows if row.bank_reference == bank_reference), None)


def record(notice: rules.PaymentNotice, raw: str) -> dict:
	"""Record one signed notice (once per bank reference) and pay the application it matches.
	Made for the callback's request, which has written nothing yet: it commits first."""
	# The request has only read so far. Commit that empty transaction and read committed data from
	# here on, so that whoever waited for an application's row lock sees the notice recorded by the
	# request that held it (a snapshot taken earlier would not).
	frappe.db.sql("set session transaction isolation level read committed")
	frappe.db.commit()  # nothing written yet; starts the read-committed transaction
	try:
		return _record(notice, raw)
	finally:
		frappe.db.sql("set session transaction isolation level repeatable read")


def _record(notice: rules.PaymentNotice, raw: str) -> dict:
	first = existing(notice.bank_reference)
	if first:
		return answer(first)
	name = find_application(notice.payment_code)
	if name:
		# serialise every notice for this application (the bank's retries, parallel deliveries)
		frappe.db.sql(f"select name from `tab{APPLICATION}` where name = %s for update", name)
		first = existing(notice.bank_reference)
		if first:
			return answer(first)
	app = frappe.get_doc(APPLICATION, name) if name else None
	status, note = rules.judge(notice.amount, assessment(app))
	paid_at = local_time(notice.paid_at)
	if status == rules.MATCHED:
		note = pay(app, notice.bank_reference, paid_at, notice.amount) or note
	row = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"status": status,
			"permit_application": name,
			"skrd_number": app.skrd_number if app else None,
			"payment_code": notice.payment_code,
			"amount": notice.amount,
			"expected_amount": app.levy_amount if app else None,
			"paid_at": paid_at,
			"bank": notice.bank,
			"bank_reference": notice.bank_reference,
			"note": note,
			"raw_payload": raw,
		}
	)
	try:
		# nobody holds a create permission: rows are written only here, for a signed notice
		row.insert(ignore_permissions=True)
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		# the same reference arrived in parallel for a code that locks no application
		frappe.db.rollback()
		return answer(existing(notice.bank_reference))
	return answer(row)


def find_application(payment_code: str) -> str | None:
	"""The application whose payment code this is: the registration number in the shipped naming
	series, else any assessed application whose number has exactly these digits."""
	name = rules.registration_number(payment_code)
	if name and frappe.db.exists(APPLICATION, name):
		return name
	found = frappe.db.sql(
		f"""select name from `tab{APPLICATION}`
		where skrd_number is not null and skrd_number != ''
		and regexp_replace(name, '[^0-9]', '') = %s limit 2""",
		payment_code,
	)
	return found[0][0] if len(found) == 1 else None


def assessment(app) -> rules.Assessment:
	if app is None:
		return rules.Assessment()
	return rules.Assessment(
		found=True,
		assessed=bool(app.skrd_number),
		open=app.docstatus == 0,
		paid=bool(app.levy_paid),
		levy_amount=app.levy_amount,
	)


def local_time(value: dt.datetime) -> dt.datetime:
	"""A bank's time in the office's time zone (naive, as Frappe stores datetimes)."""
	if value.tzinfo is None:
		return value
	return value.astimezone(ZoneInfo(frappe.utils.get_system_timezone())).replace(tzinfo=None)


# --- paying the application -----------------------------------------------------------------------


def awaiting_payment(app) -> bool:
	"""An application whose SKRD has been issued and is still to be paid."""
	return bool(app.skrd_number) and not app.levy_paid and app.docstatus == 0


def payment_action(app) -> str | None:
	"""The treasurer's transition out of the application's state whose condition holds (the shipped
	workflow's Confirm Payment), read from the workflow's configuration."""
	actions = [t.action for t in frappe_workflow.get_transitions(app) if t.allowed == TREASURER]
	return actions[0] if actions else None


def proof_on_file(app) -> bool:
	"""Whether the application's ``payment_proof`` is a private File attached to this application
	uploaded into that field (the treasurer's dialog), and nothing else: another application's file,
	one of its requirement documents (also when claimed again into this field by its URL), a public
	file or a bare URL is no proof. Identical bytes share one stored file, so a proof whose file
	belongs to any other record too is refused."""
	if not app.payment_proof:
		return False
	# get_all: whether such a File exists is the check itself, whoever asks
	files = [
		f
		for f in frappe.get_all(
			"File",
			filters={"file_url": app.payment_proof},
			fields=["file_url", "is_private", "attached_to_doctype", "attached_to_name", "attached_to_field"],
		)
		if f.file_url == app.payment_proof  # the database's comparison ignores case and ／
	]
	here = [f for f in files if (f.attached_to_doctype, f.attached_to_name) == (app.doctype, app.name)]
	return (
		bool(files)
		and len(here) == len(files)
		and all(f.is_private for f in files)
		and any(f.attached_to_field == "payment_proof" for f in here)
	)


def paid_by_bank_notice(app) -> bool:
	"""Whether the application's payment is a bank notice (its own evidence): the office's system
	user records matched notices; a treasurer accepts a notice that did not match, whose Levy
	Payment row carries the reference the application records."""
	if frappe.session.user == SYSTEM_USER:
		return True
	if not app.payment_reference:
		return False
	payment = frappe.db.get_value(
		DOCTYPE, {"bank_reference": app.payment_reference}, ["name", "permit_application"], as_dict=True
	)
	if not payment:
		return False
	return payment.permit_application == app.name or bool(
		frappe.db.exists(
			"Levy Payment Resolution",
			{"levy_payment": payment.name, "permit_application": app.name, "resolution": ACCEPT},
		)
	)


def pay(app, reference: str, paid_at: dt.datetime, amount=None) -> str | None:
	"""Mark the levy paid and move the file on, as the session user (the system user for bank
	notices, or the treasurer accepting a notice). Payment fields first, then the action: Frappe's
	apply_workflow reloads the document from the database. Returns a note for the treasurer when
	the file could not be moved; the payment itself stands."""
	app.levy_paid = 1
	app.paid_on = getdate(paid_at)
	app.payment_reference = reference
	app.paid_amount = amount if amount is not None else app.levy_amount
	app.save()
	action = payment_action(app)
	if not action:
		return _(
			"The levy is marked paid, but no transition of the workflow lets the treasurer move {0} on."
		).format(app.name)
	savepoint = "bppm_payment_action"
	frappe.db.savepoint(savepoint)
	try:
		workflow.apply_action(app, action)
	except frappe.ValidationError as e:
		frappe.db.rollback(save_point=savepoint)
		frappe.clear_last_message()
		frappe.log_error(
			title=f"Levy payment: {action} on {app.name}",
			reference_doctype=APPLICATION,
			reference_name=app.name,
		)
		return _("The levy is marked paid, but {0} could not be applied: {1}").format(_(action), str(e))
	frappe.db.release_savepoint(savepoint)
	return None


# --- the treasurer's resolution of a notice that did not match ----------------------------------


def check_resolution(doc) -> None:
	"""Whether a Levy Payment Resolution may be recorded (see the DocType)."""
	doc.reason = (doc.reason or "").strip()
	if not doc.reason:
		raise LevyPaymentResolutionError(_("Give the reason for the resolution."))
	payment = frappe.db.get_value(
		DOCTYPE,
		doc.levy_payment,
		["status", "permit_application", "bank_reference", "amount"],
		as_dict=True,
	)
	if not payment:
		raise LevyPaymentResolutionError(_("Levy Payment {0} does not exist.").format(doc.levy_payment))
	if payment.status == rules.MATCHED:
		raise LevyPaymentResolutionError(
			_("A matched payment has already paid its levy: there is nothing to resolve.")
		)
	if doc.resolution != ACCEPT:
		return
	if payment.status == rules.DUPLICATE:
		raise LevyPaymentResolutionError(
			_("This levy had already been paid: the second payment can only be returned to the payer.")
		)
	doc.permit_application = doc.permit_application or payment.permit_application
	if not doc.permit_application:
		raise LevyPaymentResolutionError(_("Choose the application this payment pays."))
	app = frappe.get_doc(APPLICATION, doc.permit_application)
	if not awaiting_payment(app):
		raise LevyPaymentResolutionError(
			_("Application {0} is not awaiting the payment of an SKRD.").format(doc.permit_application)
		)
	# the bank's payment pays the levy only in full: an accepted payment becomes the evidence that
	# the levy is paid, and the Head approves on it
	if flt(payment.amount, 2) != flt(app.levy_amount, 2):
		raise LevyPaymentResolutionError(
			_(
				"Bank payment {0} is {1}, but the levy assessed on {2} is {3}: only a payment of exactly the assessed levy pays it. Return this payment to the payer."
			).format(
				payment.bank_reference,
				rules.money(payment.amount),
				doc.permit_application,
				rules.money(app.levy_amount or 0),
			)
		)


def apply_resolution(doc) -> None:
	"""After a resolution is recorded: an accepted payment pays its application, as the treasurer
	who accepted it; every resolution is noted on the application's timeline."""
	payment = frappe.get_doc(DOCTYPE, doc.levy_payment)
	if doc.resolution == ACCEPT:
		# the row lock, as for a bank notice: one payment at a time per application
		frappe.db.sql(
			f"select name from `tab{APPLICATION}` where name = %s for update", doc.permit_application
		)
		app = frappe.get_doc(APPLICATION, doc.permit_application)
		note = pay(app, payment.bank_reference, get_datetime(payment.paid_at), payment.amount)
		if note:
			frappe.msgprint(note, alert=True)
	target = doc.permit_application or payment.permit_application
	if target:
		frappe.get_doc(APPLICATION, target).add_comment(
			"Info",
			_("Bank payment {0} ({1}): {2} by {3}. Reason: {4}").format(
				payment.bank_reference, _(payment.status), _(doc.resolution), doc.resolved_by, doc.reason
			),
		)
