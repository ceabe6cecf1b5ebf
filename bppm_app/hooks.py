"""bppm_app hooks: the index of everything the app plugs into Frappe (declarations only)."""

app_name = "bppm_app"
app_title = "BPPM"
app_publisher = "BPPM Kota Bontang"
app_description = "One-gate licensing and investment office (PTSP) for a city, on Frappe"
app_email = "dpmptsp@bontang.example"
app_license = "MIT"

# Install, migrate, uninstall: the defaults live in bppm_app/setup -------------------------------
before_install = "bppm_app.setup.install.before_install"
after_install = "bppm_app.setup.install.after_install"
after_migrate = "bppm_app.setup.install.after_migrate"
before_uninstall = "bppm_app.setup.install.before_uninstall"
# ERPNext installed or removed on a site that has the app: the links to its records follow
after_app_install = "bppm_app.setup.install.after_app_install"
before_app_uninstall = "bppm_app.setup.install.before_app_uninstall"

# Record-level permissions (portal users hold no DocType permission; these keep ownership anyway) --
permission_query_conditions = {
	"Applicant": "bppm_app.permissions.applicant_query_conditions",
	"Permit Application": "bppm_app.permissions.permit_application_query_conditions",
	"Investment": "bppm_app.permissions.investment_query_conditions",
	"Permit Type": "bppm_app.permissions.permit_type_query_conditions",
	"Investment Report": "bppm_app.permissions.investment_report_query_conditions",
	"Public Complaint": "bppm_app.permissions.public_complaint_query_conditions",
	"Service Survey": "bppm_app.permissions.service_survey_query_conditions",
}
has_permission = {
	"Applicant": "bppm_app.permissions.applicant_has_permission",
	"Permit Application": "bppm_app.permissions.permit_application_has_permission",
	"Investment": "bppm_app.permissions.investment_has_permission",
	"Permit Type": "bppm_app.permissions.permit_type_has_permission",
	"Investment Report": "bppm_app.permissions.investment_report_has_permission",
	"Public Complaint": "bppm_app.permissions.public_complaint_has_permission",
	"Service Survey": "bppm_app.permissions.service_survey_has_permission",
}

# Frappe's generic endpoints, hardened for the app's data ----------------------------------------
override_whitelisted_methods = {
	# Frappe 15 checks no permission in these (bppm_app/overrides.py)
	"frappe.client.get_count": "bppm_app.overrides.get_count",
	"frappe.desk.search.get_link_title": "bppm_app.overrides.get_link_title",
	"frappe.desk.like.toggle_like": "bppm_app.overrides.toggle_like",
	# malformed JSON answers 400 instead of a server error
	"frappe.website.doctype.web_form.web_form.accept": "bppm_app.overrides.accept_web_form",
	# a guest web form must not tell whether a document of any DocType exists
	"frappe.website.doctype.web_form.web_form.get_form_data": "bppm_app.overrides.get_web_form_data",
}
# the client's real address (X-Forwarded-For only from a trusted proxy), for every rate limit
before_request = ["bppm_app.services.client.set_request_ip"]

# Portal and public pages ----------------------------------------------------------------------
website_route_rules = [
	{"from_route": "/verify/<code>", "to_route": "verify"},
	{"from_route": "/standards/<code>", "to_route": "standards/permit_type"},
]
role_home_page = {"BPPM Applicant": "applications"}
# the public pages from Frappe's page cache (services/public_cache.py)
page_renderer = ["bppm_app.services.public_cache.PublicPage"]
website_path_resolver = ["bppm_app.services.public_cache.resolve_path"]
standard_portal_menu_items = [
	{"title": "My Applications", "route": "/applications", "role": "BPPM Applicant"},
	{"title": "Apply for a Permit", "route": "/apply/new", "role": "BPPM Applicant"},
	{"title": "My Investments", "route": "/investments", "role": "BPPM Applicant"},
	{"title": "Applicant Profile", "route": "/applicant-profile", "role": "BPPM Applicant"},
	{"title": "My Complaints", "route": "/complaints", "role": "BPPM Applicant"},
	{"title": "Track an Application", "route": "/track"},
	{"title": "Service Standards", "route": "/standards"},
	{"title": "Statistics", "route": "/statistics"},
	{"title": "File a Complaint", "route": "/complaint/new"},
	{"title": "Complaint Status", "route": "/complaint-status"},
]

