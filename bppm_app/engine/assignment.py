"""The shipped Assignment Rules' members follow their roles: whenever a user is saved, each rule's
users are set to the enabled users holding its role, and a rule whose role has no users left is
disabled (the rules themselves are created by the setup package, when their role first has users:
Frappe refuses a round-robin rule without users). A file held by someone who has left the role
(or was disabled) goes to the rule's next member, so every open file keeps a holder who can act."""

import frappe

from bppm_app.setup import assignment_rules


def sync_users(doc=None, method=None) -> None:
	"""doc_events hook on User: keep each shipped rule's members equal to its role's users."""
	if frappe.flags.in_install:
		return
	assignment_rules.ensure_all()
	sync_members()


def drop_deleted_user(doc, method=None) -> None:
	"""on_trash hook on User: Frappe refuses to delete a user who is a member of an Assignment Rule
	("disable it instead"); the shipped rules are the office's, so the user leaves them first and the
	deletion goes on. Only existing rules change (none is made again here)."""
	if frappe.flags.in_install or frappe.flags.in_uninstall:
		return
	sync_members(leaving=doc.name)


def sync_members(leaving: str | None = None) -> None:
	"""Each existing shipped rule's members set to its role's enabled users (without ``leaving``, a
	user being deleted), its departed members' open files given to the next member."""
	for spec in assignment_rules.shipped():
		if not frappe.db.exists("Assignment Rule", spec["name"]):
			continue
		rule = frappe.get_doc("Assignment Rule", spec["name"])
		wanted = [user for user in assignment_rules.members(spec["role"]) if user != leaving]
		if not wanted:
			# a round-robin rule cannot be saved without users: stop it until the role has some
			if not rule.disabled:
				rule.db_set("disabled", 1)
			if leaving:  # a stopped rule keeps no member who is being deleted
				frappe.db.delete("Assignment Rule User", {"parent": rule.name, "user": leaving})
			continue
		if sorted(row.user for row in rule.users) != wanted or rule.disabled:
			rule.set("users", [{"user": user} for user in wanted])
			rule.disabled = 0
			if rule.last_user not in wanted:
				rule.last_user = None  # the round robin's last user left the role (or was deleted)
			rule.save(ignore_permissions=True)  # membership follows the role, whoever saved the user
		reassign_departed(rule, wanted)


def reassign_departed(rule, members: list[str]) -> list[str]:
	"""Open files this rule gave to users who are no longer its members go to the next member (the
	rule's own round robin); returns the files moved."""
	# get_all: the system reads whom the rule's open assignments belong to, whoever saved the user
	todos = frappe.get_all(
		"ToDo",
		filters={
			"assignment_rule": rule.name,
			"status": "Open",
			"reference_type": rule.document_type,
			"allocated_to": ("not in", members),
		},
		pluck="reference_name",
	)
	moved = []
	for name in dict.fromkeys(todos):
		doc = frappe.get_doc(rule.document_type, name)
		if doc.docstatus != 0 or rule.safe_eval("unassign_condition", doc.as_dict()):
			continue  # decided, or past the rule's stages: Frappe's own unassignment handles it
		if rule.do_assignment(doc.as_dict()):
			moved.append(name)
	return moved
