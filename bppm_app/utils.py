"""Small helpers shared by the layers, the demo and the tests."""

from contextlib import contextmanager

import frappe


def clear_now_and_after_transaction(clear) -> None:
	"""The one way the app drops what it caches about data that changed: now, and again when the
	transaction ends, committed or rolled back (so that a value computed in between, from the data
	before the change, does not stay; and a rolled-back change does not stay cached either). Outside
	a request with a database (e.g. ``bench clear-cache``), now only."""
	clear()
	if getattr(frappe.local, "db", None):
		frappe.db.after_commit.add(clear)
		frappe.db.after_rollback.add(clear)


@contextmanager
def as_user(user: str):
	"""Act as ``user`` inside the block (permissions, owner, session), then switch back."""
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


def submit_web_form(web_form: str, values: dict, name: str | None = None):
	"""Save a web form as the session user, as a browser does: every field of the form, taken from
	the stored document when ``name`` is given, with ``values`` on top, through Frappe's own
	``accept`` (the demo and the tests use the portal the way applicants do). Returns the document."""
	import json

	from frappe.website.doctype.web_form.web_form import accept

	web_form = frappe.db.get_value("Web Form", {"route": web_form}, "name") or web_form
	form = frappe.get_doc("Web Form", web_form)
	data = {}
	stored = frappe.get_doc(form.doc_type, name) if name else None
	for field in form.web_form_fields:
		if field.fieldtype in ("Section Break", "Column Break", "Tab Break", "HTML"):
			continue
		value = stored.get(field.fieldname) if stored else None
		if field.fieldtype == "Table" and value is not None:
			value = [row.as_dict(convert_dates_to_str=True) for row in value]
		data[field.fieldname] = value
	data.update(values)
	if name:
		data["name"] = name
	doc = accept(web_form=web_form, data=json.dumps(data, default=str))
	# a fresh copy: the one the form saved carries its ignore_permissions flag
	return frappe.get_doc(doc.doctype, doc.name) if hasattr(doc, "doctype") else doc
