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
	name_the_site()


def name_the_site() -> None:
	"""Frappe's login, sign-up and e-mails name the site by Website Settings › App Name, else
	"Frappe" ("Buat akun Frappe"): the office's name where none (or Frappe's) is set (install and
	migrate)."""
	if (frappe.db.get_single_value("Website Settings", "app_name") or "Frappe") != "Frappe":
		return  # named by the office
	from bppm_app.config import settings

	short = settings.get("office_short_name") or ""
	government = settings.get("government_name") or ""
	place = government.removeprefix("Pemerintah").strip()
	name = " ".join(part for part in (short, place) if part)
	if name:
		frappe.db.set_single_value("Website Settings", "app_name", name)


def disable_portal() -> None:
	if frappe.db.get_single_value("Portal Settings", "default_role") == APPLICANT:
		frappe.db.set_single_value("Portal Settings", "default_role", None)
	if frappe.db.get_single_value("Portal Settings", "default_portal_home") == "/applications":
		frappe.db.set_single_value("Portal Settings", "default_portal_home", None)
