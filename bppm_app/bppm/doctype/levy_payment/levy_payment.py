import frappe
from frappe import _
from frappe.model.document import Document

from bppm_app.exceptions import LevyPaymentLockedError


class LevyPayment(Document):
	"""One payment notice from the bank, written by ``engine.bank_payments`` as it arrived.

	Append-only: nobody edits or deletes a row (the DocType grants no write or delete, and the
	controller refuses them on every path); the treasurer resolves a notice that did not match with
	a Levy Payment Resolution."""

	def validate(self):
		if not self.is_new():
			frappe.throw(_("A recorded bank payment notice cannot be changed."), exc=LevyPaymentLockedError)

	def on_trash(self):
		frappe.throw(_("A recorded bank payment notice cannot be deleted."), exc=LevyPaymentLockedError)
