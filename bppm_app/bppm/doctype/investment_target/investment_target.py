from frappe.model.document import Document


class InvestmentTarget(Document):
	"""One year's investment target, a row of BPPM Settings (validated there)."""
