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

# The site's gate: guests and portal users reach only bppm_app/allowlist.py (bppm_app/gate.py) -----
# auth hooks run once the request's user is known (cookie, API key, OAuth) and before anything else
auth_hooks = [
	# guests and portal users read Indonesian unless they chose another language (once the user is
	# known, API keys included; first, so that the gate's refusals are in that language too)
	"bppm_app.web.language.set_request_language",
	"bppm_app.gate.check",
]
# the login lockout answers 429 (not 500); no query text in error answers
# OSS's receiveNIB with a body Frappe cannot read gets the PIA's 400 answer, not Frappe's error page
after_request = ["bppm_app.gate.after_request", "bppm_app.engine.oss_exchange.after_request"]

# Frappe's generic endpoints, hardened for every DocType (bppm_app/overrides.py) -------------------
override_whitelisted_methods = {
	# Frappe 15 checks no permission in these, or trusts DocType-level permission
	"frappe.client.get_count": "bppm_app.overrides.get_count",
	"frappe.desk.search.get_link_title": "bppm_app.overrides.get_link_title",
	"frappe.desk.like.toggle_like": "bppm_app.overrides.toggle_like",
	"frappe.desk.search.search_link": "bppm_app.overrides.search_link",
	"frappe.desk.search.search_widget": "bppm_app.overrides.search_widget",
	"frappe.utils.global_search.search": "bppm_app.overrides.global_search",
	# the uploader offers Google Drive to staff only
	"frappe.integrations.doctype.google_settings.google_settings.get_file_picker_settings": (
		"bppm_app.overrides.file_picker_settings"
	),
	# one answer whether an account exists or not; never a password for the office's system user
	"frappe.core.doctype.user.user.sign_up": "bppm_app.overrides.sign_up",
	"frappe.core.doctype.user.user.reset_password": "bppm_app.overrides.reset_password",
	"frappe.core.doctype.user.user.update_password": "bppm_app.overrides.update_password",
	# bulk workflow actions only on readable documents whose action is the user's (no Error Log flood)
	"frappe.model.workflow.bulk_workflow_approval": "bppm_app.overrides.bulk_workflow_approval",
	# a refused filter of the app's reports answers 400 without an Error Log
	"frappe.desk.query_report.run": "bppm_app.overrides.run_report",
	"frappe.desk.query_report.export_query": "bppm_app.overrides.export_report",
	# malformed JSON answers 400 instead of a server error
	"frappe.website.doctype.web_form.web_form.accept": "bppm_app.overrides.accept_web_form",
	# a guest web form must not tell whether a document of any DocType exists
	"frappe.website.doctype.web_form.web_form.get_form_data": "bppm_app.overrides.get_web_form_data",
}
# the client's real address (X-Forwarded-For only from a trusted proxy), for every rate limit
before_request = ["bppm_app.web.client.set_request_ip"]

# Portal and public pages ----------------------------------------------------------------------
# every website page: tap targets, contrast, focus, the language choice, the citizens' uploader
web_include_css = ["/assets/bppm_app/css/bppm_web.css"]
# the desk: report filters labelled (public/css/bppm_desk.css)
app_include_css = ["/assets/bppm_app/css/bppm_desk.css"]
# the charts' shortened numbers in the user's language (rb, jt, M for Indonesian)
app_include_js = ["/assets/bppm_app/js/bppm_desk.js"]
web_include_js = ["/assets/bppm_app/js/bppm_web.js"]
website_route_rules = [
	{"from_route": "/verify/<code>", "to_route": "verify"},
	{"from_route": "/standards/<code>", "to_route": "standards/permit_type"},
]
role_home_page = {"BPPM Applicant": "applications"}
# the public pages from Frappe's page cache (web/public_cache.py)
page_renderer = ["bppm_app.web.public_cache.PublicPage"]
website_path_resolver = ["bppm_app.web.public_cache.resolve_path"]
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
		"bppm_app.engine.service_level.refresh_open_applications",
		# LKPM reminders before the 10th of the month after each quarter
		"bppm_app.engine.notifications.send_lkpm_reminders",
		# complaints still unresolved after their due date: flagged, the heads of office alerted
		"bppm_app.engine.quality.flag_overdue_complaints",
	],
	# OSS RBA: OSS's status of every open OSS application against the office's (57: heads alerted)
	"daily_long": ["bppm_app.engine.oss_exchange.scheduled_reconcile"],
	# the public statistics are recomputed, and their cached pages dropped where a figure changed
	"cron": {
		"*/10 * * * *": ["bppm_app.web.public_cache.refresh_statistics"],
		# OSS RBA: the outbox sends what is due (each stage change is also sent right after it)
		"*/3 * * * *": ["bppm_app.engine.oss_exchange.scheduled_sync"],
		# a job of the app whose process died (kill -9, OOM) runs once more (engine/killed_jobs.py)
		"*/5 * * * *": ["bppm_app.engine.killed_jobs.rerun_killed_jobs"],
	},
}

