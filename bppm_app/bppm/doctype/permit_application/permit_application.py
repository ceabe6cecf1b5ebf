import frappe
from frappe import _
from frappe.model.document import Document

from bppm_app.exceptions import (
	ApplicantOwnershipError,
	InvalidAttachmentError,
	PermitTypeNotAvailableError,
	user_errors,
)
from bppm_app.permissions import owned_applicants
from bppm_app.roles import is_staff
from bppm_app.rules import attachments, codes, levy

ONLINE, COUNTER = "Online", "Counter"
COPIED_FLAGS = ("requires_field_inspection", "requires_technical_recommendation", "requires_levy")


class PermitApplication(Document):
	def before_insert(self):
		self.tracking_pin = codes.new_tracking_pin()
		staff = is_staff()
		if not staff or not self.channel:
			self.channel = COUNTER if staff else ONLINE

	def validate(self):
		self.check_applicant_ownership()
		permit_type = self.check_permit_type()
		with user_errors():
			self.copy_permit_type_settings(permit_type)
			self.sync_documents(permit_type)
			self.check_documents(permit_type)
			self.compute_levy(permit_type)

	# --- who applies, for what -------------------------------------------------------------------
	def check_applicant_ownership(self):
		if is_staff() or not self.applicant:
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
		"""The process steps are fixed when the application is made, so later changes to the
		permit type do not move the goalposts of files already in progress."""
		if permit_type and self.permit_type_changed_before_submission():
			for flag in COPIED_FLAGS:
				self.set(flag, permit_type.get(flag))
			if permit_type.technical_agency and not self.recommendation_agency:
				self.recommendation_agency = permit_type.technical_agency

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

	# --- levy ------------------------------------------------------------------------------------
	def compute_levy(self, permit_type):
		"""The levy is always the office's computation, never a value sent by a client. Once paid,
		the assessed amount stays as it was."""
		if not permit_type:
			return
		previous = self.get_doc_before_save()
		if previous and previous.levy_paid:
			self.levy_amount = previous.levy_amount
			return
		amount = levy.compute_levy(
			self.requires_levy, permit_type.levy_base_amount, permit_type.levy_rate, self.quantity
		)
		self.levy_amount = float(amount)
