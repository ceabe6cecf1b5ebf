"""The levy in ERPNext's books.

- Each Applicant is an ERPNext Customer (created when the applicant is saved, or at the latest when
  their first SKRD is invoiced), linked as ``Applicant.customer``.
- Issuing an SKRD creates and submits a Sales Invoice of the company in BPPM Settings: one line,
  the permit type's levy item and income account (or the defaults in BPPM Settings), the SKRD's
  amount, date and due date; linked as ``sales_invoice``.
- A levy marked paid (a matched bank notice, an accepted one, or the treasurer's own confirmation)
  creates and submits a Payment Entry against that invoice into the receiving account in BPPM
  Settings, with the bank's reference and the payment date; linked as ``payment_entry``.
- An application rejected or revoked unpaid has its invoice cancelled, unless something was paid
  on it (then the accountant decides).

These run inside the application's save, as part of the office's work, whoever moves the file (a
clerk, the head, a bank notice): as the office's system user (``roles.SYSTEM_USER``, which holds
ERPNext's Accounts User and Sales User roles), so the books show that the system made the entries,
and with ``ignore_permissions`` for the records the system keeps on its own (customers, cancelling
an unpaid invoice). The office's configuration (BPPM Settings) decides what is booked where. A
failure in the books never blocks the office's work: the step is rolled back to its savepoint,
logged (Error Log) and noted on the application's timeline for the accountant.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from bppm_app.config import settings
from bppm_app.erpnext_integration import active
from bppm_app.roles import SYSTEM_USER
from bppm_app.utils import as_user

APPLICATION = "Permit Application"


class AccountingSetupError(frappe.ValidationError):
	"""BPPM Settings or the company lack what the books need (company, item, accounts)."""


def enabled() -> bool:
	return active()


def run(step, doc) -> bool:
	"""Run one bookkeeping step for an application inside a savepoint; on failure undo it, log it
	and note it on the application. Returns whether it succeeded."""
	savepoint = "bppm_accounting"
	frappe.db.savepoint(savepoint)
	try:
		with as_user(SYSTEM_USER):
			step(doc)
	except Exception as e:
		frappe.db.rollback(save_point=savepoint)
		frappe.clear_last_message()
		frappe.log_error(
			title=f"Levy accounting: {step.__name__} for {doc.name}",
			reference_doctype=doc.doctype,
			reference_name=doc.name,
		)
		doc.add_comment(
			"Comment",
			_("The levy could not be booked in ERPNext ({0}): {1}").format(
				step.__name__, str(e) or type(e).__name__
			),
		)
		return False
	frappe.db.release_savepoint(savepoint)
	return True


# --- configuration -------------------------------------------------------------------------------


def company() -> str:
	name = settings.get("erpnext_company") or frappe.defaults.get_global_default("company")
	if not name:
		raise AccountingSetupError(_("Choose the company that books the levy in BPPM Settings."))
	return name


def levy_item(permit_type: str) -> str:
	item = frappe.db.get_value("Permit Type", permit_type, "levy_item") or settings.get("levy_item")
	if not item:
		raise AccountingSetupError(
			_("Choose the levy item in BPPM Settings or on permit type {0}.").format(permit_type)
		)
	return item


def income_account(permit_type: str, company_name: str) -> str:
	account = frappe.db.get_value("Permit Type", permit_type, "levy_income_account") or settings.get(
		"levy_income_account"
	)
	account = account or frappe.get_cached_value("Company", company_name, "default_income_account")
	if not account:
		raise AccountingSetupError(_("Choose the levy income account in BPPM Settings."))
	return account


def receiving_account(company_name: str) -> str:
	account = settings.get("levy_bank_account") or frappe.get_cached_value(
		"Company", company_name, "default_bank_account"
	)
	account = account or frappe.get_cached_value("Company", company_name, "default_cash_account")
	if not account:
		raise AccountingSetupError(_("Choose the account the levy is paid into in BPPM Settings."))
	return account


# --- customers -----------------------------------------------------------------------------------


def customer_type(applicant_type: str | None) -> str:
	return "Individual" if applicant_type == "Individual" else "Company"


def ensure_customer(applicant: str) -> str:
	"""The applicant's Customer: created when missing, renamed with the applicant. Only the name and
	the kind of customer are copied: the NIK and other personal data stay in the office's records."""
	row = frappe.db.get_value(
		"Applicant", applicant, ["applicant_name", "applicant_type", "customer"], as_dict=True
	)
	if row.customer and frappe.db.exists("Customer", row.customer):
		current = frappe.db.get_value(
			"Customer", row.customer, ["customer_name", "customer_type"], as_dict=True
		)
		wanted = {"customer_name": row.applicant_name, "customer_type": customer_type(row.applicant_type)}
		if current != wanted:
			frappe.db.set_value("Customer", row.customer, wanted)
		return row.customer
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": row.applicant_name,
			"customer_type": customer_type(row.applicant_type),
			"customer_group": frappe.db.get_single_value("Selling Settings", "customer_group")
			or frappe.db.get_value("Customer Group", {"is_group": 0}),
			"territory": frappe.db.get_single_value("Selling Settings", "territory")
			or frappe.db.get_value("Territory", {"is_group": 0}),
		}
	)
	customer.insert(ignore_permissions=True)  # an applicant's save, for the office's books
	frappe.db.set_value("Applicant", applicant, "customer", customer.name, update_modified=False)
	return customer.name


