import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime

from bppm_app.engine import (
	bank_payments,
	issuance,
	oss_exchange,
	permit_lifecycle,
	quality,
	service_level,
	signing,
	stages,
	uploads,
	workflow,
)
from bppm_app.engine import levy_assessment as levy_service
from bppm_app.exceptions import (
	ApplicantOwnershipError,
	DecisionMissingError,
	InvalidAttachmentError,
	NotYourTurnError,
	PermitTypeNotAvailableError,
	ProtectedFieldError,
	user_errors,
)
from bppm_app.model import FieldOwnership, WorkflowGuard, value_changed
from bppm_app.permissions import owned_applicants
from bppm_app.roles import FIELD_INSPECTOR, TECHNICAL_REVIEWER, TREASURER, VERIFIER, is_staff
from bppm_app.rules import attachments, channels, codes, guards, levy, sla
from bppm_app.rules import lifecycle as lifecycle_rules
from bppm_app.rules.channels import COUNTER, ONLINE, OSS

COPIED_FLAGS = (
	"requires_field_inspection",
	"requires_technical_recommendation",
	"requires_levy",
	"fast_lane",
)

# Set only by the workflow's transitions (the state and the fields its states set).
ACTION_FIELDS = ("workflow_state", "decision", "sla_clock")
# Set only by the app's engines (submission, SLA, issuance, the levy assessment), never by a user.
ENGINE_FIELDS = (
	*COPIED_FLAGS,
	"risk_level",
	"sla_working_days",
	"submitted_on",
	"sla_due_date",
	"sla_working_days_used",
	"sla_status",
	"permit_number",
	"verification_code",
	"issued_on",
	"valid_until",
	"levy_amount",
	# the levy assessment (SKRD), numbered by engine/levy_assessment.assess
	"skrd_number",
	"levy_assessed_on",
	"levy_due_date",
	"superseded_by",
	"superseded_on",
	"signed_permit",
	"signed_permit_sha256",
	"survey_token",
	"permit_after_survey",
	# OSS RBA: OSS's clock, the reconciliation, OSS's automatic approval, the permit's download link
	"oss_deadline",
	"oss_sla_status",
	"oss_status",
	"oss_status_checked_on",
	"oss_disagreement",
	"oss_deemed_approved",
	"oss_deemed_approved_on",
	"oss_file_token",
)
# What OSS sent for an application received from it (engine/oss_exchange.py), set when it is made.
OSS_CREATION_FIELDS = (
	"oss_id_izin",
	"oss_nib",
	"oss_id",
	"oss_kd_izin",
	"oss_id_proyek",
	"oss_kd_daerah",
	"oss_submitted_on",
)
# Set once when the application is made (before_insert), fixed afterwards.
CREATION_FIELDS = ("tracking_pin", "channel", *OSS_CREATION_FIELDS)
# What a verifier may correct until the decision (the review of each document)
DOCUMENT_REVIEW_FIELDS = ("review_status", "remarks", "reviewed_by")
# Application Document fields only the OSS intake writes (references to OSS's documents)
OSS_DOCUMENT_FIELDS = ("oss_document", "oss_reference")


