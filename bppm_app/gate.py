"""The site's gate: deny by default for guests and portal users (wired in hooks.py as an auth hook).

Frappe runs ``auth_hooks`` once the request's user is known (session cookie, API key or OAuth
token) and before it runs any method, REST resource or page. Here a request from a guest or a
portal user (any user who is not a System User) goes on only if ``allowlist.py`` lists what it
asks for; anything else answers 403 (methods, REST) or 404 (pages) before Frappe runs it. Staff
pass: their DocType permissions and the hardened endpoints of ``overrides.py`` hold for them.

Also here, for every request: the office's system user is never a session (it has no login); web
form names are spelled one way before Frappe's rate limit keys on them; a portal session's
state-changing request carries the session's CSRF token (Frappe checks it only where the session
holds one, and portal sessions never did).
"""

import functools
import importlib
import json
import pkgutil
import posixpath
import re
from urllib.parse import unquote, urlencode

import frappe
from frappe import _
from werkzeug.exceptions import HTTPException
from werkzeug.utils import redirect

from bppm_app import allowlist
from bppm_app.exceptions import InvalidRequestError
from bppm_app.permissions import check_query_fields
from bppm_app.roles import SYSTEM_USERS

UNSAFE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
V1_PREFIXES = ("/api/v1/method/", "/api/method/")
V2_PREFIX = "/api/v2/method/"


class GateRefusal(frappe.PermissionError):
	"""A request the allowlist does not admit (HTTP 403)."""


# --- who is asking --------------------------------------------------------------------------


def is_gated(user: str | None = None) -> bool:
	"""Guests and portal users (every user but a System User) reach only the allowlist."""
	user = user or frappe.session.user
	if user == "Guest" or not user:
		return True
	if user == "Administrator":
		return False
	return frappe.get_cached_value("User", user, "user_type") != "System User"


# --- what is asked ----------------------------------------------------------------------------


def requested_method(request) -> str | None:
	"""The whitelisted method a request calls, as the client names it, or None for pages, files and
	REST resources. Frappe runs ``cmd`` whatever the path, so it wins."""
	cmd = frappe.form_dict.get("cmd")
	if cmd is not None:
		return cmd if isinstance(cmd, str) else ""
	path = request.path
	for prefix in V1_PREFIXES:
		if path.startswith(prefix):
			# what Frappe's v1 handler runs: the part before any further "/"
			return path[len(prefix) :].split("/")[0]
	if path.startswith(V2_PREFIX):
		# "<method>", or "<doctype>/<method>" (a document's method: never on the list)
		return path[len(V2_PREFIX) :].rstrip("/")
	return None


def page_of(path: str) -> str | None:
	"""The first part of a page's path, spelled as the router will read it; None for a path the
	router could read in more than one way (dot segments, backslashes, encoded separators)."""
	path = unquote(path or "/")
	if "\\" in path or "\x00" in path or "%" in path:
		return None
	parts = [part for part in path.split("/") if part]
	if any(part in (".", "..") for part in parts):
		return None
	if posixpath.normpath("/" + "/".join(parts)) != "/" + "/".join(parts):
		return None
	first = parts[0].lower() if parts else ""
	return first.removesuffix(".html") if first.endswith(".html") else first


def allows(entry_who: str, portal_user: bool) -> bool:
	return entry_who == allowlist.GUEST or (entry_who == allowlist.PORTAL and portal_user)


# --- conditions on arguments (named in allowlist.METHODS) ---------------------------------------


def app_web_forms() -> dict[str, str]:
	"""The app's web forms, by their name in lower case (Frappe finds a web form whatever the case)."""

	forms = frappe.cache.get_value("bppm:app_web_forms")
	if forms is None:
		# get_all: which web forms belong to the app is configuration, not a user's view
		forms = {name.lower(): name for name in frappe.get_all("Web Form", {"module": "BPPM"}, pluck="name")}
		frappe.cache.set_value("bppm:app_web_forms", forms, expires_in_sec=300)
	return forms


def canonical_web_form(value) -> str | None:
	"""A web form's name as stored, from any spelling MariaDB would match (case, trailing spaces);
	None when it is not one of the app's."""
	if not isinstance(value, str):
		return None
	return app_web_forms().get(value.strip().lower())


def _app_web_form() -> bool:
	key = "web_form" if "web_form" in frappe.form_dict else "web_form_name"
	return canonical_web_form(frappe.form_dict.get(key)) is not None


