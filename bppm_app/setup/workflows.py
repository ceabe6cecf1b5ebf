"""Workflows shipped with the app as definition files in ``bppm_app/workflows/``.

A shipped workflow is created on install, and by a patch on sites that predate it, only when no
workflow of that name exists: migrations never overwrite it, so what administrators change in the
Workflow doctype survives. ``restore(name)`` (bench command ``bppm-restore-workflow``) puts the
shipped default back.
"""

import json
from pathlib import Path

import frappe
from frappe import _

FOLDER = Path(__file__).resolve().parent.parent / "workflows"


def shipped() -> dict[str, dict]:
	"""Definitions by workflow name: {"workflow": <Workflow record>, "state_styles": {state: style}}."""
	definitions = {}
	for path in sorted(FOLDER.glob("*.json")):
		definition = json.loads(path.read_text(encoding="utf-8"))
		definitions[definition["workflow"]["workflow_name"]] = definition
	return definitions


def ensure_all() -> list[str]:
	"""Create every shipped workflow that does not exist yet. Returns the names created."""
	created = []
	for name, definition in shipped().items():
		if not frappe.db.exists("Workflow", name):
			_create(definition)
			created.append(name)
	return created


def restore(name: str) -> None:
	"""Replace the workflow ``name`` with the shipped default."""
	definitions = shipped()
	if name not in definitions:
		frappe.throw(
			_("No shipped workflow named {0}; shipped: {1}").format(repr(name), ", ".join(definitions))
		)
	if frappe.db.exists("Workflow", name):
		# a bench command (bppm-restore-workflow) run by the site's administrator
		frappe.delete_doc("Workflow", name, ignore_permissions=True, force=True)
	_create(definitions[name])


def _create(definition: dict) -> None:
	workflow = definition["workflow"]
	styles = definition.get("state_styles", {})
	for state in {row["state"] for row in workflow["states"]}:
		_ensure("Workflow State", state, {"workflow_state_name": state, "style": styles.get(state, "")})
	for action in {row["action"] for row in workflow["transitions"]}:
		_ensure("Workflow Action Master", action, {"workflow_action_name": action})
	doc = frappe.get_doc(workflow)
	doc.insert(ignore_permissions=True)  # install-time setup, no user acting


def _ensure(doctype: str, name: str, values: dict) -> None:
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)  # install-time


def ensure_action(action: str) -> None:
	_ensure("Workflow Action Master", action, {"workflow_action_name": action})


def translate_states() -> None:
	"""Workflow states shown in the user's language wherever the desk shows the state as a link (the
	form's "Workflow State" field, list filters): Frappe translates the values of a link only to
	DocTypes marked translated, which Workflow State is not by default (Customize Form's setting,
	kept as a Property Setter). The state names themselves stay as they are (the app reads them)."""
	if frappe.db.exists(
		"Property Setter", {"doc_type": "Workflow State", "property": "translated_doctype", "value": "1"}
	):
		return
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	make_property_setter("Workflow State", None, "translated_doctype", 1, "Check", for_doctype=True)
