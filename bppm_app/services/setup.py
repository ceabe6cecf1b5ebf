"""Records the app needs on every site: roles, settings, calendar. Idempotent; run on install
and after every migrate, and undone on uninstall."""

import frappe

from bppm_app.roles import ALL_ROLES, APPLICANT

# DocTypes of other apps that this app may extend with Custom Fields or Property Setters. Kept here
# so uninstall removes exactly what the app added (nothing yet: every field is in our own DocTypes).
OWN_DOCTYPES = (
	"Applicant",
	"Permit Type",
	"Permit Type Requirement",
	"Permit Application",
	"Application Document",
	"Investment",
	"Service Holiday",
	"BPPM Settings",
	"Permit Application Stage",
	# investment and dashboards issue
	"Investment Report",
	"Investment Target",
	# the levy paid at the bank
	"Levy Payment",
	"Levy Payment Resolution",
)


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


def remove_roles() -> None:
	"""Delete the app's roles and every assignment or permission row that names them."""
	for role in ALL_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
			frappe.db.delete(doctype, {"role": role})
		frappe.delete_doc("Role", role, ignore_permissions=True, force=True)


def remove_customizations() -> None:
	"""Custom Fields and Property Setters made for the app's DocTypes, and the workflows,
	assignment rules and notifications that point at them (they are not module-bound)."""
	for doctype in ("Custom Field", "Property Setter"):
		frappe.db.delete(doctype, {"dt" if doctype == "Custom Field" else "doc_type": ("in", OWN_DOCTYPES)})
	for doctype, field in (
		("Workflow", "document_type"),
		("Assignment Rule", "document_type"),
		("Notification", "document_type"),
	):
		# get_all: uninstall removes every record of the app, as Administrator
		for name in frappe.get_all(doctype, filters={field: ("in", OWN_DOCTYPES)}, pluck="name"):
			frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
