from frappe import _
from frappe.model.document import Document

from bppm_app.engine import service_level
from bppm_app.erpnext_integration import holiday_list
from bppm_app.setup.holidays import MANUAL


class ServiceHoliday(Document):
	def validate(self):
		self.description = (self.description or "").strip()
		# Entries made or edited by hand are the office's own decision: reseeding leaves them alone.
		if not self.flags.from_seed:
			self.source = MANUAL

	def on_update(self):
		service_level.recompute_for_holiday_change(
			self.holiday_date,
			_("holiday {0} ({1}) added or changed").format(self.holiday_date, self.description),
		)
		holiday_list.mirror()  # one calendar for the office and HR (with ERPNext)

	def after_delete(self):
		service_level.recompute_for_holiday_change(
			self.holiday_date, _("holiday {0} ({1}) removed").format(self.holiday_date, self.description)
		)
		holiday_list.mirror()
