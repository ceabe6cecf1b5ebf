import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from bppm_app.engine import quality
from bppm_app.exceptions import (
	DuplicateSurveyError,
	InvalidSurveyError,
	ProtectedFieldError,
	SurveyLinkError,
	user_errors,
)
from bppm_app.model import value_changed
from bppm_app.roles import is_staff
from bppm_app.rules import channels, ikm
from bppm_app.web import public

# what the respondent said: nobody changes it in an online survey
ANSWER_FIELDS = (*ikm.FIELDS, "suggestion", "gender", "age", "education", "occupation")
# set by the server from the invitation or the linked application
ENGINE_FIELDS = ("respondent_channel", "applicant")


class ServiceSurvey(Document):
	"""One respondent's answers to the nine elements (SKM).

	Online surveys arrive through the invitation link: the server finds the application by the
	link's token (never by a name the client sends), so the respondent rates their own decided
	application, once. The front office enters walk-in respondents at the counter (with or without
	an application). An online survey is the respondent's own words: nobody edits its answers."""

	def validate(self):
		previous = self.get_doc_before_save()
		with user_errors():
			if self.is_new():
				self.take_invitation() if not is_staff() else self.enter_at_counter()
			else:
				self.guard(previous)
			for element in ikm.ELEMENTS:
				self.set(element.field, ikm.check_answer(self.get(element.field), element.name))
			self.age = ikm.check_age(self.age)
			self.check_survey_date()
			self.link_application()
			self.check_unique()
		# the token was only the invitation's proof: it is never stored with the answers
		self.survey_token = None

	def after_insert(self):
		public.statistics_changed()

	def on_update(self):
		public.statistics_changed()

	def on_trash(self):
		public.statistics_changed()

	def web_form_response(self) -> dict:
		"""What the web form's browser gets back after a save: nothing of the application."""
		return {"doctype": self.doctype, "survey_date": str(self.survey_date)}

	# --- where the survey comes from --------------------------------------------------------------
	def take_invitation(self):
		"""A respondent on the web (guest or portal user): the application is the one whose survey
		link carries the token; everything else that is not an answer is the server's."""
		public.throttle("survey")
		application = quality.application_for_token(self.survey_token)
		if not application:
			raise SurveyLinkError(
				_(
					"This survey link is not valid. Open the link in the e-mail the office sent you, "
					"or fill in the survey at the office."
				)
			)
		self.permit_application = application.name
		self.respondent_channel = channels.ONLINE
		self.survey_date = today()

	def enter_at_counter(self):
		self.respondent_channel = channels.COUNTER
		self.survey_date = self.survey_date or today()

	def guard(self, previous):
		if previous is None:
			return
		for field in ENGINE_FIELDS:
			if value_changed(self.meta.get_field(field), self.get(field), previous.get(field)):
				raise ProtectedFieldError(
					_("{0} is set by the office and cannot be changed.").format(_(self.meta.get_label(field)))
				)
		if previous.respondent_channel == channels.ONLINE:
			changed = [
				field
				for field in (*ANSWER_FIELDS, "permit_application", "survey_date")
				if value_changed(self.meta.get_field(field), self.get(field), previous.get(field))
			]
			if changed:
				raise ProtectedFieldError(
					_("An online survey is the respondent's own answer; nobody changes it.")
				)

	# --- checks ---------------------------------------------------------------------------------
	def check_survey_date(self):
		if self.survey_date and getdate(self.survey_date) > getdate(today()):
			raise InvalidSurveyError(_("The survey date cannot be in the future."))

	def link_application(self):
		"""A survey rates a decided application; its permit type and applicant come from it."""
		if not self.permit_application:
			self.applicant = None
			return
		row = frappe.db.get_value(
			"Permit Application",
			self.permit_application,
			["name", "docstatus", "permit_type", "applicant"],
			as_dict=True,
		)
		if not row or row.docstatus not in (1, 2):
			raise SurveyLinkError(
				_("Application {0} has not been decided yet: its survey comes after the decision.").format(
					self.permit_application
				)
			)
		self.permit_type = row.permit_type
		self.applicant = row.applicant

	def check_unique(self):
		"""One survey per application: a clear message before the unique index refuses the row."""
		if not self.permit_application:
			return
		other = frappe.db.get_value(
			self.doctype, {"permit_application": self.permit_application, "name": ("!=", self.name)}
		)
		if other:
			raise DuplicateSurveyError(
				_("Application {0} already has its survey: one survey per application. Thank you.").format(
					self.permit_application
				)
			)
