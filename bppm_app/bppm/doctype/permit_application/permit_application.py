import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, cstr, flt, get_datetime, getdate, now_datetime

from bppm_app.exceptions import (
	ApplicantOwnershipError,
	DecisionMissingError,
	InvalidAttachmentError,
	NotYourTurnError,
	PermitTypeNotAvailableError,
	ProtectedFieldError,
	WorkflowActionRequiredError,
	user_errors,
)
from bppm_app.permissions import owned_applicants
from bppm_app.roles import MANAGER, is_staff
from bppm_app.rules import attachments, codes, guards, levy, sla
from bppm_app.services import attachments as uploads
from bppm_app.services import issuance, service_level, stages, workflow
from bppm_app.services import levy as levy_service

ONLINE, COUNTER = "Online", "Counter"
APPROVED, REJECTED = "Approved", "Rejected"
COPIED_FLAGS = ("requires_field_inspection", "requires_technical_recommendation", "requires_levy")

# Set only by workflow actions (the state and the fields its states set) or by the app's own
# engines (SLA, issuance); never by a plain save, REST or frappe.client.set_value.
ACTION_FIELDS = ("workflow_state", "decision", "sla_clock")
ENGINE_FIELDS = (
	"submitted_on",
	"sla_working_days",
	"sla_due_date",
	"sla_working_days_used",
	"sla_status",
	"permit_number",
	"verification_code",
	"issued_on",
	"valid_until",
	# the levy assessment (SKRD), numbered by services/levy.assess
	"skrd_number",
	"levy_assessed_on",
	"levy_due_date",
)
# Roles that may correct an application in any state (protected fields stay protected).
OFFICE_ADMIN_ROLES = {MANAGER, "System Manager"}


