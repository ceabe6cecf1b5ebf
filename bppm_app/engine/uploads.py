"""Uploaded documents of permit applications: whose file it is, what it really is, how big.

A document row may point only at a private File that the person saving uploaded (or that is
already attached to this application, or to the same applicant's permit it renews or amends),
whoever saves it (the applicant on the portal, a clerk at
the counter); its content must match its extension and it must fit the office's size limit. After
the save, the saver's files are attached to the application so that the staff who may read the
application may read them too. Another person's file is never usable, whatever its URL.
"""

import frappe
from frappe import _
from frappe.utils import flt

from bppm_app.config import settings
from bppm_app.exceptions import InvalidAttachmentError
from bppm_app.roles import OFFICE_ADMIN_ROLES, is_staff
from bppm_app.rules import attachments as rules
from bppm_app.rules import channels

DOCTYPE = "Permit Application"
HEAD_BYTES = 16


def files_at(url: str) -> list[frappe._dict]:
	# get_all: resolving a URL to its File rows is part of checking the user's right to it
	return frappe.get_all(
		"File",
		filters={"file_url": url},
		fields=[
			"name",
			"file_name",
			"owner",
			"is_private",
			"file_size",
			"attached_to_doctype",
			"attached_to_name",
		],
	)


def check_row(doc, row) -> None:
	"""Checks for one changed document row."""
	candidates = files_at(row.attachment)
	if not candidates:
		raise InvalidAttachmentError(_('Upload the file for "{0}" first.').format(row.requirement))
	user = frappe.session.user
	usable = [
		f
		for f in candidates
		if (f.owner == user and _unattached_or(f, doc))
		or (f.attached_to_doctype == DOCTYPE and f.attached_to_name == doc.name)
		or _of_previous_permit(f, doc)
	]
	if not usable:
		raise InvalidAttachmentError(
			_('You can only attach files that you uploaded ("{0}").').format(row.requirement)
		)
	file = usable[0]
	if not file.is_private:
		raise InvalidAttachmentError(
			_('The file for "{0}" must be uploaded as a private file.').format(row.requirement)
		)
	rules.check_size(file.file_size or 0, flt(settings.get("max_upload_size_mb")), row.requirement)
	content = frappe.get_doc("File", file.name).get_content()
	head = content[:HEAD_BYTES] if isinstance(content, bytes) else content[:HEAD_BYTES].encode()
	rules.check_content(file.file_name or row.attachment, head, row.requirement)


def _of_previous_permit(file, doc) -> bool:
	"""A document of the permit this application renews or amends (the same applicant's)."""
	previous = doc.get("previous_application")
	if not previous or file.attached_to_doctype != DOCTYPE or file.attached_to_name != previous:
		return False
	return frappe.db.get_value(DOCTYPE, previous, "applicant") == doc.applicant


def _unattached_or(file, doc) -> bool:
	"""A file not yet attached to anything, or to this application (or to a new one of the form)."""
	if not file.attached_to_name:
		return True
	return file.attached_to_doctype == DOCTYPE and (
		file.attached_to_name == doc.name or str(file.attached_to_name).startswith("new-")
	)


def check(doc) -> None:
	previous = doc.get_doc_before_save()
	before = {row.name: row.attachment for row in (previous.documents if previous else [])}
	for row in doc.documents:
		if row.attachment and before.get(row.name) != row.attachment:
			check_row(doc, row)


def claim(doc) -> None:
	"""Attach the saver's uploads to the application, so that whoever may read it may read them."""
	urls = [row.attachment for row in doc.documents if row.attachment]
	if not urls:
		return
	user = frappe.session.user
	# get_all: one query for every upload of the application; only the saver's own are claimed
	files = frappe.get_all(
		"File",
		filters={"file_url": ("in", urls), "owner": user},
		fields=["name", "owner", "attached_to_doctype", "attached_to_name"],
	)
	for file in files:
		if file.attached_to_name != doc.name and _unattached_or(file, doc):
			frappe.db.set_value(
				"File",
				file.name,
				{
					"attached_to_doctype": DOCTYPE,
					"attached_to_name": doc.name,
					"attached_to_field": "documents",
				},
				update_modified=False,
			)


def refuse_staff_files_on_online_drafts(doc, method=None) -> None:
	"""``validate`` of File: staff attach nothing to an applicant's online draft (it is the
	applicant's until submitted, and a file attached to it is one the applicant may choose as a
	document); the office's administrators may."""
	if doc.attached_to_doctype != DOCTYPE or not doc.attached_to_name:
		return
	if not is_staff() or frappe.session.user == "Administrator":
		return
	if not doc.is_new() and not doc.has_value_changed("attached_to_name"):
		return
	if OFFICE_ADMIN_ROLES & set(frappe.get_roles()):
		return
	draft = frappe.db.get_value(DOCTYPE, doc.attached_to_name, ["channel", "submitted_on"], as_dict=True)
	if draft and not channels.staff_may_change_draft(draft.channel, bool(draft.submitted_on), {"file"}):
		frappe.throw(
			_("{0} is the applicant's online draft: only the applicant attaches files to it.").format(
				doc.attached_to_name
			),
			frappe.PermissionError,
			title=_("Not permitted"),
		)
