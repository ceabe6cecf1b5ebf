"""What uninstalling the app removes beyond its module: Custom Fields and Property Setters made on the
app's DocTypes, and the workflows, assignment rules and notifications that point at them (they are
not bound to the module, so Frappe would leave them behind)."""

import frappe

MODULE = "BPPM"


def app_doctypes() -> list[str]:
	"""The app's own DocTypes: those of its module."""
	# get_all: uninstall runs as Administrator over the app's own DocTypes
	return frappe.get_all("DocType", filters={"module": MODULE}, pluck="name")


def remove_customizations() -> None:
	"""Custom Fields and Property Setters made for the app's DocTypes, and the workflows,
	assignment rules and notifications that point at them (they are not module-bound)."""
	own = app_doctypes()
	for doctype in ("Custom Field", "Property Setter"):
		frappe.db.delete(doctype, {"dt" if doctype == "Custom Field" else "doc_type": ("in", own)})
	for doctype, field in (
		("Workflow", "document_type"),
		("Assignment Rule", "document_type"),
		("Notification", "document_type"),
	):
		# get_all: uninstall removes every record of the app, as Administrator
		for name in frappe.get_all(doctype, filters={field: ("in", own)}, pluck="name"):
			frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
