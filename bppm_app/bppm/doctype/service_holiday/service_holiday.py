from frappe.model.document import Document

from bppm_app.services.holidays import MANUAL


class ServiceHoliday(Document):
	def validate(self):
		self.description = (self.description or "").strip()
		# Entries made or edited by hand are the office's own decision: reseeding leaves them alone.
		if not self.flags.from_seed:
			self.source = MANUAL
