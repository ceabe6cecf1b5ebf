"""Assignment Rules shipped with the app: who gets a file at which stage.

Created when absent and their role has users (install, patch, and whenever a user is saved:
Frappe refuses a round-robin rule without users); administrators may edit them in the desk.
Their members follow the role: whenever a user is saved, each shipped rule's users are set to the
enabled users holding its role, and a rule whose role has no users left is disabled.
Assignment runs every day of the week: online applications arrive on weekends too.
"""

import frappe

from bppm_app.roles import FIELD_INSPECTOR, HEAD, VERIFIER

DOCTYPE = "Permit Application"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
RULES = (
	{
		"name": "BPPM Verification",
		"role": VERIFIER,
		"priority": 3,
		"description": "Verifikasi permohonan {{ name }}",
		"assign_condition": 'workflow_state == "Submitted"',
		"unassign_condition": 'workflow_state not in ("Submitted", "Under Verification", "Returned for Revision")',
	},
	{
		"name": "BPPM Field Inspection",
		"role": FIELD_INSPECTOR,
		"priority": 2,
		"description": "Tinjauan lapangan permohonan {{ name }}",
		"assign_condition": 'workflow_state == "Field Inspection"',
		"unassign_condition": 'workflow_state != "Field Inspection"',
	},
	{
		"name": "BPPM Approval",
		"role": HEAD,
		"priority": 1,
		"description": "Keputusan atas permohonan {{ name }}",
		"assign_condition": 'workflow_state == "Awaiting Approval"',
		"unassign_condition": 'workflow_state != "Awaiting Approval"',
	},
)


def role_users(role: str) -> list[str]:
	# get_all: rule membership is derived by the system from role assignments
	holders = frappe.get_all("Has Role", filters={"role": role, "parenttype": "User"}, pluck="parent")
	return frappe.get_all(
		"User",
		filters={"name": ("in", holders or [""]), "enabled": 1},
		pluck="name",
		order_by="name asc",
	)


def ensure_all() -> list[str]:
	created = []
	for spec in RULES:
		users = role_users(spec["role"])
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


def sync_users(doc=None, method=None) -> None:
	"""doc_events hook on User: keep each shipped rule's members equal to its role's users."""
	if frappe.flags.in_install:
		return
	ensure_all()
	for spec in RULES:
		if not frappe.db.exists("Assignment Rule", spec["name"]):
			continue
		rule = frappe.get_doc("Assignment Rule", spec["name"])
		wanted = role_users(spec["role"])
		if not wanted:
			# a round-robin rule cannot be saved without users: stop it until the role has some
			if not rule.disabled:
				rule.db_set("disabled", 1)
			continue
		if sorted(row.user for row in rule.users) != wanted or rule.disabled:
			rule.set("users", [{"user": user} for user in wanted])
			rule.disabled = 0
			if rule.last_user not in wanted:
				rule.last_user = None  # the round robin's last user left the role (or was deleted)
			rule.save(ignore_permissions=True)  # membership follows the role, whoever saved the user
