"""The public pages from Frappe's page cache.

- ``/`` (the front door), ``/standards``, ``/standards/<code>`` and ``/statistics`` are whole pages in Frappe's page
  cache (the ``website_page`` hash that ``clear_website_cache`` empties), one entry per URL and
  language. Frappe's own page cache keys a page by its template's route, which would give every
  ``/standards/<code>`` the page of the first code rendered and ignore ``?year=`` on
  ``/statistics``; the renderer here keys by what the visitor asked for.
- ``/track`` and ``/verify/<code>`` show one record: the page around it (header, navigation,
  footer, styles) is rendered once per language and cached as a shell; each request runs only the
  page's ``get_context`` (the rate limit and the one record) and renders the page's content block
  into the shell.

The cache is cleared when what the pages show changes: a permit type, BPPM Settings or the
workflow (the procedure on the standards), a user's roles (the number of staff), and the
statistics, which a job recomputes every ten minutes and clears only when a figure changed.
Cache hits skip ``get_context`` and therefore the per-IP request counting: a cached page costs
about as little as a ping, so it needs no rate limit.
"""

import frappe
from frappe.utils import cint, getdate, nowdate
from frappe.website.page_renderers.base_renderer import BaseRenderer
from frappe.website.page_renderers.template_page import TemplatePage

from bppm_app.rules import identifiers
from bppm_app.utils import clear_now_and_after_transaction
from bppm_app.web import public

# the page store and what invalidates it (one path for every change)
from bppm_app.web.page_store import (
	PAGE_CACHE,
	clear_pages,
	forget,
	on_standards_change,
	on_user_change,
	store,
)

CACHED_PAGES = ("index", "standards", "standards/permit_type", "statistics")
SHELL_PAGES = ("track", "verify")
CONTENT = "<!-- bppm:page-content -->"


def can_cache() -> bool:
	"""Frappe's rule for the page cache (off in developer mode or when the site disables it),
	without the request's ``no_cache`` flag: Frappe raises that for every URL with parameters
	(``/verify/<code>``), because its own cache would key them all alike; here each URL has
	its own entry."""
	if frappe.flags.force_website_cache:
		return True
	return not (frappe.conf.disable_website_cache or frappe.conf.developer_mode)


