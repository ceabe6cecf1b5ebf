"""Assignment Rules shipped with the app (``assignment_rules.json``): who gets a file at which stage.

Created when absent and their role has users (install, patch, and whenever a user is saved:
Frappe refuses a round-robin rule without users); administrators may edit them in the desk.
Assignment runs every day of the week: online applications arrive on weekends too.
"""

import json
from pathlib import Path

import frappe

from bppm_app.roles import users_with_role

DOCTYPE = "Permit Application"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DATA = Path(__file__).resolve().parent / "assignment_rules.json"


def shipped() -> list[dict]:
	return json.loads(DATA.read_text(encoding="utf-8"))


def ensure_all() -> list[str]:
	created = []
	for spec in shipped():
		users = users_with_role(spec["role"])
		if frappe.db.exists("Assignment Rule", spec["name"]) or not users:
			continue
		rule = frappe.new_doc("Assignment Rule")
		rule.name = spec["name"]  # the doctype names by prompt
		rule.update(
			{
				"document_type": DOCTYPE,
				"priority": spec["priority"],
				"description": spec["description"],
				"assign_condition": spec["assign_condition"],
				"unassign_condition": spec["unassign_condition"],
				"rule": "Round Robin",
			}
		)
		for user in users:
			rule.append("users", {"user": user})
		for day in DAYS:
			rule.append("assignment_days", {"day": day})
		rule.insert(ignore_permissions=True)  # install-time setup
		created.append(spec["name"])
	return created
