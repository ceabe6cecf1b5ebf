from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from bppm_app.exceptions import InvalidAmountError, user_errors
from bppm_app.rules import identity, lkpm, numbering


class BPPMSettings(Document):
	def validate(self):
		with user_errors():
			if (self.head_of_office_nip or "").strip():
				self.head_of_office_nip = identity.normalize_nip(self.head_of_office_nip)
			self.permit_number_format = numbering.check_format(
				self.permit_number_format or numbering.DEFAULT_FORMAT
			)
			if not 0 < flt(self.sla_warning_threshold) <= 100:
				raise InvalidAmountError(_("SLA Warning Threshold must be between 1 and 100 percent."))
			lkpm.check_target_years(row.year for row in self.investment_targets)

	def on_update(self):
		# public pages read these settings, and Frappe caches rendered pages and 404s
		from frappe.website.utils import clear_website_cache

		from bppm_app.services import settings

		clear_website_cache()
		settings.clear_cached()
