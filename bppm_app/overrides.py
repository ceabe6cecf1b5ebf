"""Frappe's generic whitelisted methods, hardened for the app's data (wired in hooks.py).

Some of Frappe 15's generic endpoints check no permission at all: ``frappe.client.get_count``
counts any DocType with any filter (a yes/no oracle on a NIK), ``frappe.desk.search.get_link_title``
returns any record's title (an applicant's name), ``frappe.desk.like.toggle_like`` writes a like and
a comment onto any record. For the app's DocTypes (module BPPM) these run only for users who may
read the record, counting through ``frappe.get_list``; for every other DocType Frappe's behaviour is
unchanged. The web form ``accept`` answers malformed data with 400 instead of a server error, and
returns what a public document chooses to say back; ``get_form_data`` no longer tells anyone
whether a document exists. The office's signing certificate is a private File only its managers may
download (``OfficeFile``).
"""

import json
import re
import unicodedata

import frappe
from frappe import _
from frappe.core.doctype.file.file import File
from frappe.rate_limiter import rate_limit
from frappe.utils import cint

from bppm_app import counters
from bppm_app.exceptions import InvalidRequestError
from bppm_app.permissions import check_query_fields, count_with_permissions, readable_fields
from bppm_app.roles import SYSTEM_USERS


def _doctype(doctype) -> str:
	"""The DocType as stored (MariaDB finds it whatever the case), or 404."""
	name = frappe.db.get_value("DocType", doctype, "name") if isinstance(doctype, str) else None
	if not name:
		frappe.throw(_("DocType {0} not found").format(""), frappe.DoesNotExistError)
	return name


def _require_read(doctype: str, name) -> None:
	if not isinstance(name, str | int) or not frappe.db.exists(doctype, name):
		raise frappe.PermissionError
	if not frappe.has_permission(doctype, "read", frappe.get_doc(doctype, name)):
		raise frappe.PermissionError


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""``frappe.client.get_count``, which in Frappe 15 counts any DocType with any filter for anyone:
	here it counts only what ``frappe.get_list`` would return to the user (DocType permission,
	permission query conditions, user permissions), and the gate has checked that every filter is on
	a field the user reads. A Single has nothing to count."""
	doctype = _doctype(doctype)
	if frappe.get_meta(doctype).issingle:
		frappe.throw(
			_("{0} is a single record and cannot be counted.").format(_(doctype)), InvalidRequestError
		)
	check_query_fields(doctype, filters=filters)
	return count_with_permissions(doctype, filters)


@frappe.whitelist()
def get_link_title(doctype, docname):
	"""``frappe.desk.search.get_link_title``, only for readers of the record."""
	from frappe.desk.search import get_link_title as frappe_get_link_title

	_require_read(_doctype(doctype), docname)
	return frappe_get_link_title(doctype, docname)


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	"""``frappe.desk.like.toggle_like``, only for readers of the record."""
	from frappe.desk.like import toggle_like as frappe_toggle_like

	_require_read(_doctype(doctype), name)
	return frappe_toggle_like(doctype, name, add)


@frappe.whitelist(allow_guest=True)
def file_picker_settings():
	"""Frappe's uploader asks whether to offer Google Drive: never outside the office (citizens
	upload from their device, and a guest learns nothing of the office's Google settings)."""
	from frappe.integrations.doctype.google_settings.google_settings import get_file_picker_settings

	from bppm_app.gate import is_gated

	return {} if is_gated() else get_file_picker_settings()


def _user_permissions_honoured(ignore_user_permissions) -> bool:
	"""Link search may skip User Permissions only for System Managers: for anyone else
	``ignore_user_permissions=1`` would list records that User Permissions hide from them."""
	return bool(ignore_user_permissions) and "System Manager" in frappe.get_roles()


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""``frappe.desk.search.search_link``, honouring ``ignore_user_permissions`` for System
	Managers only."""
	from frappe.desk.search import search_link as frappe_search_link

	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=_user_permissions_honoured(ignore_user_permissions),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters=None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""``frappe.desk.search.search_widget``, likewise."""
	from frappe.desk.search import search_widget as frappe_search_widget

	return frappe_search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=_user_permissions_honoured(ignore_user_permissions),
	)


