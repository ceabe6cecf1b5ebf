"""Uploaded documents of permit applications: whose file it is, what it really is, how big.

A document row may point only at a private File that the person saving uploaded (or that is
already attached to this application); its content must match its extension and it must fit the
office's size limit. After the save, the files are attached to the application so that the staff
who may read the application may read them too.
"""

import frappe
from frappe import _
from frappe.utils import flt

from bppm_app.exceptions import InvalidAttachmentError
from bppm_app.roles import is_staff
from bppm_app.rules import attachments as rules
from bppm_app.services import settings

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
	own = [
		f
		for f in candidates
		if f.owner == user or (f.attached_to_doctype == DOCTYPE and f.attached_to_name == doc.name)
	]
	usable = own if not is_staff(user) else candidates
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


def check(doc) -> None:
	previous = doc.get_doc_before_save()
	before = {row.name: row.attachment for row in (previous.documents if previous else [])}
	for row in doc.documents:
		if row.attachment and before.get(row.name) != row.attachment:
			check_row(doc, row)


def claim(doc) -> None:
	"""Attach the application's uploads to it, so that whoever may read it may read them."""
	urls = [row.attachment for row in doc.documents if row.attachment]
	if not urls:
		return
	# get_all: one query for every upload of the application, as in files_at
	files = frappe.get_all(
		"File",
		filters={"file_url": ("in", urls)},
		fields=["name", "owner", "attached_to_doctype", "attached_to_name"],
	)
	for file in files:
		if file.attached_to_name == doc.name:
			continue
		if not file.attached_to_name or (
			file.attached_to_doctype == DOCTYPE and str(file.attached_to_name).startswith("new-")
		):
			if file.owner in (doc.owner, frappe.session.user) or is_staff(file.owner):
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
