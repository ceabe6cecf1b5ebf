"""Whitelisted methods of bppm_app (JSON over /api/method/bppm_app.api.<name>).

Guest methods read only what the office publishes (see ``services.public``), change nothing,
accept GET or POST, and are throttled per client IP. Methods that change data require a login
and POST.
"""

import frappe
from frappe import _

from bppm_app.roles import APPLICANT
from bppm_app.services import public, settings, workflow

GUEST = {"allow_guest": True, "methods": ["GET", "POST"]}


@frappe.whitelist(**GUEST)
def track_application(registration_number: str | None = None, pin: str | None = None) -> dict:
	"""Progress of an application for the holder of its registration number and tracking PIN."""
	public.require_public_pages()
	public.throttle("track")
	return public.track(registration_number, pin)


@frappe.whitelist(**GUEST)
def verify_permit(code: str | None = None) -> dict:
	"""Whether a permit (by the verification code on its QR) is valid, expired or revoked."""
	public.require_public_pages()
	public.throttle("verify")
	return public.verify(code)


@frappe.whitelist(**GUEST)
def public_statistics(year: int | str | None = None) -> dict:
	"""Applications received, issued, rejected and in process per permit type; investment totals."""
	public.require_public_pages()
	public.throttle("statistics")
	return public.statistics(year)


@frappe.whitelist(**GUEST)
def levy_estimate(permit_type: str | None = None, quantity: float | str | None = 0) -> dict:
	"""The levy of a published permit type for a quantity: base + rate × quantity."""
	public.throttle("levy_estimate")
	return public.levy_estimate(permit_type, quantity)


@frappe.whitelist(**GUEST)
def published_permit_types() -> list[dict]:
	"""The permit types open for online applications, with their requirements."""
	public.throttle("standards")
	max_mb = settings.get("max_upload_size_mb")
	out = []
	for row in public.published_permit_types():
		doc = frappe.get_cached_doc("Permit Type", row.name)
		out.append(
			{
				"name": doc.name,
				"code": doc.code,
				"category": doc.category,
				"sla_working_days": doc.sla_working_days,
				"levy": public.levy_formula(doc),
				"levy_unit": doc.levy_unit if doc.requires_levy else "",
				"max_upload_size_mb": max_mb,
				"requirements": [
					{
						"requirement": r.requirement,
						"description": r.description,
						"is_mandatory": r.is_mandatory,
						"allowed_file_types": r.allowed_file_types,
					}
					for r in doc.requirements
				],
			}
		)
	return out


@frappe.whitelist(methods=["POST"])
def submit_application(name: str) -> dict:
	"""Submit (or resubmit) one's own application: the applicant's forward workflow action."""
	doc = frappe.get_doc("Permit Application", name)
	doc.check_permission("write")
	# the applicant's own transition out of the current state, whatever the workflow calls it
	actions = [t.action for t in frappe.model.workflow.get_transitions(doc) if t.allowed == APPLICANT]
	if not actions:
		frappe.throw(_("This application cannot be submitted at its current stage."), frappe.ValidationError)
	doc = workflow.apply_action(doc, actions[0])
	return {"name": doc.name, "workflow_state": doc.workflow_state, "sla_due_date": doc.sla_due_date}
