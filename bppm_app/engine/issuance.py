"""Deciding an application: four eyes, permit numbers, verification codes, validity."""

import contextlib
import itertools

import frappe
from frappe.model.naming import getseries
from frappe.utils import cint, getdate, now_datetime, nowdate

from bppm_app.config import settings
from bppm_app.engine import stages, workflow
from bppm_app.exceptions import FourEyesError
from bppm_app.i18n import _
from bppm_app.roles import VERIFIER
from bppm_app.rules import codes, formatting, lifecycle, numbering

APPLICATION = "Permit Application"


def verifiers(doc) -> set[str]:
	"""Users who moved the application on from a state the verifiers work in."""
	wf = workflow.get_workflow(doc.doctype)
	rows = stages.stages_of(doc.name)
	found = set()
	for previous, row in itertools.pairwise(rows):
		state = workflow.state_row(wf, previous.state)
		if state and state.allow_edit == VERIFIER and row.entered_by:
			found.add(row.entered_by)
	return found


def reviewers(doc) -> set[str]:
	"""Users who accepted or rejected a document of the application, and who took the file into
	the verifiers' state it is in."""
	found = {row.reviewed_by for row in doc.documents if row.get("reviewed_by")}
	rows = stages.stages_of(doc.name)
	if rows and rows[-1].entered_by:
		found.add(rows[-1].entered_by)
	return found


def check_four_eyes(doc, user: str, transition=None) -> None:
	"""Whoever verified does not approve. In the low-risk fast lane the decision is taken right
	from a state where the verifiers work, so whoever reviewed a document there or took the file
	into that state does not issue it either: a second verifier does."""
	if not settings.flag("four_eyes"):
		return
	if user in verifiers(doc):
		raise FourEyesError(
			_("You verified this application, so another officer must approve it (four-eyes rule).")
		)
	wf = workflow.get_workflow(doc.doctype)
	state = workflow.state_row(wf, transition.from_state) if transition and wf else None
	if state and state.allow_edit == VERIFIER and user in reviewers(doc):
		raise FourEyesError(
			_("You verified this application, so another verifier must issue it (four-eyes rule).")
		)


def next_permit_number(permit_type: str, issued_on) -> str:
	"""The next number of a permit type in the year, in the format set in BPPM Settings.

	The permit type's row is locked first: every issuer of that type waits for the previous one to
	commit, so numbers are unique and consecutive even when many permits are issued at once (a
	rolled-back issuance gives its number back). Frappe's own row lock on the application comes
	before this one on every path, so the lock order is always the same and cannot deadlock."""
	code = frappe.db.sql("select `code` from `tabPermit Type` where `name` = %s for update", permit_type)[0][
		0
	]
	fmt = settings.get("permit_number_format") or numbering.DEFAULT_FORMAT
	counter = cint(getseries(numbering.counter_key(code, issued_on), 1))
	return numbering.format_number(fmt, code, issued_on, counter)


def issue(doc, previous=None) -> None:
	"""Give an approved application its permit number, verification code and validity (a renewal
	runs on from the permit it renews, an amendment keeps its term: ``rules.lifecycle``)."""
	issued_on = getdate(nowdate())
	doc.permit_number = next_permit_number(doc.permit_type, issued_on)
	doc.verification_code = codes.new_verification_code()
	doc.issued_on = issued_on
	months = cint(frappe.db.get_value("Permit Type", doc.permit_type, "validity_months"))
	previous_valid_until = getdate(previous.valid_until) if previous and previous.valid_until else None
	doc.valid_until = lifecycle.follow_up_valid_until(
		doc.application_type or lifecycle.NEW, issued_on, months, previous_valid_until
	)


@contextlib.contextmanager
def failure_noted(doc):
	"""Around the issuing of an approved application (its number, its permit rendered and signed).

	A failure rolls the whole approval back, so the file stays in its state with nothing issued;
	once the rollback is done, the stage it stays in and its timeline say why (``note_failure``).
	The note is written after every other rollback callback (the signed file's removal among
	them): it commits, and a commit drops the callbacks still waiting. Nothing is noted when the
	caller commits instead of rolling back, nor when the process itself dies."""
	try:
		yield
	except Exception as error:
		name, user, at, reason = doc.name, frappe.session.user, now_datetime(), failure_reason(error)
		frappe.db.after_rollback.add(
			lambda: frappe.db.after_rollback.add(lambda: note_failure(name, user, at, reason))
		)
		raise


def failure_reason(error: Exception) -> str:
	"""What the approver was told (a refusal's own message: the signing service's answer, a bad
	certificate), or the kind of an unexpected error, whose details go to the Error Log only."""
	if isinstance(error, frappe.ValidationError) and str(error):
		return frappe.utils.strip_html(str(error)).strip()
	return _("an unexpected error ({0}); the details are in the Error Log").format(type(error).__name__)


def note_failure(name: str, user: str, at, reason: str) -> None:
	"""After a failed approval has been rolled back: a line on the application's open stage (the
	stage log) and the same on its timeline, then committed. Nothing when the application itself
	did not survive the rollback."""
	if not frappe.db.exists(APPLICATION, name):
		return
	lang = frappe.local.lang
	when = f"{formatting.long_date(at, lang=lang)} {formatting.clock_time(at, lang=lang)}"
	line = _(
		"{0}: {1} approved, but the permit could not be issued, so the file stays in this stage. {2}"
	).format(when, frappe.utils.get_fullname(user), reason)
	row = frappe.db.get_value(
		stages.STAGE,
		{"permit_application": name, "left_on": ("is", "not set")},
		["name", "note"],
		order_by="entered_on desc",
		as_dict=True,
	)
	if row:
		note = "\n".join(filter(None, [row.note, line]))
		frappe.db.set_value(stages.STAGE, row.name, "note", note, update_modified=False)
	comment = frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": APPLICATION,
			"reference_name": name,
			"comment_email": user,
			"content": line,
		}
	)
	comment.flags.ignore_permissions = True  # the issuance engine's record, not the user's comment
	comment.insert()
	frappe.db.commit()  # after the approval's rollback: nothing else is in this transaction
