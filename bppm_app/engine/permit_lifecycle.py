"""A permit's life after issue, on the site: starting a renewal or an amendment from an issued
permit, checking the previous permit on every path, and superseding it when the new one is issued.

The rules themselves (who may continue which permit, the renewal window, the new validity) are in
``bppm_app.rules.lifecycle``; this module reads the records they need and writes the supersession.
"""

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from bppm_app.exceptions import PreviousPermitError, user_errors
from bppm_app.rules import guards
from bppm_app.rules import lifecycle as rules

APPLICATION = "Permit Application"
PREVIOUS_FIELDS = (
	"name",
	"docstatus",
	"decision",
	"applicant",
	"permit_type",
	"permit_number",
	"valid_until",
	"superseded_by",
)
# what a renewal or an amendment starts with: the previous application's data
COPIED_DATA = ("subject", "location_address", "kelurahan", "kecamatan", "quantity", "investment")


def previous_of(name: str | None, for_update: bool = False):
	"""The fields of a previous application the rules need; a stand-in that no rule accepts when the
	name does not exist (so a missing record and another person's get the same answer)."""
	if not name:
		return None
	columns = ", ".join(f"`{field}`" for field in PREVIOUS_FIELDS)
	lock = " for update" if for_update else ""
	rows = frappe.db.sql(
		f"select {columns} from `tabPermit Application` where `name` = %s{lock}", name, as_dict=True
	)
	if rows:
		return rows[0]
	return frappe._dict(dict.fromkeys(PREVIOUS_FIELDS), name=name, docstatus=0)


def window_days(permit_type: str | None) -> int:
	value = frappe.db.get_value("Permit Type", permit_type, "renewal_window_days") if permit_type else None
	return rules.DEFAULT_RENEWAL_WINDOW_DAYS if value is None else cint(value)


def check(doc, check_window: bool = True, previous=None) -> None:
	"""A renewal or an amendment continues an issued permit of the same applicant and type (see
	``rules.lifecycle.check_follow_up``)."""
	if (doc.application_type or rules.NEW) == rules.NEW:
		if doc.previous_application:
			raise PreviousPermitError(_("Only a renewal or an amendment refers to a previous permit."))
		return
	if previous is None:
		previous = previous_of(doc.previous_application)
	rules.check_follow_up(
		doc.application_type,
		previous,
		applicant=doc.applicant,
		permit_type=doc.permit_type,
		window_days=window_days(doc.permit_type),
		today=getdate(nowdate()),
		check_window=check_window,
	)


def offers(row) -> list[str]:
	"""The follow-ups an issued permit (a row with docstatus, decision, permit_number, valid_until,
	superseded_by, permit_type) can have today: Renewal within its window, Amendment while valid."""
	if row.get("docstatus") != 1 or row.get("decision") != guards.APPROVED or row.get("superseded_by"):
		return []
	if not row.get("permit_number"):
		return []
	today = getdate(nowdate())
	valid_until = getdate(row.valid_until) if row.get("valid_until") else None
	out = []
	if valid_until and rules.in_renewal_window(valid_until, window_days(row.permit_type), today):
		out.append(rules.RENEWAL)
	if rules.can_amend(valid_until, today):
		out.append(rules.AMENDMENT)
	return out


def open_follow_up(previous: str, application_type: str, for_update: bool = False) -> str | None:
	"""A renewal or amendment of ``previous`` already being prepared (not yet decided).
	``for_update``: a locking read, which sees what other transactions committed meanwhile."""
	return frappe.db.get_value(
		APPLICATION,
		{"previous_application": previous, "application_type": application_type, "docstatus": 0},
		"name",
		for_update=for_update,
	)


def start(previous: str, application_type: str, ignore_permissions: bool = False):
	"""A new draft renewing or amending ``previous``, starting with its data and the documents the
	office accepted on it (to be reviewed again). An open one of the same kind is returned instead
	of a second. ``ignore_permissions``: the caller found ``previous`` to be the user's own (the
	portal), and the portal's users hold no DocType permission."""
	if application_type not in rules.FOLLOW_UPS:
		frappe.throw(_("Choose Renewal or Amendment."), frappe.ValidationError)
	# one open follow-up per permit and kind: requests for the same permit wait for each other here
	# (a row lock on the permit), and the check below is a locking read, so the second one finds
	# the draft the first one made instead of making another
	frappe.db.sql(f"select name from `tab{APPLICATION}` where name = %s for update", previous)
	existing = open_follow_up(previous, application_type, for_update=True)
	if existing:
		# a locking read too: the draft may have been committed after this request's snapshot
		return frappe.get_doc(APPLICATION, existing, for_update=True)
	old = frappe.get_doc(APPLICATION, previous)
	# the rules' own message before Frappe's (which refuses a link to a revoked permit on its own)
	with user_errors():
		check(
			frappe._dict(
				application_type=application_type,
				previous_application=old.name,
				applicant=old.applicant,
				permit_type=old.permit_type,
			)
		)
	new = frappe.new_doc(APPLICATION)
	new.update(
		{
			"applicant": old.applicant,
			"permit_type": old.permit_type,
			"application_type": application_type,
			"previous_application": old.name,
			**{field: old.get(field) for field in COPIED_DATA},
		}
	)
	for row in old.documents:
		if row.attachment and row.review_status == guards.ACCEPTED:
			new.append("documents", {"requirement": row.requirement, "attachment": row.attachment})
	new.flags.ignore_permissions = ignore_permissions
	new.insert()
	return new


def supersede(doc):
	"""On issue of a renewal or an amendment: the previous permit, locked and checked again, is
	superseded by this one. Returns the previous permit's row (None for a new permit)."""
	if (doc.application_type or rules.NEW) == rules.NEW:
		return None
	previous = previous_of(doc.previous_application, for_update=True)
	check(doc, check_window=False, previous=previous)
	frappe.db.set_value(
		APPLICATION,
		previous.name,
		{"superseded_by": doc.name, "superseded_on": doc.issued_on or getdate(nowdate())},
	)
	frappe.get_doc(APPLICATION, previous.name).add_comment(
		"Info",
		_("Superseded by {0} ({1}): {2}.").format(doc.name, _(doc.application_type), doc.permit_number or ""),
	)
	return previous
