import json

__version__ = "0.1.0"

# Frappe 15 parses a request body sent as application/json in init_request, before any app code,
# and answers malformed JSON with HTTP 500 and an error snapshot of the request. Malformed input is
# the client's error: Frappe's handler reads the status from the exception's http_status_code, so
# the decoding error is a 400 (no snapshot) in every process that has loaded the app (a request's
# hooks load it; docs/development.md). The OSS endpoint also reshapes that answer into the PIA's
# (engine.oss_exchange.after_request).
json.JSONDecodeError.http_status_code = 400


def _client_address_before_sign_in():
	"""Frappe 15 takes the client's address from the first X-Forwarded-For entry, which any client
	writes, in ``HTTPRequest()``: before any app hook runs, it signs in, resumes the session, checks
	User › Restrict IP and counts failed logins per address there. The address is the one the app
	resolves (services.client: the peer, or what a trusted proxy appended) from the moment a process
	has loaded the app (the bench's CLI, which serves the demo and tests, loads it at start; a
	gunicorn worker with its first request's hooks, and nginx overwrites the header before that:
	docs/deployment.md)."""
	try:
		import frappe.auth
	except ImportError:  # packaging tools read __version__ without Frappe
		return

	def set_request_ip(self):
		from bppm_app.web import client

		frappe.local.request_ip = client.resolve()

	frappe.auth.HTTPRequest.set_request_ip = set_request_ip


_client_address_before_sign_in()
