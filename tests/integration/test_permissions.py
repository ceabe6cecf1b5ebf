"""Who may do what: each staff role, a portal applicant, a guest.

Role permissions come from the DocType JSON; record ownership from the app's has_permission and
permission_query_conditions hooks. Both are checked here the way Frappe checks them for the desk,
reports, link searches and REST.
"""

import frappe
import pytest

from bppm_app.roles import (
	APPLICANT,
	FIELD_INSPECTOR,
	FRONT_OFFICE,
	HEAD,
	INVESTMENT_OFFICER,
	MANAGER,
	TECHNICAL_REVIEWER,
	TREASURER,
	VERIFIER,
)
from bppm_app.web import applicant_portal

from .factories import (
	as_user,
	make_applicant,
	make_application,
	make_permit_type,
	make_user,
	portal_edit,
	unique_nib,
)

# c create, r read, w write, d delete, s submit, x cancel
MATRIX = {
	"Applicant": {
		FRONT_OFFICE: "crw",
		VERIFIER: "r",
		FIELD_INSPECTOR: "",
		TECHNICAL_REVIEWER: "",
		TREASURER: "",
		HEAD: "r",
		INVESTMENT_OFFICER: "crw",
		MANAGER: "crwd",
		APPLICANT: "",
	},
	"Permit Type": {
		FRONT_OFFICE: "r",
		VERIFIER: "r",
		FIELD_INSPECTOR: "r",
		TECHNICAL_REVIEWER: "r",
		TREASURER: "r",
		HEAD: "r",
		INVESTMENT_OFFICER: "r",
		MANAGER: "crwd",
		APPLICANT: "",
	},
	"Permit Application": {
		FRONT_OFFICE: "crw",
		# submit: a second verifier issues in the low-risk fast lane (the workflow decides when)
		VERIFIER: "rws",
		FIELD_INSPECTOR: "rw",
		TECHNICAL_REVIEWER: "rw",
		TREASURER: "rw",
		HEAD: "rwsx",
		INVESTMENT_OFFICER: "r",
		MANAGER: "crwdsx",
		APPLICANT: "",
	},
	"Investment": {
		FRONT_OFFICE: "r",
		VERIFIER: "r",
		FIELD_INSPECTOR: "",
		TECHNICAL_REVIEWER: "",
		TREASURER: "",
		HEAD: "r",
		INVESTMENT_OFFICER: "crw",
		MANAGER: "crwd",
		APPLICANT: "",
	},
	"Investment Report": {
		FRONT_OFFICE: "",
		VERIFIER: "",
		FIELD_INSPECTOR: "",
		TECHNICAL_REVIEWER: "",
		TREASURER: "",
		HEAD: "r",
		INVESTMENT_OFFICER: "crwsx",
		MANAGER: "crwdsx",
		APPLICANT: "",
	},
	"Service Holiday": {
		FRONT_OFFICE: "r",
		VERIFIER: "r",
		FIELD_INSPECTOR: "r",
		TECHNICAL_REVIEWER: "r",
		TREASURER: "r",
		HEAD: "r",
		INVESTMENT_OFFICER: "r",
		MANAGER: "crwd",
		APPLICANT: "",
	},
	"Service Survey": {
		FRONT_OFFICE: "crw",
		VERIFIER: "",
		FIELD_INSPECTOR: "",
		TECHNICAL_REVIEWER: "",
		TREASURER: "",
		HEAD: "r",
		INVESTMENT_OFFICER: "",
		MANAGER: "crwd",
		APPLICANT: "",
	},
	"Public Complaint": {
		FRONT_OFFICE: "crw",
		VERIFIER: "",
		FIELD_INSPECTOR: "",
		TECHNICAL_REVIEWER: "",
		TREASURER: "",
		HEAD: "rw",
		INVESTMENT_OFFICER: "",
		MANAGER: "crwd",
		APPLICANT: "",
	},
	"BPPM Settings": {
		FRONT_OFFICE: "r",
		VERIFIER: "r",
		FIELD_INSPECTOR: "r",
		TECHNICAL_REVIEWER: "r",
		TREASURER: "r",
		HEAD: "r",
		INVESTMENT_OFFICER: "r",
		MANAGER: "crw",
		APPLICANT: "",
	},
}
PTYPES = {"c": "create", "r": "read", "w": "write", "d": "delete", "s": "submit", "x": "cancel"}


