"""The fields that link the app's records to ERPNext's, as Custom Fields on the app's own DocTypes:
they exist only while ERPNext is installed (a Link to a DocType that does not exist would break the
forms of a plain Frappe site). Created on install, on every migrate and when ERPNext is installed
after the app; removed when ERPNext is uninstalled (and, like every customisation of the app's
DocTypes, when the app is)."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields


def definitions() -> dict[str, list[dict]]:
	# the invoice and the payment entry belong with the payment fields, at their permission level
	payment_level = frappe.get_meta("Permit Application").get_field("levy_paid").permlevel or 0
	return {
		"Permit Application": [
			{
				"fieldname": "sales_invoice",
				"fieldtype": "Link",
				"label": "Sales Invoice",
				"options": "Sales Invoice",
				"insert_after": "paid_on",
				"read_only": 1,
				"no_copy": 1,
				"permlevel": payment_level,
				"description": "The levy's invoice in ERPNext, made when the SKRD is issued",
			},
			{
				"fieldname": "payment_entry",
				"fieldtype": "Link",
				"label": "Payment Entry",
				"options": "Payment Entry",
				"insert_after": "sales_invoice",
				"read_only": 1,
				"no_copy": 1,
				"permlevel": payment_level,
				"description": "The levy's payment in ERPNext, made when the levy is paid",
			},
		],
		"Applicant": [
			{
				"fieldname": "customer",
				"fieldtype": "Link",
				"label": "Customer",
				"options": "Customer",
				"insert_after": "user",
				"read_only": 1,
				"no_copy": 1,
				"description": "The applicant as a customer in ERPNext (the levy's invoices are made out to it)",
			},
		],
		"Permit Type": [
			{
				"fieldname": "levy_item",
				"fieldtype": "Link",
				"label": "Levy Item",
				"options": "Item",
				"insert_after": "levy_unit",
				"depends_on": "requires_levy",
				"description": "The item on the levy's Sales Invoice; empty: the default in BPPM Settings",
			},
			{
				"fieldname": "levy_income_account",
				"fieldtype": "Link",
				"label": "Levy Income Account",
				"options": "Account",
				"insert_after": "levy_item",
				"depends_on": "requires_levy",
				"description": "Where the levy is booked as income; empty: the default in BPPM Settings",
			},
		],
		"BPPM Settings": [
			{
				"fieldname": "erpnext_section",
				"fieldtype": "Section Break",
				"label": "ERPNext Accounting",
				"insert_after": "payment_callback_secret",
				"description": "Each SKRD becomes a Sales Invoice and each payment a Payment Entry of this company",
			},
			{
				"fieldname": "erpnext_company",
				"fieldtype": "Link",
				"label": "Company",
				"options": "Company",
				"insert_after": "erpnext_section",
			},
			{
				"fieldname": "levy_item",
				"fieldtype": "Link",
				"label": "Default Levy Item",
				"options": "Item",
				"insert_after": "erpnext_company",
			},
			{
				"fieldname": "levy_income_account",
				"fieldtype": "Link",
				"label": "Default Levy Income Account",
				"options": "Account",
				"insert_after": "levy_item",
			},
			{
				"fieldname": "column_break_erpnext",
				"fieldtype": "Column Break",
				"insert_after": "levy_income_account",
			},
			{
				"fieldname": "levy_bank_account",
				"fieldtype": "Link",
				"label": "Levy Receiving Account",
				"options": "Account",
				"insert_after": "column_break_erpnext",
				"description": "The bank or cash account the levy is paid into (the regional treasury's account)",
			},
			{
				"fieldname": "holiday_list",
				"fieldtype": "Link",
				"label": "Holiday List",
				"options": "Holiday List",
				"insert_after": "levy_bank_account",
				"description": "The Service Holidays and the weekends are mirrored into this ERPNext Holiday List",
			},
		],
	}


def ensure() -> None:
	create_custom_fields(definitions(), update=True)


def remove() -> None:
	for doctype, fields in definitions().items():
		for df in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": df["fieldname"]})
			if name:
				# uninstall: the app removes its own links to ERPNext, no user acting
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
