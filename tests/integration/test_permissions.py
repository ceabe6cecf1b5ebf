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

from .factories import as_user, make_applicant, make_application, make_permit_type, make_user, unique_nib

# c create, r read, w write, d delete, s submit, x cancel
MATRIX = {
	"Applicant": {
		FRONT_OFFICE: "crw",
		VERIFIER: "r",
		FIELD_INSPECTOR: "r",
		TECHNICAL_REVIEWER: "r",
		TREASURER: "r",
		HEAD: "r",
		INVESTMENT_OFFICER: "crw",
		MANAGER: "crwd",
		APPLICANT: "crw",
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
		APPLICANT: "r",
	},
	"Permit Application": {
		FRONT_OFFICE: "crw",
		VERIFIER: "rw",
		FIELD_INSPECTOR: "rw",
		TECHNICAL_REVIEWER: "rw",
		TREASURER: "rw",
		HEAD: "rwsx",
		INVESTMENT_OFFICER: "r",
		MANAGER: "crwdsx",
		APPLICANT: "crw",
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
		APPLICANT: "r",
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
		APPLICANT: "crw",
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


def test_applicants_list_only_their_own_records(two_applicants):
	a, b = two_applicants
	with as_user(a.user):
		assert frappe.get_list("Applicant", pluck="name") == [a.applicant]
		assert frappe.get_list("Permit Application", pluck="name") == [a.application]
		assert frappe.get_list("Investment", pluck="name") == [a.investment]
		assert frappe.get_list("Permit Application", filters={"name": b.application}, pluck="name") == []
		assert (
			frappe.db.count("Permit Application", {"name": b.application}) is not None
		)  # raw db is not the API


def test_applicants_cannot_open_or_change_each_others_records(two_applicants):
	a, b = two_applicants
	with as_user(a.user):
		for doctype, name in (
			("Applicant", b.applicant),
			("Permit Application", b.application),
			("Investment", b.investment),
		):
			assert not frappe.has_permission(doctype, "read", doc=name), doctype
			doc = frappe.get_doc(doctype, name)
			with pytest.raises(frappe.PermissionError):
				doc.check_permission("read")
		theirs = frappe.get_doc("Permit Application", b.application)
		theirs.subject = "diubah orang lain"
		with pytest.raises(frappe.PermissionError):
			theirs.save()
		with pytest.raises(frappe.PermissionError):
			make_application(b.applicant, theirs.permit_type)
		assert frappe.has_permission("Permit Application", "write", doc=a.application)
	assert frappe.db.get_value("Permit Application", b.application, "subject") != "diubah orang lain"


def test_link_search_respects_ownership(two_applicants):
	from frappe.desk.search import search_widget

	a, b = two_applicants
	with as_user(a.user):
		found = [row[0] for row in search_widget("Applicant", txt="", page_length=100, as_dict=False)]
	assert a.applicant in found and b.applicant not in found


def test_staff_see_everyones_records(two_applicants):
	names = {p.application for p in two_applicants}
	for role in (FRONT_OFFICE, VERIFIER, HEAD):
		with as_user(make_user(role)):
			listed = set(
				frappe.get_list("Permit Application", filters={"name": ("in", list(names))}, pluck="name")
			)
			assert listed == names, role


def test_applicants_see_only_active_published_permit_types():
	published = make_permit_type()
	unpublished = make_permit_type(is_published=0)
	inactive = make_permit_type(is_active=0)
	with as_user(make_user(APPLICANT)):
		visible = set(frappe.get_list("Permit Type", pluck="name", limit=0))
		assert published.name in visible
		assert not visible & {unpublished.name, inactive.name}
		assert not frappe.has_permission("Permit Type", "read", doc=unpublished.name)
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
		assert frappe.get_list("Investment", pluck="name") == [mine.name]
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "Investment",
					"investor": company.name,
					"project_name": "X",
					"planned_investment": 1,
				}
			).insert()
