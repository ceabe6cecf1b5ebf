"""Walking permit applications through the workflow as the people who do it."""

import frappe

from bppm_app.engine.workflow import apply_action
from bppm_app.roles import (
	APPLICANT,
	FIELD_INSPECTOR,
	FRONT_OFFICE,
	HEAD,
	TECHNICAL_REVIEWER,
	TREASURER,
	VERIFIER,
)
from bppm_app.utils import as_user

from .factories import (
	act,
	make_applicant,
	make_application,
	make_permit_type,
	make_user,
	portal_edit,
	portal_user,
	upload,
)

DOCTYPE = "Permit Application"
# what the applicant's web form sends (the rest of the application is the office's)
PORTAL_FIELDS = ("permit_type", "subject", "location_address", "kelurahan", "kecamatan", "quantity")
COMBOS = [(i, t, l) for i in (0, 1) for t in (0, 1) for l in (0, 1)]


def combo_id(combo) -> str:
	return (
		"-".join(
			name for flag, name in zip(combo, ("inspection", "recommendation", "levy"), strict=True) if flag
		)
		or "none"
	)


def inspection_fields(result: str = "Passed") -> dict:
	"""What the inspector records in the Complete Inspection action (the inspector: whoever acts)."""
	return {
		"inspection_result": result,
		"inspection_date": frappe.utils.today(),
		"inspection_notes": "Lokasi sesuai permohonan." if result == "Passed" else "Lokasi tidak sesuai.",
	}


def recommendation_fields(result: str = "Recommended") -> dict:
	"""What the technical reviewer records in the Complete Review action."""
	return {
		"recommendation_result": result,
		"recommendation_number": "REK/01/2026",
		"recommendation_notes": "Sesuai kajian teknis." if result == "Recommended" else "Tidak sesuai.",
	}


def manual_payment_fields(user: str, doc, reference: str = "STS-001") -> dict:
	"""What the treasurer records when confirming a payment by hand: reference, date, the assessed
	amount and a proof uploaded (privately) by the treasurer into the application's payment_proof."""
	return {
		"levy_paid": 1,
		"payment_reference": reference,
		"paid_on": frappe.utils.today(),
		"paid_amount": doc.levy_amount,
		"payment_proof": upload(user, "bukti-bayar.pdf", attached_to=(DOCTYPE, doc.name, "payment_proof")),
	}


class Journey:
	"""One application and the people around it."""

	def __init__(self, staff: dict, applicant_user: str, name: str):
		self.staff = staff
		self.applicant_user = applicant_user
		self.name = name

	@property
	def doc(self):
		return frappe.get_doc(DOCTYPE, self.name)

	def user_for(self, who: str) -> str:
		return self.applicant_user if who == APPLICANT else self.staff.get(who, who)

	def edit(self, who: str, **changes):
		"""A plain save by ``who`` (a role of the staff fixture, APPLICANT, or a user): the desk's
		save for staff, the portal's web form for the applicant."""
		with as_user(self.user_for(who)):
			doc = frappe.get_doc(DOCTYPE, self.name)
			for field, value in changes.items():
				if field == "accept_documents":
					for row in doc.documents:
						row.review_status = "Accepted" if value else "Rejected"
				elif field == "inspection":
					doc.update(inspection_fields(value))
				elif field == "recommendation":
					doc.update(recommendation_fields(value))
				elif field == "manual_payment":
					doc.update(manual_payment_fields(self.user_for(who), doc, value))
				elif field == "upload_documents":
					for row in doc.documents:
						if row.is_mandatory or value == "all":
							row.attachment = upload(
								self.user_for(who), f"{frappe.scrub(row.requirement)}.pdf"
							)
				else:
					doc.set(field, value)
			if portal_user():
				values = {field: doc.get(field) for field in changes if field in PORTAL_FIELDS}
				values["documents"] = [row.as_dict(convert_dates_to_str=True) for row in doc.documents]
				portal_edit(DOCTYPE, self.name, **values)
			else:
				doc.save()
		return self.doc

	def act(self, who: str, action: str, **changes):
		if changes:
			self.edit(who, **changes)
		with as_user(self.user_for(who)):
			if portal_user():
				act(frappe.get_doc(DOCTYPE, self.name), action)
			else:
				apply_action(frappe.get_doc(DOCTYPE, self.name), action)
		return self.doc

	def states(self) -> list[str]:
		return [row.state for row in stages(self.name)]

	# --- the ordinary path, stage by stage ------------------------------------------------------
	def submit(self):
		return self.act(APPLICANT, "Submit")

	def verify(self, accept: bool = True):
		self.act(VERIFIER, "Start Verification")
		return self.act(VERIFIER, "Verify", accept_documents=accept)

	def to_awaiting_approval(self, inspection="Passed", recommendation="Recommended", pay=True):
		doc = self.submit()
		doc = self.verify()
		if doc.workflow_state == "Field Inspection":
			doc = self.act(FIELD_INSPECTOR, "Complete Inspection", inspection=inspection)
		if doc.workflow_state == "Technical Review":
			doc = self.act(TECHNICAL_REVIEWER, "Complete Review", recommendation=recommendation)
		if doc.workflow_state == "Awaiting Payment" and pay:
			doc = self.act(TREASURER, "Confirm Payment", manual_payment="SKRD-001")
		return doc

	def approve(self, who: str = HEAD):
		return self.act(who, "Approve")

	def reject(self, reason: str = "Lokasi tidak sesuai rencana tata ruang", who: str = HEAD):
		return self.act(who, "Reject", rejection_reason=reason)


def stages(name: str):
	return frappe.get_all(
		"Permit Application Stage",
		filters={"permit_application": name},
		fields=[
			"state",
			"holder",
			"sla_clock",
			"entered_by",
			"action",
			"working_days",
			"entered_on",
			"left_on",
		],
		order_by="entered_on asc, creation asc",
	)


def start(staff: dict, combo=(0, 0, 0), upload: bool = True, **type_fields) -> Journey:
	"""A new permit type with the given steps, a portal applicant, and their draft application
	(documents uploaded unless ``upload`` is False)."""
	permit_type = journey_permit_type(combo, **type_fields)
	user = make_user(APPLICANT)
	applicant = make_applicant(user=user)
	with as_user(user):
		doc = make_application(applicant.name, permit_type.name, quantity=10)
	journey = Journey(staff, user, doc.name)
	if upload:
		journey.edit(APPLICANT, upload_documents=True)
	return journey


def counter_start(staff: dict, combo=(0, 0, 0), upload: bool = True, **type_fields) -> Journey:
	"""As ``start``, for a walk-in: an applicant without a portal account, whose draft the front
	office makes at the counter (channel Counter) and whose documents the clerk scans. The
	applicant's turns are the clerk's."""
	permit_type = journey_permit_type(combo, **type_fields)
	applicant = make_applicant(user=None)
	clerk = staff[FRONT_OFFICE]
	with as_user(clerk):
		doc = make_application(applicant.name, permit_type.name, quantity=10)
	assert doc.channel == "Counter"
	journey = Journey(staff, clerk, doc.name)
	if upload:
		journey.edit(APPLICANT, upload_documents=True)
	return journey


def journey_permit_type(combo, **type_fields):
	i, t, l = combo
	return make_permit_type(
		requires_field_inspection=i,
		requires_technical_recommendation=t,
		requires_levy=l,
		levy_base_amount=100000 if l else 0,
		levy_rate=5000 if l else 0,
		levy_unit="m²" if l else None,
		technical_agency="Dinas PUPR" if t else None,
		**type_fields,
	)
