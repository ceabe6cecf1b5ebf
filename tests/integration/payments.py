"""The bank, as the payment tests see it: signed notices sent over real HTTP to a server for the
test site, and committed applications waiting for their levy. Shared by the payment tests of the
integration tier and the ERPNext tier."""

import json
import secrets

import frappe
import requests

from bppm_app.engine.workflow import apply_action
from bppm_app.roles import APPLICANT, VERIFIER
from bppm_app.rules import levy
from bppm_app.rules import payments as rules
from bppm_app.utils import as_user
from bppm_app.web import applicant_portal

from .factories import (
	make_applicant,
	make_application,
	make_permit_type,
	make_user,
	portal_edit,
	purge_applications,
	rand,
	upload,
)

# fixed, so that a server started earlier and a rerun agree; at least 32 characters
SECRET = "bppm-test-callback-secret-0123456789abcdef"
ENDPOINT = "/api/method/bppm_app.api.payment_notification"
LEVY = 150_000  # the test permit type's levy for a quantity of 10: 100.000 + 10 × 5.000


def set_secret(secret: str = SECRET) -> None:
	settings = frappe.get_single("BPPM Settings")
	settings.payment_callback_secret = secret
	settings.save()
	frappe.db.commit()


class Bank:
	"""Sends payment notices to the site's server the way the regional bank does."""

	def __init__(self, base_url: str, prefix: str, secret: str = SECRET):
		self.url = base_url + ENDPOINT
		self.prefix = prefix
		self.secret = secret

	def reference(self) -> str:
		return f"{self.prefix}{secrets.token_hex(5).upper()}"

	@staticmethod
	def body(code, amount, reference, paid_at="2026-03-16T10:15:00+08:00", bank="Bank Kaltimtara") -> bytes:
		return json.dumps(
			{
				"payment_code": code,
				"amount": amount,
				"paid_at": paid_at,
				"bank_reference": reference,
				"bank": bank,
			}
		).encode()

	def post(self, body: bytes, signature: str | None = "sign", ip: str | None = None, **headers):
		headers = {"Content-Type": "application/json", **headers}
		if signature == "sign":
			signature = rules.sign(self.secret, body)
		if signature is not None:
			headers[rules.SIGNATURE_HEADER] = signature
		if ip:
			headers["X-Forwarded-For"] = ip
		return requests.post(self.url, data=body, headers=headers, timeout=120)

	def notify(self, code, amount, reference=None, **fields):
		"""A signed notice; returns (HTTP status, the answer's ``message`` or the whole JSON)."""
		response = self.post(self.body(code, amount, reference or self.reference(), **fields))
		data = (
			response.json() if response.headers.get("Content-Type", "").startswith("application/json") else {}
		)
		return response.status_code, data.get("message", data)


class Office:
	"""A permit type with a levy, an applicant, and committed applications waiting for payment."""

	def __init__(self, staff: dict, code_prefix: str = "PAY"):
		self.staff = staff
		self.permit_type = make_permit_type(
			code=code_prefix + rand(5).upper(),
			requires_levy=1,
			levy_base_amount=100_000,
			levy_rate=5_000,
			levy_unit="m²",
		)
		self.user = make_user(APPLICANT)
		self.applicant = make_applicant(user=self.user)
		self.made: list[str] = []
		frappe.db.commit()

	def awaiting_payment(self, quantity: float = 10) -> str:
		"""An application verified and waiting for its levy (SKRD issued), committed."""
		with as_user(self.user):
			# the applicant applies, uploads and submits on the portal
			doc = make_application(self.applicant.name, self.permit_type.name, quantity=quantity)
			for row in doc.documents:
				row.attachment = upload(self.user, "berkas.pdf")
			rows = [row.as_dict(convert_dates_to_str=True) for row in doc.documents]
			portal_edit("Permit Application", doc.name, documents=rows)
			applicant_portal.take_own_action(applicant_portal.own_application(doc.name))
		with as_user(self.staff[VERIFIER]):
			apply_action(frappe.get_doc("Permit Application", doc.name), "Start Verification")
			doc = frappe.get_doc("Permit Application", doc.name)
			for row in doc.documents:
				row.review_status = "Accepted"
			doc.save()
			doc = apply_action(doc, "Verify")
		assert doc.skrd_number, doc.workflow_state
		self.made.append(doc.name)
		frappe.db.commit()
		return doc.name

	@staticmethod
	def code(name: str) -> str:
		return levy.payment_code(name)

	def purge(self, reference_prefix: str) -> None:
		frappe.db.rollback()
		purge_payments(reference_prefix, self.made)
		purge_applications(self.made)
		frappe.db.delete("Applicant", {"name": self.applicant.name})
		frappe.delete_doc("Permit Type", self.permit_type.name, force=True, ignore_permissions=True)
		frappe.delete_doc("User", self.user, force=True, ignore_permissions=True)
		frappe.db.commit()


def purge_payments(reference_prefix: str, applications: list[str]) -> None:
	"""Levy Payment rows are append-only for users; the tests remove their own directly."""
	names = frappe.get_all(
		"Levy Payment",
		or_filters={
			"bank_reference": ("like", f"{reference_prefix}%"),
			"permit_application": ("in", applications or [""]),
		},
		pluck="name",
	)
	frappe.db.delete("Levy Payment Resolution", {"levy_payment": ("in", names or [""])})
	frappe.db.delete("Levy Payment", {"name": ("in", names or [""])})
	frappe.db.delete("Error Log", {"reference_name": ("in", applications or [""])})
	frappe.db.commit()


def payments_of(reference: str | None = None, application: str | None = None) -> list:
	frappe.db.rollback()  # a new transaction sees what the server committed
	filters = {"bank_reference": reference} if reference else {"permit_application": application}
	return frappe.get_all(
		"Levy Payment",
		filters=filters,
		fields=[
			"name",
			"status",
			"permit_application",
			"amount",
			"bank_reference",
			"owner",
			"note",
			"raw_payload",
		],
	)
