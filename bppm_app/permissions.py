"""Record-level permissions for applicant-owned data (wired in hooks.py).

Role permissions in the DocType JSON say *what* a role may do; these hooks say *which records*:
staff see the office's records, a portal applicant only the records of the Applicant whose
``user`` is theirs. ``permission_query_conditions`` filters every list, report, link search and
``/api/resource`` listing; ``has_permission`` guards each single document (form, REST GET/PUT,
print, attachments), so the browser is never the only line of defence.
"""

import frappe

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
