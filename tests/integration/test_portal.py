"""The applicant portal and the public pages, over HTTP through Frappe's WSGI application.

Data the requests must see is committed by the module fixture and purged afterwards. Each request
carries a client address, so rate limits are per client as in production."""

import json

import frappe
import pytest

from bppm_app.roles import HEAD, VERIFIER
from bppm_app.web import public

from .factories import make_permit_type, make_user, purge_applications, rand, upload
from .journeys import start
from .rest import RestClient, api_token


@pytest.fixture(scope="module")
def portal(site, staff):
	issued = start(staff, (0, 0, 1))
	issued.to_awaiting_approval()
	issued.approve()
	revoked = start(staff)
	revoked.to_awaiting_approval()
	revoked.approve()
	revoked.act(HEAD, "Revoke", revocation_reason="Izin dipindahtangankan tanpa persetujuan")
	waiting = start(staff, (0, 1, 0))
	waiting.submit()
	waiting.verify()  # now with the technical agency
	draft = start(staff)  # another applicant's draft
	hidden = make_permit_type(is_published=0, permit_type_name=f"Izin Tersembunyi {rand(5)}")
	frappe.db.commit()
	world = frappe._dict(
		issued=issued.doc,
		revoked=revoked.doc,
		waiting=waiting.doc,
		draft=draft.doc,
		hidden=hidden,
		a=RestClient(site, api_token(issued.applicant_user)),
		b=RestClient(site, api_token(draft.applicant_user)),
		verifier=RestClient(site, api_token(staff[VERIFIER])),
		guest=RestClient(site),
		users=[issued.applicant_user, draft.applicant_user],
	)
	yield world
	frappe.db.rollback()
	names = [world.issued.name, world.revoked.name, world.waiting.name, world.draft.name]
	purge_applications(names)
	frappe.delete_doc("Permit Type", hidden.name, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture(autouse=True)
def fresh_limits():
	frappe.cache.delete_keys("bppm:rate:")
	public.clear_statistics_cache()
	yield


def method(client, name, **args):
	return client.post(f"/api/method/bppm_app.api.{name}", args)


# --- tracking -------------------------------------------------------------------------------


def test_track_shows_the_progress_and_no_personal_data(portal):
	doc = portal.issued
	# guests read Indonesian unless they ask for another language (Frappe's _lang, or the cookie)
	indonesian = method(portal.guest, "track_application", registration_number=doc.name, pin=doc.tracking_pin)
	assert [row["state"] for row in indonesian.json["message"]["history"]][:2] == ["Draf", "Diajukan"]
	response = method(
		portal.guest, "track_application", registration_number=doc.name, pin=doc.tracking_pin, _lang="en"
	)
	assert response.status == 200
	result = response.json["message"]
	assert result["found"] and result["registration_number"] == doc.name
	assert [row["state"] for row in result["history"]][:3] == ["Draft", "Submitted", "Under Verification"]
	assert result["stage"] == "Issued" and result["decision"] == "Approved"
	assert result["sla_due_date"]
	applicant = frappe.get_doc("Applicant", doc.applicant)
	for private in (
		applicant.applicant_name,
		applicant.nik,
		applicant.mobile_no,
		doc.subject,
		doc.tracking_pin,
		doc.location_address,
	):
		assert private not in response.text


def test_wrong_pin_and_unknown_number_get_the_same_answer(portal):
	doc = portal.waiting
	wrong_pin = method(portal.guest, "track_application", registration_number=doc.name, pin="000000")
	unknown = method(
		portal.guest, "track_application", registration_number="PRM-1999-99999", pin=doc.tracking_pin
	)
	assert wrong_pin.status == unknown.status == 200
	assert wrong_pin.json == unknown.json and unknown.json["message"]["found"] is False


def test_track_page(portal):
	doc = portal.waiting
	assert portal.guest.page("/track").status == 200
	found = portal.guest.post_form("/track", {"registration_number": doc.name, "pin": doc.tracking_pin})
	assert found.status == 200 and doc.name in found.text and 'id="track-history"' in found.text
	assert (
		"Other Agency" in found.text or "Instansi Lain" in found.text
	)  # the file is with the technical agency
	missing = portal.guest.post_form("/track", {"registration_number": doc.name, "pin": "999999"})
	assert 'id="track-history"' not in missing.text and "Tidak ada permohonan" in missing.text


# --- verification ---------------------------------------------------------------------------


def test_verify_a_valid_permit(portal):
	doc = portal.issued
	result = method(portal.guest, "verify_permit", code=doc.verification_code).json["message"]
	assert (result["status"], result["permit_number"], result["permit_type"]) == (
		"Valid",
		doc.permit_number,
		doc.permit_type,
	)
	assert "*" in result["holder"] and doc.applicant_name not in json.dumps(result)
	page = portal.guest.page(f"/verify/{doc.verification_code}")
	assert page.status == 200 and 'data-status="Valid"' in page.text and doc.permit_number in page.text


def test_verify_a_revoked_and_an_expired_permit(portal):
	assert (
		method(portal.guest, "verify_permit", code=portal.revoked.verification_code).json["message"]["status"]
		== "Revoked"
	)
	frappe.db.set_value(
		"Permit Application", portal.issued.name, "valid_until", "2020-01-31", update_modified=False
	)
	frappe.db.commit()
	try:
		assert (
			method(portal.guest, "verify_permit", code=portal.issued.verification_code).json["message"][
				"status"
			]
			== "Expired"
		)
	finally:
		frappe.db.set_value(
			"Permit Application",
			portal.issued.name,
			"valid_until",
			portal.issued.valid_until,
			update_modified=False,
		)
		frappe.db.commit()


def test_verify_an_unknown_code_says_so_plainly(portal):
	result = method(portal.guest, "verify_permit", code="x" * 32, _lang="en").json["message"]
	assert result["status"] == "Not Found" and "No permit" in result["message"]
	result = method(portal.guest, "verify_permit", code="x" * 32).json["message"]
	assert result["status"] == "Not Found" and "Tidak ada izin" in result["message"]
	page = portal.guest.page("/verify/" + "y" * 32)
	assert page.status == 200 and 'data-status="Not Found"' in page.text


# --- statistics, levy, standards ------------------------------------------------------------


def test_public_statistics(portal):
	result = method(portal.guest, "public_statistics", year=frappe.utils.getdate().year).json["message"]
	rows = {row["permit_type"]: row for row in result["permit_types"]}
	row = rows[portal.issued.permit_type]
	assert (row["received"], row["issued"], row["in_process"], row["on_time_pct"]) == (1, 1, 0, 100.0)
	assert rows[portal.waiting.permit_type]["in_process"] == 1
	assert {r["investment_type"] for r in result["investment"]} <= {"PMA", "PMDN"}
	text = json.dumps(result)
	assert portal.issued.applicant_name not in text and portal.issued.name not in text
	again = method(portal.guest, "public_statistics", year=frappe.utils.getdate().year).json["message"]
	assert again["generated_on"] == result["generated_on"]  # served from the cache
	page = portal.guest.page("/statistics")
	assert page.status == 200 and portal.issued.permit_type in page.text


def test_levy_estimate(portal):
	permit_type = portal.issued.permit_type
	result = method(portal.guest, "levy_estimate", permit_type=permit_type, quantity=12).json["message"]
	assert result["amount"] == 100000 + 5000 * 12 and result["unit"] == "m²"
	assert method(portal.guest, "levy_estimate", permit_type=portal.hidden.name, quantity=1).status == 404
	# a Currency column (decimal(21,9)) holds twelve digits: the estimate agrees with what can be stored
	largest = method(portal.guest, "levy_estimate", permit_type=permit_type, quantity=199_999_979)
	assert largest.status == 200 and largest.json["message"]["amount"] == 999_999_995_000
	too_large = method(portal.guest, "levy_estimate", permit_type=permit_type, quantity=199_999_980)
	assert 400 <= too_large.status < 500 and "amount" not in (too_large.json.get("message") or {})


def test_service_standards_come_from_the_records(portal):
	listing = portal.guest.page("/standards")
	assert listing.status == 200 and portal.issued.permit_type in listing.text
	assert portal.hidden.name not in listing.text
	code = frappe.db.get_value("Permit Type", portal.issued.permit_type, "code")
	page = portal.guest.page(f"/standards/{code}")
	assert page.status == 200 and "Fotokopi KTP" in page.text
	assert (
		"Awaiting Payment" in page.text or "Menunggu Pembayaran" in page.text
	)  # a levy step from the workflow
	assert "Technical Review" not in page.text and "Kajian Teknis" not in page.text  # a step this type skips
	assert portal.guest.page(f"/standards/{portal.hidden.code}").status == 404


def test_public_pages_can_be_switched_off(portal):
	def switch(on: int):
		settings = frappe.get_single("BPPM Settings")
		settings.public_pages_enabled = on
		settings.save()
		frappe.db.commit()

	switch(0)
	try:
		assert portal.guest.page("/track").status == 404
		assert method(portal.guest, "verify_permit", code=portal.issued.verification_code).status == 404
	finally:
		switch(1)
	assert portal.guest.page("/track").status == 200


# --- rate limits ------------------------------------------------------------------------------


def test_rate_limits_answer_429_per_client(portal):
	noisy, quiet = (
		RestClient(portal.guest.site, ip="127.0.0.21"),
		RestClient(portal.guest.site, ip="127.0.0.22"),
	)
	args = {"registration_number": portal.waiting.name, "pin": "000000"}
	statuses = [method(noisy, "track_application", **args).status for _ in range(public.LIMITS["track"] + 1)]
	assert statuses[:-1] == [200] * public.LIMITS["track"] and statuses[-1] == 429
	# the page shares the budget of the API
	assert noisy.post_form("/track", args).status == 429
	assert method(quiet, "track_application", **args).status == 200
	codes = [method(noisy, "verify_permit", code="z" * 32).status for _ in range(public.LIMITS["verify"] + 1)]
	assert codes[-1] == 429 and set(codes[:-1]) == {200}


# --- the applicant's own pages -------------------------------------------------------------------


def test_applications_page_lists_only_ones_own(portal):
	mine = portal.a.page("/applications")
	assert mine.status == 200 and portal.issued.name in mine.text
	assert "download-permit" in mine.text and "Permit+Certificate" in mine.text
	for other in (portal.draft.name, portal.waiting.name, portal.revoked.name):
		assert other not in mine.text
	theirs = portal.b.page("/applications")
	assert portal.draft.name in theirs.text and portal.issued.name not in theirs.text
	assert portal.guest.page("/applications").status in (301, 302)


def test_submit_from_the_applications_page(portal):
	response = portal.b.post_form("/applications", {"action": "submit", "name": portal.draft.name})
	assert response.status in (301, 302)
	frappe.db.rollback()
	assert frappe.db.get_value("Permit Application", portal.draft.name, "workflow_state") == "Submitted"
	# nobody submits someone else's file
	response = portal.a.post_form("/applications", {"action": "submit", "name": portal.draft.name})
	assert response.status in (403, 404, 417)


def test_permit_pdf_only_for_the_owner_and_staff(portal, asset_server):
	"""Frappe's print view and PDF download are the office's (portal users hold no permission,
	their own files included); the applicant's letters come from the portal's own download."""
	name = portal.issued.name
	printview = f"/printview?doctype=Permit%20Application&name={name}"
	pdf = f"/api/method/frappe.utils.print_format.download_pdf?doctype=Permit%20Application&name={name}&format=Permit%20Certificate"
	for client in (portal.a, portal.b, portal.guest):
		# the print view is no page of theirs (the gate: 404), the PDF method no method of theirs (403)
		assert client.page(printview).status == 404
		assert client.page(pdf).status == 403
	letter = f"/api/method/bppm_app.api.download_letter?name={name}&letter=Permit%20Certificate"
	assert portal.b.page(letter).status == 404 and portal.guest.page(letter).status == 403
	# not yet issued: no permit to download, even for its own applicant
	draft_letter = (
		f"/api/method/bppm_app.api.download_letter?name={portal.draft.name}&letter=Permit%20Certificate"
	)
	assert portal.b.page(draft_letter).status == 404
	# the PDF is rendered by wkhtmltopdf, which fetches the print style from the site's address:
	# here the local asset server, as a production site's own web server would serve it
	owner = RestClient(portal.a.site, portal.a.token, host=asset_server.removeprefix("http://"))
	own = owner.page(letter)
	assert own.headers["Content-Type"].startswith("application/pdf") and own.content.startswith(b"%PDF")
	office = RestClient(
		portal.verifier.site, portal.verifier.token, host=asset_server.removeprefix("http://")
	)
	assert office.page(letter).content.startswith(b"%PDF")


# --- web forms ----------------------------------------------------------------------------------


def accept(client, web_form, data):
	return client.post(
		"/api/method/frappe.website.doctype.web_form.web_form.accept",
		{"web_form": web_form, "data": json.dumps(data)},
	)


def test_profile_and_application_through_the_web_forms(portal):
	user = make_user("BPPM Applicant")
	frappe.db.commit()
	client = RestClient(portal.guest.site, api_token(user))
	try:
		assert client.page("/apply/new").status in (301, 302)  # a profile comes first
		profile = accept(
			client,
			"applicant_profile",
			{
				"applicant_type": "Individual",
				"applicant_name": "Warga Uji",
				"nik": "6474025505900123",
				"mobile_no": "0812 1111 2222",
				"address": "Jl. Uji 1",
				"doctype": "Applicant",
			},
		)
		assert profile.status == 200, profile.text[:500]
		frappe.db.rollback()
		applicant = frappe.get_doc("Applicant", {"user": user})
		assert (applicant.nik, applicant.mobile_no, applicant.email) == (
			"6474025505900123",
			"+6281211112222",
			user,
		)
		assert client.page("/apply/new").status == 200
		url = upload(user, "ktp.pdf")
		frappe.db.commit()
		data = {
			"doctype": "Permit Application",
			"permit_type": portal.issued.permit_type,
			"subject": "Usaha uji portal",
			"location_address": "Jl. Uji 1",
			"quantity": 3,
			"documents": [{"requirement": "Fotokopi KTP", "attachment": url}],
			# fields the form does not have are ignored
			"decision": "Approved",
			"levy_amount": 1,
		}
		saved = accept(client, "apply", data)
		assert saved.status == 200, saved.text[:500]
		frappe.db.rollback()
		doc = frappe.get_doc("Permit Application", saved.json["message"]["name"])
		assert (doc.applicant, doc.channel, doc.workflow_state, doc.decision) == (
			applicant.name,
			"Online",
			"Draft",
			"",
		)
		assert doc.levy_amount == 100000 + 5000 * 3
		assert frappe.db.get_value("File", {"file_url": url}, "attached_to_name") == doc.name
		# another applicant cannot load or overwrite it through the form
		hijack = accept(portal.b, "apply", {**data, "name": doc.name, "subject": "diambil alih"})
		assert hijack.status in (403, 417)
		frappe.db.rollback()
		assert frappe.db.get_value("Permit Application", doc.name, "subject") == "Usaha uji portal"
		purge_applications([doc.name])
	finally:
		frappe.db.rollback()
		frappe.db.delete("Applicant", {"user": user})
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		frappe.db.commit()


# --- files ----------------------------------------------------------------------------------------


def test_uploaded_documents_are_private_to_the_applicant_and_the_office(portal):
	url = portal.issued.documents[0].attachment
	assert url.startswith("/private/files/")
	assert portal.a.page(url).status == 200
	assert portal.verifier.page(url).status == 200
	assert portal.b.page(url).status == 403
	assert portal.guest.page(url).status == 403


def test_guests_read_no_applicant_data_through_the_api(portal):
	for path, args in (
		("/api/method/frappe.client.get_list", {"doctype": "Applicant"}),
		("/api/method/frappe.client.get_list", {"doctype": "Permit Application"}),
		("/api/method/frappe.client.get", {"doctype": "Permit Application", "name": portal.issued.name}),
		("/api/method/frappe.client.get_value", {"doctype": "Applicant", "fieldname": "nik", "filters": {}}),
		("/api/method/frappe.desk.reportview.get", {"doctype": "Applicant", "fields": '["nik"]'}),
	):
		response = portal.guest.post(path, args)
		assert response.status in (401, 403), (path, response.status)
		assert portal.issued.applicant_name not in response.text
	assert portal.guest.page("/apply/new").status in (301, 302, 403)
	assert portal.guest.page("/applicant-profile").status in (301, 302, 403)
