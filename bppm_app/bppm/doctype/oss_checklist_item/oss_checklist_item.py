import frappe
from frappe import _
from frappe.model.document import Document

from bppm_app.exceptions import OSSMessageLockedError


class OSSChecklistItem(Document):
	"""One checklist item OSS sent with receiveNIB, named by its id_izin: the primary key makes a
	repeat (or two deliveries at once) one row. Written by ``engine.oss_exchange`` only, never by hand."""

	def before_insert(self):
		if not self.flags.get("bppm_oss_intake"):
			frappe.throw(
				_("OSS checklist items are recorded by the OSS intake only."), exc=OSSMessageLockedError
			)

	def validate(self):
		if not self.is_new():
			frappe.throw(_("A recorded OSS checklist item cannot be changed."), exc=OSSMessageLockedError)

	def on_trash(self):
		frappe.throw(_("A recorded OSS checklist item cannot be deleted."), exc=OSSMessageLockedError)
