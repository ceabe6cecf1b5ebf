"""/verify/<code>: what the QR code on a permit certificate proves."""

import frappe

from bppm_app.web import public

no_cache = 1  # one record per request, in a cached page shell (web/public_cache.py)


def get_context(context):
	public.require_public_pages()
	public.throttle("verify")
	context.title = frappe._("Permit Verification")
	context.no_breadcrumbs = True
	code = frappe.form_dict.get("code")
	# /verify alone (the front door's link): the form to type the code printed under the QR code
	context.ask_code = not (isinstance(code, str) and code.strip())
	context.result = None if context.ask_code else public.verify(code)
	return context
