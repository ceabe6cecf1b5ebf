"""Test data made the way users make it: through documents, controllers and permissions."""

import random
import string

import frappe

from bppm_app.roles import is_staff
from bppm_app.utils import as_user, submit_web_form

TEST_DOMAIN = "test.bppm.example"


def rand(n: int = 8) -> str:
	return "".join(random.choices(string.ascii_lowercase + string.digits, k=n))


def unique_nik(female: bool = False) -> str:
	"""A plausible NIK from Kota Bontang with a random birth date and serial."""
	day = random.randint(1, 28) + (40 if female else 0)
	month = random.randint(1, 12)
	year = random.randint(50, 99)
	return f"647402{day:02d}{month:02d}{year:02d}{random.randint(1, 9999):04d}"


def unique_nib() -> str:
	return "9" + "".join(random.choices(string.digits, k=12))


def shown_messages() -> list[str]:
	"""The messages Frappe would show the user for this request (msgprint / throw)."""
	out = []
	for entry in frappe.local.message_log or []:
		entry = frappe.parse_json(entry) if isinstance(entry, str) else entry
		out.append(str(entry.get("message", "")))
	return out


def make_user(*roles: str, email: str | None = None, password: str | None = None) -> str:
	email = email or f"{rand()}@{TEST_DOMAIN}"
	user = frappe.new_doc("User")
	user.update({"email": email, "first_name": email.split("@")[0], "send_welcome_email": 0})
	if password:
		user.new_password = password
	for role in roles:
		user.append("roles", {"role": role})
	user.insert(ignore_permissions=True)
	return user.name


def portal_user() -> bool:
	"""Whether the session user is a portal user (who acts through the portal's surfaces only)."""
	return frappe.session.user not in ("Administrator", "Guest") and not is_staff()


def make_applicant(user: str | None = None, **fields):
	values = {
		"doctype": "Applicant",
		"applicant_type": "Individual",
		"applicant_name": f"Pemohon {rand(5)}",
		"nik": unique_nik(),
		"mobile_no": "0812" + "".join(random.choices(string.digits, k=8)),
		"kecamatan": "Bontang Utara",
		"user": user,
	}
	values.update(fields)
	if portal_user():
		# a portal user registers on the profile form; the form binds the profile to them
		values.pop("doctype")
		values.pop("user", None)
		return submit_web_form("applicant-profile", values)
	return frappe.get_doc(values).insert()


def make_permit_type(**fields):
	name = fields.pop("permit_type_name", None) or f"Izin Uji {rand(6)}"
	values = {
		"doctype": "Permit Type",
		"permit_type_name": name,
		"code": "T" + rand(6).upper(),
		"category": "Uji",
		"sla_working_days": 5,
		"validity_months": 12,
		"is_active": 1,
		"is_published": 1,
		"requirements": [
			{"requirement": "Fotokopi KTP", "is_mandatory": 1, "allowed_file_types": "pdf,jpg"},
			{"requirement": "Denah lokasi", "is_mandatory": 0, "allowed_file_types": "pdf"},
		],
	}
	values.update(fields)
	return frappe.get_doc(values).insert()


def make_application(applicant: str, permit_type: str, **fields):
	values = {
		"doctype": "Permit Application",
		"applicant": applicant,
		"permit_type": permit_type,
		"subject": f"Usaha {rand(5)}",
		"location_address": "Jl. Ahmad Yani No. 1",
		"kecamatan": "Bontang Utara",
	}
	values.update(fields)
	if portal_user():
		# a portal user applies on the portal's form, as their own applicant profile
		values.pop("doctype")
		values.pop("applicant")
		return submit_web_form("apply", values)
	return frappe.get_doc(values).insert()


def portal_edit(doctype: str, name: str, **changes):
	"""An applicant's save through the portal's web form for ``doctype``."""
	form = {"Permit Application": "apply", "Applicant": "applicant-profile", "Investment Report": "lkpm"}
	return submit_web_form(form[doctype], changes, name=name)


# --- investments and LKPM ---------------------------------------


