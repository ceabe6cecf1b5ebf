from frappe.model.document import Document


class PermitApplicationStage(Document):
	"""Written by the app on every workflow transition (bppm_app.services.stages); read-only to users."""
