"""What guests and portal users may reach on the site: the one reviewed allowlist (see ``gate.py``).

A city deploys a whole Frappe site, and Frappe 15 offers hundreds of whitelisted methods to every
logged-in user (some check nothing). So a request from a guest or a portal user (a Website User,
such as an applicant) reaches only what is listed here; everything else is refused before Frappe
runs it. Staff (System Users) are not gated here: their DocType permissions and the hardened
endpoints in ``overrides.py`` hold for them.

Each method is listed with who may call it: ``GUEST`` (anyone, signed in or not) or ``PORTAL`` (a
signed-in portal user), and optionally a condition on its arguments (a function in ``gate.py``).
Adding a line here is a security decision: say in a comment why the caller needs it. A Frappe
upgrade that adds a method leaves it closed until someone lists it
(``tests/security/test_allowlist.py`` checks every whitelisted method of every installed app).
"""

GUEST = "guest"
PORTAL = "portal"

# method (as the client names it in /api/method/<name> or cmd=<name>) -> (who, condition or None)
METHODS: dict[str, tuple[str, str | None]] = {
	# --- signing in and out, signing up, passwords (Frappe's login, sign-up and reset pages)
	"login": (GUEST, None),
	"logout": (GUEST, None),
	"web_logout": (GUEST, None),
	"frappe.core.doctype.user.user.sign_up": (GUEST, None),
	"frappe.core.doctype.user.user.reset_password": (GUEST, None),
	"frappe.core.doctype.user.user.update_password": (GUEST, None),
	"frappe.core.doctype.user.user.test_password_strength": (GUEST, None),
	# the server's health check (load balancers, the setup scripts)
	"ping": (GUEST, None),
	# the unsubscribe link in e-mails (Frappe checks its signature)
	"frappe.email.queue.unsubscribe": (GUEST, None),
	# staff approve from the Workflow Action e-mail, possibly signed out (Frappe checks the link's
	# signature; the app's guards run as in the desk)
	"frappe.workflow.doctype.workflow_action.workflow_action.apply_action": (GUEST, None),
	"frappe.workflow.doctype.workflow_action.workflow_action.confirm_action": (GUEST, None),
	# --- the office's public methods (bppm_app/api.py): read only what the office publishes
	"bppm_app.api.track_application": (GUEST, None),
	"bppm_app.api.verify_permit": (GUEST, None),
	"bppm_app.api.public_statistics": (GUEST, None),
	"bppm_app.api.complaint_status": (GUEST, None),
	"bppm_app.api.levy_estimate": (GUEST, None),
	"bppm_app.api.published_permit_types": (GUEST, None),
	# the bank's payment notice (authenticated by its HMAC signature)
	"bppm_app.api.payment_notification": (GUEST, None),
	# OSS RBA: receiveNIB (authenticated by its Token header), and the signed permit's download link
	# sent to OSS in receiveLicense (a random token per permit)
	"bppm_app.api.oss_receive_nib": (GUEST, None),
	"bppm_app.api.oss_permit_file": (GUEST, None),
	# --- the portal's own methods: the user's own records, ownership checked in web/applicant_portal.py
	"bppm_app.api.submit_application": (PORTAL, None),
	"bppm_app.api.submit_investment_report": (PORTAL, None),
	"bppm_app.api.my_investments": (PORTAL, None),
	"bppm_app.api.start_follow_up": (PORTAL, None),
	"bppm_app.api.download_letter": (PORTAL, None),
	# --- the app's web forms (/apply, /applicant-profile, /lkpm for portal users; /complaint and
	# /survey for anyone): Frappe's web form methods, for the app's forms only
	"frappe.website.doctype.web_form.web_form.accept": (GUEST, "app_web_form"),
	"frappe.website.doctype.web_form.web_form.get_form_data": (GUEST, "app_web_form"),
	# uploads into those forms: a new file only (a file_url would claim an existing file)
	"upload_file": (GUEST, "new_upload"),
	"frappe.handler.upload_file": (GUEST, "new_upload"),
	"frappe.core.api.file.get_max_file_size": (GUEST, None),
	# the uploader asks whether to offer Google Drive (overrides.file_picker_settings: never to them)
	"frappe.integrations.doctype.google_settings.google_settings.get_file_picker_settings": (GUEST, None),
}

# Pages (the first part of the path; "" is the front door at /), and who may open them. A page
# not listed answers 404 to guests and portal users, as if it did not exist.
PAGES: dict[str, str] = {
	"": GUEST,
	# Frappe's own: sign in, sign up, reset, messages (after sign-up, e-mail links), robots
	"login": GUEST,
	"update-password": GUEST,
	"message": GUEST,
	"unsubscribe": GUEST,
	"robots.txt": GUEST,
	"website_script.js": GUEST,
	# static files, when no web server in front serves them (public by definition)
	"assets": GUEST,
	"files": GUEST,
	# private files: Frappe and the app decide per file (File.is_downloadable)
	"private": GUEST,
	# the office's public pages
	"track": GUEST,
	"verify": GUEST,
	"standards": GUEST,
	"statistics": GUEST,
	"complaint": GUEST,
	"complaint-status": GUEST,
	"survey": GUEST,
	# the applicant's portal
	"me": PORTAL,
	"apply": PORTAL,
	"applicant-profile": PORTAL,
	"applications": PORTAL,
	# the apply flow's end: check your answers (then submit), and the confirmation with the PIN
	"check-application": PORTAL,
	"application-submitted": PORTAL,
	"investments": PORTAL,
	"lkpm": PORTAL,
	"complaints": PORTAL,
}
