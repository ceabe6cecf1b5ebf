"""/: the office's front door, the same for guests, citizens and staff: the office's name, the six
things citizens come for, the office's hours and contacts (BPPM Settings). A whole page in Frappe's
page cache, one per language (web/public_cache.py); saving BPPM Settings clears it."""

import frappe
from frappe import _

from bppm_app.config import settings

no_cache = 1  # Frappe keys its page cache by route; web/public_cache.py caches this page

# (route, title, what it is for): the citizen's tasks, in the order people come for them
TASKS = (
	("/apply/new", "Apply for a Permit", "Sign in, fill in the form and upload the documents."),
	("/standards", "Service Standards", "Requirements, procedure, time and cost of every permit."),
	("/track", "Track an Application", "Where your file is, with the number and PIN of your receipt."),
	("/verify", "Verify a Permit", "Check that a permit was issued by this office."),
	("/complaint/new", "File a Complaint", "Tell us what went wrong; we answer within 5 working days."),
	("/statistics", "Statistics", "Applications, service times and satisfaction, per year."),
)


def get_context(context):
	context.no_breadcrumbs = True
	context.no_header = True
	context.office = {
		field: settings.get(field)
		for field in (
			"government_name",
			"office_name",
			"office_short_name",
			"office_address",
			"office_phone",
			"office_email",
			"office_hours",
		)
	}
	context.title = context.office.get("office_short_name") or _("Permit Services")
	context.tasks = [{"route": route, "title": _(title), "text": _(text)} for route, title, text in TASKS]
	context.public_pages = settings.flag("public_pages_enabled")
	context.metatags = {"description": context.office.get("office_name") or ""}
	return context