def _new_upload() -> bool:
	# a file_url or a library file names a file that exists: uploading it would claim it; ``method``
	# makes Frappe's upload_file call that whitelisted method (any of any app): a door around the list
	return not any(frappe.form_dict.get(key) for key in ("file_url", "library_file_name", "method"))


CONDITIONS = {"app_web_form": _app_web_form, "new_upload": _new_upload}


def method_allowed(method: str, portal_user: bool) -> bool:
	entry = allowlist.METHODS.get(method)
	if not entry:
		return False
	who, condition = entry
	if not allows(who, portal_user):
		return False
	return condition is None or CONDITIONS[condition]()


# --- the hook ---------------------------------------------------------------------------------


def check() -> None:
	"""``auth_hooks``: runs for every request once its user is known."""
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	user = frappe.session.user
	if user in SYSTEM_USERS:
		# the office's system user acts only inside the app's own code, never as a session
		from frappe.sessions import clear_sessions

		clear_sessions(user, force=True)
		frappe.throw(_("This account cannot sign in."), GateRefusal)
	_canonical_web_form_names()
	if request.method != "OPTIONS" and is_gated(user):
		_admit(request, portal_user=user != "Guest")
	# for everyone, staff included: shapes Frappe does not check, and queries on unreadable fields
	_check_request_shape(request)
	_check_query_arguments(request)
	_check_json_query(request)
	_check_single_values(request)


def _admit(request, portal_user: bool) -> None:
	"""A guest or a portal user: only what the allowlist lists, and portal sessions with their
	CSRF token."""
	if portal_user:
		_require_csrf_token(request)
	method = requested_method(request)
	if method is not None:
		if not method_allowed(method, portal_user):
			refuse(method)
		return
	if request.path.startswith("/api/"):
		refuse(request.path)
	page = page_of(request.path)
	who = allowlist.PAGES.get(page) if page is not None else None
	if who == allowlist.PORTAL and not portal_user:
		# a portal page: sign in first, then come back
		raise HTTPException(response=redirect("/login?" + urlencode({"redirect-to": request.path}), 302))
	if who is None or not allows(who, portal_user):
		raise frappe.PageDoesNotExistError(_("Page not found"))


def refuse(what: str = "") -> None:
	# what was refused (never its arguments), for an administrator deciding whether to list it
	frappe.logger("bppm_gate", allow_site=True).info(
		f"refused {'portal user' if frappe.session.user != 'Guest' else 'guest'}: {what[:200]}"
	)
	frappe.flags.disable_traceback = True
	frappe.throw(
		_("This function is not available to you. Sign in as office staff, or use the public pages."),
		GateRefusal,
		title=_("Not permitted"),
	)


def _canonical_web_form_names() -> None:
	"""Frappe's web form methods find a form whatever the case of its name, and their rate limits
	key on the name as sent: one spelling per form, so that the limit counts once."""
	for key in ("web_form", "web_form_name"):
		value = frappe.form_dict.get(key)
		canonical = canonical_web_form(value)
		if canonical and canonical != value:
			frappe.form_dict[key] = canonical


# --- request shapes Frappe's own methods do not check (their malformed input was a server error) --

# arguments that must name a DocType when given
DOCTYPE_ARGUMENTS = ("doctype", "dt", "reference_doctype", "parenttype", "parent_doctype")
# arguments a method reads as JSON without catching a decoding error
JSON_ARGUMENTS = {
	"frappe.desk.reportview.delete_items": ("items",),
	"frappe.model.workflow.bulk_workflow_approval": ("docnames",),
	"frappe.desk.form.assign_to.add": ("assign_to",),
	"frappe.desk.form.assign_to.add_multiple": ("assign_to", "name"),
	"frappe.desk.form.assign_to.remove_multiple": ("names",),
	"frappe.desk.doctype.bulk_update.bulk_update.submit_cancel_or_update_docs": ("docnames", "data"),
	"frappe.desk.doctype.tag.tag.add_tags": ("tags", "docs"),
}
UPLOAD_METHODS = ("upload_file", "frappe.handler.upload_file")


def _bad_request(message: str):
	frappe.flags.disable_traceback = True
	frappe.throw(message, InvalidRequestError, title=_("Invalid request"))