@frappe.whitelist()
def global_search(text, start=0, limit=20, doctype=""):
	"""``frappe.utils.global_search.search``, which trusts DocType-level read permission: here only
	records the user may read come back, and a record whose indexed fields include one the user may
	not read comes back with its name only."""
	from frappe.utils.global_search import search

	if not isinstance(text, str) or len(text) > 200:
		frappe.throw(_("Search text is too long."), InvalidRequestError)
	out = []
	for row in search(text, start=start, limit=min(cint(limit) or 20, 100), doctype=doctype):
		if not frappe.has_permission(row.doctype, "read", doc=row.name):
			continue
		meta = frappe.get_meta(row.doctype)
		readable = readable_fields(row.doctype)
		if any(df.in_global_search and df.fieldname not in readable for df in meta.fields):
			row.content = row.name
		out.append(row)
	return out


# --- the app's reports: a refused filter is the user's mistake, not the site's error -------------


def _stored_report(report_name):
	"""The Report a name finds, as stored: the database's collation also finds "SLA Compliance " or
	an accented spelling, which must not pass as another report."""
	if not isinstance(report_name, str) or not report_name:
		return None
	return frappe.db.get_value("Report", report_name, ["name", "module"], as_dict=True)


def check_app_report_filters(report_name, filters) -> None:
	"""Frappe's ``query_report.run`` writes an Error Log ("Report Error", with the traceback) for
	every exception a report raises, a refused filter included, so any user who may run a report
	could fill the Error Log by sending bad filters. The app's reports check their filters with
	``reports.filters.report_filters``; this runs it before Frappe's run does, so a refused filter
	answers 400 with its message and logs nothing. Other reports are left to Frappe."""
	from bppm_app.reports.filters import report_filters

	stored = _stored_report(report_name)
	if not stored or stored.module != "BPPM":
		return
	report_name = stored.name
	if isinstance(filters, str):
		try:
			filters = json.loads(filters, parse_constant=_no_constant)
		except ValueError:
			filters = ()  # not JSON, or NaN and Infinity: refused below
	if filters is not None and not isinstance(filters, dict):
		frappe.throw(
			_("The report's filters could not be read."), InvalidRequestError, title=_("Invalid filter")
		)
	module = f"bppm_app.bppm.report.{frappe.scrub(report_name)}.{frappe.scrub(report_name)}"
	try:
		choices = getattr(frappe.get_module(module), "FILTER_CHOICES", None)
	except ImportError:
		choices = None
	report_filters(filters, choices)


