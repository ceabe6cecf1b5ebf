"""OSS RBA as the tests see it: the local OSS (tests/oss_local.py) with the office configured to talk
to it, permit types OSS's codes map to, and committed OSS applications walked through the workflow
with Frappe's own ``apply_workflow`` by the people who do each step. Shared by the OSS tests of the
integration, security and browser tiers."""

import random
import string

import frappe
from frappe.model.workflow import apply_workflow

from bppm_app.engine import oss_exchange
from bppm_app.roles import FIELD_INSPECTOR, HEAD, TECHNICAL_REVIEWER, TREASURER, VERIFIER
from bppm_app.utils import as_user
from tests.oss_local import LocalOSS

from .factories import make_permit_type, purge_applications, rand
from .journeys import inspection_fields, manual_payment_fields, recommendation_fields

# fixed, so that a server started earlier and a rerun agree
USER_KEY = "local-oss-user-key-7c1f0e2d9a8b4c6e"
TOKEN = "local-oss-inbound-token-5d3e2a1b0c9f8e7d"
TIMEOUT = 2  # seconds the office waits for OSS in the tests (the local OSS's "timeout" waits 4)
SETTINGS_FIELDS = (
	"oss_enabled",
	"oss_base_url",
	"oss_kd_instansi",
	"oss_timeout",
	"head_of_office_name",
	"head_of_office_nip",
	"head_of_office_title",
)


def digits(n: int) -> str:
	return "".join(random.choices(string.digits, k=n))


def new_nib() -> str:
	return "8" + digits(12)


def new_id_izin() -> str:
	return "I-" + digits(20)


class OSSOffice:
	"""The office connected to a local OSS: BPPM Settings pointed at it (committed, restored at the
	end), a permit type without extra steps and one with inspection, review and levy, each mapped to
	an OSS code, their requirements mapped to OSS's requirement codes."""

	def __init__(self, local: LocalOSS):
		self.local = local
		settings = frappe.get_single("BPPM Settings")
		self.saved = {field: settings.get(field) for field in SETTINGS_FIELDS}
		settings.update(
			{
				"oss_enabled": 1,
				"oss_base_url": local.url,
				"oss_user_key": USER_KEY,
				"oss_inbound_token": TOKEN,
				"oss_kd_instansi": "BTG",
				"oss_timeout": TIMEOUT,
				"head_of_office_name": "Dr. Ir. Ahmad Fauzi, M.Si.",
				"head_of_office_nip": "197203151998031004",
				"head_of_office_title": "Kepala Dinas",
			}
		)
		settings.save(ignore_permissions=True)  # test set-up, as the manager would
		requirements = [
			{
				"requirement": "Akta Pendirian",
				"is_mandatory": 1,
				"allowed_file_types": "pdf",
				"oss_id_syarat": "S-AKTA",
			},
			{
				"requirement": "Denah lokasi",
				"is_mandatory": 0,
				"allowed_file_types": "pdf",
				"oss_id_syarat": "S-DENAH",
			},
		]
		self.simple_code = "9" + digits(11)
		self.full_code = "9" + digits(11)
		self.simple = make_permit_type(
			permit_type_name=f"Izin OSS Uji {rand(5)}",
			oss_kd_izin=self.simple_code,
			requirements=requirements,
		).name
		self.full = make_permit_type(
			permit_type_name=f"Izin OSS Lengkap {rand(5)}",
			oss_kd_izin=self.full_code,
			requirements=requirements,
			requires_field_inspection=1,
			requires_technical_recommendation=1,
			technical_agency="Dinas PUPR",
			requires_levy=1,
			levy_base_amount=100_000,
			levy_rate=5_000,
			levy_unit="m²",
		).name
		self.nibs: list[str] = []
		frappe.db.commit()

	# --- OSS sending a NIB ---------------------------------------------------------------------------
	def item(self, code: str | None = None, kewenangan: str = "02", **fields) -> dict:
		return {
			"id_izin": new_id_izin(),
			"kd_izin": code or self.simple_code,
			"kewenangan": kewenangan,
			"nama_izin": "Izin Usaha Toko Modern",
			"instansi": "DPMPTSP Kota Bontang",
			"jenis_izin": "02",
			"data_persyaratan": [
				{
					"id_syarat": "S-AKTA",
					"no_dokumen": "AHU-0012345.AH.01.01",
					"tgl_dokumen": "2026-01-05",
					"file_dokumen": "https://oss.example/files/akta.pdf",
					"keterangan": "Akta pendirian",
				}
			],
			**fields,
		}

	def body(self, items: list[dict], nib: str | None = None, **company) -> dict:
		nib = nib or new_nib()
		self.nibs.append(nib)
		return LocalOSS.nib_body(nib, items, **company)

	def send(self, server: str, body, token: str | None = TOKEN, **kwargs):
		return self.local.send_nib(server, token, body, **kwargs)

	def receive(self, server: str, code: str | None = None) -> str:
		"""OSS sends one item of this office; returns the application it became (committed)."""
		item = self.item(code)
		status, answer = self.send(server, self.body([item]))
		assert status == 200, answer
		name = application_of(item["id_izin"])
		# what the office recorded of the item says why it made no application
		assert name, (answer, frappe.db.get_value("OSS Checklist Item", item["id_izin"], ["outcome", "note"]))
		return name

	# --- the end -----------------------------------------------------------------------------------------
	def purge(self) -> None:
		frappe.db.rollback()
		apps = frappe.get_all(
			"Permit Application", filters={"oss_nib": ("in", self.nibs or [""])}, pluck="name"
		)
		frappe.db.delete("OSS Message", {"permit_application": ("in", apps or [""])})
		frappe.db.delete("OSS Checklist Item", {"nib": ("in", self.nibs or [""])})
		frappe.db.delete("Error Log", {"reference_name": ("in", apps or [""])})
		purge_applications(apps)
		applicants = frappe.get_all("Applicant", filters={"nib": ("in", self.nibs or [""])}, pluck="name")
		frappe.db.delete("Comment", {"reference_name": ("in", applicants or [""])})
		frappe.db.delete("Applicant", {"name": ("in", applicants or [""])})
		for name in (self.simple, self.full):
			frappe.delete_doc("Permit Type", name, force=True, ignore_permissions=True)
		settings = frappe.get_single("BPPM Settings")
		settings.update({**self.saved, "oss_user_key": None, "oss_inbound_token": None})
		settings.save(ignore_permissions=True)
		frappe.db.commit()


