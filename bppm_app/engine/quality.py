"""Service quality: the satisfaction survey (SKM) and its index (IKM), and public complaints.

Surveys: an application that has been decided (issued or rejected) gets a random ``survey_token``;
the invitation e-mail links to ``/survey/new?token=…``, and the survey's controller finds the
application by that token, so nobody can file a survey for someone else's application. One survey
per application. The IKM of a period is one SQL aggregate (the sums of u1…u9 and the number of
respondents) handed to ``rules.ikm``. BPPM Settings › "Survey Before Permit Download" makes the
applicant answer the survey before the portal gives them the permit PDF.

Complaints: filed by anyone on ``/complaint`` (guests too) or by the front office; the controller
sets everything that is not the complainant's words. Guests follow a complaint only with its
tracking code (``complaint_status``), which answers a wrong code and an unknown one alike. A daily
job flags unresolved complaints past their due date and alerts the heads of office.
"""

import frappe
from frappe import _
from frappe.utils import cint, get_url, getdate, nowdate

from bppm_app.config import settings
from bppm_app.roles import HEAD, is_staff, users_with_role
from bppm_app.rules import complaints, identifiers, ikm

SURVEY = "Service Survey"
COMPLAINT = "Public Complaint"
APPLICATION = "Permit Application"
TOKEN_LENGTH = (16, 64)
# the e-mail to the heads of office comes from the Notification "Complaint Overdue" (event Method)
COMPLAINT_OVERDUE_METHOD = "bppm_complaint_overdue"


# --- surveys -----------------------------------------------------------------------------------


def survey_url(token: str | None) -> str:
	"""The invitation link of an application's survey."""
	return get_url(f"/survey/new?token={token}") if token else ""


def application_for_token(token) -> frappe._dict | None:
	"""The decided application whose survey link carries ``token``, or None (for any other token)."""
	token = identifiers.random_code(token)
	if not token or not TOKEN_LENGTH[0] <= len(token) <= TOKEN_LENGTH[1]:
		return None
	row = frappe.db.get_value(
		APPLICATION,
		{"survey_token": token, "docstatus": ("in", (1, 2))},
		["name", "permit_type", "applicant", "survey_token"],
		as_dict=True,
	)
	# the database found the row by the token; compare once more in constant time
	if not row or not _same(row.survey_token, token):
		return None
	return row


def _same(a: str, b: str) -> bool:
	import hmac

	return hmac.compare_digest(a.encode(), b.encode())


def survey_of(application: str | None) -> str | None:
	"""The survey filed for an application, if any."""
	if not application:
		return None
	return frappe.db.get_value(SURVEY, {"permit_application": application}, "name")


def survey_before_download() -> bool:
	"""BPPM Settings › "Survey Before Permit Download" (off by default)."""
	return settings.flag("survey_before_permit_download")


def survey_required(doc) -> bool:
	"""Whether the portal must ask for the survey before it gives the applicant their permit: the
	permit was decided while the office's switch was on (``permit_after_survey``, so its e-mail
	carried the survey link instead of the PDF), the switch is still on, the user is not staff, and
	the application has no survey yet."""
	if not doc.get("permit_after_survey") or not survey_before_download() or is_staff():
		return False
	return not survey_of(doc.get("name"))


def portal_survey(row) -> dict | None:
	"""What the portal shows about an application's survey: its link while it is open, or that it
	was answered (None for applications not decided yet)."""
	if row.get("docstatus") not in (1, 2):
		return None
	token = row.get("survey_token") or frappe.db.get_value(APPLICATION, row.get("name"), "survey_token")
	if survey_of(row.get("name")):
		return {"done": True, "url": ""}
	return {"done": False, "url": survey_url(token) if token else ""}


def ikm_between(from_date, to_date, permit_type: str | None = None) -> ikm.Index | None:
	"""The IKM of the surveys dated ``from_date``…``to_date`` (one SQL aggregate), or None when
	nobody answered."""
	filters = {"survey_date": ("between", (str(from_date), str(to_date)))}
	if permit_type:
		filters["permit_type"] = permit_type
	# get_all: an aggregate of the answers (the public statistics); no row leaves this function
	return index_of_aggregate(frappe.get_all(SURVEY, filters=filters, fields=aggregate_fields()))