@frappe.whitelist()
def run_report(
	report_name,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	"""Frappe's ``query_report.run``, after the app's reports' filters are checked."""
	from frappe.desk import query_report

	check_app_report_filters(report_name, filters)
	stored = _stored_report(report_name)
	return query_report.run(
		stored.name if stored else report_name,
		filters=filters,
		user=user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)


@frappe.whitelist()
def export_report():
	"""Frappe's ``query_report.export_query`` (its form holds the report and the filters), after the
	app's reports' filters are checked."""
	from frappe.desk import query_report

	form = frappe.local.form_dict
	check_app_report_filters(form.get("report_name"), form.get("filters"))
	stored = _stored_report(form.get("report_name"))
	if stored:
		form.report_name = stored.name  # the name as stored, whatever spelling found it
	if form.get("file_format_type") not in ("CSV", "Excel"):
		# Frappe's own export answers anything else with a server error
		frappe.throw(_("Export as CSV or Excel."), InvalidRequestError, title=_("Invalid request"))
	return query_report.export_query()


# --- bulk workflow actions: only what the user may do to documents they may read ----------------

BULK_LIMIT = 500  # Frappe's own limit for one bulk action
BULK_AT_ONCE = 20  # more than this runs in a background job, as in Frappe


@frappe.whitelist(methods=["POST"])
def bulk_workflow_approval(docnames, doctype, action):
	"""Frappe's bulk workflow action (the list view's "Actions" on selected documents), checked
	first: at most 500 distinct names, each an existing document the user may read, with ``action``
	among the transitions the workflow offers the user on it. Then each document takes the action
	as in Frappe (``apply_workflow``, committed one by one); a refusal is reported to the user and
	not logged, since Frappe's own loop writes an Error Log row, with its traceback, for every
	document whose action fails (an attacker's probe wrote one per name, 500 a request)."""
	from frappe.model.workflow import get_transitions

	try:
		names = json.loads(docnames, parse_constant=_no_constant) if isinstance(docnames, str) else docnames
	except ValueError:
		names = None
	if (
		not isinstance(names, list)
		or not names
		or len(names) > BULK_LIMIT
		or not all(isinstance(name, str) for name in names)
		or len(set(names)) != len(names)
		or not isinstance(doctype, str)
		or not isinstance(action, str)
	):
		frappe.throw(
			_("Give up to {0} distinct document names and one action.").format(BULK_LIMIT),
			InvalidRequestError,
			title=_("Invalid request"),
		)
	for name in names:
		if not frappe.db.exists(doctype, name) or not frappe.has_permission(doctype, "read", name):
			raise frappe.PermissionError(_("You may not act on {0} {1}.").format(_(doctype), name))
		if action not in {t.action for t in get_transitions(frappe.get_doc(doctype, name))}:
			frappe.throw(
				_("{0} is not an action open to you on {1}.").format(_(action), name),
				frappe.ValidationError,
				title=_("Not allowed"),
			)
	if len(names) <= BULK_AT_ONCE:
		return apply_bulk_action(names, doctype, action)
	frappe.msgprint(_("Bulk {0} is enqueued in background.").format(_(action)), alert=True)
	frappe.enqueue(
		"bppm_app.overrides.apply_bulk_action",
		queue="short",
		timeout=1000,
		names=names,
		doctype=doctype,
		action=action,
	)


def apply_bulk_action(names: list[str], doctype: str, action: str) -> None:
	"""Each document takes ``action`` and is committed on its own; a refusal (a validation or
	permission error: the user's to read, not the site's) is rolled back and reported, an unexpected
	error is also logged. The result is shown as Frappe shows it (``print_workflow_log``)."""
	from frappe.model.workflow import apply_workflow, print_workflow_log

	failed, done = {}, {}
	for name in names:
		frappe.clear_messages()
		try:
			apply_workflow(frappe.get_doc(doctype, name), action)
			frappe.db.commit()  # one document at a time, as Frappe's own bulk action
			done[name] = [{"docname": name, "message": None}]
		except (frappe.ValidationError, frappe.PermissionError) as error:
			frappe.db.rollback()
			failed[name] = [{"docname": name, "message": frappe.utils.strip_html(str(error)) or _("Refused")}]
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Workflow {action} failed for {doctype} {name}")
			failed[name] = [{"docname": name, "message": _("An unexpected error; see the Error Log.")}]
	frappe.clear_messages()
	indicator = "orange" if failed and done else "red" if failed else "green"
	print_workflow_log(failed, _("Failed Transactions"), doctype, indicator)
	print_workflow_log(done, _("Successful Transactions"), doctype, indicator)


# allow_guest: Frappe's own accept is open to guests (forms without login: /complaint)
@frappe.whitelist(allow_guest=True, methods=["POST"])
def accept_web_form(web_form, data):
	"""Frappe's web form ``accept``: malformed form data answers 400 with a message instead of a
	server error; then Frappe's own ``accept`` (with its rate limit) runs, and the document's
	controller decides the rest. Guests reach only web forms that allow them (Frappe's check)."""
	from frappe.website.doctype.web_form.web_form import accept

	try:
		parsed = json.loads(data, parse_constant=_no_constant) if isinstance(data, str) else data
	except ValueError:
		parsed = None
	name = parsed.get("name") if isinstance(parsed, dict) else None
	if (
		not isinstance(parsed, dict)
		or not isinstance(web_form, str)
		or not isinstance(name, str | int | None)
	):
		frappe.throw(_("The form's data could not be read."), InvalidRequestError, title=_("Invalid request"))
	if not frappe.db.exists("Web Form", web_form):
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_("Web Form"), web_form))
	check_web_form_values(web_form, parsed)
	# a business OSS registered is claimed by the portal user with its e-mail (web/applicant_portal.py)
	from bppm_app.web import applicant_portal

	parsed = applicant_portal.claim_by_nib(web_form, parsed)
	doc = accept(web_form=web_form, data=frappe.as_json(parsed))
	# a document that the public files (a complaint, a survey) says back only what it chooses
	return doc.web_form_response() if hasattr(doc, "web_form_response") else doc