def _missing_arguments(method: str) -> list[str]:
	"""The required parameters of a whitelisted method that the request does not give (Python's
	TypeError for them was a server error)."""
	try:
		target = frappe.override_whitelisted_method(method)
	except Exception:
		return []
	return [name for name in _required_parameters(target) if name not in frappe.form_dict]


@functools.lru_cache(maxsize=4096)
def _required_parameters(target: str) -> tuple[str, ...]:
	"""A function's parameters without a default (kept per process: code does not change while it
	runs)."""
	import inspect

	from frappe import handler

	try:
		fn = frappe.get_attr(target) if "." in target else vars(handler).get(target)
		parameters = inspect.signature(inspect.unwrap(fn)).parameters.values()
	except Exception:
		return ()  # Frappe answers a method it cannot find itself
	return tuple(
		p.name
		for p in parameters
		if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
	)


def _check_request_shape(request) -> None:
	method = requested_method(request)
	if method and method not in ("login", "logout", "web_logout") and (missing := _missing_arguments(method)):
		_bad_request(_("Missing argument: {0}").format(", ".join(missing)))
	for key in DOCTYPE_ARGUMENTS:
		value = frappe.form_dict.get(key)
		if value in (None, ""):
			continue
		if not isinstance(value, str) or len(value) > 140 or not frappe.db.exists("DocType", value):
			_bad_request(_("DocType {0} not found").format(""))
	for key in JSON_ARGUMENTS.get(method or "", ()):
		value = frappe.form_dict.get(key)
		if isinstance(value, str) and value:
			try:
				json.loads(value)
			except ValueError:
				_bad_request(_("The request's data could not be read."))
	if method in UPLOAD_METHODS and frappe.form_dict.get("optimize") and request.files.get("file"):
		_check_image(request.files["file"])
	for key in PAGING_ARGUMENTS:
		_check_paging(frappe.form_dict.get(key))
	doctype = _query_doctype(request)
	listing = method in LIST_METHODS or _resource_list(request)
	if listing and isinstance(doctype, str) and frappe.db.get_value("DocType", doctype, "issingle"):
		_bad_request(_("{0} is a single record: open it instead of listing it.").format(_(doctype)))
	if listing and isinstance(doctype, str) and frappe.db.exists("DocType", doctype):
		_check_field_references(doctype, frappe.form_dict.get("fields"))
		_check_select_only_fields(doctype, frappe.form_dict.get("fields"))
	if method in VALUE_METHODS and isinstance(doctype, str) and frappe.db.exists("DocType", doctype):
		# the same fields, one record at a time
		_check_select_only_fields(doctype, frappe.form_dict.get("fieldname"))


def _check_single_values(request) -> None:
	"""Every user, staff included: Frappe's ``get_value`` and ``get_single_value`` on a Single read
	its fields without their permission levels (every staff member read the managers-only OSS
	settings), and ``get_value`` with any ``filters`` answers the whole record. Here only fields its
	user may read (``permissions.readable_fields``); the whole record only when all of them are."""
	method = requested_method(request)
	if method not in SINGLE_VALUE_METHODS or frappe.session.user == "Administrator":
		return
	doctype = frappe.form_dict.get("doctype")
	if not isinstance(doctype, str) or not frappe.db.get_value("DocType", doctype, "issingle"):
		return
	from bppm_app.permissions import readable_fields

	meta = frappe.get_meta(doctype)
	if method == "frappe.client.get_single_value":
		fields = [frappe.form_dict.get("field")]
	elif frappe.form_dict.get("filters") not in (None, "", "{}", "[]"):
		fields = meta.get_valid_columns()  # Frappe answers every field of the record
	else:
		fields = _field_list(frappe.form_dict.get("fieldname"))
		fields = fields if fields != ["*"] else meta.get_valid_columns()
	readable = readable_fields(doctype)
	if any(not isinstance(field, str) or field.strip() not in readable for field in fields):
		frappe.throw(
			_("You are not permitted to read these fields of {0}.").format(_(doctype)),
			frappe.PermissionError,
			title=_("Not permitted"),
		)