def index_of_aggregate(rows) -> ikm.Index | None:
	"""The IKM from the result of a query with ``aggregate_fields()`` (None without respondents)."""
	row = rows[0] if rows else None
	if not row or not cint(row.get("respondents")):
		return None
	return ikm.index([cint(row.get(field)) for field in ikm.FIELDS], cint(row.get("respondents")))


def aggregate_fields() -> list[str]:
	return ["count(name) as respondents", *(f"sum({field}) as {field}" for field in ikm.FIELDS)]


def ikm_of_year(year: int) -> dict:
	"""The public statistics' IKM block: the index of the year's surveys and its respondents."""
	result = ikm_between(f"{year}-01-01", f"{year}-12-31")
	if not result:
		return {"respondents": 0, "ikm": None, "grade": None, "performance": None}
	return {
		"respondents": result.respondents,
		"ikm": result.ikm,
		"grade": result.grade,
		"performance": _(result.performance),
	}


# --- complaints ----------------------------------------------------------------------------------


def response_days() -> int:
	return cint(settings.get("complaint_response_days")) or complaints.RESPONSE_WORKING_DAYS


def complaint_status(code) -> dict:
	"""Where a complaint stands, for whoever holds its tracking code: status, dates, and the
	office's response once it is resolved. Nothing about the complainant. A wrong code and an
	unknown one get the same answer."""
	not_found = {"found": False, "message": _("No complaint matches this tracking code.")}
	normalized = complaints.normalize_code(code)
	if not normalized:
		return not_found
	row = frappe.db.get_value(
		COMPLAINT,
		{"tracking_key": complaints.key_of(normalized)},
		["tracking_code", "status", "received_on", "due_date", "responded_on", "response"],
		as_dict=True,
	)
	if not row or not complaints.same_code(row.tracking_code, normalized):
		return not_found
	answered = row.status in complaints.ANSWERED
	return {
		"found": True,
		"status": row.status,
		"status_label": _(row.status),
		"received_on": row.received_on,
		"due_date": row.due_date,
		"overdue": complaints.is_overdue(
			row.status, getdate(row.due_date) if row.due_date else None, getdate()
		),
		"responded_on": row.responded_on if answered else None,
		"response": (row.response or "") if answered else "",
	}


def own_complaints(user: str | None = None) -> list[dict]:
	"""The complaints a portal user filed while logged in, newest first."""
	user = user or frappe.session.user
	if user == "Guest":
		return []
	# get_all: the filter is the ownership itself; portal users hold no DocType permission
	rows = frappe.get_all(
		COMPLAINT,
		filters={"complainant_user": user},
		fields=[
			"name",
			"subject",
			"status",
			"received_on",
			"due_date",
			"responded_on",
			"response",
			"tracking_code",
		],
		order_by="creation desc",
	)
	for row in rows:
		row["status_label"] = _(row.status) if row.status else ""
		if row.status not in complaints.ANSWERED:
			row["response"], row["responded_on"] = "", None
	return rows


def flag_overdue_complaints(today=None) -> list[str]:
	"""Daily: flag the complaints still unresolved after their due date, and alert the heads of
	office once for each (Notification Log, and the e-mail of the Notification "Complaint
	Overdue"). Returns the complaints flagged."""
	from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

	today = getdate(today or nowdate())
	# get_all: a scheduled job for the whole office, not a user's view
	late = frappe.get_all(
		COMPLAINT,
		filters={"status": ("in", complaints.UNRESOLVED), "is_overdue": 0, "due_date": ("<", today)},
		fields=["name", "subject", "due_date"],
		order_by="due_date asc",
	)
	heads = [user for user in users_with_role(HEAD) if user not in ("Administrator", "Guest")]
	for row in late:
		frappe.db.set_value(COMPLAINT, row.name, "is_overdue", 1, update_modified=False)
		if heads:
			enqueue_create_notification(
				heads,
				{
					"type": "Alert",
					"document_type": COMPLAINT,
					"document_name": row.name,
					"subject": _("Complaint {0} is overdue (due {1})").format(
						row.name, frappe.format(row.due_date, "Date")
					),
					"email_content": frappe.utils.escape_html(row.subject or ""),
				},
			)
		frappe.get_doc(COMPLAINT, row.name).run_method(COMPLAINT_OVERDUE_METHOD)
	return [row.name for row in late]
