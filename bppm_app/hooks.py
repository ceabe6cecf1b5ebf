"""bppm_app hooks: the index of everything the app plugs into Frappe."""

app_name = "bppm_app"
app_title = "BPPM"
app_publisher = "BPPM Kota Bontang"
app_description = "One-gate licensing and investment office (PTSP) for a city, on Frappe"
app_email = "dpmptsp@bontang.example"
app_license = "MIT"

# Install, migrate, uninstall -------------------------------------------------------------------
before_install = "bppm_app.install.before_install"
after_install = "bppm_app.install.after_install"
after_migrate = "bppm_app.install.after_migrate"
before_uninstall = "bppm_app.install.before_uninstall"

# Record-level permissions for applicant-owned data ----------------------------------------------
permission_query_conditions = {
	"Applicant": "bppm_app.permissions.applicant_query_conditions",
	"Permit Application": "bppm_app.permissions.permit_application_query_conditions",
	"Investment": "bppm_app.permissions.investment_query_conditions",
	"Permit Type": "bppm_app.permissions.permit_type_query_conditions",
	# investment and dashboards issue: LKPM reports belong to the investment's investor
	"Investment Report": "bppm_app.permissions.investment_report_query_conditions",
}
has_permission = {
	"Applicant": "bppm_app.permissions.applicant_has_permission",
	"Permit Application": "bppm_app.permissions.permit_application_has_permission",
	"Investment": "bppm_app.permissions.investment_has_permission",
	"Permit Type": "bppm_app.permissions.permit_type_has_permission",
	"Investment Report": "bppm_app.permissions.investment_report_has_permission",
}

# Portal and public pages ----------------------------------------------------------------------
website_route_rules = [
	{"from_route": "/verify/<code>", "to_route": "verify"},
	{"from_route": "/standards/<code>", "to_route": "standards/permit_type"},
]
role_home_page = {"BPPM Applicant": "applications"}
standard_portal_menu_items = [
	{"title": "My Applications", "route": "/applications", "role": "BPPM Applicant"},
	{"title": "Apply for a Permit", "route": "/apply/new", "role": "BPPM Applicant"},
	{"title": "Applicant Profile", "route": "/applicant-profile", "role": "BPPM Applicant"},
	{"title": "Track an Application", "route": "/track"},
	{"title": "Service Standards", "route": "/standards"},
	{"title": "Statistics", "route": "/statistics"},
]

# Workflow actions: the only way a permit application changes state (services/workflow.py) ----
override_whitelisted_methods = {
	"frappe.model.workflow.apply_workflow": "bppm_app.services.workflow.apply_workflow",
	"frappe.model.workflow.bulk_workflow_approval": "bppm_app.services.workflow.bulk_workflow_approval",
}

# Scheduler ------------------------------------------------------------------------------------
scheduler_events = {
	"daily": ["bppm_app.services.service_level.refresh_open_applications"],
}

# Other doctypes -------------------------------------------------------------------------------
doc_events = {
	# members of the shipped Assignment Rules follow their roles
	"User": {"on_update": "bppm_app.services.assignment.sync_users"},
}

# Fixtures: only records that must be reset on every migrate (none yet; defaults that admins
# may change, such as workflows, are created once by install and patches instead).
fixtures = []

# Documents, notifications and the Indonesian language (issue 5) ---------------------------------
# Print formats and notifications are standard records of the module "BPPM" (synced by migrate).
# Their templates call these helpers (services/documents.py); every name starts with bppm_.
jinja = {
	"methods": [
		f"bppm_app.services.documents.{name}"
		for name in (
			"bppm_office",
			"bppm_join",
			"bppm_letter_head",
			"bppm_rupiah",
			"bppm_terbilang",
			"bppm_date",
			"bppm_time",
			"bppm_url",
			"bppm_track_url",
			"bppm_verify_url",
			"bppm_qr",
			"bppm_applicant",
			"bppm_permit_type",
			"bppm_received",
			"bppm_decided_on",
			"bppm_levy",
			"bppm_returned_documents",
			"bppm_lang",
			"bppm_lkpm_period",
			"bppm_form_url",
		)
	],
	"filters": ["bppm_app.services.documents.bppm_text"],
}
# the SKRD is numbered when an action brings the application to the treasurer; the office's
# remarks stay the office's; SMS notifications follow SMS Settings
doc_events.setdefault("Permit Application", {})["validate"] = (
	"bppm_app.services.notifications.on_validate_application"
)
doc_events.setdefault("SMS Settings", {})["on_update"] = "bppm_app.services.notifications.follow_sms_settings"
# LKPM reminders before the 10th of the month after each quarter
scheduler_events["daily"].append("bppm_app.services.notifications.send_lkpm_reminders")

# Performance: public pages from Frappe's page cache (services/public_cache.py) -----------------
page_renderer = ["bppm_app.services.public_cache.PublicPage"]
website_path_resolver = ["bppm_app.services.public_cache.resolve_path"]
# the reports' time by holder is kept on the application by the stage log, never by a save
doc_events["Permit Application"]["validate"] = [
	doc_events["Permit Application"]["validate"],
	"bppm_app.services.stages.keep_holder_days",
]
for _doctype in ("Permit Type", "Workflow"):
	for _event in ("on_update", "on_trash", "after_rename"):
		doc_events.setdefault(_doctype, {})[_event] = "bppm_app.services.public_cache.on_standards_change"
doc_events["User"]["on_update"] = [
	doc_events["User"]["on_update"],
	"bppm_app.services.public_cache.on_user_change",
]
scheduler_events.setdefault("cron", {})["*/10 * * * *"] = [
	"bppm_app.services.public_cache.refresh_statistics"
]
