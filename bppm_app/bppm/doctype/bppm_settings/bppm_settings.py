from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt

from bppm_app.engine import signing
from bppm_app.erpnext_integration import holiday_list
from bppm_app.exceptions import InvalidAmountError, InvalidComplaintError, user_errors
from bppm_app.rules import identity, lkpm, numbering, payments


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
			secret = self.get("payment_callback_secret")
			if secret and set(secret) != {"*"}:  # asterisks: the stored secret, unchanged
				payments.check_secret(secret)
			# OSS RBA: the inbound token's length, the API address, the status mapping's codes
			from bppm_app.engine import oss_exchange

			oss_exchange.check_settings(self)
			if not 0 <= cint(self.complaint_response_days) <= 60:
				# 0 (or empty) means the regulation's 5 working days
				raise InvalidComplaintError(_("Complaint Response must be from 1 to 60 working days."))
			# the office's private key: kept encrypted, never as a file anyone could fetch
			signing.keep_certificate(self)

	def on_update(self):
		# public pages read these settings, and Frappe caches rendered pages and 404s
		from frappe.website.utils import clear_website_cache

		from bppm_app.config import settings

		signing.delete_uploaded_certificate(self)
		clear_website_cache()
		# the ERPNext Holiday List the settings name (with ERPNext)
		holiday_list.mirror()
		settings.clear_cached()