def on_applicant_update(doc, method=None) -> None:
	"""Applicant.on_update: every applicant has a Customer (ERPNext only)."""
	if enabled():
		run(_customer_step, doc)


def _customer_step(doc) -> None:
	doc.customer = ensure_customer(doc.name)


# --- the levy's documents ------------------------------------------------------------------------


def invoice_levy(doc) -> None:
	"""The SKRD as a submitted Sales Invoice (once)."""
	if doc.get("sales_invoice") or not doc.skrd_number or not flt(doc.levy_amount):
		return
	company_name = company()
	invoice = frappe.new_doc("Sales Invoice")
	invoice.update(
		{
			"company": company_name,
			"customer": ensure_customer(doc.applicant),
			"posting_date": doc.levy_assessed_on or nowdate(),
			"set_posting_time": 1,
			"due_date": doc.levy_due_date or doc.levy_assessed_on or nowdate(),
			"currency": frappe.get_cached_value("Company", company_name, "default_currency"),
			"remarks": _("Levy assessment {0} for permit application {1}").format(doc.skrd_number, doc.name),
		}
	)
	invoice.append(
		"items",
		{
			"item_code": levy_item(doc.permit_type),
			"qty": 1,
			"rate": flt(doc.levy_amount),
			"income_account": income_account(doc.permit_type, company_name),
			"description": _("Levy ({0}), SKRD {1}, application {2}").format(
				doc.permit_type, doc.skrd_number, doc.name
			),
		},
	)
	invoice.set_missing_values()
	# the office's system user keeps the books for whoever moved the file (the levy's own record)
	invoice.insert(ignore_permissions=True)
	invoice.submit()
	doc.db_set("sales_invoice", invoice.name, update_modified=False)


def record_payment(doc) -> None:
	"""The levy's payment as a submitted Payment Entry against its invoice (once). The amount is
	what the bank notice said was paid, else (the treasurer's own confirmation) what is owed."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	if doc.get("payment_entry"):
		return
	if not doc.get("sales_invoice"):
		invoice_levy(doc)
	if not doc.get("sales_invoice"):
		return
	invoice = frappe.get_doc("Sales Invoice", doc.sales_invoice)
	if invoice.docstatus != 1 or flt(invoice.outstanding_amount) <= 0:
		return
	paid_on = getdate(doc.paid_on or nowdate())
	entry = get_payment_entry(
		"Sales Invoice",
		invoice.name,
		bank_account=receiving_account(invoice.company),
		reference_date=paid_on,
		ignore_permissions=True,  # the books are kept by the office's system user, not the session user
	)
	received = flt(
		frappe.db.get_value("Levy Payment", {"bank_reference": doc.payment_reference}, "amount")
		if doc.payment_reference
		else 0
	) or flt(invoice.outstanding_amount)
	entry.paid_amount = entry.received_amount = received
	for row in entry.references:
		row.allocated_amount = min(received, flt(row.outstanding_amount))
	entry.posting_date = paid_on
	entry.reference_no = doc.payment_reference or doc.skrd_number
	entry.reference_date = paid_on
	entry.remarks = _("Levy {0} of permit application {1}, paid on {2} (reference {3})").format(
		doc.skrd_number, doc.name, paid_on, entry.reference_no
	)
	# the books follow the payment whoever confirmed it (a bank notice, a treasurer)
	entry.insert(ignore_permissions=True)
	entry.submit()
	doc.db_set("payment_entry", entry.name, update_modified=False)


def cancel_invoice(doc) -> None:
	"""A file closed without payment leaves no debt: its invoice is cancelled, unless something was
	paid on it."""
	if not doc.get("sales_invoice"):
		return
	invoice = frappe.get_doc("Sales Invoice", doc.sales_invoice)
	if invoice.docstatus != 1 or flt(invoice.outstanding_amount) < flt(invoice.grand_total):
		return
	# the system cancels the invoice of a file closed unpaid, whoever closed it
	invoice.flags.ignore_permissions = True
	# the closed application keeps its link to the cancelled invoice (a record of what was billed)
	invoice.flags.ignore_links = True
	invoice.cancel()
	doc.add_comment(
		"Info", _("Sales Invoice {0} cancelled: the application closed unpaid.").format(invoice.name)
	)
