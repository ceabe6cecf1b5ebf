"""Install, migrate and uninstall hooks (see hooks.py)."""

import frappe

from bppm_app import erpnext_integration
from bppm_app.erpnext_integration import custom_fields as erpnext_fields
from bppm_app.services import notifications, payments
from bppm_app.setup import ensure_shipped_records, holidays, indexes, portal, roles, settings, uninstall


def before_install():
	# roles first, so that DocType sync finds them and does not create them as desk roles
	roles.ensure_roles()


def after_install():
	roles.ensure_roles()
	portal.enable_portal()
	holidays.seed_default_years()
	ensure_shipped_records()
	hide_tracebacks()
	# the reports' composite indexes (patches are not run on a fresh install)
	indexes.ensure()
	# the SMS notifications start enabled only where SMS is set up
	notifications.set_sms_notifications(notifications.sms_configured())
	# the levy paid at the bank: the office's system user; ERPNext's links when present
	payments.ensure_system_user()
	if erpnext_integration.installed():
		erpnext_fields.ensure()


def after_migrate():
	roles.ensure_roles()
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
	portal.disable_portal()
	uninstall.remove_customizations()
	payments.remove_system_user()
	roles.remove_roles()
	frappe.clear_cache()


def hide_tracebacks() -> None:
	"""System Settings › Allow Error Traceback sends the server's tracebacks to every browser,
	guests included (Frappe's default is on). A production office turns it off; a developer may turn
	it on again on their own site."""
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)
