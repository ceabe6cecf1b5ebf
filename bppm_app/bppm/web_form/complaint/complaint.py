from bppm_app.web.applicant_portal import translate_web_form


def get_context(context):
	"""Open to everyone, no login needed; the controller decides everything but the complaint."""
	context.no_breadcrumbs = True
	context.status_url = "/complaint-status"
	translate_web_form(context)
