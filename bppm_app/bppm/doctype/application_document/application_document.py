from frappe.model.document import Document

from bppm_app.model import ChildRow


class ApplicationDocument(ChildRow, Document):
	"""A document a permit application needs (one row per requirement of its permit type). Rows change only through their parent."""
