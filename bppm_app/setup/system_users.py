"""The office's two system users, provisioned on install and migrate, removed on uninstall: the
office's system user (``roles.SYSTEM_USER``), as whom the bank's notices are applied
(``engine.bank_payments``), and the OSS user (``roles.OSS_USER``), who takes in what OSS sends as the
front office takes in the counter's files (``engine.oss_exchange``). No password, no API key: nobody logs in
as either."""

import frappe

from bppm_app.erpnext_integration import SYSTEM_USER_ROLES, installed
from bppm_app.roles import FRONT_OFFICE, OSS_USER, SYSTEM_USER, TREASURER


def office_user_roles() -> set[str]:
	"""The treasurer's role; with ERPNext, the roles that keep the levy's books as well."""
	extra = {role for role in SYSTEM_USER_ROLES if frappe.db.exists("Role", role)} if installed() else set()
	return {TREASURER, *extra}


def ensure_office_user() -> None:
	_ensure(SYSTEM_USER, "BPPM System", office_user_roles())


def ensure_oss_user() -> None:
	_ensure(OSS_USER, "OSS RBA", {FRONT_OFFICE})


def remove_office_user() -> None:
	_remove(SYSTEM_USER)


def remove_oss_user() -> None:
	_remove(OSS_USER)


def remove_all() -> None:
	remove_office_user()
	remove_oss_user()


def _ensure(email: str, first_name: str, roles: set[str]) -> None:
	"""The user, enabled, with at least ``roles`` (install and migrate repair it like the roles)."""
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"user_type": "System User",
				"send_welcome_email": 0,
			}
		)
		user.flags.no_welcome_mail = True
	else:
		user = frappe.get_doc("User", email)
	missing = roles - {row.role for row in user.roles}
	if not missing and user.enabled and not user.is_new():
		return
	user.enabled = 1
	for role in sorted(missing):
		user.append("roles", {"role": role})
	user.save(ignore_permissions=True)


def _remove(email: str) -> None:
	if frappe.db.exists("User", email):
		# uninstall, as Administrator: the app's own system user goes with the app
		frappe.delete_doc("User", email, ignore_permissions=True, force=True)
