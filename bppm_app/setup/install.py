"""Install, migrate and uninstall hooks (see hooks.py)."""

import frappe

from bppm_app import erpnext_integration
from bppm_app.erpnext_integration import custom_fields as erpnext_fields
from bppm_app.setup import (
	accounts,
	ensure_shipped_records,
	holidays,
	indexes,
	portal,
	roles,
	settings_defaults,
	sms,
	system_users,
	uninstall,
	workflows,
)


def before_install():
	# roles first, so that DocType sync finds them and does not create them as desk roles
	roles.ensure_roles()


def after_install():
	roles.ensure_roles()
	portal.enable_portal()
	holidays.seed_default_years()
	ensure_shipped_records()
	workflows.translate_states()
	hide_tracebacks()
	# the reports' composite indexes (patches are not run on a fresh install)
	indexes.ensure()
	# the SMS notifications start enabled only where SMS is set up
	sms.set_sms_notifications(sms.sms_configured())
	# the levy paid at the bank: the office's system user; ERPNext's links when present
	system_users.ensure_office_user()
	indexes.ensure_exact_references()  # bank references are case-sensitive
	# short reset links; nobody signs in as the system user
	accounts.harden(install=True)
	# OSS RBA: the office's OSS user, who takes in what OSS sends
	system_users.ensure_oss_user()
	if erpnext_integration.installed():
		erpnext_fields.ensure()


def after_migrate():
	roles.ensure_roles()
	workflows.translate_states()
	settings_defaults.fill_missing_defaults()
	portal.name_the_site()
	system_users.ensure_office_user()
	indexes.ensure_exact_references()  # bank references are case-sensitive
	accounts.harden()
	system_users.ensure_oss_user()
	if erpnext_integration.installed():
		erpnext_fields.ensure()


def after_app_install(app_name):
	"""ERPNext installed on a site that already has the app: add the links to its records."""
	if app_name == erpnext_integration.APP:
		erpnext_fields.ensure()
		system_users.ensure_office_user()  # and its accounting roles


def before_app_uninstall(app_name):
	"""ERPNext about to be removed: drop the fields that link to its records."""
	if app_name == erpnext_integration.APP:
		erpnext_fields.remove()


def before_uninstall():
	portal.disable_portal()
	uninstall.remove_customizations()
	system_users.remove_all()
	roles.remove_roles()
	frappe.clear_cache()


def hide_tracebacks() -> None:
	"""System Settings › Allow Error Traceback sends the server's tracebacks to every browser,
	guests included (Frappe's default is on). A production office turns it off; a developer may turn
	it on again on their own site."""
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)
