"""Record-level permissions for applicant-owned data (wired in hooks.py).

Role permissions in the DocType JSON say *what* a role may do; these hooks say *which records*.
Portal applicants hold no DocType permission on the app's documents at all (they use the portal's
own surfaces, ``web.applicant_portal``); should an administrator grant them one anyway, these hooks still
keep each portal user to the records of the Applicant whose ``user`` is theirs, in every list,
report, link search and single document. Staff see the office's records.

Also here: counting with permissions (``frappe.client.get_count`` counts without any in Frappe 15)
and the check that files are attached only to records their uploader may change.
"""

import json
import re

import frappe
from frappe import _
from frappe.model import child_table_fields, default_fields, optional_fields

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


# --- what a query may filter and sort on ----------------------------------------------------------
# Frappe 15 drops the fields a user may not read from a query's *fields*, but still filters and sorts
# on them: a count, or the order of a list, tells the value of a field the user cannot see one bit
# at a time (a NIK, a reset key). A query may filter, sort and group only on fields its user reads.

IDENTIFIER = re.compile(r"^[A-Za-z0-9_ \-]+$")
# one term of ORDER BY / GROUP BY: a field, `field`, tabDocType.field or `tabDocType`.`field`, and a direction
_PART = r"(?:`[^`]+`|[^`\s.,]+)"
ORDER_TERM = re.compile(rf"^\s*(?P<field>{_PART}(?:\.{_PART})?)(?:\s+(?:asc|desc))?\s*$", re.IGNORECASE)
STANDARD_FIELDS = frozenset((*default_fields, *child_table_fields, *optional_fields))


def _bad_query() -> None:
	frappe.flags.disable_traceback = True
	frappe.throw(_("The filters or the sort order could not be read."), InvalidRequestError)


def readable_fields(doctype: str, parent: str | None = None) -> frozenset:
	"""The fields of ``doctype`` its user may read (filter, sort, group on)."""
	if frappe.session.user == "Administrator":
		return frozenset(frappe.get_meta(doctype).get_valid_columns()) | STANDARD_FIELDS
	meta = frappe.get_meta(doctype)
	permitted = meta.get_permitted_fieldnames(parenttype=parent, permission_type=None)
	return frozenset(permitted) | STANDARD_FIELDS


def _split_field(doctype: str, raw) -> tuple[str, str]:
	"""``field``, ``tabDocType.field``, `` `tabDocType`.`field` `` or ``link_field.field`` → (doctype,
	field). Anything else is not a field reference."""
	if not isinstance(raw, str):
		_bad_query()
	name = raw.strip().replace("`", "")
	if "." not in name:
		if not IDENTIFIER.match(name):
			_bad_query()
		return doctype, name.strip()
	left, field = name.rsplit(".", 1)
	if not IDENTIFIER.match(left) or not IDENTIFIER.match(field):
		_bad_query()
	left = left.strip()
	other = left[3:] if left.startswith("tab") else left
	if other != doctype and not frappe.db.exists("DocType", other):
		# a Link field of the queried DocType, joined by name (Frappe 15's "link.field")
		df = frappe.get_meta(doctype).get_field(left)
		if not df or df.fieldtype != "Link":
			_bad_query()
		check_query_fields(doctype, fields=[left])
		other = df.options
	return other, field.strip()


def _filter_fields(doctype: str, filters) -> list[tuple[str, str]]:
	"""Every (doctype, field) a filter in any of Frappe's shapes refers to."""
	if filters in (None, "", [], {}):
		return []
	if isinstance(filters, str):
		try:
			filters = json.loads(filters)
		except ValueError:
			# Frappe reads a plain string as a name
			return [(doctype, "name")]
	if isinstance(filters, dict):
		return [_split_field(doctype, key) for key in filters]
	if not isinstance(filters, list | tuple):
		_bad_query()
	refs = []
	for item in filters:
		if isinstance(item, dict):
			refs.extend(_split_field(doctype, key) for key in item)
		elif isinstance(item, list | tuple) and len(item) >= 4 and isinstance(item[0], str):
			refs.append(_split_field(item[0].strip(), item[1]))
			_check_operands(item[2], item[3])
		elif isinstance(item, list | tuple) and len(item) in (2, 3):
			refs.append(_split_field(doctype, item[0]))
			if len(item) == 3:
				_check_operands(item[1], item[2])
		else:
			_bad_query()
	return refs


def _check_operands(operator, value) -> None:
	"""``between`` takes two values (Frappe builds broken SQL from a list of another length)."""
	if isinstance(operator, str) and operator.strip().lower() == "between":
		if isinstance(value, list | tuple) and len(value) != 2:
			_bad_query()


def _order_fields(doctype: str, value) -> list[tuple[str, str]]:
	if value in (None, ""):
		return []
	if not isinstance(value, str):
		_bad_query()
	refs = []
	for part in value.split(","):
		if not part.strip():
			continue
		# a DocType's name may hold spaces: `tabOSS Message`.`creation` desc, as the desk's list sorts
		term = ORDER_TERM.match(part)
		if not term:
			_bad_query()
		refs.append(_split_field(doctype, term.group("field")))
	return refs


def check_query_fields(
	doctype: str,
	filters=None,
	or_filters=None,
	order_by=None,
	group_by=None,
	fields=None,
	parent: str | None = None,
) -> None:
	"""Refuse (403) a query that filters, sorts or groups ``doctype`` on a field its user may not
	read, and (400) one whose filters cannot be read; a child table's fields need their parent's
	table field to be readable too."""
	refs = [
		*_filter_fields(doctype, filters),
		*_filter_fields(doctype, or_filters),
		*_order_fields(doctype, order_by),
		*_order_fields(doctype, group_by),
		*[_split_field(doctype, field) for field in fields or []],
	]
	cache = {}
	for target, field in refs:
		if field in STANDARD_FIELDS:
			continue
		if target == doctype:
			readable = cache.setdefault(target, readable_fields(target, parent))
		else:
			if not isinstance(target, str) or not frappe.db.exists("DocType", target):
				_bad_query()
			table = _table_field(doctype, target)
			if table is not None:
				if table not in cache.setdefault(doctype, readable_fields(doctype, parent)):
					_unreadable(doctype)
				readable = cache.setdefault(target, readable_fields(target, doctype))
			else:
				readable = cache.setdefault(target, readable_fields(target))
		if field not in readable and field in frappe.get_meta(target).get_valid_columns():
			# names that are no column (an aggregate's alias) are Frappe's to judge
			_unreadable(target)


def _table_field(doctype: str, child: str) -> str | None:
	for df in frappe.get_meta(doctype).get_table_fields():
		if df.options == child:
			return df.fieldname
	return None


def _unreadable(doctype: str) -> None:
	frappe.throw(
		_("You cannot filter or sort {0} on a field you are not permitted to read.").format(_(doctype)),
		frappe.PermissionError,
		title=_("Not permitted"),
	)
