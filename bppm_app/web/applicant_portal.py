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

from bppm_app.config import settings
from bppm_app.engine import permit_lifecycle, quality, signing, workflow
from bppm_app.exceptions import BPPMValidationError, SurveyRequiredError
from bppm_app.permissions import owned_applicants
from bppm_app.roles import APPLICANT as APPLICANT_ROLE
from bppm_app.roles import is_staff
from bppm_app.rules import guards, identity, sla
from bppm_app.rules import levy as levy_rules
from bppm_app.rules import lifecycle as lifecycle_rules

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


def holder(doc_or_row, wf=None) -> str:
	"""Who holds an open file, as the office names the role whose turn it is: the role of the first
	action out of its state on the workflow (else the state's editor); "You" on the applicant's
	turn; "" once it is decided. The officer's own name stays in the office."""
	if doc_or_row.get("docstatus") != 0:
		return ""
	wf = wf or workflow.get_workflow(APPLICATION)
	if not wf:
		return ""
	current = doc_or_row.get("workflow_state")
	roles = [t.allowed for t in wf.transitions if t.state == current and t.allowed]
	state = workflow.state_row(wf, current)
	role = roles[0] if roles else (state.allow_edit if state else None)
	if not role:
		return ""
	return _("You") if role == APPLICANT_ROLE else _(role)


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
				"holder": holder(row, wf),
				"action": _(actions[0].action) if actions else None,
				"editable": bool(actions),
				"letters": [
					{"letter": letter, "label": _(letter), "url": letter_url(row.name, letter)}
					for letter in letters_of(row)
				],
				"follow_ups": follow_ups(row),
				# what the applicant pays with: the code the bank asks for (as on the SKRD)
				"payment_code": levy_rules.payment_code(row.name) if row.skrd_number else "",
				# the satisfaction survey of a decided application, and whether the permit waits for it
				"survey": survey,
				"survey_first": bool(survey and not survey["done"] and quality.survey_required(row)),
			}
		)
	return out


# --- renewals and amendments ------------------------------------------------------------------

FOLLOW_UP_LABELS = {
	lifecycle_rules.RENEWAL: "Renew",
	lifecycle_rules.AMENDMENT: "Apply for a permit amendment",
}
# an amendment starts a new application with every document to upload again: asked first
FOLLOW_UP_CONFIRM = {
	lifecycle_rules.AMENDMENT: "Start an amendment of this permit? A new application is created, "
	"in which you upload the documents again."
}


def follow_ups(row) -> list[dict]:
	"""What the holder may start on an issued permit today: a renewal within its window, an
	amendment while it is valid (an open one is continued rather than started twice)."""
	out = []
	for application_type in permit_lifecycle.offers(row):
		out.append(
			{
				"application_type": application_type,
				"label": _(FOLLOW_UP_LABELS[application_type]),
				"confirm": _(FOLLOW_UP_CONFIRM[application_type])
				if application_type in FOLLOW_UP_CONFIRM
				else "",
				"open": permit_lifecycle.open_follow_up(row.name, application_type),
			}
		)
	return out


def start_own_follow_up(name, application_type):
	"""A renewal or an amendment of the user's own issued permit, as a draft of theirs."""
	previous = own_application(name)
	if application_type not in permit_lifecycle.offers(previous):
		frappe.throw(
			_("Permit {0} cannot be renewed or amended like this now.").format(
				previous.permit_number or name
			),
			lifecycle_rules.PreviousPermitError,
		)
	# ignore_permissions: the portal user holds no DocType permission; ownership was checked above
	return permit_lifecycle.start(previous.name, application_type, ignore_permissions=True)


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


def claim_by_nib(web_form, data: dict) -> dict:
	"""A business OSS registered (an Applicant found by its NIB, without a portal user) belongs to the
	portal user whose sign-in e-mail is the business's e-mail in OSS: that user's first profile form
	with the NIB becomes that applicant (the form's values then update it as the user's own). Anyone
	else gets the form's usual answer (the NIB is registered)."""
	if not isinstance(data, dict) or data.get("name") or not isinstance(data.get("nib"), str):
		return data
	if not isinstance(web_form, str) or frappe.db.get_value("Web Form", web_form, "doc_type") != "Applicant":
		return data
	user = frappe.session.user
	if not is_portal_user(user) or has_profile(user):
		return data
	try:
		nib = identity.normalize_nib(data["nib"])
	except BPPMValidationError:
		return data
	row = frappe.db.get_value("Applicant", {"nib": nib}, ["name", "user", "email"], as_dict=True)
	email = (frappe.db.get_value("User", user, "email") or "").strip().lower()
	if not row or row.user or not email or (row.email or "").strip().lower() != email:
		return data
	# bound before the form saves it, so that Frappe's web form check sees the user's own record
	frappe.db.set_value("Applicant", row.name, "user", user)
	return {**data, "name": row.name}


