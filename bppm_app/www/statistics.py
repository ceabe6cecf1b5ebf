"""/statistics: the office's public figures per year (aggregates only, cached)."""

import frappe
from frappe.utils import cint, getdate, nowdate

from bppm_app.web import public

no_cache = 1  # Frappe keys its page cache by route; web/public_cache.py caches per URL


def get_context(context):
	public.require_public_pages()
	public.throttle("statistics")
	this_year = getdate(nowdate()).year
	year = cint(frappe.form_dict.get("year")) or this_year
	context.years = list(range(this_year, this_year - 5, -1))
	context.stats = public.statistics(year)
	context.title = frappe._("Statistics")
	context.no_breadcrumbs = True
	return context
