from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from bppm_app.exceptions import InvalidPermitTypeError, user_errors
from bppm_app.rules import amounts, levy
from bppm_app.rules import permit_type as rules
from bppm_app.web import page_store


class PermitType(Document):
	def validate(self):
		with user_errors():
			self.code = rules.normalize_code(self.code)
			rules.check_sla_working_days(cint(self.sla_working_days))
			rules.check_validity_months(cint(self.validity_months))
			self.check_levy()
			self.check_requirements()
			self.renewal_window_days = rules.check_renewal_window(self.renewal_window_days)
			rules.check_fast_lane(
				cint(self.fast_lane),
				self.risk_level,
				cint(self.requires_field_inspection),
				cint(self.requires_technical_recommendation),
				cint(self.requires_levy),
			)

	# the public standards (and a published type's page) follow the type
	def on_update(self):
		page_store.on_standards_change()

	def on_trash(self):
		page_store.on_standards_change()

	def after_rename(self, *args, **kwargs):
		page_store.on_standards_change()

	def check_levy(self):
		base = amounts.non_negative(self.levy_base_amount, "Levy Base Amount")
		rate = amounts.non_negative(self.levy_rate, "Levy Rate")
		if self.requires_levy and not (base or rate):
			raise InvalidPermitTypeError(_("A permit type with a levy needs a base amount or a rate."))
		if self.requires_levy and rate and not (self.levy_unit or "").strip():
			raise InvalidPermitTypeError(_("A levy rate needs a levy unit, e.g. m²."))

	def check_requirements(self):
		rules.check_requirements([row.requirement for row in self.requirements])
		for row in self.requirements:
			row.requirement = row.requirement.strip()
			row.allowed_file_types = rules.normalize_file_types(row.allowed_file_types)
