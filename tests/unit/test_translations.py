"""Indonesian first: every user-facing string of the app has an Indonesian translation.

Strings are collected the way Frappe shows them: DocType names, field labels, descriptions and
Select options from the DocType JSON, every literal passed to ``_()`` in the app's Python and to
``__()`` in its JavaScript (report filters), report names, the workspace's labels, headers,
shortcut formats and links, and the labels of the shipped number cards and dashboard charts.
Letters and notifications: every literal passed to ``_()`` in the app's Jinja templates
(print formats, notifications, the letters' shared parts, web pages), the subjects of the shipped
notifications, and the names of the shipped print formats.
"""

import ast
import csv
import html
import json
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "bppm_app"
TRANSLATIONS = APP / "translations" / "id.csv"


def doctype_strings() -> set[str]:
	found = set()
	for path in APP.glob("**/doctype/*/*.json"):
		meta = json.loads(path.read_text())
		if meta.get("doctype") != "DocType":
			continue
		found.add(meta["name"])
		if meta.get("description"):
			found.add(meta["description"])
		for field in meta.get("fields", []):
			for key in ("label", "description"):
				if field.get(key):
					found.add(field[key])
			if field.get("fieldtype") == "Select":
				found.update(option for option in (field.get("options") or "").split("\n") if option)
	return found


def workflow_strings() -> set[str]:
	"""Workflow states, actions and state messages of the shipped workflows."""
	found = set()
	for path in APP.glob("workflows/*.json"):
		workflow = json.loads(path.read_text())["workflow"]
		for state in workflow["states"]:
			found.add(state["state"])
			if state.get("message"):
				found.add(state["message"])
		found.update(t["action"] for t in workflow["transitions"])
	return found


_JINJA_CALL = re.compile(r"""(?<![\w.])_\(\s*(["'])((?:\\.|(?!\1).)*)\1\s*[,)]""")


def page_strings() -> set[str]:
	"""``_("...")`` in the portal's page templates (www/, templates/)."""
	found = set()
	for folder in ("www", "templates"):
		for path in APP.glob(f"{folder}/**/*.html"):
			found.update(match.group(2) for match in _JINJA_CALL.finditer(path.read_text()))
	return found


def web_form_strings() -> set[str]:
	found = set()
	for path in APP.glob("**/web_form/*/*.json"):
		form = json.loads(path.read_text())
		for key in ("title", "introduction_text", "success_title", "success_message", "button_label"):
			if form.get(key):
				found.add(form[key])
		for field in form.get("web_form_fields", []):
			found.update(filter(None, (field.get("label"), field.get("description"))))
	return found


def python_strings() -> set[str]:
	found = set()
	for path in APP.glob("**/*.py"):
		for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
			if not (isinstance(node, ast.Call) and node.args):
				continue
			func = node.func
			name = (
				func.id
				if isinstance(func, ast.Name)
				else func.attr
				if isinstance(func, ast.Attribute)
				else ""
			)
			arg = node.args[0]
			if name in ("_", "_lt") and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
				found.add(arg.value)
	return found


def javascript_strings() -> set[str]:
	found = set()
	# __("…") in scripts; _("…") where Frappe renders a script as a Jinja template (web forms)
	literal = re.compile(r"""(?<![\w.])_{1,2}\(\s*(["'])((?:\\.|(?!\1).)*)\1\s*[,)]""")
	for path in APP.glob("**/*.js"):
		for match in literal.finditer(path.read_text()):
			found.add(match.group(2).replace("\\'", "'").replace('\\"', '"'))
	return found


def report_strings() -> set[str]:
	found = set()
	for path in APP.glob("**/report/*/*.json"):
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "Report":
			found.add(meta["report_name"])
	return found


def workspace_strings() -> set[str]:
	found = set()
	for path in APP.glob("**/workspace/*/*.json"):
		meta = json.loads(path.read_text())
		found.update(filter(None, (meta.get("label"), meta.get("title"))))
		for table in ("links", "shortcuts", "charts", "number_cards"):
			for row in meta.get(table, []):
				found.update(filter(None, (row.get("label"), row.get("format"), row.get("description"))))
		for block in json.loads(meta.get("content") or "[]"):
			if block["type"] == "header":
				found.add(html.unescape(re.sub(r"<[^>]+>", "", block["data"]["text"])).strip())
	return found


