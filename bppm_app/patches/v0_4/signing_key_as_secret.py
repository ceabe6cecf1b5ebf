"""The office's signing certificate was a private File of BPPM Settings (a URL any File claim
could reach). It is now kept encrypted in the password store; the File is deleted."""

import frappe

from bppm_app.engine import signing
from bppm_app.exceptions import SigningError


def execute():
	url = frappe.db.get_single_value("BPPM Settings", "signing_certificate")
	if not url or url == signing.STORED:
		return
	office = frappe.get_single("BPPM Settings")
	try:
		office.save(ignore_permissions=True)  # keep_certificate encrypts it and deletes the file
		return
	except SigningError:
		frappe.db.rollback()
	# a certificate that does not open with its passphrase signs nothing: the file goes anyway,
	# and the manager uploads it again
	# get_all: the migration removes every record of the old file, whoever uploaded it
	for name in frappe.get_all("File", filters={"file_url": url}, pluck="name"):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)
	frappe.db.set_single_value("BPPM Settings", "signing_certificate", "")
	frappe.log_error(
		title="Signing certificate removed",
		message="The stored signing certificate could not be opened with its passphrase; upload it again.",
	)