class PublicPage(TemplatePage):
	"""Page renderer (hooks ``page_renderer``) for the office's public pages."""

	def __init__(self, path, http_status_code=None):
		self.public = (path or "").strip("/ ") in CACHED_PAGES + SHELL_PAGES
		BaseRenderer.__init__(self, path, http_status_code)
		self.template_path, self.source = "", ""
		if self.public:
			self.set_template_path()

	def set_template_path(self):
		"""TemplatePage's search of the apps' folders, done once per process and path."""
		key = (frappe.local.site, self.path)
		found = _PATHS.get(key)
		if found is None:
			super().set_template_path()
			found = _PATHS[key] = {
				attr: getattr(self, attr, None)
				for attr in (
					"app",
					"app_path",
					"file_dir",
					"basename",
					"template_path",
					"basepath",
					"filename",
					"name",
				)
			}
		self.__dict__.update(found)

	def can_render(self):
		if not self.public or not super().can_render():
			return False
		method = frappe.request.method if getattr(frappe.local, "request", None) else "GET"
		return method in ("GET", "HEAD") or (method == "POST" and self.path == "track")

	def render(self):
		try:
			html = self.with_content() if self.is_per_request() else self.cached_page()
		except frappe.PageDoesNotExistError:
			# Frappe renders a page's own 404 with the status it was asked for (200)
			from frappe.website.page_renderers.not_found_page import NotFoundPage

			return NotFoundPage(self.path, 404).render()
		return self.build_response(self.add_csrf_token(html))

	def is_per_request(self) -> bool:
		"""/verify always shows a record; /track only when a form comes in. The empty tracking
		form, as a guest sees it, is the same for everyone: a whole cached page."""
		if self.path == "verify":
			return True
		if self.path != "track":
			return False
		method = frappe.request.method if getattr(frappe.local, "request", None) else "GET"
		return (
			method == "POST"
			or frappe.session.user != "Guest"
			or bool(frappe.form_dict.get("registration_number"))
		)

	# --- whole pages ------------------------------------------------------------------------------

	def cache_key(self) -> str:
		if self.path == "statistics":
			return f"statistics/{cint(frappe.form_dict.get('year')) or getdate(nowdate()).year}"
		if self.path == "standards/permit_type":
			# one entry per published permit type, however its code was spelled; anything else is
			# a 404, never stored (each spelling of an unknown code kept a page of its own)
			code = identifiers.permit_type_code(frappe.form_dict.get("code"))
			name = frappe.db.get_value("Permit Type", {"code": code}, "name") if code else None
			if not name or not public.published_permit_type(name):
				raise frappe.PageDoesNotExistError
			return f"standards/{code}"
		return self.path

	def cached_page(self) -> str:
		key = self.cache_key()
		if can_cache():
			html = cached_html(key)
			if html:
				frappe.local.response.from_cache = True
				return html
		html = self.render_page()
		# the page modules say no_cache, which keeps Frappe's route-keyed cache away from them;
		# here each URL has its own entry
		if can_cache():
			store(key, html)
		return html

	def render_page(self) -> str:
		"""Frappe's own rendering of the page, without its page cache (keyed by route)."""
		return TemplatePage.get_html.__wrapped__(self)

	# --- a cached shell and one record ----------------------------------------------------------

	def with_content(self) -> str:
		key = f"{self.path}:shell"
		shell = cached_html(key) if can_cache() else None
		if shell:
			frappe.local.response.from_cache = True
			warm_translations()
			context = frappe._dict()
			self.set_pymodule()
			context.update(frappe.get_module(self.pymodule_name).get_context(context) or {})
		else:
			self.shell = True
			shell = self.render_page()
			if can_cache():
				store(key, shell)
			context = self.context
		return shell.replace(CONTENT, self.page_content(context), 1)

	def template_name(self) -> str:
		return f"{self.app}/{self.template_path}"

	def page_content(self, context) -> str:
		"""The page's ``page_content`` block alone, rendered with ``context``."""
		import os

		template = compiled(self.template_name(), os.path.join(self.app_path, self.template_path))
		return "".join(template.blocks["page_content"](template.new_context(dict(context))))

	def render_template(self):
		if getattr(self, "shell", False):
			# the page with its content block left out: the same for every visitor
			source = (
				f'{{% extends "{self.template_name()}" %}}{{% block page_content %}}{CONTENT}{{% endblock %}}'
			)
			return frappe.render_template(source, self.context)
		return super().render_template()


# per process: compiled page templates and the page shells (with the token of their cache entry)
_TEMPLATES: dict[tuple, object] = {}
_HTML: dict[tuple, tuple[str, str]] = {}
_PATHS: dict[tuple, dict] = {}


def compiled(name: str, filename: str):
	"""A page template, compiled once per process. Frappe makes a new Jinja environment for every
	request, and making it and compiling the template cost more than rendering; the template
	keeps the first environment, so a page block takes what it shows from its context (which
	``get_context`` fills for each request), never from the environment's globals."""
	import os

	key = (frappe.local.site, name, os.path.getmtime(filename) if os.path.exists(filename) else 0)
	template = _TEMPLATES.get(key)
	if template is None:
		template = _TEMPLATES[key] = frappe.get_jenv().get_template(name)
	return template


_TRANSLATIONS: dict[tuple, tuple[str, dict]] = {}
# in Redis: a token of the translations' generation, replaced whenever they change; a process keeps
# the translations it read with the token it read before them
TRANSLATIONS_TOKEN = "bppm_translations_token"


