"""The shipped Assignment Rules' members follow their roles: whenever a user is saved, each rule's
users are set to the enabled users holding its role, and a rule whose role has no users left is
disabled (the rules themselves are created by the setup package, when their role first has users:
Frappe refuses a round-robin rule without users)."""

import frappe

from bppm_app.roles import users_with_role
from bppm_app.setup import assignment_rules


def sync_users(doc=None, method=None) -> None:
	"""doc_events hook on User: keep each shipped rule's members equal to its role's users."""
	if frappe.flags.in_install:
		return
	assignment_rules.ensure_all()
	for spec in assignment_rules.shipped():
		if not frappe.db.exists("Assignment Rule", spec["name"]):
			continue
		rule = frappe.get_doc("Assignment Rule", spec["name"])
		wanted = users_with_role(spec["role"])
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
