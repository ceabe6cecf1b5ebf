from frappe.model.document import Document


class PermitTypeRequirement(Document):
	pass
