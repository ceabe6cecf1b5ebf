"""Uploaded documents: file-type checks. Plain functions, no database."""

import posixpath
from urllib.parse import unquote, urlparse

from bppm_app.exceptions import InvalidAttachmentError
from bppm_app.i18n import _


def file_extension(file_url: str | None) -> str:
	"""``/private/files/KTP Budi.PDF`` → ``pdf``; no extension → ``""``."""
	path = unquote(urlparse(file_url or "").path)
	ext = posixpath.splitext(posixpath.basename(path))[1]
	return ext.lstrip(".").lower()


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