SINGLE_VALUE_METHODS = frozenset(("frappe.client.get_value", "frappe.client.get_single_value"))
# paging arguments of Frappe's list methods: a negative or absurd one fails in SQL (a 500)
PAGING_ARGUMENTS = ("limit_start", "limit_page_length", "start", "page_length", "limit")
# methods that list a DocType's records (a Single has none to list: Frappe fails in SQL)
LIST_METHODS = frozenset(
	(
		"frappe.client.get_list",
		"frappe.client.get_count",
		"frappe.desk.reportview.get",
		"frappe.desk.reportview.get_list",
		"frappe.desk.reportview.get_count",
		"frappe.desk.reportview.export_query",
		"frappe.desk.reportview.get_sidebar_stats",
		"frappe.desk.listview.get_group_by_count",
	)
)
# methods that read named fields of one record
VALUE_METHODS = frozenset(("frappe.client.get_value",))
LINKED_FIELD = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*$")


def _check_paging(value) -> None:
	if value in (None, ""):
		return
	try:
		number = float(str(value))
	except ValueError:
		return  # Frappe reads it as 0
	if not 0 <= number <= 10**9:
		_bad_request(_("The page must be a number from 0 to 1,000,000,000."))


def _resource_list(request) -> bool:
	"""GET /api/resource/<DocType> (a list, not one record)."""
	if request.method != "GET":
		return False
	for prefix in RESOURCE_PREFIXES:
		if request.path.startswith(prefix):
			return len([part for part in request.path[len(prefix) :].split("/") if part]) == 1
	return False


def _field_list(fields) -> list:
	if isinstance(fields, str):
		try:
			fields = json.loads(fields)
		except ValueError:
			fields = fields.split(",")
	return fields if isinstance(fields, list) else []


def _check_select_only_fields(doctype: str, fields) -> None:
	"""A user with only Select permission on a DocType (Frappe gives every Desk User that on User)
	picks its records in a link field: a list may show their name, title and search fields, not the
	rest (Frappe listed every user's last login IP to any staff member)."""
	from frappe.permissions import get_role_permissions

	if frappe.session.user == "Administrator":
		return
	meta = frappe.get_meta(doctype)
	# by role: has_permission says yes to anyone a record is shared with (every user their own User)
	roles = get_role_permissions(meta)
	if roles.get("read") or not roles.get("select"):
		return
	allowed = {"name", meta.title_field, *meta.get_search_fields()} - {None, ""}
	for field in _field_list(fields):
		name = field.replace("`", "").strip() if isinstance(field, str) else ""
		if name.startswith(f"tab{doctype}."):
			name = name[len(doctype) + 4 :]
		name = name.split(" as ")[0].strip()
		if name not in allowed:
			frappe.throw(
				_("You may only pick {0} records, not read them.").format(_(doctype)),
				frappe.PermissionError,
				title=_("Not permitted"),
			)


def _check_field_references(doctype: str, fields) -> None:
	"""``link_field.field`` in a list's fields must start with a Link or table field of the DocType
	(Frappe fails with a server error on any other name)."""
	meta = frappe.get_meta(doctype)
	for field in _field_list(fields):
		match = LINKED_FIELD.match(field) if isinstance(field, str) else None
		if not match or match.group(1).startswith("tab"):
			continue
		df = meta.get_field(match.group(1))
		if not df or df.fieldtype not in ("Link", "Table", "Table MultiSelect"):
			_bad_request(_("The field {0} cannot be read.").format(field.strip()[:140]))


def _check_image(file) -> None:
	"""An upload to be optimised must be an image Pillow reads (Frappe's optimiser fails with a
	server error on anything else)."""
	from PIL import Image

	try:
		with Image.open(file.stream) as image:
			image.load()
	except Exception:
		_bad_request(_("The image could not be read. Upload it again, or as a PDF."))
	finally:
		file.stream.seek(0)


# arguments that name fields of the request's DocType to filter, sort or group on: "filters" in any
# of Frappe's shapes, or "order" (a field, or "field asc, other desc")
QUERY_ARGUMENTS = {
	"filters": "filters",
	"or_filters": "filters",
	"current_filters": "filters",
	"order_by": "order",
	"group_by": "order",
	"sort_by": "order",
	"searchfield": "order",
}
# and those of one method only
METHOD_QUERY_ARGUMENTS = {"frappe.desk.listview.get_group_by_count": {"field": "order"}}
RESOURCE_PREFIXES = ("/api/resource/", "/api/v1/resource/", "/api/v2/document/", "/api/v2/doctype/")


def _query_doctype(request) -> str | None:
	for prefix in RESOURCE_PREFIXES:
		if request.path.startswith(prefix):
			return request.path[len(prefix) :].split("/")[0] or None
	doctype = frappe.form_dict.get("doctype")
	return doctype if isinstance(doctype, str) else None


