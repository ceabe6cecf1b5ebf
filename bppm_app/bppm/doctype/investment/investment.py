from frappe.model.document import Document

from bppm_app.exceptions import user_errors
from bppm_app.rules import investment as rules
from bppm_app.rules import levy


class Investment(Document):
	def validate(self):
		with user_errors():
			if (self.kbli_code or "").strip():
				self.kbli_code = rules.normalize_kbli(self.kbli_code)
			levy.positive(self.planned_investment, "Planned Investment")
			for field, label in (
				("planned_workers_local", "Planned Local Workers"),
				("planned_workers_foreign", "Planned Foreign Workers"),
			):
				self.set(field, rules.check_workers(self.get(field), label))
		if self.investment_type != "PMA":
			self.country_of_origin = None
