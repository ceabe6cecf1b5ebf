"""/applications: the portal user's own permit applications, their stage, next step and letters."""

import frappe
from frappe import _

from bppm_app.services import portal

no_cache = 1


def get_context(context):
	portal.require_login("/applications")
	name = portal.posted_action()
	if name is not None:
		from bppm_app.api import submit_application

		submit_application(name)
		frappe.local.flags.redirect_location = f"/applications?submitted={name}"
		raise frappe.Redirect
	context.title = _("My Applications")
	context.no_breadcrumbs = True
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	context.has_profile = portal.has_profile()
	context.applications = portal.applications()
	return context