def is_portal_user(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user != "Guest" and not is_staff(user)


# --- web forms --------------------------------------------------------------------------------

WEB_FORM_TEXTS = ("introduction_text", "success_title", "success_message", "button_label")


# what Frappe's web form page and its file uploader show that Frappe does not send to a web form
# in the user's language (it sends a few of its messages only): templates/web_form_messages.js
WEB_FORM_MESSAGES = (
	"Drag and drop files here or upload from",
	"My Device",
	"Camera",
	"Upload",
	"Upload file",
	"Upload {0} files",
	"Drop files here",
	"Optimize",
	"Set all private",
	"Set all public",
	"Private",
	"Public",
	"Take Photo",
	"Capture",
	"Submit",
	"Cancel",
	"Close",
	'File "{0}" was skipped because only {1} uploads are allowed',
	'File "{0}" was skipped because of invalid file type',
	'File "{0}" was skipped because size exceeds {1} MB',
	"Please select a file first.",
	"Missing Values Required",
	"Mandatory fields required:",
	"Invalid values for fields:",
	"Discard?",
	"Are you sure you want to discard the changes?",
	"Your form has been successfully updated",
	"Updated",
	"Edit your response",
	"View your response",
	"Connection Lost",
	"Request Timeout",
	"Server was too busy to process this request. Please try again.",
	"Something went wrong.",
	"Saving",
	"Saved",
	"Not Saved",
	"Yes",
	"No",
)


def translate_web_form(context) -> None:
	"""Frappe shows a web form's introduction and success texts as stored; show them in the
	user's language (the texts have rows in translations/id.csv like every other string). The
	uploader's and the form's own messages go to the page too (templates/web_form_messages.js)."""
	context.bppm_messages = {message: _(message) for message in WEB_FORM_MESSAGES}
	for key in WEB_FORM_TEXTS:
		if context.get(key):
			context[key] = _(context[key])
		if context.get("web_form_doc") and context.web_form_doc.get(key):
			context.web_form_doc[key] = _(context.web_form_doc[key])


# --- check your answers, and the confirmation ------------------------------------------------

# the answers of the apply form a citizen checks before submitting: (fieldname, label)
ANSWERS = (
	("permit_type", "Permit Type"),
	("application_type", "Application Type"),
	("previous_application", "Previous Application"),
	("subject", "Subject"),
	("location_address", "Location Address"),
	("kelurahan", "Kelurahan"),
	("kecamatan", "Kecamatan"),
	("quantity", "Quantity"),
)


def check_answers(name) -> dict:
	"""Everything of the user's own draft before they submit it: each answer (with where to change
	it), each document, the estimated levy and the due date promised if they submit today."""
	from frappe.utils import flt, getdate, nowdate

	from bppm_app.config import office_calendar

	doc = own_application(name)
	actions = own_actions(doc) if doc.docstatus == 0 else []
	edit_url = f"/apply/{doc.name}/edit"
	answers = []
	for fieldname, label in ANSWERS:
		value = doc.get(fieldname)
		if fieldname == "application_type" and value in (None, "", lifecycle_rules.NEW):
			continue
		if fieldname == "previous_application" and not value:
			continue
		if fieldname == "quantity" and not doc.requires_levy:
			continue
		if fieldname == "application_type":
			value = _(value)
		answers.append({"fieldname": fieldname, "label": _(label), "value": value, "change_url": edit_url})
	documents = [
		{
			"requirement": row.requirement,
			"is_mandatory": bool(row.is_mandatory),
			"file_name": (row.attachment or "").rsplit("/", 1)[-1],
			"missing": bool(row.is_mandatory and not row.attachment),
			"change_url": edit_url,
		}
		for row in doc.documents
	]
	permit_type = frappe.get_cached_doc("Permit Type", doc.permit_type) if doc.permit_type else None
	amount = None
	unit = ""
	if permit_type and doc.requires_levy:
		amount = float(
			levy_rules.compute_levy(
				True, permit_type.levy_base_amount, permit_type.levy_rate, flt(doc.quantity) or 0
			)
		)
		unit = permit_type.levy_unit or ""
	sla_days = int(doc.get("sla_working_days") or (permit_type.sla_working_days if permit_type else 0) or 0)
	due = sla.promised_due_date(office_calendar.get(), getdate(nowdate()), sla_days)
	return {
		"name": doc.name,
		"permit_type": doc.permit_type,
		"stage": _(doc.workflow_state) if doc.workflow_state else "",
		"answers": answers,
		"documents": documents,
		"missing_documents": [d["requirement"] for d in documents if d["missing"]],
		"requires_levy": bool(doc.requires_levy),
		"levy_amount": amount,
		"levy_unit": unit,
		"quantity": flt(doc.quantity),
		"sla_working_days": sla_days,
		"promised_due_date": due,
		"action": _(actions[0].action) if actions else None,
		"can_submit": bool(actions),
		"edit_url": edit_url,
	}


def confirmation(name) -> dict:
	"""What the applicant keeps after submitting their own application: its registration number,
	the tracking PIN, the due date, what happens next and the receipt."""
	from urllib.parse import urlencode

	doc = own_application(name)
	letters = letters_of(doc)
	return {
		"name": doc.name,
		"permit_type": doc.permit_type,
		"subject": doc.subject,
		"submitted": bool(doc.get("submitted_on")),
		"tracking_pin": doc.get("tracking_pin") or "",
		"sla_due_date": doc.get("sla_due_date"),
		"stage": _(doc.workflow_state) if doc.workflow_state else "",
		"next_step": next_step(doc),
		"receipt_url": letter_url(doc.name, RECEIPT) if RECEIPT in letters else None,
		"track_url": "/track?" + urlencode({"registration_number": doc.name}),
	}
