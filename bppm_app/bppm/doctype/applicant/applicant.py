import frappe
from frappe import _
from frappe.model.document import Document

from bppm_app.erpnext_integration import accounting
from bppm_app.exceptions import ApplicantOwnershipError, DuplicateApplicantError, user_errors
from bppm_app.model import FieldOwnership
from bppm_app.roles import is_staff
from bppm_app.rules import contact, identity

INDIVIDUAL = "Individual"
UNIQUE_FIELDS = (("nik", "NIK"), ("nib", "NIB"), ("user", "Portal User"))


class Applicant(FieldOwnership, Document):
	"""A citizen or a business applying for permits. The NIK and NPWP are personal data at permission
	level 1, read only by the roles that need them; a portal user keeps their own profile through the
	portal's web form (their own data: levels 0 and 1)."""

	portal_write_levels = frozenset({0, 1})

	def validate(self):
		with user_errors():
			self.bind_to_portal_user()
			self.normalize_identity()
			self.normalize_contact()
			self.check_unique()

	def on_update(self):
		# with ERPNext, every applicant is a Customer
		accounting.on_applicant_update(self)

	def has_webform_permission(self) -> bool:
		"""The portal's profile form: the applicant record bound to the user."""
		return bool(self.user) and self.user == frappe.session.user

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