# Other apps' DocTypes -------------------------------------------------------------------------
doc_events = {
	"*": {
		"validate": [
			# on every DocType: a row of another record is never moved into this one
			"bppm_app.model.keep_rows_with_their_parent",
			# on every DocType: an Attach field names a private file only its saver may read
			"bppm_app.model.keep_private_files_with_their_readers",
			# on the app's: every text within its limit (rules/limits.py)
			"bppm_app.model.limit_texts",
		]
	},
	"User": {
		# the office's system user never has a password (nobody signs in as it)
		"before_validate": "bppm_app.gate.keep_system_user_passwordless",
		"on_update": [
			# members of the shipped Assignment Rules follow their roles
			"bppm_app.engine.assignment.sync_users",
			# the published standards count the staff
			"bppm_app.web.page_store.on_user_change",
		],
		# a user being deleted leaves the shipped Assignment Rules first (Frappe refuses otherwise)
		"on_trash": "bppm_app.engine.assignment.drop_deleted_user",
	},
	# the published procedure of each permit type is read from the workflow
	"Workflow": {
		"on_update": "bppm_app.web.page_store.on_standards_change",
		"on_trash": "bppm_app.web.page_store.on_standards_change",
		"after_rename": "bppm_app.web.page_store.on_standards_change",
	},
	# the translations kept per process follow the records (web/public_cache.py)
	"Translation": {
		"on_update": "bppm_app.web.public_cache.on_translations_change",
		"on_trash": "bppm_app.web.public_cache.on_translations_change",
		"after_rename": "bppm_app.web.public_cache.on_translations_change",
	},
	# the SMS notifications follow SMS Settings
	"SMS Settings": {"on_update": "bppm_app.setup.sms.follow_sms_settings"},
	# portal users attach files only to their own records
	"File": {
		"validate": [
			"bppm_app.permissions.check_file_attachment",
			# an applicant's online draft takes no file from the office
			"bppm_app.engine.uploads.refuse_staff_files_on_online_drafts",
		]
	},
}
# a File record cannot claim an existing private file by its URL
override_doctype_class = {"File": "bppm_app.overrides.OfficeFile"}

# Fixtures: only records that must be reset on every migrate (none yet; defaults that admins
# may change, such as workflows, are created once by install and patches instead).
fixtures = []

# The letters: print formats and notifications are standard records of the module "BPPM" (synced by
# migrate); their templates call these helpers (web/letters.py), every name starting bppm_.
jinja = {
	"methods": [
		"bppm_app.web.letters.bppm_office",
		"bppm_app.web.letters.bppm_join",
		"bppm_app.web.letters.bppm_letter_head",
		"bppm_app.web.letters.bppm_rupiah",
		"bppm_app.web.letters.bppm_terbilang",
		"bppm_app.web.letters.bppm_date",
		"bppm_app.web.letters.bppm_time",
		"bppm_app.web.letters.bppm_url",
		"bppm_app.web.letters.bppm_track_url",
		"bppm_app.web.letters.bppm_verify_url",
		"bppm_app.web.letters.bppm_qr",
		"bppm_app.web.letters.bppm_applicant",
		"bppm_app.web.letters.bppm_permit_type",
		"bppm_app.web.letters.bppm_received",
		"bppm_app.web.letters.bppm_decided_on",
		"bppm_app.web.letters.bppm_levy",
		"bppm_app.web.letters.bppm_returned_documents",
		"bppm_app.web.letters.bppm_lang",
		"bppm_app.web.letters.bppm_lkpm_period",
		"bppm_app.web.letters.bppm_form_url",
		"bppm_app.web.letters.bppm_signing",
		"bppm_app.web.letters.bppm_previous_permit",
		"bppm_app.web.letters.bppm_survey_url",
		"bppm_app.web.letters.bppm_complaint_status_url",
		# the web forms' text limits (the server's own)
		"bppm_app.model.bppm_text_limits",
	],
	"filters": ["bppm_app.web.letters.bppm_text"],
}

# the web forms' inputs hold at most what the server accepts (templates/web_form_limits.js)
webform_include_js = {
	# and they show Frappe's own messages (the uploader's) in the user's language
	doctype: ["templates/web_form_limits.js", "templates/web_form_messages.js"]
	for doctype in (
		"Permit Application",
		"Applicant",
		"Public Complaint",
		"Investment Report",
		"Service Survey",
	)
}

# bench clear-cache (and migrate): the translations kept per process are read again
clear_cache = "bppm_app.web.public_cache.on_translations_change"
