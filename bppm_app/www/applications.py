"""/applications: the portal user's own permit applications, their stage, next step and letters,
and the renewal (*Perpanjang*) and amendment (*Ubah*) of their issued permits."""

import frappe
from frappe import _

from bppm_app.web import applicant_portal

no_cache = 1
FOLLOW_UPS = ("Renewal", "Amendment")


def get_context(context):
	applicant_portal.require_login("/applications")
	if frappe.request and frappe.request.method == "POST":
		action, name = frappe.form_dict.get("action"), frappe.form_dict.get("name")
		if action == "submit":
			submit(name)
		elif action in FOLLOW_UPS:
			follow_up(name, action)
	context.title = _("My Applications")
	context.no_breadcrumbs = True
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	context.has_profile = applicant_portal.has_profile()
	context.applications = applicant_portal.applications()
	return context


def submit(name):
	from bppm_app.api import submit_application

	submit_application(name)
	frappe.local.flags.redirect_location = f"/applications?submitted={name}"
	raise frappe.Redirect


def follow_up(name, application_type):
	"""Perpanjang / Ubah: a draft renewing or amending the user's own issued permit, then its form."""
	doc = applicant_portal.start_own_follow_up(name, application_type)
	frappe.local.flags.redirect_location = f"/apply/{doc.name}/edit"
	raise frappe.Redirect
