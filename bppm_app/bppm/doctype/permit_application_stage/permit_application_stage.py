from frappe.model.document import Document


class PermitApplicationStage(Document):
	"""Written by the app on every workflow transition (bppm_app.engine.stages); read-only to users."""
