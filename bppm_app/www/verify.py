"""/verify/<code>: what the QR code on a permit certificate proves."""

import frappe

from bppm_app.services import public

no_cache = 1  # one record per request, in a cached page shell (services/public_cache.py)


def get_context(context):
	public.require_public_pages()
	public.throttle("verify")
	context.title = frappe._("Permit Verification")
	context.no_breadcrumbs = True
	context.result = public.verify(frappe.form_dict.get("code"))
	return context
