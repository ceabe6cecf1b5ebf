"""Frappe's page cache of the public pages (the ``website_page`` hash) and the one path that
invalidates it: every change that alters what a cached page shows ends in ``clear_pages``
(now, and again when the transaction ends). The renderer that fills it is
``web.public_cache``; the statistics' figures are dropped through ``web.public``."""

import frappe

from bppm_app.utils import clear_now_and_after_transaction

PAGE_CACHE = "website_page"  # Frappe's page cache (a Redis hash: key → {language: html})


def store(key: str, html: str) -> None:
	entry = frappe.cache.hget(PAGE_CACHE, key) or {}
	entry[frappe.local.lang] = html
	frappe.cache.hset(PAGE_CACHE, key, entry)
	frappe.cache.hset(PAGE_CACHE, f"{key}#{frappe.local.lang}", frappe.generate_hash(length=12))


def forget(prefix: str) -> None:
	"""Drop the cached pages whose key starts with ``prefix`` (with their tokens)."""
	for key in frappe.cache.hkeys(PAGE_CACHE):
		key = frappe.safe_decode(key)
		if key.startswith(prefix):
			frappe.cache.hdel(PAGE_CACHE, key)


def clear_pages(prefix: str | None = None) -> None:
	"""Drop the pages whose key starts with ``prefix`` (all of the site's website cache without one),
	now and when the transaction ends (``utils.clear_now_and_after_transaction``)."""

	def clear():
		if prefix:
			forget(prefix)
		else:
			from frappe.website.utils import clear_website_cache

			clear_website_cache()

	clear_now_and_after_transaction(clear)


# --- what invalidates the pages -------------------------------------------------------------------


def on_standards_change(doc=None, method=None) -> None:
	"""A permit type, the workflow or BPPM Settings changed: the standards (and a published type's
	404) change. Clears the whole website cache, as saving BPPM Settings does."""
	clear_pages()


def on_user_change(doc=None, method=None) -> None:
	"""The standards publish the number of staff: a user's roles or status changed."""
	before = doc.get_doc_before_save() if doc is not None else None
	if before is not None and before.enabled == doc.enabled and _roles(before) == _roles(doc):
		return
	clear_pages("standards")


def _roles(user) -> set[str]:
	return {row.role for row in user.get("roles") or []}
