"""An office's ERPNext, ready for the levy: ``bench --site <site> bppm-erpnext-setup``.

Completes ERPNext's setup wizard where no company exists yet (an Indonesian government office:
Indonesia, Asia/Makassar, IDR, ERPNext's Indonesian chart of accounts), then fills the ERPNext part
of BPPM Settings where it is empty: the company, a levy item (a service, not stock), an income
account for the levy next to the company's default income account, the company's bank account as
the receiving account, and the Holiday List that mirrors the Service Holidays. Idempotent: what
exists is looked up and kept, so running it again changes nothing, and an office's own choices in
BPPM Settings stay.
"""

import frappe
from frappe.utils import getdate, nowdate

from bppm_app.erpnext_integration import custom_fields, holiday_list, installed

COMPANY = "Pemerintah Kota Bontang"
ABBR = "PKB"
CHART = "Indonesia - Chart of Accounts"
BANK_ACCOUNT = "Rekening Kas Umum Daerah"
LEVY_ITEM = "RETRIBUSI-PERIZINAN"
LEVY_ITEM_NAME = "Retribusi Perizinan"
LEVY_INCOME_ACCOUNT = "Pendapatan Retribusi Perizinan"
SETTINGS = "BPPM Settings"


def wizard_args(language: str = "Indonesia", company: str = COMPANY, abbr: str = ABBR) -> dict:
	"""The setup wizard's answers for an office in Bontang (the language is the system's)."""
	year = getdate(nowdate()).year
	return {
		"language": language,
		"country": "Indonesia",
		"timezone": "Asia/Makassar",
		"currency": "IDR",
		"company_name": company,
		"company_abbr": abbr,
		"chart_of_accounts": CHART,
		"fy_start_date": f"{year}-01-01",
		"fy_end_date": f"{year}-12-31",
		"bank_account": BANK_ACCOUNT,
	}


def complete_setup(language: str = "Indonesia", company: str = COMPANY, abbr: str = ABBR) -> bool:
	"""ERPNext's setup for a site without a company. False when a company already exists."""
	if not installed() or frappe.db.a_row_exists("Company"):
		return False
	args = wizard_args(language, company, abbr)
	if not frappe.is_setup_complete():
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		result = setup_complete(args)
		if (result or {}).get("status") != "ok":
			frappe.throw(f"The setup wizard failed: {result}")
	else:
		# Frappe's own wizard ran before ERPNext was installed: ERPNext's stages alone
		from erpnext.setup.setup_wizard.setup_wizard import setup_complete as erpnext_setup

		erpnext_setup(frappe._dict(args))
	return True


def configure(company: str | None = None) -> dict:
	"""Fill the empty ERPNext fields of BPPM Settings with working defaults; returns what was set."""
	if not installed():
		return {}
	custom_fields.ensure()
	company = (
		frappe.db.get_single_value(SETTINGS, "erpnext_company")
		or company
		or frappe.defaults.get_global_default("company")
	)
	if not company:
		frappe.throw("No company: run ERPNext's setup wizard first (bppm-erpnext-setup does).")
	defaults = {
		"erpnext_company": company,
		"levy_item": ensure_levy_item,
		"levy_income_account": lambda: ensure_income_account(company),
		"levy_bank_account": lambda: frappe.get_cached_value("Company", company, "default_bank_account"),
		"holiday_list": lambda: holiday_list.DEFAULT_LIST,
	}
	filled = {}
	for field, value in defaults.items():
		if frappe.db.get_single_value(SETTINGS, field):
			continue
		value = value() if callable(value) else value
		if value:
			frappe.db.set_single_value(SETTINGS, field, value)
			filled[field] = value
	frappe.clear_document_cache(SETTINGS, SETTINGS)
	holiday_list.mirror()
	return filled


def ensure_levy_item() -> str:
	if frappe.db.exists("Item", LEVY_ITEM):
		return LEVY_ITEM
	group = "Services" if frappe.db.exists("Item Group", "Services") else None
	group = group or frappe.db.get_value("Item Group", {"is_group": 0}) or "All Item Groups"
	uom = frappe.db.get_single_value("Stock Settings", "stock_uom") or "Nos"
	frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": LEVY_ITEM,
			"item_name": LEVY_ITEM_NAME,
			"item_group": group,
			"stock_uom": uom if frappe.db.exists("UOM", uom) else "Nos",
			"is_stock_item": 0,
			"include_item_in_manufacturing": 0,
			"description": "Retribusi daerah atas pelayanan perizinan (SKRD)",
		}
	).insert(ignore_permissions=True)  # office setup, run by an administrator
	return LEVY_ITEM


def ensure_income_account(company: str) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{LEVY_INCOME_ACCOUNT} - {abbr}"
	if frappe.db.exists("Account", name):
		return name
	default = frappe.get_cached_value("Company", company, "default_income_account")
	parent = frappe.db.get_value("Account", default, "parent_account") if default else None
	parent = parent or frappe.db.get_value(
		"Account", {"company": company, "root_type": "Income", "is_group": 1}, order_by="lft desc"
	)
	account = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": LEVY_INCOME_ACCOUNT,
			"parent_account": parent,
			"company": company,
			"is_group": 0,
			"account_type": "Income Account",
		}
	).insert(ignore_permissions=True)  # office setup, run by an administrator
	return account.name
