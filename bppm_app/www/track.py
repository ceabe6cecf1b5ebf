"""/track: an application's progress for the holder of its registration number and PIN."""

import frappe

from bppm_app.web import public

no_cache = 1  # one record per request, in a cached page shell (web/public_cache.py)


def get_context(context):
	public.require_public_pages()
	context.title = frappe._("Track an Application")
	context.no_breadcrumbs = True
	context.registration_number = (frappe.form_dict.get("registration_number") or "").strip()
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	context.result = None
	if frappe.request and frappe.request.method == "POST":
		# the PIN travels in the POST body, never in the URL (logs, history)
		public.throttle("track")
		context.result = public.track(context.registration_number, frappe.form_dict.get("pin"))
	return context
