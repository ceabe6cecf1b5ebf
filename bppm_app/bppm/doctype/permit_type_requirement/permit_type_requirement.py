from frappe.model.document import Document

from bppm_app.model import ChildRow


class PermitTypeRequirement(ChildRow, Document):
	"""One requirement of a permit type. Rows change only through their parent."""