def dashboard_strings() -> set[str]:
	found = set()
	for path in (APP / "setup" / "dashboards").glob("*.json"):
		for record in json.loads(path.read_text()):
			found.add(record.get("label") or record["chart_name"])
	return found


# --- letters and notifications -------------------------------------------------------------

JINJA_CALL = re.compile(r"""(?<![\w.])_\(\s*(["'])((?:\\.|(?!\1).)*)\1\s*[,)]""")
TEMPLATE_SUFFIXES = (".html", ".md", ".txt")


def _jinja_literals(text: str) -> set[str]:
	return {m.group(2).replace("\\'", "'").replace('\\"', '"') for m in JINJA_CALL.finditer(text)}


def template_strings() -> set[str]:
	"""``_("...")`` in the app's Jinja templates: print formats, notification messages, the letters'
	shared parts and the web pages."""
	found = set()
	for path in APP.rglob("*"):
		if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
			found |= _jinja_literals(path.read_text())
	return found


def notification_strings() -> set[str]:
	"""``_("...")`` in the subjects (and any inline message) of the shipped notifications."""
	found = set()
	for path in APP.glob("**/notification/*/*.json"):
		record = json.loads(path.read_text())
		found |= _jinja_literals(record.get("subject") or "") | _jinja_literals(record.get("message") or "")
	return found


def print_format_strings() -> set[str]:
	found = set()
	for path in APP.glob("**/print_format/*/*.json"):
		record = json.loads(path.read_text())
		found.add(record["name"])
		found |= _jinja_literals(record.get("html") or "")
	return found


def translations() -> dict[str, str]:
	with TRANSLATIONS.open(encoding="utf-8", newline="") as f:
		return {row[0]: row[1] for row in csv.reader(f) if row}


def test_translation_file_is_well_formed():
	with TRANSLATIONS.open(encoding="utf-8", newline="") as f:
		rows = [row for row in csv.reader(f) if row]
	assert rows
	for row in rows:
		assert len(row) in (2, 3), row
		assert row[0].strip() and row[1].strip(), row
	sources = [row[0] if len(row) == 2 or not row[2] else f"{row[0]}:{row[2]}" for row in rows]
	assert len(sources) == len(set(sources)), "a source string is translated twice"


@pytest.mark.parametrize(
	"collect",
	[
		doctype_strings,
		python_strings,
		workflow_strings,
		page_strings,
		web_form_strings,
		javascript_strings,
		report_strings,
		workspace_strings,
		dashboard_strings,
		template_strings,
		notification_strings,
		print_format_strings,
	],
)
def test_every_string_has_an_indonesian_translation(collect):
	known = translations()
	missing = sorted(s for s in collect() if s not in known)
	assert not missing, "no Indonesian translation for:\n" + "\n".join(missing)


def test_placeholders_survive_translation():
	for source, target in translations().items():
		for placeholder in ("{0}", "{1}", "{2}"):
			assert (placeholder in source) == (placeholder in target), (source, target)


def test_collectors_find_the_app_s_reports_and_dashboards():
	"""The collectors must keep up with the files: an empty result would check nothing."""
	assert {"LKPM Compliance", "Permit Application Register"} <= report_strings()
	assert {"BPPM", "Reports", "Today at the Office"} <= workspace_strings()
	assert {"LKPM Compliance", "Applications Received"} <= dashboard_strings()
	assert {"From Date", "Group By"} <= javascript_strings()


def test_collectors_find_the_letters_and_notifications():
	"""The template collectors must see the print formats, notifications and shared parts."""
	assert {"APPLICATION RECEIPT", "REGIONAL LEVY ASSESSMENT", "PERMIT", "Tracking PIN"} <= template_strings()
	assert {"Dear {0},", "NIP"} <= template_strings()
	assert {"Application {0} received", "Permit issued: {0}"} <= notification_strings()
	assert {"Application Receipt", "Levy Assessment", "Permit Certificate", "Rejection Letter"} <= (
		print_format_strings()
	)


def test_print_formats_keep_their_template_in_the_record():
	"""A standard print format renders from its .html file; its JSON keeps the same template, so that
	a copy an administrator makes in the desk starts from the full letter."""
	for path in APP.glob("**/print_format/*/*.json"):
		record = json.loads(path.read_text())
		template = path.with_suffix(".html")
		assert template.is_file(), template
		assert record["html"] == template.read_text(), f"{path.name}: copy {template.name} into its html"
		assert record["standard"] == "Yes" and record["print_format_type"] == "Jinja"
		assert record["default_print_language"] == "id"
