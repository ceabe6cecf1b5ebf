"""/standards: the service standards of the published permit types."""

import frappe

from bppm_app.web import public

no_cache = 0  # from Frappe's page cache (web/public_cache.py)


def get_context(context):
	public.require_public_pages()
	public.throttle("standards")
	context.title = frappe._("Service Standards")
	context.no_breadcrumbs = True
	context.permit_types = public.published_permit_types()
	context.office = frappe.get_cached_doc("BPPM Settings")
	return context
