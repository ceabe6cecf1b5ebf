"""Small helpers of the portal's web forms."""

from frappe import _

WEB_FORM_TEXTS = ("introduction_text", "success_title", "success_message", "button_label")


def translate_web_form(context) -> None:
	"""Frappe shows a web form's introduction and success texts as stored; show them in the
	user's language (the texts have rows in translations/id.csv like every other string)."""
	for key in WEB_FORM_TEXTS:
		if context.get(key):
			context[key] = _(context[key])
		if context.get("web_form_doc") and context.web_form_doc.get(key):
			context.web_form_doc[key] = _(context.web_form_doc[key])
