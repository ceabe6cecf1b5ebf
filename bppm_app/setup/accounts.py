"""Install and migrate defaults for signing in: short-lived reset links, and an office system user
nobody can sign in as (see gate.py and overrides.py for the requests themselves)."""

import frappe
from frappe.utils import cint
from frappe.utils.password import remove_encrypted_password

from bppm_app.roles import SYSTEM_USERS

# a reset link is good for 15 minutes (Frappe's default is 20; a site may have none at all)
RESET_LINK_SECONDS = 15 * 60
LONGEST_RESET_LINK_SECONDS = 60 * 60


def harden(install: bool = False) -> None:
	"""On install: reset links last 15 minutes. On every migrate: never without expiry or longer
	than an hour (an administrator may choose anything in between)."""
	expiry = cint(frappe.db.get_single_value("System Settings", "reset_password_link_expiry_duration"))
	if install or not expiry or expiry > LONGEST_RESET_LINK_SECONDS:
		frappe.db.set_single_value(
			"System Settings", "reset_password_link_expiry_duration", RESET_LINK_SECONDS
		)
	for user in SYSTEM_USERS:
		if frappe.db.exists("User", user):
			# no password and no pending reset key, whatever happened before
			frappe.db.set_value("User", user, "reset_password_key", "", update_modified=False)
			remove_encrypted_password("User", user, "password")
