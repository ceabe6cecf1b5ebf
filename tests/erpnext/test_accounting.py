"""The levy in ERPNext's books: a Customer per applicant, a Sales Invoice per SKRD, a Payment Entry
per payment (from the bank over real HTTP, or the treasurer's own confirmation), the invoice of an
application closed unpaid cancelled, and the Service Holidays in ERPNext's Holiday List."""

import frappe
import pytest
from frappe.utils import flt, getdate

from bppm_app.engine.workflow import apply_action
from bppm_app.roles import HEAD, TREASURER
from bppm_app.rules import payments as rules
from bppm_app.utils import as_user
from tests.integration.journeys import manual_payment_fields
from tests.integration.payments import LEVY, Bank, Office, payments_of, set_secret

PREFIX = "ERPTEST-"


@pytest.fixture(scope="module")
def bank(server):
	"""The bank, sending to the served ERPNext test site (tests/site.py) with the shared secret."""
	set_secret()
	return Bank(server, PREFIX)


@pytest.fixture(scope="module")
def office(site, staff):
	office = Office(staff, code_prefix="ERP")
	yield office
	office.purge(PREFIX)


def fresh(doctype, name):
	frappe.db.rollback()  # a new transaction sees what the server committed
	return frappe.get_doc(doctype, name)


def gl_totals(voucher_type: str, voucher_no: str) -> dict:
	rows = frappe.get_all(
		"GL Entry",
		filters={"voucher_type": voucher_type, "voucher_no": voucher_no, "is_cancelled": 0},
		fields=["account", "party", "debit", "credit"],
	)
	return {
		"debit": sum(flt(r.debit) for r in rows),
		"credit": sum(flt(r.credit) for r in rows),
		"rows": rows,
	}


def test_a_bank_payment_is_booked_from_invoice_to_gl_entries(bank, office, erpnext_office):
	name = office.awaiting_payment()
	app = fresh("Permit Application", name)
	# the SKRD's invoice: submitted, to the applicant's customer, for the levy, on the SKRD's dates
	invoice = frappe.get_doc("Sales Invoice", app.sales_invoice)
	customer = frappe.db.get_value("Applicant", app.applicant, "customer")
	assert invoice.docstatus == 1 and invoice.customer == customer
	assert invoice.company == erpnext_office.company and invoice.currency == "IDR"
	assert flt(invoice.grand_total) == flt(app.levy_amount) == LEVY
	assert invoice.posting_date == app.levy_assessed_on and invoice.due_date == app.levy_due_date
	(line,) = invoice.items
	assert line.item_code == frappe.db.get_single_value("BPPM Settings", "levy_item")
	assert line.income_account == frappe.db.get_single_value("BPPM Settings", "levy_income_account")
	assert app.skrd_number in line.description

	reference = bank.reference()
	status, answer = bank.notify(office.code(name), LEVY, reference, paid_at="2026-03-16T10:15:00+08:00")
	assert (status, answer["status"]) == (200, rules.MATCHED)

	app = fresh("Permit Application", name)
	assert app.levy_paid and app.workflow_state == "Awaiting Approval"
	entry = frappe.get_doc("Payment Entry", app.payment_entry)
	assert entry.docstatus == 1 and entry.payment_type == "Receive" and entry.party == customer
	assert flt(entry.paid_amount) == LEVY and entry.reference_no == reference
	assert str(entry.posting_date) == "2026-03-16"
	assert entry.paid_to == frappe.db.get_single_value("BPPM Settings", "levy_bank_account")
	(allocation,) = entry.references
	assert (allocation.reference_name, flt(allocation.allocated_amount)) == (invoice.name, LEVY)
	invoice.reload()
	assert flt(invoice.outstanding_amount) == 0 and invoice.status == "Paid"
	# both vouchers balance; the receivable is raised by the invoice and cleared by the payment
	for voucher_type, voucher_no in (("Sales Invoice", invoice.name), ("Payment Entry", entry.name)):
		totals = gl_totals(voucher_type, voucher_no)
		assert totals["debit"] == totals["credit"] == LEVY, totals
	receivable = invoice.debit_to
	on_party = frappe.get_all(
		"GL Entry",
		filters={"account": receivable, "party": customer, "is_cancelled": 0},
		fields=["sum(debit) - sum(credit) as balance"],
	)
	assert flt(on_party[0].balance) == 0
	assert payments_of(reference)[0].permit_application == name


def test_a_permit_types_own_income_account_wins_over_the_default(office, erpnext_office):
	account = frappe.get_cached_value("Company", erpnext_office.company, "default_income_account")
	assert account != frappe.db.get_single_value("BPPM Settings", "levy_income_account")
	frappe.db.set_value("Permit Type", office.permit_type.name, "levy_income_account", account)
	try:
		name = office.awaiting_payment()  # commits the permit type too: restored below
		invoice = frappe.db.get_value("Permit Application", name, "sales_invoice")
		assert frappe.get_doc("Sales Invoice", invoice).items[0].income_account == account
	finally:
		frappe.db.rollback()
		frappe.db.set_value("Permit Type", office.permit_type.name, "levy_income_account", None)
		frappe.db.commit()


def test_the_treasurers_own_confirmation_books_the_payment(office, staff):
	name = office.awaiting_payment()
	with as_user(staff[TREASURER]):
		doc = frappe.get_doc("Permit Application", name)
		doc.update(manual_payment_fields(staff[TREASURER], doc, "STS-0042"))
		doc.paid_on = "2026-03-18"
		doc.save()
		apply_action(frappe.get_doc("Permit Application", name), "Confirm Payment")
	doc = frappe.get_doc("Permit Application", name)
	entry = frappe.get_doc("Payment Entry", doc.payment_entry)
	assert entry.docstatus == 1 and entry.reference_no == "STS-0042" and flt(entry.paid_amount) == LEVY
	assert frappe.db.get_value("Sales Invoice", doc.sales_invoice, "outstanding_amount") == 0


