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

import frappe
from frappe import _
from frappe.core.doctype.file.file import File

from bppm_app.exceptions import InvalidRequestError
from bppm_app.permissions import count_with_permissions
from bppm_app.roles import MANAGER

MODULE = "BPPM"


def _doctype(doctype) -> str:
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(_("DocType {0} not found").format(""), frappe.DoesNotExistError)
	return doctype


def is_app_doctype(doctype: str) -> bool:
	return frappe.get_meta(doctype).module == MODULE


def _require_read(doctype: str, name) -> None:
	if not isinstance(name, str | int) or not frappe.db.exists(doctype, name):
		raise frappe.PermissionError
	if not frappe.has_permission(doctype, "read", frappe.get_doc(doctype, name)):
		raise frappe.PermissionError


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""``frappe.client.get_count``, with permissions for the app's DocTypes."""
	from frappe.client import get_count as frappe_get_count

	if is_app_doctype(_doctype(doctype)):
		return count_with_permissions(doctype, filters)
	return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)


@frappe.whitelist()
def get_link_title(doctype, docname):
	"""``frappe.desk.search.get_link_title``, only for readers of the record among the app's."""
	from frappe.desk.search import get_link_title as frappe_get_link_title

	if is_app_doctype(_doctype(doctype)):
		_require_read(doctype, docname)
	return frappe_get_link_title(doctype, docname)


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	"""``frappe.desk.like.toggle_like``, only for readers of the record among the app's."""
	from frappe.desk.like import toggle_like as frappe_toggle_like

	if is_app_doctype(_doctype(doctype)):
		_require_read(doctype, name)
	return frappe_toggle_like(doctype, name, add)


# allow_guest: Frappe's own accept is open to guests (forms without login: /complaint)
@frappe.whitelist(allow_guest=True, methods=["POST"])
def accept_web_form(web_form, data):
	"""Frappe's web form ``accept``: malformed form data answers 400 with a message instead of a
	server error; then Frappe's own ``accept`` (with its rate limit) runs, and the document's
	controller decides the rest. Guests reach only web forms that allow them (Frappe's check)."""
	from frappe.website.doctype.web_form.web_form import accept

	try:
		parsed = frappe.parse_json(data) if isinstance(data, str) else data
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
	doc = accept(web_form=web_form, data=frappe.as_json(parsed))
	# a document that the public files (a complaint, a survey) says back only what it chooses
	return doc.web_form_response() if hasattr(doc, "web_form_response") else doc


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
	"""Frappe's File, except that the office's signing certificate (attached to BPPM Settings) is
	downloadable only by those who manage the settings: every staff role reads BPPM Settings, and
	Frappe lets whoever reads a document download its private files."""

	def is_downloadable(self):
		if self.attached_to_doctype == "BPPM Settings" and self.attached_to_field == "signing_certificate":
			user = frappe.session.user
			return user == "Administrator" or bool(set(frappe.get_roles(user)) & {MANAGER, "System Manager"})
		return super().is_downloadable()