def application_of(id_izin: str) -> str | None:
	frappe.db.rollback()  # a new transaction sees what the server committed
	return frappe.db.get_value("Permit Application", {"oss_id_izin": id_izin})


def messages_of(application: str) -> list:
	frappe.db.rollback()
	return frappe.get_all(
		"OSS Message",
		filters={"permit_application": application},
		fields=["name", "sequence", "method", "kd_status", "status", "attempts", "unconfirmed", "payload",
			"last_response", "last_http_status", "stage_change"],
		order_by="sequence asc",
	)  # fmt: skip


def act(staff: dict, name: str, role: str, action: str, **fields):
	"""``role``'s person edits the fields of their stage and takes ``action`` with Frappe's own
	apply_workflow (as the desk's button and e-mail approvals do); committed."""
	with as_user(staff[role]):
		doc = frappe.get_doc("Permit Application", name)
		accept = fields.pop("accept_documents", False)
		if fields.pop("manual_payment", None):
			fields.update(manual_payment_fields(staff[role], doc, "SKRD-OSS-1"))
		for row in doc.documents if accept else []:
			row.review_status = "Accepted"
		if fields or accept:
			doc.update(fields)
			doc.save()
		apply_workflow(frappe.get_doc("Permit Application", name), action)
	frappe.db.commit()
	return frappe.get_doc("Permit Application", name)


# the kd_status sequences OSS must receive, path by path (the shipped workflow and mapping)
ISSUED_FULL = ["10", "20", "40", "45", "30", "41", "42", "50"]
REJECTED = ["10", "20", "90"]
RETURNED_THEN_ISSUED = ["10", "20", "11", "41", "42", "20", "50"]


def walk_full_to_issued(staff: dict, name: str):
	"""Verification, field inspection, technical review, the levy and the head's approval."""
	act(staff, name, VERIFIER, "Start Verification")
	act(staff, name, VERIFIER, "Verify", accept_documents=True)
	act(
		staff,
		name,
		FIELD_INSPECTOR,
		"Complete Inspection",
		**inspection_fields("Passed"),
	)
	act(
		staff,
		name,
		TECHNICAL_REVIEWER,
		"Complete Review",
		**recommendation_fields("Recommended"),
	)
	act(
		staff,
		name,
		TREASURER,
		"Confirm Payment",
		manual_payment=True,
	)
	return act(staff, name, HEAD, "Approve")


def walk_to_rejected(staff: dict, name: str):
	act(staff, name, VERIFIER, "Start Verification")
	act(staff, name, VERIFIER, "Verify", accept_documents=True)
	return act(staff, name, HEAD, "Reject", rejection_reason="Lokasi tidak sesuai rencana tata ruang")


def walk_returned_then_issued(staff: dict, name: str):
	from bppm_app.roles import FRONT_OFFICE

	act(staff, name, VERIFIER, "Start Verification")
	act(staff, name, VERIFIER, "Return for Revision", revision_remarks="Akta pendirian tidak terbaca")
	# the business sends the corrected document through OSS; the counter resubmits the file
	act(staff, name, FRONT_OFFICE, "Resubmit")
	act(staff, name, VERIFIER, "Verify", accept_documents=True)
	return act(staff, name, HEAD, "Approve")


def sync(name: str | None = None, force: bool = True) -> dict:
	"""The outbox, as the scheduler or the manager's button runs it: for one application (the other
	tests' applications have messages of their own), or everything that is due."""
	frappe.db.commit()
	if name:
		return oss_exchange.sync_application(name, force=force)
	return oss_exchange.sync(force=force)
