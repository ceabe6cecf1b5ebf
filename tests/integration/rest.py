"""REST calls against the site's real WSGI application, in-process.

Each request runs in its own thread, so Frappe opens its own database connection for it, exactly as
a web worker would: it sees only committed data and commits what it changes.
"""

import json
import threading
from dataclasses import dataclass

import frappe
from werkzeug.test import Client


@dataclass
class Response:
	status: int
	text: str
	headers: object = None
	content: bytes = b""

	@property
	def json(self):
		return json.loads(self.text)


class RestClient:
	def __init__(self, site: str, token: str | None = None, ip: str = "127.0.0.1", host: str | None = None):
		self.site = site
		self.token = token
		self.ip = ip  # the client address Frappe sees (rate limits are per IP)
		self.host = host  # another address for the site (its URLs, e.g. for wkhtmltopdf, follow it)

	def request(
		self,
		method: str,
		path: str,
		payload: dict | None = None,
		form: dict | None = None,
		html: bool = False,
		extra_headers: dict | None = None,
	) -> Response:
		from frappe.app import application

		headers = {"Accept": "text/html" if html else "application/json"}
		if self.token:
			headers["Authorization"] = f"token {self.token}"
		# the client address as the reverse proxy passes it on; the Host decides the site
		headers["X-Forwarded-For"] = self.ip
		headers.update(extra_headers or {})
		if self.host:
			headers["X-Frappe-Site-Name"] = self.site
		kwargs = {
			"headers": headers,
			"base_url": f"http://{self.host or self.site}/",
			# the connection comes from the local reverse proxy (a trusted proxy on the test site)
			"environ_base": {"REMOTE_ADDR": "127.0.0.1"},
		}
		if payload is not None:
			kwargs["json"] = payload
		if form is not None:
			kwargs["data"] = form
		result = {}

		def run():
			# a Cookie header of the caller's own, or werkzeug's cookie jar (which would drop it)
			jar = "Cookie" not in (extra_headers or {})
			response = Client(application, use_cookies=jar).open(path, method=method, **kwargs)
			body = response.get_data()
			result["response"] = Response(
				response.status_code, body.decode(errors="replace"), response.headers, body
			)

		thread = threading.Thread(target=run)
		thread.start()
		thread.join(timeout=120)
		return result["response"]

	def get(self, path: str, params: dict | None = None) -> Response:
		if params:
			from urllib.parse import urlencode

			path = f"{path}?{urlencode(params)}"
		return self.request("GET", path)

	def put(self, path: str, payload: dict) -> Response:
		return self.request("PUT", path, payload)

	def post(self, path: str, payload: dict) -> Response:
		return self.request("POST", path, payload)

	def post_form(self, path: str, form: dict) -> Response:
		"""A browser-style form post (application/x-www-form-urlencoded) to a page."""
		return self.request("POST", path, form=form, html=True)

	def page(self, path: str, headers: dict | None = None) -> Response:
		"""A page, as a browser asks for it (with the browser's own headers, e.g. Accept-Language
		or a Cookie)."""
		return self.request("GET", path, html=True, extra_headers=headers)


def api_token(user: str) -> str:
	"""Give ``user`` an API key and secret (committed: the request threads must see them)."""
	doc = frappe.get_doc("User", user)
	secret = frappe.generate_hash(length=15)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	return f"{doc.api_key}:{secret}"
