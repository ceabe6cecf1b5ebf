"""Install, migrate and uninstall hooks (see hooks.py)."""

import frappe

from bppm_app import erpnext_integration
from bppm_app.erpnext_integration import custom_fields as erpnext_fields
from bppm_app.services import (
	assignment,
	dashboards,
	holidays,
	notifications,
	payments,
	settings,
	setup,
	workflow_definitions,
)


def before_install():
	# roles first, so that DocType sync finds them and does not create them as desk roles
	setup.ensure_roles()


def after_install():
	setup.ensure_roles()
	setup.enable_portal()
	holidays.seed_default_years()
	workflow_definitions.ensure_all()
	assignment.ensure_all()
	settings.ensure_stage_slas()
	dashboards.ensure_all()  # number cards and charts of the Workspace "BPPM"
	# documents and notifications: the SMS notifications start enabled only where SMS is set up
	notifications.set_sms_notifications(notifications.sms_configured())
	# the levy paid at the bank: the office's system user; ERPNext's links when present
	payments.ensure_system_user()
	if erpnext_integration.installed():
		erpnext_fields.ensure()


def after_migrate():
	setup.ensure_roles()
	settings.fill_missing_defaults()
	payments.ensure_system_user()
	if erpnext_integration.installed():
		erpnext_fields.ensure()


def after_app_install(app_name):
	"""ERPNext installed on a site that already has the app: add the links to its records."""
	if app_name == erpnext_integration.APP:
		erpnext_fields.ensure()
		payments.ensure_system_user()  # and its accounting roles


def before_app_uninstall(app_name):
	"""ERPNext about to be removed: drop the fields that link to its records."""
	if app_name == erpnext_integration.APP:
		erpnext_fields.remove()


def before_uninstall():
	setup.disable_portal()
	setup.remove_customizations()
	payments.remove_system_user()
	setup.remove_roles()
	frappe.clear_cache()