def _no_constant(name):
	raise ValueError(name)  # Infinity, -Infinity, NaN: no value of any form field


# fieldtypes whose value is a number (Frappe casts a numeric text itself)
NUMERIC_FIELDTYPES = frozenset(("Int", "Float", "Currency", "Percent", "Check", "Rating", "Duration"))
TABLE_FIELDTYPES = frozenset(("Table", "Table MultiSelect"))


def check_web_form_values(web_form: str, data: dict) -> None:
	"""Each value of a web form's data has the kind its field holds, before anything else reads it:
	text (or null) for text, link, select and date fields, a finite number (or a numeric text) for
	numbers, a list of objects for a table. Frappe sets whatever JSON arrives, and a list, an object
	or an infinite number in a text field was a server error deep in a controller or in SQL (guests
	on /complaint). Anything else is 400 naming the field; nothing is stored."""
	doctype = frappe.db.get_value("Web Form", web_form, "doc_type")
	if not doctype:
		return
	meta = frappe.get_meta(doctype)
	fieldnames = frappe.get_all(
		"Web Form Field", {"parent": web_form, "parenttype": "Web Form"}, pluck="fieldname"
	)
	for fieldname in fieldnames:
		df = meta.get_field(fieldname) if fieldname else None
		if df is None or fieldname not in data:
			continue
		if not _value_fits(df, data[fieldname]):
			_wrong_value(df)


def _value_fits(df, value, depth: int = 0) -> bool:
	import math

	if value is None:
		return True
	if df.fieldtype in TABLE_FIELDTYPES:
		if value == "":
			return True
		if depth or not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
			return False
		child = frappe.get_meta(df.options)
		for row in value:
			for key, cell in row.items():
				cell_df = child.get_field(key) if isinstance(key, str) else None
				if cell_df is None:
					# a row's own keys (name, idx, doctype…): plain values only
					if not (cell is None or isinstance(cell, str | int | bool)):
						return False
				elif not _value_fits(cell_df, cell, depth + 1):
					return False
		return True
	if df.fieldtype in NUMERIC_FIELDTYPES:
		if isinstance(value, bool | int):
			return True
		if isinstance(value, float):
			return math.isfinite(value)
		if isinstance(value, str):
			try:
				return math.isfinite(float(value.replace(",", "")))
			except ValueError:
				return value.strip() == ""
		return False
	# text of every kind: Data, Text, Select, Link, Date, Attach…
	return isinstance(value, str)


def _wrong_value(df) -> None:
	label = _(df.label or df.fieldname)
	if df.fieldtype in TABLE_FIELDTYPES:
		message = _("{0}: the value must be a list of rows.").format(label)
	elif df.fieldtype in NUMERIC_FIELDTYPES:
		message = _("{0}: the value must be a number.").format(label)
	else:
		message = _("{0}: the value must be text.").format(label)
	frappe.flags.disable_traceback = True
	frappe.throw(message, InvalidRequestError, title=_("Invalid request"))


