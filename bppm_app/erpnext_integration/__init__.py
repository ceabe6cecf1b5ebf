"""ERPNext, when the site has it: the levy in the books and one calendar with HR.

The app runs on plain Frappe; on a site that also has ERPNext (``"erpnext" in
frappe.get_installed_apps()``) it adds, through Custom Fields on its own DocTypes, the links to
ERPNext's records (``custom_fields``), keeps every levy in ERPNext's books (``accounting``: a Customer
per applicant, a Sales Invoice per SKRD, a Payment Entry per payment, cancellation of an unpaid
file's invoice) and mirrors the Service Holidays into an ERPNext Holiday List (``calendar``).
``setup`` completes ERPNext's setup for an office and fills the defaults in BPPM Settings.
"""

import frappe

APP = "erpnext"
# what the office's system user (roles.SYSTEM_USER) needs to keep the levy's books
SYSTEM_USER_ROLES = ("Accounts User", "Sales User")


def installed() -> bool:
	return APP in frappe.get_installed_apps()


def active() -> bool:
	"""ERPNext is installed and the app's links to it exist (they are made right after the app's own
	install, or when ERPNext arrives later): only then do the books and the calendar follow."""
	return installed() and frappe.get_meta("BPPM Settings").has_field("holiday_list")
