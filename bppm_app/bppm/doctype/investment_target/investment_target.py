from frappe.model.document import Document

from bppm_app.model import ChildRow


class InvestmentTarget(ChildRow, Document):
	"""One year's investment target, a row of BPPM Settings (validated there). Rows change only through their parent."""
