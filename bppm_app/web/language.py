"""Indonesian first: guests and portal users read the site in Indonesian whatever their browser
prefers, and in another language only when they chose it (Frappe's own ``preferred_language``
cookie, set by the language link in the footer, ``public/js/bppm_web.js``). Staff keep the
language of their user or of the system."""

import frappe

from bppm_app import gate

DEFAULT = "id"
COOKIE = "preferred_language"  # the cookie Frappe's own language picker sets and reads


def citizen_language(user: str | None, chosen: str | None, explicit: str | None, languages) -> str | None:
	"""The language of a guest or portal user's request: Frappe's ``_lang`` parameter when given,
	else the language they chose, else Indonesian. None for staff (Frappe decides)."""
	if not gate.is_gated(user):
		return None
	for lang in (explicit, chosen):
		if lang and lang in languages:
			return lang
	return DEFAULT


def set_request_language() -> None:
	"""Hook ``auth_hooks``: once Frappe knows the request's user (session cookie or API key) and
	has read the browser's Accept-Language for guests."""
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	from frappe.translate import get_all_languages

	lang = citizen_language(
		frappe.session.user,
		request.cookies.get(COOKIE),
		frappe.form_dict.get("_lang"),
		set(get_all_languages() or ()),
	)
	if lang:
		frappe.local.lang = lang
