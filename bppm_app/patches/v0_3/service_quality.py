"""Service quality on older sites: the Public Complaint Workflow (created only when absent, like
every shipped workflow), and a survey link for the applications decided before surveys existed."""

import frappe

from bppm_app.rules import codes
from bppm_app.setup import workflows


def execute():
	workflows.ensure_all()
	# get_all: a migration over the office's own records, run as the system
	for name in frappe.get_all(
		"Permit Application",
		filters={"docstatus": ("in", (1, 2)), "survey_token": ("is", "not set")},
		pluck="name",
	):
		frappe.db.set_value(
			"Permit Application", name, "survey_token", codes.new_survey_token(), update_modified=False
		)
