from frappe.model.document import Document

from bppm_app.model import ChildRow


class OSSStatusRule(ChildRow, Document):
	"""A row of BPPM Settings › OSS Status Mapping (checked by the settings' controller)."""