# allow_guest: Frappe's own method is open to guests (forms without login); this one refuses more
@frappe.whitelist(allow_guest=True)
def get_web_form_data(doctype=None, docname=None, web_form_name=None):
	"""Frappe's web form ``get_form_data``, which loads any document of any DocType before it
	checks anything: a guest on a public form (e.g. /complaint) could tell whether a registration
	number exists from a 404 against a 403. Here a web form reads only documents of its own
	DocType, and a missing document is refused exactly like somebody else's."""
	from frappe.website.doctype.web_form.web_form import get_form_data

	if not isinstance(web_form_name, str) or not frappe.db.exists("Web Form", web_form_name):
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_("Web Form"), ""))
	if doctype != frappe.db.get_value("Web Form", web_form_name, "doc_type"):
		raise frappe.PermissionError(_("Not permitted"))
	if docname not in (None, ""):
		if (
			frappe.session.user == "Guest"
			or not isinstance(docname, str | int)
			or not frappe.db.exists(doctype, docname)
		):
			raise frappe.PermissionError(_("Not permitted"))
	return get_form_data(doctype, docname, web_form_name)


class OfficeFile(File):
	"""Frappe's File, except that a File record cannot claim a private file that exists already.

	Frappe 15 lets anyone create a File record from the ``file_url`` of an existing private file
	(``upload_file``, REST, ``frappe.client.insert``); the record's owner may then download it, so any
	applicant could fetch another's KTP scan or signed permit by its URL. Here a record may point at
	an existing private file only when its user may already read a File that points there (or it
	brings the bytes itself: an upload). And what a guest or a portal user uploads is private:
	the office publishes nothing of theirs (a public file would be served to anyone from the office's
	own domain)."""

	def before_insert(self):
		if not self.is_folder and not self.content and not self.is_remote_file:
			self._refuse_claim()
		if not self.is_folder and _gated():
			self.is_private = 1
		super().before_insert()

	def validate(self):
		if not self.is_new() and not self.is_folder and self.has_value_changed("file_url"):
			self._refuse_claim()
		if (
			not self.is_new()
			and self.has_value_changed("is_private")
			and not cint(self.is_private)
			and _gated()
		):
			self.is_private = 1  # nor made public afterwards
		super().validate()

	def _refuse_claim(self):
		if frappe.session.user == "Administrator":
			return
		url = self.file_url or ""
		if not _is_private_path(self):
			return
		# get_all: which records point at this file, to ask whether the user may read one of them
		others = frappe.get_all(
			"File", filters={"file_url": url, "name": ("!=", self.name or "")}, pluck="name"
		)
		if not any(frappe.has_permission("File", "read", doc=other) for other in others):
			frappe.throw(
				_("You can only use files that you uploaded or may read."),
				frappe.PermissionError,
				title=_("Not permitted"),
			)


def _gated() -> bool:
	from bppm_app.gate import is_gated

	return is_gated()


def _is_private_path(file) -> bool:
	"""Whether a File's URL resolves into the site's private files (however it is spelled)."""
	import os
	from urllib.parse import unquote

	url = unquote(file.file_url or "")
	if "/private/" in url or url.startswith("private/"):
		return True
	try:
		path = os.path.realpath(file.get_full_path())
	except Exception:
		return True  # a path Frappe cannot place is refused rather than trusted
	return path.startswith(os.path.realpath(frappe.get_site_path("private")) + os.sep)


# --- accounts: the same answer whether an account exists or not ----------------------------------


# sign-ups a client may ask for in an hour: each one sends an e-mail to an address it chose
SIGN_UPS_PER_HOUR = 5
# a name is words, never a link or an address that the welcome e-mail would carry to a stranger:
# no slash, no "@", no "www", no "word.word" (a domain; a title as "Ir. Budi" has its space), read
# after NFKC (full-width look-alikes)
_LINK_IN_NAME = re.compile(r"[/\\@]|www|https?|[^\W\d_]{2,}\.[^\W\d_]{2,}", re.IGNORECASE)


def _looks_like_a_link(name: str) -> bool:
	return bool(_LINK_IN_NAME.search(unicodedata.normalize("NFKC", name)))


