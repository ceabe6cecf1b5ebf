import frappe
from frappe import _
from frappe.model.document import Document

from bppm_app.exceptions import ApplicantOwnershipError, DuplicateApplicantError, user_errors
from bppm_app.roles import is_staff
from bppm_app.rules import contact, identity

INDIVIDUAL = "Individual"
UNIQUE_FIELDS = (("nik", "NIK"), ("nib", "NIB"), ("user", "Portal User"))


class Applicant(Document):
	def validate(self):
		self.bind_to_portal_user()
		with user_errors():
			self.normalize_identity()
			self.normalize_contact()
			self.check_unique()

	def bind_to_portal_user(self):
		"""A portal user's applicant record always belongs to that user."""
		user = frappe.session.user
		if is_staff(user):
			return
		if self.is_new() and not self.user:
			self.user = user
		if self.user != user:
			raise ApplicantOwnershipError(_("You can only register and edit your own applicant profile."))
		if not self.email and "@" in user:
			self.email = user

	def normalize_identity(self):
		if self.applicant_type == INDIVIDUAL or self.nik:
			self.nik = identity.normalize_nik(self.nik)
		for field, normalize in (("nib", identity.normalize_nib), ("npwp", identity.normalize_npwp)):
			if (self.get(field) or "").strip():
				self.set(field, normalize(self.get(field)))
			else:
				self.set(field, None)

	def normalize_contact(self):
		if self.email:
			self.email = contact.normalize_email(self.email)
		if self.mobile_no:
			self.mobile_no = contact.normalize_mobile(self.mobile_no)

	def check_unique(self):
		"""A clear message before the database's unique index would refuse the row."""
		for field, label in UNIQUE_FIELDS:
			value = self.get(field)
			if value and frappe.db.exists("Applicant", {field: value, "name": ("!=", self.name)}):
				raise DuplicateApplicantError(
					_("Another applicant is already registered with this {0}.").format(_(label))
				)