class PermitApplication(FieldOwnership, WorkflowGuard, Document):
	"""One registration number, one track, one clock.

	Who may change what: each office field has a permission level owned by one role (the
	DocType's permissions; ``FieldOwnership`` holds them on every path), and a user may save only in
	a state where they have a part. Where the file goes: only along the workflow's transitions
	(``workflow.judge``), whichever way the move arrives. What must be true: the guards on
	submission, approval, rejection and revocation, whatever the workflow says."""

	# the portal's web forms write the applicant's own data (level 0 and the application data)
	portal_write_levels = frozenset({0, 1})
	action_fields = ACTION_FIELDS
	engine_fields = ENGINE_FIELDS
	creation_fields = CREATION_FIELDS
	new_document_fields = ("decision", "amended_from")

	def guard_turn(self):
		"""Only those with a part in the stored state may save (``WorkflowGuard``); besides them, a
		verifier may correct the review of the documents until the decision, and nothing else. An
		applicant's online draft is theirs alone until they submit it."""
		self.check_online_draft()
		try:
			super().guard_turn()
		except NotYourTurnError:
			if not self.is_document_review_correction():
				raise

	def check_online_draft(self):
		if self.is_new() or not is_staff() or frappe.session.user == "Administrator":
			return
		if set(frappe.get_roles()) & self.office_admin_roles:
			return  # the office's administrators correct any record
		before = self.get_doc_before_save()
		if not channels.staff_may_change_draft(
			before.channel, bool(before.submitted_on), self.changed_fields(before)
		):
			raise NotYourTurnError(
				_(
					"{0} is the applicant's online draft: only the applicant edits or submits it. "
					"Serve a walk-in with a new counter application."
				).format(self.name)
			)

	def changed_fields(self, before) -> set[str]:
		"""The fields (tables included) this save changes from the stored record; the values Frappe
		fetches from linked records (``fetch_from``) are not the saver's changes."""
		changed = set()
		for df in self.meta.fields:
			if df.fieldname in frappe.model.default_fields or df.fetch_from:
				continue
			if df.fieldtype in frappe.model.table_fields:
				if self._rows_changed(df, before):  # FieldOwnership's comparison of the rows
					changed.add(df.fieldname)
			elif df.fieldtype not in frappe.model.no_value_fields and value_changed(
				df, self.get(df.fieldname), before.get(df.fieldname)
			):
				changed.add(df.fieldname)
		return changed

	def is_document_review_correction(self) -> bool:
		before = self.get_doc_before_save()
		if (
			VERIFIER not in frappe.get_roles()
			or before.docstatus != 0
			or not before.submitted_on
			or self.docstatus != 0
		):
			return False
		for df in self.meta.fields:
			if df.fieldtype in frappe.model.table_fields or df.fieldname in frappe.model.default_fields:
				continue
			if value_changed(df, self.get(df.fieldname), before.get(df.fieldname)):
				return False
		stored = {row.name: row for row in before.documents}
		if [row.name for row in self.documents] != list(stored):
			return False
		row_meta = frappe.get_meta("Application Document")
		return not any(
			value_changed(df, row.get(df.fieldname), stored[row.name].get(df.fieldname))
			for row in self.documents
			for df in row_meta.fields
			if df.fieldname not in DOCUMENT_REVIEW_FIELDS
		)

	def before_insert(self):
		self.tracking_pin = codes.new_tracking_pin()
		self.check_oss_origin()
		staff = is_staff()
		if not staff or not self.channel:
			self.channel = COUNTER if staff else ONLINE

	def check_oss_origin(self):
		"""Only the OSS intake makes an application of the channel OSS, or one that carries OSS's
		identifiers or document links: anything else would report to OSS in the office's name."""
		if self.flags.get("bppm_oss_intake"):
			return
		carries = [f for f in OSS_CREATION_FIELDS if self.get(f)] + [
			f for row in self.get("documents") or [] for f in OSS_DOCUMENT_FIELDS if row.get(f)
		]
		if self.channel == OSS or carries:
			raise ProtectedFieldError(
				_("Applications from OSS are received from OSS only, never made by hand.")
			)

	def validate(self):
		self.check_applicant_ownership()
		self.check_investment()
		with user_errors():
			self.judge()
		permit_type = self.check_permit_type()
		with user_errors():
			self.check_previous_permit()
			self.copy_permit_type_settings(permit_type)
			self.sync_documents(permit_type)
			self.check_documents(permit_type)
			self.compute_levy(permit_type)
			self.check_payment_proof()
			self.on_transition()
		# the time by holder is the stage log's: a save keeps the stored values
		stages.keep_holder_days(self)

	def before_submit(self):
		with user_errors():
			if self.decision == guards.APPROVED:
				issuance.check_four_eyes(self, frappe.session.user, self.transition)
				guards.check_approvable(self)
				previous = permit_lifecycle.supersede(self)
				with issuance.failure_noted(self):
					issuance.issue(self, previous)
					signing.sign_permit(self)
			elif self.decision == guards.REJECTED:
				guards.check_rejectable(self)
			else:
				raise DecisionMissingError(
					_("This state does not record a decision, so the application cannot be closed in it.")
				)
			# the key of the satisfaction survey's invitation link (issued or rejected alike), and
			# whether the portal asks for the survey before it gives this permit (BPPM Settings)
			self.survey_token = self.survey_token or codes.new_survey_token()
			self.permit_after_survey = int(quality.survey_before_download())

	def before_cancel(self):
		with user_errors():
			self.judge()
			guards.check_revocable(self)

	def before_update_after_submit(self):
		with user_errors():
			self.judge()

	def after_insert(self):
		stages.open_stage(self, get_datetime(self.creation), self.owner, None)

	def on_update(self):
		uploads.claim(self)
		oss_exchange.queue_transition(self)
		self.log_transition()
		self.record_correction()
		levy_service.after_save(self)

	def on_update_after_submit(self):
		oss_exchange.queue_transition(self)
		self.log_transition()
		self.record_correction()

	def on_cancel(self):
		oss_exchange.queue_transition(self)
		self.log_transition()
		levy_service.after_save(self)

	def has_webform_permission(self) -> bool:
		"""The portal's web forms: an applicant's own application (Frappe's check, see web_form.py)."""
		return bool(self.applicant) and self.applicant in owned_applicants(frappe.session.user)

	# --- who applies, for what -------------------------------------------------------------------
	def check_applicant_ownership(self):
		if is_staff():
			return
		mine = owned_applicants(frappe.session.user)
		if not self.applicant and self.is_new():
			# the portal's form does not ask: a portal user applies as their own applicant profile
			self.applicant = mine[0] if len(mine) == 1 else None
			return
		if self.applicant not in mine:
			frappe.throw(
				_("You can only apply for your own applicant profile."),
				exc=ApplicantOwnershipError,
				title=_("Not permitted"),
			)

	def check_investment(self):
		"""An application may refer only to an investment of its own applicant."""
		if self.investment and self.has_value_changed("investment"):
			investor = frappe.db.get_value("Investment", self.investment, "investor")
			if investor != self.applicant:
				frappe.throw(
					_("Investment {0} is not an investment of this applicant.").format(self.investment),
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
		"""The process steps and the service level come from the permit type while the application
		is being prepared, and are read again when it is submitted; from then on a change to the
		permit type does not move the goalposts of a file in progress."""
		if permit_type and self.permit_type_changed_before_submission():
			self.read_permit_type(permit_type)
			if permit_type.technical_agency and not self.recommendation_agency:
				self.recommendation_agency = permit_type.technical_agency

	def read_permit_type(self, permit_type):
		for flag in COPIED_FLAGS:
			self.set(flag, cint(permit_type.get(flag)))
		self.risk_level = permit_type.risk_level
		self.sla_working_days = permit_type.sla_working_days

	# --- renewals and amendments -----------------------------------------------------------------
	def check_previous_permit(self):
		"""A renewal or an amendment continues an issued, unrevoked, unsuperseded permit of the same
		applicant and type, started within the renewal window; checked when it is made or changed,
		on every path, and again (without the window) when it is issued."""
		if self.docstatus != 0:
			return
		self.application_type = self.application_type or lifecycle_rules.NEW
		if not (
			self.is_new()
			or self.has_value_changed("application_type")
			or self.has_value_changed("previous_application")
		):
			return
		if self.submitted_on:
			raise ProtectedFieldError(
				_(
					"The application type and the previous permit cannot change once the application is submitted."
				)
			)
		permit_lifecycle.check(self)

	# --- the workflow -----------------------------------------------------------------------------
	def on_transition(self):
		"""When a transition moves the application: submission, the clock, the SLA fields."""
		moved = self.transition
		if not moved:
			return
		self.check_step(moved)
		if self.sla_clock in (sla.RUNNING, sla.PAUSED) and not self.submitted_on:
			if self.channel == OSS:
				# submitted in OSS, with OSS's documents (the verifier reviews them): the clock runs from
				# OSS's submission time
				self.submitted_on = min(
					get_datetime(self.oss_submitted_on or moved.at), get_datetime(moved.at)
				)
			else:
				guards.check_documents_uploaded(self)
				self.submitted_on = moved.at
			# the steps and the service level are those of the permit type at submission
			self.read_permit_type(frappe.get_doc("Permit Type", self.permit_type))
		stopped = self.docstatus == 1
		if stopped:
			self.sla_clock = sla.STOPPED
		if self.submitted_on:
			service_level.apply(self, moved.at, stopped)
		levy_service.assess(self)

	def check_step(self, moved):
		"""The work of the stage the file leaves, before an action moves it forward, on every path
		(desk, REST, Frappe's apply_workflow, e-mail approvals). Which work is read from the
		workflow's configuration, never from state names: the role that edits in the stage left."""
		wf = workflow.get_workflow(self.doctype)
		row = workflow.state_row(wf, moved.from_state)
		if not row or workflow.is_backward(wf, frappe._dict(next_state=moved.to_state)):
			return
		if row.allow_edit == VERIFIER:
			guards.check_verified(self)
		elif row.allow_edit == FIELD_INSPECTOR:
			# who inspected: whoever records the inspection, unless named
			self.inspector = self.inspector or moved.user
			guards.check_inspection_recorded(self)
		elif row.allow_edit == TECHNICAL_REVIEWER:
			guards.check_recommendation_recorded(self)
		elif row.allow_edit == TREASURER:
			guards.check_payment_recorded(
				self, bank_payments.paid_by_bank_notice(self), bank_payments.proof_on_file(self)
			)

	def log_transition(self):
		moved = self.flags.pop("bppm_transition", None)
		if moved:
			stages.record_transition(self, moved.at, moved.user, moved.action)

	def record_correction(self):
		"""A manager's change to the office's or the applicant's data outside a transition goes on the
		application's timeline, with the old and new values (Frappe keeps no versions in tests, and
		the timeline is where the office looks)."""
		roles = set(frappe.get_roles())
		if self.transition or frappe.session.user == "Administrator" or not roles & self.office_admin_roles:
			return
		before = self.get_doc_before_save()
		if before is None:
			return
		lines = []
		for df in self.meta.fields:
			if df.permlevel and df.fieldtype not in ("Table", "Section Break", "Column Break"):
				old, new = before.get(df.fieldname), self.get(df.fieldname)
				if value_changed(df, new, old):
					lines.append(f"{_(df.label)}: {old or '—'} → {new or '—'}")
		old_rows = {row.name: row for row in before.documents}
		for row in self.documents:
			old = old_rows.get(row.name)
			for field in ("attachment", "review_status", "remarks"):
				if old is not None and value_changed(None, row.get(field), old.get(field)):
					lines.append(
						f"{row.requirement} ({_(row.meta.get_label(field))}): {old.get(field) or '—'} → {row.get(field) or '—'}"
					)
		if lines:
			self.add_comment(
				"Info",
				_("Corrected by {0}:").format(frappe.utils.get_fullname(frappe.session.user))
				+ "<br>"
				+ "<br>".join(frappe.utils.escape_html(line) for line in lines),
			)

	# --- documents -------------------------------------------------------------------------------
	def sync_documents(self, permit_type):
		"""One document row per requirement of the permit type, in the type's order; the type
		decides which are mandatory. Uploads already made for a requirement are kept; a new upload
		waits for review again."""
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
				self.append("documents", {"requirement": name, "review_status": guards.PENDING})
		order = list(required)
		self.documents.sort(key=lambda row: order.index(row.requirement))
		previous = self.get_doc_before_save()
		uploaded = {row.name: row.attachment for row in (previous.documents if previous else [])}
		reviews = {
			row.name: (row.review_status, row.reviewed_by) for row in (previous.documents if previous else [])
		}
		from_oss = {
			row.name: {f: row.get(f) for f in OSS_DOCUMENT_FIELDS}
			for row in (previous.documents if previous else [])
		}
		for idx, row in enumerate(self.documents, start=1):
			row.idx = idx
			requirement = required[row.requirement]
			row.is_mandatory = lifecycle_rules.mandatory_for(
				self.application_type, requirement.is_mandatory, requirement.get("required_for_renewal", 1)
			)
			if previous is not None:
				# OSS's document links are the intake's: kept as received, whoever saves
				row.update(from_oss.get(row.name) or dict.fromkeys(OSS_DOCUMENT_FIELDS))
			if row.name in uploaded and uploaded[row.name] != row.attachment:
				row.review_status, row.remarks = guards.PENDING, None
			# who reviewed each document is the engine's record (the four-eyes rule reads it)
			old_status, old_reviewer = reviews.get(row.name, (guards.PENDING, None))
			if (row.review_status or guards.PENDING) == guards.PENDING:
				row.reviewed_by = None
			elif row.review_status != old_status:
				row.reviewed_by = frappe.session.user
			else:
				row.reviewed_by = old_reviewer

	def check_documents(self, permit_type):
		if not permit_type:
			return
		allowed = {row.requirement: row.allowed_file_types for row in permit_type.requirements}
		for row in self.documents:
			if row.attachment:
				attachments.check_private_url(row.attachment, row.requirement)
				attachments.check_file_type(row.attachment, allowed.get(row.requirement), row.requirement)
		uploads.check(self)

	# --- levy ------------------------------------------------------------------------------------
	def check_payment_proof(self):
		"""A changed payment proof must be a private file attached to this application, on every
		save (the treasurer's dialog uploads it so); the step's guard checks it again."""
		if self.payment_proof and self.has_value_changed("payment_proof"):
			guards.check_payment_proof(self.payment_proof, bank_payments.proof_on_file(self))

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