def _check_query_arguments(request) -> None:
	"""Every user, staff included: a query filters, sorts and groups only on fields its user may
	read (``permissions.check_query_fields``), and malformed filters answer 400, not 500."""
	if frappe.session.user == "Administrator":
		return
	arguments = dict(QUERY_ARGUMENTS)
	arguments.update(METHOD_QUERY_ARGUMENTS.get(requested_method(request) or "", {}))
	given = {
		key: frappe.form_dict.get(key)
		for key in arguments
		if frappe.form_dict.get(key) not in (None, "", "[]", "{}")
	}
	if given.get("field") == "assigned_to":
		given.pop("field")
	if not given:
		return
	doctype = _query_doctype(request)
	if not doctype:
		return
	try:
		frappe.get_meta(doctype)
	except frappe.DoesNotExistError:
		_bad_request(_("DocType {0} not found").format(""))
	parent = frappe.form_dict.get("parent_doctype") or frappe.form_dict.get("parent")
	parent = parent if isinstance(parent, str) and frappe.db.exists("DocType", parent) else None
	filters = [given[key] for key in given if arguments[key] == "filters"]
	orders = [given[key] for key in given if arguments[key] == "order"]
	for value in filters:
		check_query_fields(doctype, filters=value, parent=parent)
	for value in orders:
		check_query_fields(doctype, order_by=value, parent=parent)


# methods that take their DocType from inside a JSON argument (a Number Card, a Dashboard Chart),
# not from ``doctype``: argument → (the record's DocType, when the JSON names a stored one instead)
JSON_QUERY_METHODS = {
	"frappe.desk.doctype.number_card.number_card.get_result": ("doc", None),
	"frappe.desk.doctype.number_card.number_card.get_percentage_difference": ("doc", "Number Card"),
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": ("chart", "Dashboard Chart"),
}
NUMBER_CARD_FUNCTIONS = ("Count", "Sum", "Average", "Minimum", "Maximum")
# the keys of such a JSON that name fields of its DocType to count, sum or group on
JSON_QUERY_FIELDS = (
	"aggregate_function_based_on",
	"based_on",
	"value_based_on",
	"group_by_based_on",
)


