from frappe.model.document import Document


class BPPMStageSLA(Document):
	pass
