"""Uploaded documents: file-type checks. Plain functions, no database."""

import posixpath
import re
from urllib.parse import unquote, urlparse

from bppm_app.exceptions import InvalidAttachmentError
from bppm_app.i18n import _


def file_extension(file_url: str | None) -> str:
	"""``/private/files/KTP Budi.PDF`` → ``pdf``; no extension → ``""``."""
	path = unquote(urlparse(file_url or "").path)
	ext = posixpath.splitext(posixpath.basename(path))[1]
	return ext.lstrip(".").lower()


# An upload's value is the URL Frappe gave the private file: a path under /private/files/, with no
# scheme or host, no parent-directory steps, and nothing that could leave an HTML attribute.
PRIVATE_FILE_URL = re.compile(r"/private/files/[^\"'<>\\`\x00-\x1f\x7f]+")


def is_private_file_url(file_url: str | None) -> bool:
	url = file_url or ""
	return bool(PRIVATE_FILE_URL.fullmatch(url)) and ".." not in url.split("/") and not {"?", "#"} & set(url)


def check_private_url(file_url: str | None, requirement: str) -> None:
	"""Raise unless ``file_url`` is the plain URL of a private file of this site."""
	if not is_private_file_url(file_url):
		raise InvalidAttachmentError(
			_('The file for "{0}" must be a private file uploaded to this site.').format(requirement)
		)


def check_file_type(file_url: str, allowed: str, requirement: str) -> None:
	"""Raise when the file's extension is not in the comma-separated ``allowed`` list."""
	allowed_types = [t.strip().lower() for t in (allowed or "").split(",") if t.strip()]
	ext = file_extension(file_url)
	if allowed_types and ext not in allowed_types:
		raise InvalidAttachmentError(
			_('The file for "{0}" must be one of these types: {1}.').format(
				requirement, ", ".join(allowed_types)
			)
		)


# What a file's first bytes must look like for its extension. Extensions not listed are checked
# only against the executable signatures below.
SIGNATURES = {
	"pdf": (b"%PDF-",),
	"png": (b"\x89PNG\r\n\x1a\n",),
	"jpg": (b"\xff\xd8\xff",),
	"jpeg": (b"\xff\xd8\xff",),
	"gif": (b"GIF87a", b"GIF89a"),
	"webp": (b"RIFF",),
	"docx": (b"PK\x03\x04",),
	"xlsx": (b"PK\x03\x04",),
	"odt": (b"PK\x03\x04",),
	"doc": (b"\xd0\xcf\x11\xe0",),
	"xls": (b"\xd0\xcf\x11\xe0",),
}
EXECUTABLE_SIGNATURES = (
	b"MZ",  # Windows PE
	b"\x7fELF",  # Linux
	b"\xfe\xed\xfa\xce",  # Mach-O
	b"\xfe\xed\xfa\xcf",
	b"\xcf\xfa\xed\xfe",
	b"\xce\xfa\xed\xfe",
	b"#!",  # scripts
)


def check_content(file_name: str, head: bytes, requirement: str) -> None:
	"""Refuse a file whose content is not what its extension says (a renamed executable)."""
	if any(head.startswith(signature) for signature in EXECUTABLE_SIGNATURES):
		raise InvalidAttachmentError(
			_('The file for "{0}" is a program, not a document.').format(requirement)
		)
	expected = SIGNATURES.get(file_extension(file_name))
	if expected and not any(head.startswith(signature) for signature in expected):
		raise InvalidAttachmentError(
			_('The file for "{0}" is not a real {1} file.').format(
				requirement, file_extension(file_name).upper()
			)
		)


def check_size(size_bytes: int, limit_mb: float, requirement: str) -> None:
	if limit_mb and size_bytes > limit_mb * 1024 * 1024:
		raise InvalidAttachmentError(
			_('The file for "{0}" is larger than {1} MB.').format(requirement, f"{limit_mb:g}")
		)
