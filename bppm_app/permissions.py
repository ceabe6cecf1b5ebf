"""Record-level permissions for applicant-owned data (wired in hooks.py).

Role permissions in the DocType JSON say *what* a role may do; these hooks say *which records*.
Portal applicants hold no DocType permission on the app's documents at all (they use the portal's
own surfaces, ``services.portal``); should an administrator grant them one anyway, these hooks still
keep each portal user to the records of the Applicant whose ``user`` is theirs, in every list,
report, link search and single document. Staff see the office's records.

Also here: counting with permissions (``frappe.client.get_count`` counts without any in Frappe 15)
and the check that files are attached only to records their uploader may change.
"""

import frappe
from frappe import _

from bppm_app.exceptions import InvalidRequestError
from bppm_app.roles import is_staff


def _own_applicants_sql(user: str) -> str:
	return f"select `name` from `tabApplicant` where `user` = {frappe.db.escape(user)}"


def owned_applicants(user: str) -> list[str]:
	# get_all, not get_list: this *is* the permission check, it must not recurse into itself
	return frappe.get_all("Applicant", filters={"user": user}, pluck="name")


# --- Applicant: a portal user owns the applicant record that links their user -----------------


def applicant_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_staff(user):
		return ""
	return f"`tabApplicant`.`user` = {frappe.db.escape(user)}"


def applicant_has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool:
	user = user or frappe.session.user
	if is_staff(user):
		return True
	if ptype == "create" and not doc.get("user"):
		# the controller binds a portal user's new applicant record to that user
		return True
	return bool(doc.get("user")) and doc.get("user") == user


# --- Permit Application and Investment: owned through a link to the Applicant -----------------


def _owned_through_applicant(doctype: str, link_field: str):
	"""The two hooks for a DocType whose records belong to the Applicant in ``link_field``."""

	def query_conditions(user: str | None = None, doctype_: str | None = None) -> str:
		user = user or frappe.session.user
		if is_staff(user):
			return ""
		return f"`tab{doctype}`.`{link_field}` in ({_own_applicants_sql(user)})"

	def has_permission(doc, ptype=None, user=None, debug=False) -> bool:
		user = user or frappe.session.user
		if is_staff(user):
			return True
		return bool(doc.get(link_field)) and doc.get(link_field) in owned_applicants(user)

	return query_conditions, has_permission


permit_application_query_conditions, permit_application_has_permission = _owned_through_applicant(
	"Permit Application", "applicant"
)
investment_query_conditions, investment_has_permission = _owned_through_applicant("Investment", "investor")


# --- Permit Type: outside the office, only active, published types exist ----------------------


def permit_type_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_staff(user):
		return ""
	return "(`tabPermit Type`.`is_active` = 1 and `tabPermit Type`.`is_published` = 1)"


def permit_type_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	if is_staff(user):
		return True
	return bool(doc.get("is_active")) and bool(doc.get("is_published"))


# --- Investment Report (LKPM): owned through its investment's investor ---------------------------
# The investment decides, not the report's own (fetched) ``investor`` field: a report belongs to
# whoever owns the investment it reports on, also while a client is still creating it.


def investment_report_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_staff(user):
		return ""
	own_investments = f"select `name` from `tabInvestment` where `investor` in ({_own_applicants_sql(user)})"
	return f"`tabInvestment Report`.`investment` in ({own_investments})"


def investment_report_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	if is_staff(user):
		return True
	investment = doc.get("investment")
	investor = investment and frappe.db.get_value("Investment", investment, "investor")
	return bool(investor) and investor in owned_applicants(user)


# --- service quality: complaints belong to the portal account that filed them, surveys to the -----
# applicant of the rated application. Portal users hold no permission on either DocType; these hooks
# only keep them to their own should an administrator grant one.


def public_complaint_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_staff(user):
		return ""
	return f"`tabPublic Complaint`.`complainant_user` = {frappe.db.escape(user)}"


def public_complaint_has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	user = user or frappe.session.user
	if is_staff(user):
		return True
	return user != "Guest" and bool(doc.get("complainant_user")) and doc.get("complainant_user") == user


service_survey_query_conditions, service_survey_has_permission = _owned_through_applicant(
	"Service Survey", "applicant"
)


# --- counting -------------------------------------------------------------------------------------


def count_with_permissions(doctype: str, filters=None) -> int:
	"""How many records of ``doctype`` match ``filters`` among those the user may read: through
	``frappe.get_list``, so role permissions, ownership hooks and permission levels apply. A child
	table is counted through its parent DocType's permissions."""
	meta = frappe.get_meta(doctype)
	parent = None
	if meta.istable:
		# the DocType whose table field holds these rows
		parent = frappe.db.get_value("DocField", {"options": doctype, "fieldtype": "Table"}, "parent")
	try:
		filters = frappe.parse_json(filters) if isinstance(filters, str) else filters
	except ValueError:
		frappe.throw(_("The filters could not be read."), InvalidRequestError, title=_("Invalid request"))
	rows = frappe.get_list(
		doctype, filters=filters, fields=["count(*) as count"], parent_doctype=parent, as_list=True
	)
	return int(rows[0][0]) if rows else 0


# --- files attached to the app's records ------------------------------------------------------------

# the DocTypes whose records belong to an applicant, and how to tell whether one is the user's
OWNED_DOCTYPES = {
	"Applicant": lambda name, user: frappe.db.get_value("Applicant", name, "user") == user,
	"Permit Application": lambda name, user: (
		frappe.db.get_value("Permit Application", name, "applicant") in owned_applicants(user)
	),
	"Investment": lambda name, user: (
		frappe.db.get_value("Investment", name, "investor") in owned_applicants(user)
	),
	"Investment Report": lambda name, user: (
		frappe.db.get_value("Investment Report", name, "investor") in owned_applicants(user)
	),
	"Public Complaint": lambda name, user: (
		frappe.db.get_value("Public Complaint", name, "complainant_user") == user
	),
	"Service Survey": lambda name, user: (
		frappe.db.get_value("Service Survey", name, "applicant") in owned_applicants(user)
	),
}


def check_file_attachment(doc, method=None):
	"""``validate`` of File: a portal user attaches files only to their own records (Frappe's upload
	checks only that the user may create files). Staff attach under their DocType permissions."""
	owns = OWNED_DOCTYPES.get(doc.attached_to_doctype)
	if not owns or not doc.attached_to_name or is_staff():
		return
	if not doc.is_new() and not doc.has_value_changed("attached_to_name"):
		return
	if frappe.session.user == "Guest" or not owns(doc.attached_to_name, frappe.session.user):
		frappe.throw(
			_("You can attach files only to your own {0}.").format(_(doc.attached_to_doctype)),
			frappe.PermissionError,
			title=_("Not permitted"),
		)
