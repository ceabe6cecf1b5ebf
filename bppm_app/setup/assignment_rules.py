"""Assignment Rules shipped with the app (``assignment_rules.json``): who gets a file at which stage.

Created when absent and their role has users (install, patch, and whenever a user is saved:
Frappe refuses a round-robin rule without users); administrators may edit them in the desk.
Assignment runs every day of the week: online applications arrive on weekends too.
"""

import json
from pathlib import Path

import frappe

from bppm_app.roles import SYSTEM_USER, users_with_role

DOCTYPE = "Permit Application"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DATA = Path(__file__).resolve().parent / "assignment_rules.json"


def shipped() -> list[dict]:
	return json.loads(DATA.read_text(encoding="utf-8"))


def members(role: str) -> list[str]:
	"""The people a rule of ``role`` gives files to: its enabled users, never the office's system
	user (it holds the treasurer's role to record bank notices, and is nobody to work a file)."""
	return [user for user in users_with_role(role) if user != SYSTEM_USER]


def ensure_all() -> list[str]:
	created = []
	for spec in shipped():
		users = members(spec["role"])
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


def assign_unheld() -> list[str]:
	"""Give each open application that no open assignment holds to the shipped rule whose
	condition holds (e.g. files already in a stage when its rule was created); returns them."""
	names = [spec["name"] for spec in shipped() if frappe.db.exists("Assignment Rule", spec["name"])]
	rules = [frappe.get_doc("Assignment Rule", name) for name in names]
	rules = [rule for rule in rules if not rule.disabled]
	held = set(
		frappe.get_all(
			"ToDo",
			filters={"reference_type": DOCTYPE, "status": "Open"},
			pluck="reference_name",
		)
	)
	given = []
	for name in frappe.get_all(DOCTYPE, filters={"docstatus": 0}, pluck="name"):
		if name in held:
			continue
		doc = frappe.get_doc(DOCTYPE, name).as_dict()
		rule = next((r for r in rules if r.safe_eval("assign_condition", doc)), None)
		if rule and rule.do_assignment(doc):
			given.append(name)
	return given
