"""Who is asking: the client's real address, for rate limits and login throttling.

Frappe 15 takes the first ``X-Forwarded-For`` entry as the client's address, which any client can
set, so per-IP limits (the app's, Frappe's ``rate_limit`` and its login-attempt tracker) could be
dodged with a new header on every request. A ``before_request`` hook puts the right address into
``frappe.local.request_ip`` for the whole request instead: the connection's peer, or — only when that
peer is a trusted reverse proxy listed in the site config key ``bppm_trusted_proxies`` — the address
the proxy appended (see ``rules.client_ip`` and docs/deployment.md for nginx).
"""

import frappe

from bppm_app.rules import client_ip as rules

CONFIG_KEY = "bppm_trusted_proxies"


def trusted_proxies() -> list:
	return rules.parse_networks(frappe.conf.get(CONFIG_KEY) or [])


def resolve() -> str:
	request = getattr(frappe.local, "request", None)
	if request is None:
		return frappe.local.request_ip or "127.0.0.1"
	return rules.client_ip(
		request.remote_addr or request.environ.get("REMOTE_ADDR"),
		request.headers.get("X-Forwarded-For"),
		trusted_proxies(),
	)


def set_request_ip() -> None:
	"""``before_request`` hook. Where Frappe signed the session in under the header's address (a
	process's first request, before it had loaded the app: see bppm_app/__init__.py), User › Restrict
	IP is checked again against the real one."""
	if getattr(frappe.local, "request", None) is None:
		return
	previous, frappe.local.request_ip = frappe.local.request_ip, resolve()
	user = getattr(getattr(frappe.local, "session", None), "user", None)
	if previous != frappe.local.request_ip and user and user != "Guest":
		from frappe.auth import validate_ip_address

		validate_ip_address(user)