@pytest.mark.parametrize("doctype", list(MATRIX))
def test_role_permission_matrix(doctype, staff):
	wrong = []
	for role, letters in MATRIX[doctype].items():
		for letter, ptype in PTYPES.items():
			allowed = frappe.has_permission(doctype, ptype, user=staff[role])
			if allowed != (letter in letters):
				wrong.append(f"{role} {ptype}: {'allowed' if allowed else 'denied'}")
	assert not wrong, f"{doctype}: " + "; ".join(wrong)


def test_applicant_role_has_no_desk_access_staff_roles_do():
	assert frappe.db.get_value("Role", APPLICANT, "desk_access") == 0
	for role in MATRIX["Applicant"]:
		if role != APPLICANT:
			assert frappe.db.get_value("Role", role, "desk_access") == 1, role
	assert frappe.db.get_value("User", make_user(APPLICANT), "user_type") == "Website User"
	assert frappe.db.get_value("User", make_user(VERIFIER), "user_type") == "System User"


# --- field owners: each office field's permission level belongs to one role ------------------------

# permission level → the roles that write it (Manager and System Manager write every level)
FIELD_OWNERS = {
	1: {FRONT_OFFICE},  # the application's data (and the applicant on the portal)
	2: {VERIFIER},  # document review, revision remarks
	3: {FIELD_INSPECTOR},
	4: {TECHNICAL_REVIEWER},
	5: {TREASURER},  # the payment
	6: {HEAD},  # rejection and revocation reasons
}


@pytest.mark.parametrize("level", sorted(FIELD_OWNERS))
def test_each_office_field_level_has_one_owner(level, staff):
	meta = frappe.get_meta("Permit Application")
	writers = {
		p.role for p in meta.permissions if p.permlevel == level and p.write and p.role.startswith("BPPM")
	}
	assert writers == FIELD_OWNERS[level] | {MANAGER}
	readers = {p.role for p in meta.permissions if p.permlevel == level and p.read}
	# every role that reads the application reads all of it: no field can be filtered on unseen
	assert readers == {p.role for p in meta.permissions if p.permlevel == 0 and p.read}


def test_the_levels_cover_the_office_fields():
	meta = frappe.get_meta("Permit Application")
	level = {df.fieldname: df.permlevel for df in meta.fields}
	assert level["levy_paid"] == level["paid_on"] == level["payment_reference"] == 5
	assert level["inspection_result"] == 3 and level["recommendation_result"] == 4
	assert level["rejection_reason"] == 6 and level["revision_remarks"] == 2
	child = {df.fieldname: df.permlevel for df in frappe.get_meta("Application Document").fields}
	assert child["review_status"] == child["remarks"] == 2 and child["attachment"] == 1


# --- two applicants, in process -------------------------------------------------------------


@pytest.fixture
def two_applicants():
	permit_type = make_permit_type()
	people = []
	for _ in range(2):
		user = make_user(APPLICANT)
		applicant = make_applicant(user=user)
		with as_user(user):
			application = make_application(applicant.name, permit_type.name)
		investment = frappe.get_doc(
			{
				"doctype": "Investment",
				"investor": applicant.name,
				"project_name": "Usaha",
				"investment_type": "PMDN",
				"planned_investment": 1e9,
			}
		).insert()
		people.append(
			frappe._dict(
				user=user, applicant=applicant.name, application=application.name, investment=investment.name
			)
		)
	return people


def test_applicants_hold_no_doctype_permission(two_applicants):
	"""Portal users read nothing through Frappe's generic machinery, their own records included:
	the portal's surfaces are their only way in."""
	a, _b = two_applicants
	with as_user(a.user):
		for doctype in (
			"Applicant",
			"Permit Application",
			"Application Document",
			"Investment",
			"Investment Report",
			"Permit Type",
			"Permit Application Stage",
			"Service Survey",
			"Public Complaint",
		):
			with pytest.raises(frappe.PermissionError):
				frappe.get_list(
					doctype,
					parent_doctype="Permit Application" if doctype == "Application Document" else None,
				)
		for doctype, name in (("Applicant", a.applicant), ("Permit Application", a.application)):
			assert not frappe.has_permission(doctype, "read", doc=name), doctype