@pytest.fixture
def reject_while_unpaid():
	"""The office adds a way to reject a file that never paid (the shipped workflow has none)."""
	workflow = frappe.get_doc("Workflow", "Permit Application Workflow")
	workflow.append(
		"transitions",
		{
			"state": "Awaiting Payment",
			"action": "Reject",
			"next_state": "Rejected",
			"allowed": HEAD,
			"allow_self_approval": 1,
		},
	)
	workflow.save()
	yield
	frappe.db.rollback()
	frappe.cache.hdel("workflow", "Permit Application")
	frappe.clear_cache(doctype="Permit Application")


def test_rejecting_an_unpaid_application_cancels_its_invoice(office, staff, reject_while_unpaid):
	name = office.awaiting_payment()
	invoice = frappe.db.get_value("Permit Application", name, "sales_invoice")
	with as_user(staff[HEAD]):
		doc = frappe.get_doc("Permit Application", name)
		doc.rejection_reason = "SKRD tidak dibayar sampai jatuh tempo"
		doc.save()
		apply_action(frappe.get_doc("Permit Application", name), "Reject")
	assert frappe.db.get_value("Permit Application", name, "decision") == "Rejected"
	assert frappe.db.get_value("Sales Invoice", invoice, "docstatus") == 2
	# the cancelled invoice's ledger is reversed: nothing is owed
	assert gl_totals("Sales Invoice", invoice)["rows"] == []


def test_revoking_a_paid_permit_keeps_its_invoice_and_payment(office, staff):
	name = office.awaiting_payment()
	with as_user(staff[TREASURER]):
		doc = frappe.get_doc("Permit Application", name)
		doc.update(manual_payment_fields(staff[TREASURER], doc, "STS-0043"))
		doc.save()
		apply_action(frappe.get_doc("Permit Application", name), "Confirm Payment")
	with as_user(staff["second head"]):
		apply_action(frappe.get_doc("Permit Application", name), "Approve")
		doc = frappe.get_doc("Permit Application", name)
		doc.revocation_reason = "Pelanggaran ketentuan izin"
		doc.save()
		apply_action(frappe.get_doc("Permit Application", name), "Revoke")
	doc = frappe.get_doc("Permit Application", name)
	assert doc.docstatus == 2
	assert frappe.db.get_value("Sales Invoice", doc.sales_invoice, "docstatus") == 1
	assert frappe.db.get_value("Payment Entry", doc.payment_entry, "docstatus") == 1


def test_books_that_cannot_be_kept_do_not_stop_the_office(office, staff):
	item = frappe.db.get_single_value("BPPM Settings", "levy_item")
	frappe.db.set_single_value("BPPM Settings", "levy_item", None)
	try:
		name = office.awaiting_payment()  # commits, with the item missing: restored below
		doc = frappe.get_doc("Permit Application", name)
		assert doc.workflow_state == "Awaiting Payment" and doc.skrd_number and not doc.sales_invoice
		comments = frappe.get_all("Comment", filters={"reference_name": name}, pluck="content")
		assert any("could not be booked in ERPNext" in c for c in comments)
		assert frappe.db.exists("Error Log", {"reference_name": name})
		# once configured again, the payment books the missing invoice as well
		frappe.db.set_single_value("BPPM Settings", "levy_item", item)
		with as_user(staff[TREASURER]):
			doc.update({"levy_paid": 1, "payment_reference": "STS-0044", "paid_on": getdate()})
			doc.save()
		doc.reload()
		assert doc.sales_invoice and doc.payment_entry
	finally:
		frappe.db.rollback()
		frappe.db.set_single_value("BPPM Settings", "levy_item", item)
		frappe.db.commit()


def test_each_applicant_is_a_customer_without_personal_data(office):
	from tests.integration.factories import make_applicant

	applicant = make_applicant()
	customer = frappe.get_doc("Customer", applicant.reload().customer)
	assert customer.customer_name == applicant.applicant_name and customer.customer_type == "Individual"
	assert applicant.nik not in frappe.as_json(customer.as_dict())
	applicant.applicant_name = "Nama Baru Pemohon"
	applicant.save()
	assert frappe.db.get_value("Customer", customer.name, "customer_name") == "Nama Baru Pemohon"


def test_service_holidays_and_weekends_are_erpnexts_holiday_list(erpnext_office):
	holiday_list = erpnext_office.holiday_list
	day = "2026-08-19"  # a Wednesday
	frappe.get_doc(
		{
			"doctype": "Service Holiday",
			"holiday_date": day,
			"description": "Hari Jadi Kota (uji)",
			"holiday_type": "Local",
		}
	).insert()
	rows = {str(r.holiday_date): r for r in frappe.get_doc("Holiday List", holiday_list).holidays}
	assert rows[day].description == "Hari Jadi Kota (uji)" and not rows[day].weekly_off
	assert rows["2026-08-22"].weekly_off and rows["2026-08-23"].weekly_off  # Saturday, Sunday
	services = frappe.get_all("Service Holiday", pluck="holiday_date")
	assert {str(d) for d in services} <= set(rows)
	frappe.delete_doc("Service Holiday", day)
	assert day not in {str(r.holiday_date) for r in frappe.get_doc("Holiday List", holiday_list).holidays}
