"""/applications: the portal user's own permit applications, their stage, next step and letters,
and the renewal (*Perpanjang*) and amendment (*Ubah*) of their issued permits."""

import frappe
from frappe import _

from bppm_app.services import portal

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/applications"
		raise frappe.Redirect
	if frappe.request and frappe.request.method == "POST":
		action = frappe.form_dict.get("action")
		if action == "submit":
			submit(frappe.form_dict.get("name"))
		elif action in ("Renewal", "Amendment"):
			follow_up(frappe.form_dict.get("name"), action)
	context.title = _("My Applications")
	context.no_breadcrumbs = True
	context.csrf_token = frappe.session.data.get("csrf_token") if frappe.session.data else ""
	context.has_profile = portal.has_profile()
	context.applications = portal.applications()
	return context


def submit(name):
	from bppm_app.api import submit_application

	submit_application(name)
	frappe.local.flags.redirect_location = f"/applications?submitted={name}"
	raise frappe.Redirect


def follow_up(name, application_type):
	"""Perpanjang / Ubah: a draft renewing or amending the user's own issued permit, then its form."""
	doc = portal.start_own_follow_up(name, application_type)
	frappe.local.flags.redirect_location = f"/apply/{doc.name}/edit"
	raise frappe.Redirect
