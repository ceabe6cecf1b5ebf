"""/complaint-status: where a complaint stands, for the holder of its tracking code."""

import frappe

from bppm_app.engine import quality
from bppm_app.web import public

no_cache = 1


def get_context(context):
	context.title = frappe._("Complaint Status")
	context.no_breadcrumbs = True
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	context.result = None
	if frappe.request and frappe.request.method == "POST":
		# the code travels in the POST body, never in the URL (logs, history)
		public.throttle("complaint_status")
		context.result = quality.complaint_status(frappe.form_dict.get("tracking_code"))
	return context
