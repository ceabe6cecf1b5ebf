"""/standards/<code>: the 14 components of one permit type's service standard (PermenPANRB 15/2014),
generated from the permit type, the workflow and BPPM Settings, so it is never stale."""

import frappe

from bppm_app.rules import identifiers
from bppm_app.web import public

no_cache = 1  # Frappe keys its page cache by route; web/public_cache.py caches per URL


def get_context(context):
	public.require_public_pages()
	public.throttle("standards")
	code = identifiers.permit_type_code(frappe.form_dict.get("code"))
	name = frappe.db.get_value("Permit Type", {"code": code}, "name") if code else None
	permit_type = public.published_permit_type(name)
	if not permit_type:
		raise frappe.PageDoesNotExistError
	context.standard = public.service_standard(permit_type)
	context.title = permit_type.name
	context.parents = [{"route": "/standards", "title": frappe._("Service Standards")}]
	return context
