"""Sites made before the trust boundary was drawn: tracebacks no longer reach browsers, and a
document row whose attachment is not a private file URL (a script written into it through a
generic endpoint) loses that value, so that no print view renders it. The files themselves stay."""

import frappe

from bppm_app.rules.attachments import is_private_file_url
from bppm_app.setup.install import hide_tracebacks


def execute():
	hide_tracebacks()
	for row in frappe.db.sql(
		"select `name`, `attachment` from `tabApplication Document` where ifnull(`attachment`, '') != ''",
		as_dict=True,
	):
		if not is_private_file_url(row.attachment):
			frappe.db.set_value("Application Document", row.name, "attachment", None, update_modified=False)
