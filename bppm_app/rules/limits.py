"""How long a text typed by a person may be. Plain functions, no database.

Frappe checks the length of Data fields (their column is a varchar) but not of the text types,
whose MariaDB column simply overflows: a 200 KB complaint was a server error. Every text field of the
app's DocTypes has a limit: the field's own ``length`` when it sets one, else one per field type.
The server enforces it on every save and the web forms put the same number on their inputs
(``maxlength``), so a person is stopped while typing, not after sending.
"""

from bppm_app.exceptions import TextTooLongError
from bppm_app.i18n import _

# the earliest year a year filter or an LKPM report may name (the public statistics, the LKPM)
FIRST_YEAR = 2000

# characters, by field type (a person's words; JSON and code are the system's)
TEXT_LIMITS = {
	"Small Text": 2000,
	"Text": 10000,
	"Long Text": 100000,
	"Text Editor": 20000,
	"Markdown Editor": 20000,
	"HTML Editor": 20000,
	"Code": 100000,
	"JSON": 100000,
}


def text_limit(fieldtype: str, length: int | None = None) -> int | None:
	"""The most characters a field of this type holds (None: not a text type)."""
	if fieldtype not in TEXT_LIMITS:
		return None
	return int(length) if length else TEXT_LIMITS[fieldtype]


def check_text(label: str, value, limit: int | None) -> None:
	if limit and isinstance(value, str) and len(value) > limit:
		raise TextTooLongError(
			_("{0} is too long: at most {1} characters ({2} given).").format(_(label), limit, len(value))
		)