class PermitApplication(Document):
	def before_insert(self):
		self.tracking_pin = codes.new_tracking_pin()
		staff = is_staff()
		if not staff or not self.channel:
			self.channel = COUNTER if staff else ONLINE

	def validate(self):
		self.check_applicant_ownership()
		with user_errors():
			self.guard_workflow_fields()
			self.guard_turn()
		permit_type = self.check_permit_type()
		with user_errors():
			self.copy_permit_type_settings(permit_type)
			self.sync_documents(permit_type)
			self.check_documents(permit_type)
			self.compute_levy(permit_type)
			self.on_transition()

	def before_submit(self):
		with user_errors():
			self.require_action()
			if self.decision == APPROVED:
				issuance.check_four_eyes(self, frappe.session.user)
				guards.check_approvable(self)
				issuance.issue(self)
			elif self.decision == REJECTED:
				guards.check_rejectable(self)
			else:
				raise DecisionMissingError(
					_("This state does not record a decision, so the application cannot be closed in it.")
				)

	def before_cancel(self):
		with user_errors():
			self.require_action()
			guards.check_revocable(self)
		self.flags.bppm_transition = self.transition_record()

	def before_update_after_submit(self):
		with user_errors():
			self.guard_workflow_fields()
			self.guard_turn()
		if workflow.in_action() and self.has_value_changed("workflow_state"):
			self.flags.bppm_transition = self.transition_record()

	def after_insert(self):
		stages.open_stage(self, get_datetime(self.creation), self.owner, None)

	def on_update(self):
		uploads.claim(self)
		self.log_transition()
		levy_service.after_save(self)

	def on_update_after_submit(self):
		self.log_transition()

	def on_cancel(self):
		self.log_transition()
		levy_service.after_save(self)

	# --- who applies, for what -------------------------------------------------------------------
	def check_applicant_ownership(self):
		if is_staff():
			return
		if not self.applicant:
			# the portal's form does not ask: a portal user applies as their own applicant profile
			mine = owned_applicants(frappe.session.user)
			self.applicant = mine[0] if len(mine) == 1 else None
			return
		if self.applicant not in owned_applicants(frappe.session.user):
			frappe.throw(
				_("You can only apply for your own applicant profile."),
				exc=ApplicantOwnershipError,
				title=_("Not permitted"),
			)

	def check_permit_type(self):
		if not self.permit_type:
			return None  # Frappe's mandatory check reports it
		permit_type = frappe.get_cached_doc("Permit Type", self.permit_type)
		if self.is_new() or self.has_value_changed("permit_type"):
			available = permit_type.is_active and (permit_type.is_published or is_staff())
			if not available:
				frappe.throw(
					_("Permit type {0} is not open for applications.").format(frappe.bold(self.permit_type)),
					exc=PermitTypeNotAvailableError,
				)
		return permit_type

	def permit_type_changed_before_submission(self) -> bool:
		return self.is_new() or (self.has_value_changed("permit_type") and not self.submitted_on)

	def copy_permit_type_settings(self, permit_type):
		"""The process steps and the service level are fixed when the application is made, so later
		changes to the permit type do not move the goalposts of files already in progress."""
		if permit_type and self.permit_type_changed_before_submission():
			for flag in COPIED_FLAGS:
				self.set(flag, permit_type.get(flag))
			self.sla_working_days = permit_type.sla_working_days
			if permit_type.technical_agency and not self.recommendation_agency:
				self.recommendation_agency = permit_type.technical_agency

	# --- the workflow's fields and turns --------------------------------------------------------
	def guard_workflow_fields(self):
		"""The workflow's fields change only through workflow actions, the engines' fields only
		through the engines: not by REST, frappe.client.set_value or a plain save."""
		if self.is_new():
			wf = workflow.get_workflow(self.doctype)
			if self.workflow_state and self.workflow_state != workflow.first_state(wf):
				raise WorkflowActionRequiredError(
					_("A new application always starts in the workflow's first state.")
				)
			for field in ("decision", "sla_clock", *ENGINE_FIELDS):
				default = self.meta.get_field(field).default
				if self.get(field) and cstr(self.get(field)) != cstr(default) and field != "sla_working_days":
					raise ProtectedFieldError(self.protected_message(field))
			return
		before = self.get_doc_before_save()
		for field in (*ACTION_FIELDS, *ENGINE_FIELDS):
			if not self.differs(field, before):
				continue
			if field in ACTION_FIELDS and workflow.in_action():
				continue
			if field == "workflow_state":
				raise WorkflowActionRequiredError(
					_("The state of an application changes only through its workflow actions.")
				)
			raise ProtectedFieldError(self.protected_message(field))

	def protected_message(self, field: str) -> str:
		label = _(self.meta.get_label(field))
		return _("{0} is set by the office's workflow and cannot be changed directly.").format(label)

	def differs(self, field: str, before) -> bool:
		fieldtype = self.meta.get_field(field).fieldtype
		new, old = self.get(field), before.get(field)
		if fieldtype in ("Float", "Currency", "Int"):
			return flt(new) != flt(old)
		if fieldtype == "Date":
			return (getdate(new) if new else None) != (getdate(old) if old else None)
		if fieldtype == "Datetime":
			return (get_datetime(new) if new else None) != (get_datetime(old) if old else None)
		return cstr(new) != cstr(old)

	def guard_turn(self):
		"""Outside workflow actions, only those with a part in the current state may edit: its
		allow_edit role and the roles of its transitions (the applicant in Draft and Returned for
		Revision, the verifier in verification…). Managers may correct at any time."""
		if self.is_new() or workflow.in_action():
			return
		roles = set(frappe.get_roles())
		if frappe.session.user == "Administrator" or roles & OFFICE_ADMIN_ROLES:
			return
		wf = workflow.get_workflow(self.doctype)
		state = self.get_doc_before_save().workflow_state
		if wf and not roles & workflow.roles_acting_in(wf, state):
			raise NotYourTurnError(
				_("The application is at the {0} stage; you cannot change it now.").format(_(state))
			)

	def require_action(self):
		if not workflow.in_action():
			raise WorkflowActionRequiredError(
				_("Applications are decided and revoked only through their workflow actions.")
			)

	def on_transition(self):
		"""When an action moves the application: the submission time, the clock, the SLA fields."""
		if self.is_new() or not workflow.in_action() or not self.has_value_changed("workflow_state"):
			return
		now = now_datetime()
		if self.sla_clock in (sla.RUNNING, sla.PAUSED) and not self.submitted_on:
			guards.check_documents_uploaded(self)
			self.submitted_on = now
			if not cint(self.sla_working_days):  # a draft made before the field existed
				self.sla_working_days = frappe.db.get_value(
					"Permit Type", self.permit_type, "sla_working_days"
				)
		stopped = self.docstatus == 1
		if stopped:
			self.sla_clock = sla.STOPPED
		if self.submitted_on:
			service_level.apply(self, now, stopped)
		self.flags.bppm_transition = self.transition_record(now)
		levy_service.assess(self)

	def transition_record(self, at=None) -> dict:
		return {"at": at or now_datetime(), "user": frappe.session.user, "action": workflow.current_action()}

	def log_transition(self):
		record = self.flags.pop("bppm_transition", None)
		if record:
			stages.record_transition(self, record["at"], record["user"], record["action"])

	# --- documents -------------------------------------------------------------------------------
	def sync_documents(self, permit_type):
		"""One document row per requirement of the permit type, in the type's order; the type
		decides which are mandatory. Uploads already made for a requirement are kept."""
		if not permit_type:
			return
		required = {row.requirement: row for row in permit_type.requirements}
		if not self.is_new() and self.permit_type_changed_before_submission():
			self.documents = [row for row in self.documents if row.requirement in required]
		for row in self.documents:
			if row.requirement not in required:
				raise InvalidAttachmentError(
					_('"{0}" is not a requirement of permit type {1}.').format(
						row.requirement, self.permit_type
					)
				)
		present = {row.requirement for row in self.documents}
		for name in required:
			if name not in present:
				self.append("documents", {"requirement": name, "review_status": "Pending"})
		order = list(required)
		self.documents.sort(key=lambda row: order.index(row.requirement))
		for idx, row in enumerate(self.documents, start=1):
			row.idx = idx
			row.is_mandatory = required[row.requirement].is_mandatory
		self.keep_office_review()

	def keep_office_review(self):
		"""Only the office reviews documents: an applicant's save cannot accept or reject one, and
		a new upload goes back to Pending."""
		if is_staff():
			return
		previous = self.get_doc_before_save()
		before = {row.name: row for row in (previous.documents if previous else [])}
		for row in self.documents:
			old = before.get(row.name)
			if old is None or old.attachment != row.attachment:
				row.review_status, row.remarks = "Pending", None
			else:
				row.review_status, row.remarks = old.review_status, old.remarks

	def check_documents(self, permit_type):
		if not permit_type:
			return
		allowed = {row.requirement: row.allowed_file_types for row in permit_type.requirements}
		for row in self.documents:
			if row.attachment:
				attachments.check_file_type(row.attachment, allowed.get(row.requirement), row.requirement)
		uploads.check(self)

	# --- levy ------------------------------------------------------------------------------------
	def compute_levy(self, permit_type):
		"""The levy is always the office's computation, never a value sent by a client. Once paid,
		the assessed amount stays as it was, and so it does once the SKRD states it."""
		if not permit_type:
			return
		previous = self.get_doc_before_save()
		if previous and (previous.levy_paid or previous.skrd_number):
			self.levy_amount = previous.levy_amount
			return
		amount = levy.compute_levy(
			self.requires_levy, permit_type.levy_base_amount, permit_type.levy_rate, self.quantity
		)
		self.levy_amount = float(amount)
