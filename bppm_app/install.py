"""Install, migrate and uninstall hooks (see hooks.py)."""

import frappe

from bppm_app.services import (
	assignment,
	dashboards,
	holidays,
	indexes,
	notifications,
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
	# the reports' composite indexes (patches are not run on a fresh install)
	indexes.ensure()


def after_migrate():
	setup.ensure_roles()
	settings.fill_missing_defaults()


def before_uninstall():
	setup.disable_portal()
	setup.remove_customizations()
	setup.remove_roles()
	frappe.clear_cache()