def _check_json_query(request) -> None:
	"""Every user, staff included: a Number Card's or Dashboard Chart's query names its DocType and
	fields inside a JSON argument (``doc``, ``chart``), so the checks on ``doctype`` and ``filters``
	never saw them (an attacker counted users by their last login IP). The same checks here: a JSON
	object naming a DocType, fields and filters the user may read; anything malformed is 400."""
	method = requested_method(request) or ""
	if method not in JSON_QUERY_METHODS or frappe.session.user == "Administrator":
		return
	argument, stored = JSON_QUERY_METHODS[method]
	if stored and frappe.form_dict.get("chart_name") not in (None, ""):
		name = frappe.form_dict.get("chart_name")
		spec = frappe.db.get_value(stored, name, "*", as_dict=True) if isinstance(name, str) else None
		if not spec:
			_bad_request(_("{0} {1} not found").format(_(stored), ""))
	else:
		spec = _json_object(frappe.form_dict.get(argument))
		if stored and spec.get("name") not in (None, ""):
			# the method reads the stored record of this name, not what the request says it is
			if not isinstance(spec.get("name"), str) or not frappe.db.exists(stored, spec.get("name")):
				_bad_request(_("{0} {1} not found").format(_(stored), ""))
			spec = frappe.db.get_value(stored, spec.get("name"), "*", as_dict=True)
	doctype = spec.get("document_type")
	if not isinstance(doctype, str) or not doctype or not frappe.db.exists("DocType", doctype):
		_bad_request(_("DocType {0} not found").format(""))
	if frappe.db.get_value("DocType", doctype, "issingle"):
		_bad_request(_("{0} is a single record: open it instead of listing it.").format(_(doctype)))
	parent = spec.get("parent_document_type")
	parent = parent if isinstance(parent, str) and frappe.db.exists("DocType", parent) else None
	fields = []
	for key in JSON_QUERY_FIELDS:
		value = spec.get(key)
		if value in (None, ""):
			continue
		if not isinstance(value, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", value.strip()):
			_bad_request(_("The field {0} cannot be read.").format(str(value)[:140]))
		fields.append(value.strip())
	filters = [frappe.form_dict.get("filters"), spec.get("filters_json")]
	for value in filters:
		if value in (None, "", "[]", "{}"):
			continue
		check_query_fields(doctype, filters=_json_value(value), parent=parent)
	check_query_fields(doctype, fields=fields, parent=parent)
	# a DocType its user may only pick in a link field (User): no field but its name and title
	_check_select_only_fields(doctype, fields)
	if method.endswith(".get_result") and spec.get("function") not in NUMBER_CARD_FUNCTIONS:
		_bad_request(_("The field {0} cannot be read.").format("function"))


def _json_value(value):
	if isinstance(value, str):
		try:
			return json.loads(value)
		except ValueError:
			_bad_request(_("The request's data could not be read."))
	return value


def _json_object(value) -> dict:
	value = _json_value(value)
	if not isinstance(value, dict):
		_bad_request(_("The request's data could not be read."))
	return value


def _require_csrf_token(request) -> None:
	"""A portal session's state-changing request carries the session's CSRF token. Frappe checks
	the token only when the session holds one (``HTTPRequest.validate_csrf_token``), and a portal
	session never got one: here it gets one at sign-in (its pages then send it, and Frappe checks it
	from the next request on). A state-changing request of an older session without one, which
	nobody could check, is refused: the page is reloaded with the token."""
	if frappe.get_request_header("Authorization"):
		return  # an API key or token: no ambient credential that another site could ride on
	session = frappe.session
	if not session or not session.get("sid") or session.sid == "Guest" or session.data.get("csrf_token"):
		return
	frappe.sessions.get_csrf_token()
	signing_in = frappe.form_dict.get("cmd") == "login" or request.path in ("/api/method/login", "/login")
	if request.method in UNSAFE_METHODS and not signing_in:
		frappe.flags.disable_traceback = True
		frappe.throw(_("Please reload the page and try again."), frappe.CSRFTokenError)


def keep_system_user_passwordless(doc, method=None) -> None:
	"""``before_validate`` of User (Frappe's own validate takes the new password away): the office's system user never gets a password (desk, REST, reset)."""
	if doc.name in SYSTEM_USERS and doc.get("new_password"):
		frappe.throw(_("This account cannot sign in, so it has no password."), frappe.PermissionError)


def after_request(response=None, request=None) -> None:
	"""``after_request``: what Frappe's error answers must not say or be.

	- Frappe's login lockout raises ``SecurityException``, which carries no HTTP status: a locked
	  account got a server error (500); it is a 429 with the lockout's message.
	- Frappe adds its debug log to every JSON answer, and a failed query logs its SQL there: nobody
	  but Administrator (or a developer-mode site) gets it."""
	if response is None:
		return
	if response.status_code == 500 and frappe.local.response.get("exc_type") == "SecurityException":
		response.status_code = 429
	if (
		frappe.local.debug_log
		and response.mimetype == "application/json"
		and frappe.session.user != "Administrator"
		and not frappe.conf.developer_mode
	):
		try:
			body = json.loads(response.get_data())
		except ValueError:
			return
		if isinstance(body, dict) and body.pop("_debug_messages", None) is not None:
			response.set_data(json.dumps(body))


# --- enumeration (for the tests and for reviewing the list) ----------------------------------


def whitelisted_methods(apps: list[str] | None = None) -> tuple[set[str], list[str]]:
	"""Every whitelisted method of the installed apps, by the dotted name a client calls, plus the
	short names Frappe's handler resolves (``login``, ``upload_file``…). Imports every module of
	each app first (a method is whitelisted when its module is imported). Returns the names and
	the modules that could not be imported."""
	failed = []
	for app in apps or frappe.get_installed_apps():
		package = importlib.import_module(app)
		for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
			if ".tests." in info.name or info.name.endswith((".tests", ".test_runner")):
				continue
			if ".patches." in info.name:
				continue
			try:
				importlib.import_module(info.name)
			except Exception:
				failed.append(info.name)
	names = set()
	for fn in frappe.whitelisted:
		fn = getattr(fn, "__func__", fn)
		names.add(f"{fn.__module__}.{fn.__qualname__}")
	from frappe import handler

	for short in ("login", "logout", "web_logout", "upload_file", "uploadfile", "download_file", "ping"):
		names.add(short)
	names.update(
		short for short, value in vars(handler).items() if callable(value) and value in frappe.whitelisted
	)
	return names, failed
