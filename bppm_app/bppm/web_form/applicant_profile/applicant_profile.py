from bppm_app.services.portal import translate_web_form


def get_context(context):
	context.no_breadcrumbs = True
	translate_web_form(context)
