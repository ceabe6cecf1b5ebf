from frappe.model.document import Document

from bppm_app.model import ChildRow


class BPPMStageSLA(ChildRow, Document):
	"""The working days one workflow state may take (BPPM Settings). Rows change only through their parent."""
