"""The contract's roles on a site: created before install (so that DocType sync does not create
them as desk roles), repaired after every migrate, removed with their assignments on uninstall."""

import frappe

from bppm_app.roles import ALL_ROLES, APPLICANT


def ensure_roles() -> None:
	"""Create the contract's roles. The applicant role is a portal role: no desk access.

	DocType sync creates missing roles with desk access, so this runs before install (roles exist
	first) and after every migrate (repairs a role that sync or an admin turned into a desk role).
	"""
	for role in ALL_ROLES:
		desk_access = 0 if role == APPLICANT else 1
		if not frappe.db.exists("Role", role):
			frappe.get_doc(
				{
					"doctype": "Role",
					"role_name": role,
					"desk_access": desk_access,
				}
			).insert(ignore_permissions=True)  # install-time setup runs as Administrator
		elif frappe.db.get_value("Role", role, "desk_access") != desk_access:
			doc = frappe.get_doc("Role", role)
			doc.desk_access = desk_access
			doc.save(ignore_permissions=True)  # Role.on_update re-derives the users' user type


def remove_roles() -> None:
	"""Delete the app's roles and every assignment or permission row that names them."""
	for role in ALL_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
			frappe.db.delete(doctype, {"role": role})
		frappe.delete_doc("Role", role, ignore_permissions=True, force=True)  # uninstall, no user acting
