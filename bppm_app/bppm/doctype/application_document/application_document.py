from frappe.model.document import Document


class ApplicationDocument(Document):
	pass
