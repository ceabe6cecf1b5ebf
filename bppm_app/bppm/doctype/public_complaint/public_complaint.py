import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from bppm_app import counters
from bppm_app.config import office_calendar
from bppm_app.engine import quality
from bppm_app.exceptions import (
	ComplaintResponseMissingError,
	InvalidComplaintError,
	user_errors,
)
from bppm_app.model import FieldOwnership, WorkflowGuard
from bppm_app.roles import is_staff
from bppm_app.rules import complaints, contact
from bppm_app.web import public

# set only by the server: on receipt, by the workflow, or by the daily check
ENGINE_FIELDS = (
	"due_date",
	"responded_on",
	"tracking_code",
	"tracking_key",
	"is_overdue",
	"complainant_user",
	"acknowledge_by_email",
)
ACTION_FIELDS = ("workflow_state", "status")


class PublicComplaint(FieldOwnership, WorkflowGuard, Document):
	"""A complaint about the office's service, answered within 5 working days.

	Anyone files one on /complaint (guests too; the web form saves as Guest with
	``ignore_permissions``), or the front office records it. The server decides everything that is
	not the complainant's words: channel, receipt time, due date, tracking code, status, and whether
	a given registration number is linked (only when it exists; the complainant is never told
	either way). The workflow moves it Open → In Progress → Resolved → Closed; the response (level 1:
	Head and Manager) is required to resolve it and is e-mailed to the complainant."""

	action_fields = ACTION_FIELDS
	engine_fields = ENGINE_FIELDS
	creation_fields = ("received_on",)

	def validate(self):
		staff = is_staff()
		with user_errors():
			self.judge()
			if self.is_new():
				self.receive(staff)
			self.check_contact()
			self.link_application(staff)
			self.on_transition()

	def web_form_response(self) -> dict:
		"""What the web form's browser gets back: the tracking code and the due date, nothing about
		the application a registration number may or may not name."""
		return {
			"doctype": self.doctype,
			"tracking_code": self.tracking_code,
			"due_date": str(self.due_date),
			"received_on": str(self.received_on),
		}

	# --- receipt ---------------------------------------------------------------------------------
	def receive(self, staff: bool):
		if not staff:
			# the public's form: the channel, the time and the portal account are the server's
			public.throttle("complaint")
			self.complaint_channel = complaints.WEB
			self.received_on = now_datetime()
			self.lapor_tracking_id = None
			user = frappe.session.user
			self.complainant_user = user if user != "Guest" else None
			if self.complainant_user and not self.email:
				# a portal account has an address: the answer goes there
				self.email = frappe.db.get_value("User", user, "email")
		else:
			self.complaint_channel = self.complaint_channel or complaints.COUNTER
			received = get_datetime(self.received_on) if self.received_on else now_datetime()
			if received > now_datetime():
				raise InvalidComplaintError(_("A complaint cannot be received in the future."))
			self.received_on = received
		self.due_date = complaints.due_date(
			office_calendar.get(), get_datetime(self.received_on), quality.response_days()
		)
		self.tracking_code = complaints.new_tracking_code()
		self.tracking_key = complaints.key_of(self.tracking_code)

	def check_contact(self):
		if self.email:
			self.email = contact.normalize_email(self.email)
		if self.mobile_no:
			self.mobile_no = contact.normalize_mobile(self.mobile_no)
		if not self.email and not self.mobile_no and self.complaint_channel in (complaints.WEB,):
			raise InvalidComplaintError(
				_("Give an e-mail address or a mobile number, so that the office can answer you.")
			)

	def after_insert(self):
		# decided once the complaint is stored (a refused form counts nothing), before the
		# "Complaint Received" notification reads it
		self.db_set("acknowledge_by_email", int(self.receipt_mail_allowed()), update_modified=False)

	def receipt_mail_allowed(self) -> bool:
		"""Whether the receipt e-mail goes out: to what the office recorded or to a portal user's own
		address always; to an address typed on the public form a few times a day per mailbox and a
		limited number a day per client (``rules.complaints``)."""
		if not self.email:
			return False
		own = self.complainant_user and frappe.db.get_value("User", self.complainant_user, "email")
		if self.complaint_channel != complaints.WEB or (own and self.email == own.strip().lower()):
			return True
		day = 24 * 60 * 60
		if (
			counters.count(f"complaint-receipts-client:{counters.client()}", day)
			> complaints.RECEIPTS_PER_CLIENT
		):
			return False
		counted = counters.count(f"complaint-receipts:{complaints.mailbox(self.email)}", day)
		return counted <= complaints.RECEIPTS_PER_MAILBOX

	def link_application(self, staff: bool):
		"""A registration number is linked only when it exists. Staff may link an application
		themselves; on the public's form the link is the server's, and it says nothing back."""
		number = (self.registration_number or "").strip().upper()[:140]
		self.registration_number = number or None
		if staff and self.permit_application:
			return
		if not self.is_new() and not staff:
			return
		exists = bool(number) and bool(frappe.db.exists("Permit Application", number))
		self.permit_application = number if exists else None

	# --- who may change what ---------------------------------------------------------------------
	# --- the workflow ----------------------------------------------------------------------------
	def on_transition(self):
		"""Resolving needs a response; the time of the response is recorded (and e-mailed, by the
		Notification "Complaint Response" on ``responded_on``)."""
		if not self.transition or self.status != complaints.RESOLVED:
			return
		if not (self.response or "").strip():
			raise ComplaintResponseMissingError(
				_("Write the response to the complainant before resolving the complaint.")
			)
		self.responded_on = self.transition.at
