from frappe.model.document import Document

from bppm_app.engine import investment_reports
from bppm_app.exceptions import user_errors
from bppm_app.rules import amounts
from bppm_app.rules import investment as rules


class Investment(Document):
	def validate(self):
		with user_errors():
			if (self.kbli_code or "").strip():
				self.kbli_code = rules.normalize_kbli(self.kbli_code)
			amounts.positive(self.planned_investment, "Planned Investment")
			for field, label in (
				("planned_workers_local", "Planned Local Workers"),
				("planned_workers_foreign", "Planned Foreign Workers"),
			):
				self.set(field, rules.check_workers(self.get(field), label))
		if self.investment_type != "PMA":
			self.country_of_origin = None
		self.set_realisation()

	def set_realisation(self):
		"""Realised investment and current workers come from approved LKPM reports only: whatever
		a client sends is replaced."""
		if self.is_new():
			values = {
				"realized_investment": 0,
				"current_workers_local": 0,
				"current_workers_foreign": 0,
				"latest_lkpm_period": None,
			}
		else:
			values = investment_reports.rollup_values(self.name)
		self.update(values)
