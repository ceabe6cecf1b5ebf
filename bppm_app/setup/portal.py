"""The applicant portal on a site: citizens sign up with Frappe's own sign-up and become applicants.
Set on install only (the office may change these settings afterwards), undone on uninstall."""

import frappe

from bppm_app.roles import APPLICANT


def enable_portal() -> None:
	"""Citizens sign up with Frappe's own sign-up and become applicants (install only: the
	office may change these settings afterwards)."""
	frappe.db.set_single_value("Portal Settings", "default_role", APPLICANT)
	frappe.db.set_single_value("Portal Settings", "default_portal_home", "/applications")
	frappe.db.set_single_value("Website Settings", "disable_signup", 0)


def disable_portal() -> None:
	if frappe.db.get_single_value("Portal Settings", "default_role") == APPLICANT:
		frappe.db.set_single_value("Portal Settings", "default_role", None)
	if frappe.db.get_single_value("Portal Settings", "default_portal_home") == "/applications":
		frappe.db.set_single_value("Portal Settings", "default_portal_home", None)
