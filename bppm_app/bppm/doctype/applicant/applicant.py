import frappe
from frappe import _
from frappe.model.document import Document

from bppm_app import counters
from bppm_app.erpnext_integration import accounting
from bppm_app.exceptions import ApplicantOwnershipError, DuplicateApplicantError, user_errors
from bppm_app.model import FieldOwnership
from bppm_app.roles import is_staff
from bppm_app.rules import contact, identity

INDIVIDUAL = "Individual"
UNIQUE_FIELDS = (("nik", "NIK"), ("nib", "NIB"), ("user", "Portal User"))
IDENTITY_FIELDS = ("nik", "nib")
# a person mistypes their own number a few times; more "already registered" answers a day would
# make the profile form a directory of who has applied to the office (UU 27/2022)
IDENTITY_TRIES, IDENTITY_WINDOW = 5, 24 * 60 * 60


class _IdentityTries:
	"""How often a portal user was told a NIK or NIB is taken, today."""

	def name(self) -> str:
		return f"identity-taken:{frappe.session.user}"

	def check(self) -> None:
		if counters.current(self.name()) >= IDENTITY_TRIES:
			frappe.throw(
				_("Too many identity numbers were tried today. Please contact the office to register yours."),
				frappe.TooManyRequestsError,
			)

	def count(self) -> None:
		counters.count(self.name(), IDENTITY_WINDOW)


identity_tries = _IdentityTries()


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
		"""A clear message before the database's unique index would refuse the row. Outside the
		office that message says whether a NIK or NIB is registered, so a portal user gets only a few
		such answers a day (``IDENTITY_TRIES``), whatever their address or the form's spelling."""
		probing = not is_staff()
		for field, label in UNIQUE_FIELDS:
			value = self.get(field)
			if not value:
				continue
			if probing and field in IDENTITY_FIELDS and self.has_value_changed(field):
				identity_tries.check()
			if frappe.db.exists("Applicant", {field: value, "name": ("!=", self.name)}):
				if probing and field in IDENTITY_FIELDS:
					identity_tries.count()
				raise DuplicateApplicantError(
					_("Another applicant is already registered with this {0}.").format(_(label))
				)
