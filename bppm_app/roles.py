"""The office's roles (names fixed by the domain contract) and who counts as staff."""

import frappe

APPLICANT = "BPPM Applicant"
FRONT_OFFICE = "BPPM Front Office"
VERIFIER = "BPPM Verifier"
FIELD_INSPECTOR = "BPPM Field Inspector"
TECHNICAL_REVIEWER = "BPPM Technical Reviewer"
TREASURER = "BPPM Treasurer"
HEAD = "BPPM Head"
INVESTMENT_OFFICER = "BPPM Investment Officer"
MANAGER = "BPPM Manager"

STAFF_ROLES = (
	FRONT_OFFICE,
	VERIFIER,
	FIELD_INSPECTOR,
	TECHNICAL_REVIEWER,
	TREASURER,
	HEAD,
	INVESTMENT_OFFICER,
	MANAGER,
)
ALL_ROLES = (APPLICANT, *STAFF_ROLES)

# The office's system user (engine/bank_payments.py): applies what a bank payment notice changes, with
# the treasurer's role, and keeps the levy's books where ERPNext is installed. No password, no API
# key: nobody logs in as it. Not a member of staff.
SYSTEM_USER = "bppm-system@bppm.invalid"
# The office's OSS user (engine/oss_exchange.py): takes in the checklist items OSS sends (receiveNIB) with the
# front office's role, as a clerk takes in a counter file. No password, no API key. Not staff either.
OSS_USER = "bppm-oss@bppm.invalid"
SYSTEM_USERS = (SYSTEM_USER, OSS_USER)

# Roles that see the whole office's data. Everyone else (portal applicants, guests, users with
# unrelated roles) sees only what belongs to the applicant records linked to their user.
OFFICE_WIDE_ROLES = frozenset((*STAFF_ROLES, "System Manager"))
# Roles that may correct any record of the office at any stage (the office's administrators).
OFFICE_ADMIN_ROLES = frozenset((MANAGER, "System Manager"))


def is_staff(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return not OFFICE_WIDE_ROLES.isdisjoint(frappe.get_roles(user))


def users_with_role(role: str) -> list[str]:
	"""The enabled users holding ``role``, by name."""
	# get_all: who holds a role is read by the system (rule membership, alerts), not a user's view
	holders = frappe.get_all("Has Role", filters={"role": role, "parenttype": "User"}, pluck="parent")
	return frappe.get_all(
		"User",
		filters={"name": ("in", holders or [""]), "enabled": 1},
		pluck="name",
		order_by="name asc",
	)
