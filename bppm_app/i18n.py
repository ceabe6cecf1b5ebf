"""Translation for code that also runs without a site.

``frappe._`` loads translations through the site's cache, so it fails when no site is initialised:
in the unit tier and in plain scripts that call the rule modules. There the source (English) text
is the only one available; with a site, this is exactly ``frappe._``. Frappe's string extraction
finds these calls like any other ``_("...")``.
"""

import frappe


def _(msg: str, lang: str | None = None, context: str | None = None) -> str:
	if getattr(frappe.local, "site", None):
		return frappe._(msg, lang=lang, context=context)
	return msg