# allow_guest: Frappe's own sign-up is open to guests
@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=SIGN_UPS_PER_HOUR, seconds=60 * 60)
def sign_up(email: str, full_name: str, redirect_to: str | None = None):
	"""Frappe's sign-up, except that it says the same to an address that already has an account
	("Already Registered" told anyone which e-mail addresses have one); the owner of that address
	gets an e-mail instead, pointing them to sign in or reset their password, at most once a day.
	Each sign-up sends an e-mail to an address the client chose, so a client gets a few an hour
	(Frappe's own has no such limit), and a name that carries a link is refused (the welcome
	e-mail greets the name)."""
	from frappe.core.doctype.user.user import sign_up as frappe_sign_up
	from frappe.utils import validate_email_address
	from frappe.website.utils import is_signup_disabled

	if is_signup_disabled():
		frappe.throw(_("Sign Up is disabled"), title=_("Not Allowed"))
	# one address: Frappe's validate_email_address also takes a list, and Frappe's sign-up then
	# mails every address on it
	if (
		not isinstance(email, str)
		or validate_email_address(email.strip().lower()) != email.strip().lower()
		or re.search(r"[,;\s]", email.strip())
	):
		frappe.throw(_("Please enter a valid e-mail address."), InvalidRequestError)
	if (
		not isinstance(full_name, str)
		or not full_name.strip()
		or len(full_name) > 140
		or _looks_like_a_link(full_name)
	):
		frappe.throw(_("Please enter your full name (at most 140 characters)."), InvalidRequestError)
	email = email.strip().lower()
	existing = frappe.db.get_value("User", {"email": email}, "name")
	if not existing:
		return frappe_sign_up(email, full_name.strip(), redirect_to or "")
	told_today = counters.count(f"sign-up-existing:{existing}", 24 * 60 * 60) > 1
	if existing not in SYSTEM_USERS and not told_today and frappe.db.get_value("User", existing, "enabled"):
		frappe.sendmail(
			recipients=[email],
			subject=_("Someone tried to sign up with your e-mail address"),
			message=_(
				"An account with this e-mail address already exists. If it was you, sign in or reset "
				"your password on the login page: {0}"
			).format(frappe.utils.get_url("/login")),
			now=False,
		)
	return 1, _("Please check your email for verification")


# allow_guest: Frappe's own reset is open to guests
@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=lambda: cint(frappe.get_system_settings("password_reset_limit")) or 3, seconds=60 * 60)
def reset_password(user: str):
	"""Frappe's reset-password request, with one answer for every address ("not found",
	"disabled" and "not allowed" told anyone which accounts exist), and never for the office's
	system user or Administrator."""
	from frappe.core.doctype.user.user import User

	sent = _(
		"If an account exists for this e-mail address, password reset instructions have been sent to it."
	)
	name = frappe.db.get_value("User", {"name": user}, "name") if isinstance(user, str) and user else None
	if name and name not in (*SYSTEM_USERS, "Administrator", "Guest"):
		doc: User = frappe.get_doc("User", name)
		if doc.enabled:
			try:
				doc.validate_reset_password()
				doc.reset_password(send_email=True)
			except frappe.ValidationError:
				# e.g. a user without an e-mail: the same answer as for everyone
				frappe.clear_messages()
	frappe.msgprint(sent, title=_("Password Reset"))
	return "sent"


# allow_guest: Frappe's own method is open to guests (the reset link's page)
@frappe.whitelist(allow_guest=True, methods=["POST"])
def update_password(
	new_password: str, logout_all_sessions: int = 0, key: str | None = None, old_password=None
):
	"""Frappe's update-password, except for the office's system user, which never has a password
	(nobody signs in as it): its reset key, if one was ever made, is refused like an invalid one."""
	from frappe.core.doctype.user.user import update_password as frappe_update_password
	from frappe.utils.data import sha256_hash

	if not isinstance(new_password, str) or not new_password:
		frappe.throw(_("Please enter the new password."), InvalidRequestError)
	target = frappe.session.user
	if key:
		if not isinstance(key, str):
			frappe.throw(_("The reset password link has either been used before or is invalid"))
		target = frappe.db.get_value("User", {"reset_password_key": sha256_hash(key)}, "name")
	if target in SYSTEM_USERS:
		frappe.local.response.http_status_code = 410
		return _("The reset password link has either been used before or is invalid")
	return frappe_update_password(new_password, logout_all_sessions, key, old_password)