def make_investment(investor: str | None = None, **fields):
	values = {
		"doctype": "Investment",
		"investor": investor
		or make_applicant(applicant_type="Business Entity", nik=None, nib=unique_nib()).name,
		"project_name": f"Proyek {rand(5)}",
		"investment_type": "PMDN",
		"kbli_code": "10213",
		"sector": "Industri",
		"kecamatan": "Bontang Selatan",
		"status": "Operating",
		"planned_investment": 1_000_000_000,
		"lkpm_start_date": "2024-01-01",
	}
	values.update(fields)
	return frappe.get_doc(values).insert()


def make_lkpm(investment: str, year: int, quarter: str, **fields):
	"""A draft LKPM report, made by whoever is the session user."""
	values = {
		"doctype": "Investment Report",
		"investment": investment,
		"year": year,
		"quarter": quarter,
		"investment_in_period": 0,
	}
	values.update(fields)
	if portal_user():
		values.pop("doctype")
		return submit_web_form("lkpm", values)
	return frappe.get_doc(values).insert()


def act(doc, action: str):
	"""Apply a workflow action as the session user: the desk's action buttons for staff, the
	portal's submit for a portal user (on their own document)."""
	from frappe.model.workflow import apply_workflow

	if portal_user():
		from bppm_app.web import applicant_portal

		own = (
			applicant_portal.own_application(doc.name)
			if doc.doctype == "Permit Application"
			else applicant_portal.own_investment_report(doc.name)
		)
		return workflow_as_owner(own, action)
	return apply_workflow(doc.as_dict(), action)


def workflow_as_owner(doc, action: str):
	from bppm_app.engine import workflow

	return workflow.apply_as_owner(doc, action)


def officer_files_lkpm(
	officer: str,
	investment: str,
	year: int,
	quarter: str,
	until: str = "Approved",
	reported_on=None,
	**fields,
):
	"""An Investment Officer records a report and moves it up to ``until`` (Draft, Submitted,
	Needs Revision or Approved); ``reported_on`` overrides the filing date (a paper report)."""
	with as_user(officer):
		doc = make_lkpm(investment, year, quarter, **fields)
		if until == "Draft":
			return doc
		doc = act(doc, "Submit")
		if reported_on:
			doc.reported_on = reported_on
			doc.save()
		if until == "Needs Revision":
			doc.revision_note = "Lengkapi bukti realisasi"
			doc.save()
			return act(doc, "Request Revision")
		if until == "Approved":
			return act(doc, "Approve")
		return doc


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def upload(
	user: str,
	file_name: str = "dokumen.pdf",
	content: bytes | None = None,
	private: int = 1,
	attached_to: tuple[str, str, str] | None = None,
) -> str:
	"""A file uploaded by ``user`` (as the upload endpoint stores it), attached to ``attached_to``
	(doctype, name, field) when given, as the desk's uploader does; returns its URL. Each default
	PDF is unique: Frappe stores identical content once, under the first upload's URL."""
	content = content if content is not None else PDF + f"% {rand(12)}\n".encode()
	with as_user(user):
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{rand(6)}-{file_name}",
				"content": content,
				"is_private": private,
				**dict(
					zip(
						("attached_to_doctype", "attached_to_name", "attached_to_field"),
						attached_to or (),
						strict=False,
					)
				),
			}
		).insert()
	return file.file_url


def purge_applications(names: list[str]) -> None:
	"""Delete committed test applications with everything hanging off them, and commit."""
	if not names:
		return
	for doctype, field in (
		("Permit Application Stage", "permit_application"),
		("Application Document", "parent"),
		("Comment", "reference_name"),
		("ToDo", "reference_name"),
		("Workflow Action", "reference_name"),
		("Version", "docname"),
		("Notification Log", "document_name"),
	):
		frappe.db.delete(doctype, {field: ("in", names)})
	for file in frappe.get_all("File", filters={"attached_to_name": ("in", names)}, pluck="name"):
		frappe.delete_doc("File", file, force=True, ignore_permissions=True)
	frappe.db.delete("Permit Application", {"name": ("in", names)})
	frappe.db.commit()