# Scheduler ------------------------------------------------------------------------------------
scheduler_events = {
	"daily": [
		"bppm_app.services.service_level.refresh_open_applications",
		# LKPM reminders before the 10th of the month after each quarter
		"bppm_app.services.notifications.send_lkpm_reminders",
		# complaints still unresolved after their due date: flagged, the heads of office alerted
		"bppm_app.services.quality.flag_overdue_complaints",
	],
	# the public statistics are recomputed, and their cached pages dropped where a figure changed
	"cron": {"*/10 * * * *": ["bppm_app.services.public_cache.refresh_statistics"]},
}

# Other apps' DocTypes -------------------------------------------------------------------------
doc_events = {
	"User": {
		"on_update": [
			# members of the shipped Assignment Rules follow their roles
			"bppm_app.services.assignment.sync_users",
			# the published standards count the staff
			"bppm_app.services.public_cache.on_user_change",
		]
	},
	# the published procedure of each permit type is read from the workflow
	"Workflow": {
		"on_update": "bppm_app.services.public_cache.on_standards_change",
		"on_trash": "bppm_app.services.public_cache.on_standards_change",
		"after_rename": "bppm_app.services.public_cache.on_standards_change",
	},
	# the SMS notifications follow SMS Settings
	"SMS Settings": {"on_update": "bppm_app.services.notifications.follow_sms_settings"},
	# portal users attach files only to their own records
	"File": {"validate": "bppm_app.permissions.check_file_attachment"},
}
# the office's signing certificate (a File of BPPM Settings) is downloadable only by its managers
override_doctype_class = {"File": "bppm_app.overrides.OfficeFile"}

# Fixtures: only records that must be reset on every migrate (none yet; defaults that admins
# may change, such as workflows, are created once by install and patches instead).
fixtures = []

# The letters: print formats and notifications are standard records of the module "BPPM" (synced by
# migrate); their templates call these helpers (services/letters.py), every name starting bppm_.
jinja = {
	"methods": [
		"bppm_app.services.letters.bppm_office",
		"bppm_app.services.letters.bppm_join",
		"bppm_app.services.letters.bppm_letter_head",
		"bppm_app.services.letters.bppm_rupiah",
		"bppm_app.services.letters.bppm_terbilang",
		"bppm_app.services.letters.bppm_date",
		"bppm_app.services.letters.bppm_time",
		"bppm_app.services.letters.bppm_url",
		"bppm_app.services.letters.bppm_track_url",
		"bppm_app.services.letters.bppm_verify_url",
		"bppm_app.services.letters.bppm_qr",
		"bppm_app.services.letters.bppm_applicant",
		"bppm_app.services.letters.bppm_permit_type",
		"bppm_app.services.letters.bppm_received",
		"bppm_app.services.letters.bppm_decided_on",
		"bppm_app.services.letters.bppm_levy",
		"bppm_app.services.letters.bppm_returned_documents",
		"bppm_app.services.letters.bppm_lang",
		"bppm_app.services.letters.bppm_lkpm_period",
		"bppm_app.services.letters.bppm_form_url",
		"bppm_app.services.letters.bppm_signing",
		"bppm_app.services.letters.bppm_previous_permit",
		"bppm_app.services.letters.bppm_survey_url",
		"bppm_app.services.letters.bppm_complaint_status_url",
	],
	"filters": ["bppm_app.services.letters.bppm_text"],
}
