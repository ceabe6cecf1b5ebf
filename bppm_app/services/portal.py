"""The applicant portal: what a portal user may read and do, checked here, explicitly.

Portal users (role BPPM Applicant) hold no DocType permission on the app's documents, so none of
Frappe's generic endpoints (``/api/resource``, ``frappe.client.*``, report views, link search, print
views…) give them anything. They reach their own records through the portal's surfaces only: the
web forms (Frappe's ownership check plus each controller's ``has_webform_permission``), the portal
pages, and the whitelisted methods in ``bppm_app.api`` — and every one of those goes through the
functions below, which find the user's own records and nobody else's. A record that does not exist
and a record of somebody else's get the same answer (not found), so names cannot be probed.
"""

import frappe
from frappe import _

from bppm_app.exceptions import SurveyRequiredError
from bppm_app.permissions import owned_applicants
from bppm_app.roles import is_staff
from bppm_app.rules import guards, sla
from bppm_app.rules import lifecycle as lifecycle_rules
from bppm_app.services import lifecycle, quality, settings, signing, workflow

APPLICATION = "Permit Application"
REPORT = "Investment Report"

# the office's letters, as print formats, and when an applicant may have each one
RECEIPT, LEVY_ASSESSMENT, CERTIFICATE, REJECTION = (
	"Application Receipt",
	"Levy Assessment",
	"Permit Certificate",
	"Rejection Letter",
)


def not_found(doctype: str, name) -> Exception:
	return frappe.DoesNotExistError(_("{0} {1} not found").format(_(doctype), name or ""))


def _name(value) -> str:
	if not isinstance(value, str) or not value.strip() or len(value) > 140:
		raise not_found(APPLICATION, "")
	return value.strip()


def own_application(name, user: str | None = None):
	"""The user's own permit application ``name``, or DoesNotExistError."""
	name = _name(name)
	applicant = frappe.db.get_value(APPLICATION, name, "applicant")
	if not applicant or applicant not in owned_applicants(user or frappe.session.user):
		raise not_found(APPLICATION, name)
	return frappe.get_doc(APPLICATION, name)


def own_investments(user: str | None = None) -> list[str]:
	mine = owned_applicants(user or frappe.session.user)
	# get_all: the filter is the ownership itself (the user's own applicant records)
	return frappe.get_all("Investment", filters={"investor": ("in", mine or [""])}, pluck="name")


def own_investment_report(name, user: str | None = None):
	name = _name(name)
	investment = frappe.db.get_value(REPORT, name, "investment")
	if not investment or investment not in own_investments(user):
		raise not_found(REPORT, name)
	return frappe.get_doc(REPORT, name)


# --- the applicant's part in the workflow ---------------------------------------------------


def own_actions(doc) -> list:
	"""The forward transitions the user may take on their own document now (Submit, Resubmit…:
	whatever the workflow calls them)."""
	wf = workflow.get_workflow(doc.doctype)
	return [t for t in workflow.available(doc, wf) if not workflow.is_backward(wf, t)]


def take_own_action(doc):
	"""Apply the user's forward action on their own document (ownership checked by the caller)."""
	actions = own_actions(doc)
	if not actions:
		frappe.throw(
			_("This {0} cannot be submitted at its current stage.").format(_(doc.doctype)),
			frappe.ValidationError,
		)
	return workflow.apply_as_owner(doc, actions[0].action)


def next_step(doc_or_row, wf=None) -> str:
	"""What happens next, in the applicant's words: the current state's message (administrators
	edit it on the workflow)."""
	wf = wf or workflow.get_workflow(APPLICATION)
	state = workflow.state_row(wf, doc_or_row.get("workflow_state"))
	return _(state.message) if state and state.message else ""


# --- letters --------------------------------------------------------------------------------


def letters_of(doc) -> list[str]:
	"""The letters the applicant may download for their application, in the order they come."""
	letters = []
	if doc.get("sla_clock") and doc.get("sla_clock") != sla.NOT_STARTED:
		letters.append(RECEIPT)
	if doc.get("skrd_number"):
		letters.append(LEVY_ASSESSMENT)
	if doc.get("docstatus") in (1, 2) and doc.get("decision") == guards.APPROVED:
		letters.append(CERTIFICATE)
	if doc.get("docstatus") == 1 and doc.get("decision") == guards.REJECTED:
		letters.append(REJECTION)
	return [letter for letter in letters if frappe.db.exists("Print Format", letter)]


def letter_pdf(doc, print_format: str) -> bytes:
	"""The PDF of one of the application's letters, for its applicant or the office. An issued
	permit that was signed is the stored signed file, byte for byte, never a new rendering. With BPPM
	Settings › "Survey Before Permit Download" on, the applicant answers the satisfaction survey
	before they get the permit (the office prints it whenever it needs to)."""
	if print_format not in letters_of(doc):
		raise not_found("Print Format", print_format)
	if print_format == CERTIFICATE and quality.survey_required(doc):
		raise SurveyRequiredError(
			_("Please fill in the satisfaction survey first; then the permit can be downloaded: {0}").format(
				quality.survey_url(doc.get("survey_token"))
			)
		)
	if print_format == CERTIFICATE:
		stored = signing.stored_permit(doc)
		if stored is not None:
			return stored
	previous = frappe.flags.ignore_print_permissions
	# the caller checked ownership (or the staff member's print permission)
	frappe.flags.ignore_print_permissions = True
	try:
		return frappe.get_print(doc.doctype, doc.name, print_format, doc=doc, as_pdf=True)
	finally:
		frappe.flags.ignore_print_permissions = previous


def letter_url(name: str, print_format: str) -> str:
	from urllib.parse import urlencode

	return "/api/method/bppm_app.api.download_letter?" + urlencode({"name": name, "letter": print_format})


