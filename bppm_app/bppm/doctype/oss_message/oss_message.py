import frappe
from frappe import _
from frappe.model.document import Document

from bppm_app.exceptions import OSSMessageLockedError


class OSSMessage(Document):
	"""One message of the office to OSS, queued by ``engine.oss_exchange`` when an OSS application changes
	stage. Append-only: only the outbox creates rows (with its flag) and records each attempt on them
	(plain column updates); nobody creates, edits or deletes one by hand, on any path. A manager
	resends a failed message with ``bppm_app.api.oss_resend``."""

	def autoname(self):
		# one row per (application, place in its sequence): the primary key refuses a second
		self.name = f"{self.permit_application}-{int(self.sequence or 0):03d}"

	def before_insert(self):
		if not self.flags.get("bppm_oss_outbox"):
			frappe.throw(_("OSS Messages are written by the OSS outbox only."), exc=OSSMessageLockedError)

	def validate(self):
		if not self.is_new():
			frappe.throw(_("An OSS Message cannot be changed."), exc=OSSMessageLockedError)

	def on_trash(self):
		frappe.throw(_("An OSS Message cannot be deleted."), exc=OSSMessageLockedError)
