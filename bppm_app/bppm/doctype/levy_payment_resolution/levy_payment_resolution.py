import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from bppm_app.engine import bank_payments
from bppm_app.exceptions import LevyPaymentLockedError, user_errors


class LevyPaymentResolution(Document):
	"""The treasurer's decision on a bank payment notice that did not match: accept it as the
	payment of an application's levy, or return it to the payer. Recorded once, with a reason, and
	never changed or deleted."""

	def before_insert(self):
		self.resolved_by = frappe.session.user
		self.resolved_on = now_datetime()

	def validate(self):
		if not self.is_new():
			frappe.throw(_("A recorded resolution cannot be changed."), exc=LevyPaymentLockedError)
		with user_errors():
			bank_payments.check_resolution(self)

	def after_insert(self):
		bank_payments.apply_resolution(self)

	def on_trash(self):
		frappe.throw(_("A recorded resolution cannot be deleted."), exc=LevyPaymentLockedError)