def test_applicants_list_only_their_own_records_on_the_portal(two_applicants):
	a, b = two_applicants
	with as_user(a.user):
		assert [row["name"] for row in applicant_portal.applications()] == [a.application]
		assert [row["name"] for row in applicant_portal.investments()] == [a.investment]
		assert applicant_portal.own_application(a.application).name == a.application
		for name in (b.application, "PRM-1999-00001"):
			with pytest.raises(frappe.DoesNotExistError):
				applicant_portal.own_application(name)


def test_applicants_cannot_change_each_others_records(two_applicants):
	a, b = two_applicants
	with as_user(a.user):
		theirs = frappe.get_doc("Permit Application", b.application)
		theirs.subject = "diubah orang lain"
		with pytest.raises(frappe.PermissionError):
			theirs.save()
		with pytest.raises(frappe.PermissionError):
			portal_edit("Permit Application", b.application, subject="diubah orang lain")
		with pytest.raises(frappe.DoesNotExistError):
			applicant_portal.take_own_action(applicant_portal.own_application(b.application))
		# an application made on the portal is always one's own
		mine = make_application(b.applicant, theirs.permit_type)
		assert mine.applicant == a.applicant
	assert frappe.db.get_value("Permit Application", b.application, "subject") != "diubah orang lain"


def test_staff_see_everyones_records(two_applicants):
	names = {p.application for p in two_applicants}
	for role in (FRONT_OFFICE, VERIFIER, HEAD):
		with as_user(make_user(role)):
			listed = set(
				frappe.get_list("Permit Application", filters={"name": ("in", list(names))}, pluck="name")
			)
			assert listed == names, role


def test_the_public_sees_only_active_published_permit_types():
	from bppm_app.api import published_permit_types

	published = make_permit_type()
	unpublished = make_permit_type(is_published=0)
	inactive = make_permit_type(is_active=0)
	with as_user("Guest"):
		visible = {row["name"] for row in published_permit_types()}
	assert published.name in visible
	assert not visible & {unpublished.name, inactive.name}
	with as_user(make_user(VERIFIER)):
		assert {unpublished.name, inactive.name} <= set(frappe.get_list("Permit Type", pluck="name", limit=0))


def test_guest_reads_nothing(two_applicants):
	with as_user("Guest"):
		for doctype in (
			"Applicant",
			"Permit Application",
			"Investment",
			"Investment Report",
			"Service Holiday",
			"BPPM Settings",
			"Service Survey",
			"Public Complaint",
		):
			assert not frappe.has_permission(doctype, "read"), doctype
			with pytest.raises(frappe.PermissionError):
				frappe.get_list(doctype)


def test_business_investor_with_portal_account_sees_own_investment():
	user = make_user(APPLICANT)
	company = make_applicant(user=user, applicant_type="Business Entity", nik=None, nib=unique_nib())
	mine = frappe.get_doc(
		{
			"doctype": "Investment",
			"investor": company.name,
			"project_name": "Pabrik",
			"planned_investment": 5e9,
		}
	).insert()
	with as_user(user):
		assert [row["name"] for row in applicant_portal.investments()] == [mine.name]
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "Investment",
					"investor": company.name,
					"project_name": "X",
					"planned_investment": 1,
				}
			).insert()


def test_ownership_holds_even_if_an_administrator_grants_portal_users_a_permission(two_applicants):
	"""Defence in depth: a Custom DocPerm giving BPPM Applicant read on applications still shows
	each portal user only their own."""
	from frappe.permissions import add_permission, update_permission_property

	a, b = two_applicants
	add_permission("Permit Application", APPLICANT, 0)
	update_permission_property("Permit Application", APPLICANT, 0, "read", 1)
	frappe.clear_cache(doctype="Permit Application")
	with as_user(a.user):
		assert frappe.get_list("Permit Application", pluck="name") == [a.application]
		assert not frappe.has_permission("Permit Application", "read", doc=b.application)