# --- what the portal pages list -------------------------------------------------------------

APPLICATION_FIELDS = (
	"name",
	"permit_type",
	"subject",
	"workflow_state",
	"docstatus",
	"decision",
	"sla_due_date",
	"sla_status",
	"sla_clock",
	"skrd_number",
	"levy_amount",
	"levy_due_date",
	"levy_paid",
	"permit_number",
	"valid_until",
	"application_type",
	"previous_application",
	"superseded_by",
	"survey_token",
	"permit_after_survey",
	"creation",
)


def applications(user: str | None = None, limit: int = 100) -> list[dict]:
	"""The user's own applications with their stage, next step, own action and letters."""
	mine = owned_applicants(user or frappe.session.user)
	if not mine:
		return []
	wf = workflow.get_workflow(APPLICATION)
	# get_all: the filter is the ownership itself; portal users hold no DocType permission
	rows = frappe.get_all(
		APPLICATION,
		filters={"applicant": ("in", mine)},
		fields=list(APPLICATION_FIELDS),
		order_by="creation desc",
		limit_page_length=limit,
	)
	out = []
	for row in rows:
		actions = own_actions(frappe.get_doc(APPLICATION, row.name)) if row.docstatus == 0 else []
		survey = quality.portal_survey(row)
		row.pop("survey_token", None)
		out.append(
			{
				**row,
				"stage": _(row.workflow_state) if row.workflow_state else "",
				"next_step": next_step(row, wf),
				"action": _(actions[0].action) if actions else None,
				"editable": bool(actions),
				"letters": [
					{"letter": letter, "label": _(letter), "url": letter_url(row.name, letter)}
					for letter in letters_of(row)
				],
				"follow_ups": follow_ups(row),
				# the satisfaction survey of a decided application, and whether the permit waits for it
				"survey": survey,
				"survey_first": bool(survey and not survey["done"] and quality.survey_required(row)),
			}
		)
	return out


# --- renewals and amendments ------------------------------------------------------------------

FOLLOW_UP_LABELS = {lifecycle_rules.RENEWAL: "Renew", lifecycle_rules.AMENDMENT: "Amend"}


def follow_ups(row) -> list[dict]:
	"""What the holder may start on an issued permit today: a renewal within its window, an
	amendment while it is valid (an open one is continued rather than started twice)."""
	out = []
	for application_type in lifecycle.offers(row):
		out.append(
			{
				"application_type": application_type,
				"label": _(FOLLOW_UP_LABELS[application_type]),
				"open": lifecycle.open_follow_up(row.name, application_type),
			}
		)
	return out


def start_own_follow_up(name, application_type):
	"""A renewal or an amendment of the user's own issued permit, as a draft of theirs."""
	previous = own_application(name)
	if application_type not in lifecycle.offers(previous):
		frappe.throw(
			_("Permit {0} cannot be renewed or amended like this now.").format(
				previous.permit_number or name
			),
			lifecycle_rules.PreviousPermitError,
		)
	# ignore_permissions: the portal user holds no DocType permission; ownership was checked above
	return lifecycle.start(previous.name, application_type, ignore_permissions=True)


def investments(user: str | None = None) -> list[dict]:
	"""The user's own investments, each with its LKPM reports and the actions open on them."""
	names = own_investments(user)
	if not names:
		return []
	# get_all: restricted to the user's own investments, found just above
	projects = frappe.get_all(
		"Investment",
		filters={"name": ("in", names)},
		fields=[
			"name",
			"project_name",
			"investment_type",
			"kbli_code",
			"status",
			"planned_investment",
			"realized_investment",
			"latest_lkpm_period",
		],
		order_by="creation desc",
	)
	# get_all: the reports of the user's own investments only
	reports = frappe.get_all(
		REPORT,
		filters={"investment": ("in", names), "docstatus": ("<", 2)},
		fields=[
			"name",
			"investment",
			"year",
			"quarter",
			"status",
			"docstatus",
			"investment_in_period",
			"revision_note",
			"due_date",
		],
		order_by="year desc, quarter desc",
	)
	for project in projects:
		project["reports"] = []
		for report in reports:
			if report.investment != project.name:
				continue
			actions = own_actions(frappe.get_doc(REPORT, report.name)) if report.docstatus == 0 else []
			project["reports"].append(
				{
					**report,
					"status_label": _(report.status) if report.status else "",
					"action": _(actions[0].action) if actions else None,
					"editable": bool(actions),
				}
			)
	return projects


def require_login(route: str) -> None:
	"""A portal page: guests go to the login page first, and come back to ``route``."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to={route}"
		raise frappe.Redirect


def posted_action() -> str | None:
	"""The record a portal page's form asks to submit (a POST with action=submit), if any."""
	if frappe.request and frappe.request.method == "POST" and frappe.form_dict.get("action") == "submit":
		return frappe.form_dict.get("name")
	return None


def has_profile(user: str | None = None) -> bool:
	return bool(owned_applicants(user or frappe.session.user))


def upload_limit_mb() -> float:
	return float(settings.get("max_upload_size_mb") or 5)


def is_portal_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user != "Guest" and not is_staff(user)


# --- web forms --------------------------------------------------------------------------------

WEB_FORM_TEXTS = ("introduction_text", "success_title", "success_message", "button_label")


def translate_web_form(context) -> None:
	"""Frappe shows a web form's introduction and success texts as stored; show them in the
	user's language (the texts have rows in translations/id.csv like every other string)."""
	for key in WEB_FORM_TEXTS:
		if context.get(key):
			context[key] = _(context[key])
		if context.get("web_form_doc") and context.web_form_doc.get(key):
			context.web_form_doc[key] = _(context.web_form_doc[key])
