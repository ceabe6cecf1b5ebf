import frappe
from frappe import _

from bppm_app.engine import quality
from bppm_app.roles import is_staff
from bppm_app.rules import ikm
from bppm_app.web import public
from bppm_app.web.applicant_portal import translate_web_form


def get_context(context):
	"""The survey opens from the invitation link (``?token=…``); the front office may also use it
	at the counter. The page says which application is rated, or why the link does not work, and
	gives the script the regulation's answer words in the user's language."""
	context.no_breadcrumbs = True
	translate_web_form(context)
	state = {
		"answers": {e.field: [_(answer) for answer in e.answers] for e in ikm.ELEMENTS},
		"message": "",
		"application": "",
		"token": "",
	}
	if not is_staff():
		token = frappe.form_dict.get("token")
		if token:
			public.throttle("survey")
		application = quality.application_for_token(token) if isinstance(token, str) else None
		if not application:
			state["message"] = _(
				"This survey opens from the link in the e-mail the office sent you when your application "
				"was decided. You can also fill it in at the office."
			)
		elif quality.survey_of(application.name):
			state["message"] = _("The survey of application {0} has been answered. Thank you.").format(
				application.name
			)
		else:
			state["application"] = _("Application {0}: {1}").format(
				application.name, _(application.permit_type)
			)
			state["token"] = token.strip()
	context.survey_state = state
