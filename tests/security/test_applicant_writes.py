"""What an applicant tries to change that is not theirs to change: office fields of their own file,
another applicant's file, rows of a child table on their own, other people's uploads, an
amendment of a revoked permit. Each gets a 4xx answer, and the database is left as it was."""

import json

import frappe
import pytest

from bppm_app.roles import HEAD, TREASURER, VERIFIER

from .conftest import refused, snapshot


def web_form(client, form: str, data: dict):
	return client.method(
		"frappe.website.doctype.web_form.web_form.accept", web_form=form, data=json.dumps(data)
	)


def stored_form(world, name: str) -> dict:
	"""What the apply form holds for a stored application (as the browser would send it back)."""
	frappe.db.rollback()
	doc = frappe.get_doc("Permit Application", name)
	data = {
		f: doc.get(f)
		for f in ("permit_type", "subject", "location_address", "kelurahan", "kecamatan", "quantity")
	}
	data["documents"] = [json.loads(frappe.as_json(row.as_dict())) for row in doc.documents]
	data["name"] = name
	return data


def test_the_attack_that_issued_a_permit_with_nothing_done(world):
	"""Unset the steps, mark the levy paid and the documents accepted on one's own draft: refused on
	every path, and the draft is as it was."""
	before = snapshot("Permit Application", world.a_draft)
	refused(
		world.a.put(
			f"/api/resource/Permit Application/{world.a_draft}",
			requires_levy=0,
			requires_field_inspection=0,
			requires_technical_recommendation=0,
			levy_paid=1,
		)
	)
	row = before["doc"]["documents"][0]["name"]
	refused(world.a.put(f"/api/resource/Application Document/{row}", review_status="Accepted"))
	refused(
		world.a.method(
			"frappe.client.set_value",
			doctype="Permit Application",
			name=world.a_draft,
			fieldname="levy_paid",
			value=1,
		)
	)
	# Frappe's bulk update is no method of theirs (the gate)
	refused(
		world.a.method(
			"frappe.client.bulk_update",
			docs=[{"doctype": "Application Document", "docname": row, "review_status": "Accepted"}],
		)
	)
	refused(
		world.a.method("frappe.client.submit", doc={"doctype": "Permit Application", "name": world.a_draft})
	)
	# the portal's own form: the office's review of the documents is not the applicant's to write
	data = stored_form(world, world.a_draft)
	for doc_row in data["documents"]:
		doc_row["review_status"] = "Accepted"
	refused(web_form(world.a, "apply", data))
	# fields that are not on the form are not the form's to write
	data = stored_form(world, world.a_draft)
	data.update(levy_paid=1, requires_levy=0, tracking_pin="000000", workflow_state="Awaiting Approval")
	web_form(world.a, "apply", data)
	after = snapshot("Permit Application", world.a_draft)
	for field in (
		"levy_paid",
		"requires_levy",
		"requires_field_inspection",
		"tracking_pin",
		"workflow_state",
	):
		assert after["doc"][field] == before["doc"][field]
	assert [r["review_status"] for r in after["doc"]["documents"]] == [
		r["review_status"] for r in before["doc"]["documents"]
	]


def test_rows_into_anothers_application(world):
	before = snapshot("Permit Application", world.b_draft)
	row = {
		"parent": world.b_draft,
		"parenttype": "Permit Application",
		"parentfield": "documents",
		"requirement": "Fotokopi KTP",
		"attachment": world.b_file,
	}
	refused(world.a.post("/api/resource/Application Document", **row), world.b_nik)
	refused(world.a.method("frappe.client.insert", doc={"doctype": "Application Document", **row}))
	refused(world.a.put(f"/api/resource/Application Document/{world.b_row}", attachment=""))
	refused(world.a.delete(f"/api/resource/Application Document/{world.b_row}"))
	refused(world.a.method("frappe.client.delete", doctype="Application Document", name=world.b_row))
	refused(world.a.put(f"/api/resource/Permit Application/{world.b_draft}", subject="diambil alih"))
	data = stored_form(world, world.b_draft)
	data["subject"] = "diambil alih"
	refused(web_form(world.a, "apply", data), world.b_pin)
	refused(world.a.method("bppm_app.api.submit_application", name=world.b_draft))
	refused(
		world.a.request(
			"GET",
			"/api/method/bppm_app.api.download_letter",
			params={"name": world.b_draft, "letter": "Application Receipt"},
		)
	)
	assert snapshot("Permit Application", world.b_draft) == before