def warm_translations() -> None:
	"""Give this request the language's translations kept in this process, as long as their
	generation is the one Redis names. Frappe otherwise fetches and unpickles the whole dictionary
	on the first ``_()`` of every request, which costs a page with one record more than the record.
	A shortcut only: it fills the request-local cache that Frappe's ``hget`` reads first, and does
	nothing if that cache looks different. The token is read before the translations, so a process
	that read them just before a change keeps them under the old token and reads them again."""
	from frappe.translate import MERGED_TRANSLATION_KEY, get_all_translations

	local = getattr(frappe.local, "cache", None)
	if not isinstance(local, dict):
		return
	lang = frappe.local.lang
	token = translations_token()
	key = (frappe.local.site, lang)
	kept = _TRANSLATIONS.get(key)
	if kept and kept[0] == token:
		local.setdefault(frappe.cache.make_key(MERGED_TRANSLATION_KEY), {})[lang] = kept[1]
		return
	_TRANSLATIONS[key] = (token, get_all_translations(lang))


def translations_token() -> str:
	token = frappe.cache.get_value(TRANSLATIONS_TOKEN)
	if not token:
		# Redis was emptied (clear-cache, a restart): a new generation
		token = frappe.generate_hash(length=12)
		frappe.cache.set_value(TRANSLATIONS_TOKEN, token)
	return token


def on_translations_change(doc=None, method=None) -> None:
	"""Hooks ``clear_cache`` and Translation's events: every process reads the translations again
	(now, and again when the transaction ends, after which no process can read the old ones)."""

	def renew():
		frappe.cache.set_value(TRANSLATIONS_TOKEN, frappe.generate_hash(length=12))

	clear_now_and_after_transaction(renew)


def cached_html(key: str) -> str | None:
	"""A page (or shell) from Frappe's page cache, kept in this process while its entry is
	unchanged: a small token says whether it is, so the page is not fetched and unpickled again."""
	lang = frappe.local.lang
	token = frappe.cache.hget(PAGE_CACHE, f"{key}#{lang}")
	if not token:
		return None
	kept = _HTML.get((frappe.local.site, key, lang))
	if kept and kept[0] == token:
		return kept[1]
	html = (frappe.cache.hget(PAGE_CACHE, key) or {}).get(lang)
	if html:
		_HTML[(frappe.local.site, key, lang)] = (token, html)
	return html


def resolve_path(path: str) -> str:
	"""Hook ``website_path_resolver``: the public pages' routes at once, every other path as
	Frappe resolves it. Frappe builds a werkzeug routing map from the route rules on every
	request, which costs more than serving a cached page."""
	from frappe.website.path_resolver import resolve_path as resolve

	first, _slash, rest = path.partition("/")
	if path in ("", "index"):
		# the front door (www/index.html) for everyone: Frappe would send guests to its login
		# and others to their home page
		frappe.local.path = "index"
		return "index"
	if path in ("standards", "statistics", "track", "verify"):
		frappe.local.path = path
		return path
	if first in ("verify", "standards") and rest and "/" not in rest and not rest.endswith(".html"):
		frappe.local.path = path
		frappe.local.form_dict["code"] = rest
		return "verify" if first == "verify" else "standards/permit_type"
	return resolve(path)


def refresh_statistics() -> list[int]:
	"""Every ten minutes: recompute the statistics of this year and of every year whose page is
	cached; where a figure changed, store the new figures and drop the pages of that year.
	Returns the years whose pages were dropped."""
	this_year = getdate(nowdate()).year
	years = {this_year}
	for key in frappe.cache.hkeys(PAGE_CACHE):
		key = frappe.safe_decode(key)
		if key.startswith("statistics/"):
			years.add(cint(key.split("/", 1)[1]))
	changed = []
	for year in sorted(y for y in years if y):
		fresh = public.fresh_statistics(year)
		fingerprint_key = f"bppm:public_statistics_figures:{year}"
		fingerprint = _fingerprint(fresh)
		if frappe.cache.get_value(fingerprint_key) != fingerprint:
			frappe.cache.set_value(fingerprint_key, fingerprint)
			forget(f"statistics/{year}")
			changed.append(year)
	return changed


def _fingerprint(statistics: dict) -> str:
	figures = {key: value for key, value in statistics.items() if key != "generated_on"}
	return frappe.as_json(figures, indent=None)
