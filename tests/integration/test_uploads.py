"""Uploaded documents: only real files of the allowed type and size, private, and one's own."""

import frappe
import pytest

from bppm_app.exceptions import InvalidAttachmentError
from bppm_app.roles import APPLICANT

from .factories import (
	PDF,
	make_applicant,
	make_application,
	make_permit_type,
	make_user,
	portal_edit,
	rand,
	shown_messages,
	upload,
)
from .journeys import counter_start, start


def real_jpeg() -> bytes:
	import io

	from PIL import Image

	buffer = io.BytesIO()
	Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
	return buffer.getvalue()


JPEG = real_jpeg()
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture
def draft():
	permit_type = make_permit_type(
		requirements=[{"requirement": "Fotokopi KTP", "is_mandatory": 1, "allowed_file_types": "pdf,jpg"}]
	)
	user = make_user(APPLICANT)
	applicant = make_applicant(user=user)
	from bppm_app.utils import as_user

	with as_user(user):
		doc = make_application(applicant.name, permit_type.name)
	return frappe._dict(user=user, name=doc.name)


def attach(draft, url):
	"""The applicant attaches ``url`` to the first requirement on the portal's form."""
	from bppm_app.utils import as_user

	with as_user(draft.user):
		doc = frappe.get_doc("Permit Application", draft.name)
		doc.documents[0].attachment = url
		portal_edit(
			"Permit Application",
			draft.name,
			documents=[row.as_dict(convert_dates_to_str=True) for row in doc.documents],
		)


@pytest.mark.parametrize(
	"file_name, content, message",
	[
		("ktp.exe", EXE, "must be one of these types"),
		("ktp.pdf", EXE, "is a program"),
		("ktp.pdf", JPEG, "not a real PDF"),
		("ktp.pdf", b"#!/bin/sh\nrm -rf /\n", "is a program"),
	],
	ids=["wrong-extension", "renamed-executable", "jpeg-named-pdf", "renamed-script"],
)
def test_files_that_are_not_what_they_claim_are_refused(draft, file_name, content, message):
	url = upload(draft.user, file_name, content)
	with pytest.raises(InvalidAttachmentError, match=message):
		attach(draft, url)
	assert any("Fotokopi KTP" in m for m in shown_messages())
	assert not frappe.db.get_value("Application Document", {"parent": draft.name}, "attachment")


def test_a_broken_image_is_refused_when_uploaded(draft):
	from PIL import UnidentifiedImageError

	with pytest.raises(UnidentifiedImageError):  # Frappe opens images when it stores them
		upload(draft.user, "ktp.jpg", PDF)


def test_oversized_files_are_refused(draft):
	frappe.db.set_single_value("BPPM Settings", "max_upload_size_mb", 1)
	url = upload(draft.user, "besar.pdf", PDF + b"%" + b"x" * (1024 * 1024 + 10))
	with pytest.raises(InvalidAttachmentError, match="larger than 1 MB"):
		attach(draft, url)
	attach(draft, upload(draft.user, "kecil.pdf"))  # a small one is fine


def test_an_applicants_upload_is_private_whatever_it_asks(draft):
	"""A public file would be served to anyone from the office's domain: what a portal user uploads
	is stored private (overrides.OfficeFile), and then attaches as any of their own uploads."""
	url = upload(draft.user, "publik.pdf", private=0)
	assert url.startswith("/private/files/")
	assert frappe.db.get_value("File", {"file_url": url}, "is_private") == 1
	attach(draft, url)


def test_another_users_file_is_refused(draft):
	stranger = make_user(APPLICANT)
	theirs = upload(stranger, "milik-orang-lain.pdf")
	with pytest.raises(InvalidAttachmentError, match="only attach files that you uploaded"):
		attach(draft, theirs)


def test_a_url_without_a_file_is_refused(draft):
	with pytest.raises(InvalidAttachmentError, match="Upload the file"):
		attach(draft, f"/private/files/{rand()}.pdf")


def test_accepted_upload_is_attached_to_the_application(draft):
	url = upload(draft.user, "ktp.jpg", JPEG)
	attach(draft, url)
	file = frappe.get_doc("File", {"file_url": url})
	assert (file.attached_to_doctype, file.attached_to_name, file.is_private) == (
		"Permit Application",
		draft.name,
		1,
	)


def test_staff_may_attach_a_scan_made_at_the_counter(staff):
	journey = counter_start(staff, upload=False)
	scan = upload(staff["BPPM Front Office"], "scan-ktp.pdf")
	from bppm_app.utils import as_user

	with as_user(staff["BPPM Front Office"]):
		doc = frappe.get_doc("Permit Application", journey.name)
		doc.documents[0].attachment = scan
		doc.save()
	assert frappe.db.get_value("File", {"file_url": scan}, "attached_to_name") == journey.name