def test_child_rows_are_refused_alone_even_for_staff(world):
	"""Rows change only through their parent, whoever sends them: the office's own rules (one row
	per requirement, uploads checked) then always apply."""
	before = snapshot("Permit Application", world.b_draft)
	manager = world.as_role["BPPM Manager"]
	refused(
		manager.put(f"/api/resource/Application Document/{world.b_row}", attachment="/private/files/x.pdf")
	)
	refused(manager.delete(f"/api/resource/Application Document/{world.b_row}"))
	refused(
		manager.post(
			"/api/resource/Application Document",
			parent=world.b_draft,
			parenttype="Permit Application",
			parentfield="documents",
			requirement="Lain-lain",
		)
	)
	assert snapshot("Permit Application", world.b_draft) == before


@pytest.mark.parametrize(
	"attachment",
	[
		'javascript:alert(document.cookie)//"><img src=x onerror=alert(1)>',
		"https://evil.example/ktp.pdf",
		"/private/files/../../site_config.json",
	],
)
def test_attachment_values_must_be_ones_own_private_uploads(world, attachment):
	before = snapshot("Permit Application", world.a_draft)
	data = stored_form(world, world.a_draft)
	data["documents"][0]["attachment"] = attachment
	refused(web_form(world.a, "apply", data))
	assert snapshot("Permit Application", world.a_draft) == before


def test_anothers_upload_cannot_be_borrowed(world):
	"""B's private KTP scan, written into A's own draft: refused, and A still cannot download it."""
	before = snapshot("Permit Application", world.a_draft)
	data = stored_form(world, world.a_draft)
	data["documents"][0]["attachment"] = world.b_file
	refused(web_form(world.a, "apply", data))
	assert snapshot("Permit Application", world.a_draft) == before
	refused(world.a.get(world.b_file))


def test_files_attach_only_to_ones_own_records(world):
	upload = world.a.request(
		"POST",
		"/api/method/upload_file",
		files={"file": ("catatan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
		data={"doctype": "Permit Application", "docname": world.b_draft, "is_private": 1},
	)
	refused(upload)
	frappe.db.rollback()
	assert not frappe.db.exists("File", {"attached_to_name": world.b_draft, "file_name": "catatan.pdf"})


def test_no_amendment_of_a_revoked_permit(world):
	count = frappe.db.count("Permit Application")
	refused(
		world.a.post(
			"/api/resource/Permit Application",
			amended_from=world.revoked,
			permit_type=world.types["plain"].name,
			subject="Perubahan",
		)
	)
	for role in (HEAD, "BPPM Manager"):
		refused(
			world.as_role[role].post(
				"/api/resource/Permit Application",
				amended_from=world.revoked,
				applicant=world.a_applicant,
				permit_type=world.types["plain"].name,
				subject="Perubahan",
			)
		)
	frappe.db.rollback()
	assert frappe.db.count("Permit Application") == count


def test_the_applicant_cannot_create_records_through_rest(world):
	count = frappe.db.count("Permit Application"), frappe.db.count("Applicant")
	refused(
		world.a.post("/api/resource/Permit Application", permit_type=world.types["plain"].name, subject="x")
	)
	refused(world.a.post("/api/resource/Applicant", applicant_name="Palsu", applicant_type="Individual"))
	frappe.db.rollback()
	assert (frappe.db.count("Permit Application"), frappe.db.count("Applicant")) == count


def test_an_investor_reports_only_on_their_own_investments(world):
	count = frappe.db.count("Investment Report")
	refused(
		web_form(
			world.a,
			"lkpm",
			{"investment": world.b_investment, "year": 2025, "quarter": "Q1", "investment_in_period": 1},
		)
	)
	mine = world.a.method("bppm_app.api.my_investments", http="GET")
	assert mine.status_code == 200 and world.b_investment not in mine.text
	frappe.db.rollback()
	assert frappe.db.count("Investment Report") == count


@pytest.mark.parametrize("role", [VERIFIER, TREASURER])
def test_staff_are_not_portal_users(world, role):
	"""The portal's methods work on the caller's own records only: staff own none."""
	refused(world.as_role[role].method("bppm_app.api.submit_application", name=world.b_draft))
