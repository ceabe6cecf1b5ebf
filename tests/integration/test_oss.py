"""OSS RBA over real HTTP: OSS (the local OSS of tests/oss_local.py) sends receiveNIB to the served
test site; the office's applications go through the workflow with Frappe's ``apply_workflow``; the
outbox reports each stage to the local OSS, which records what it took in.

- receiveNIB: a checklist of three items (this office's, another authority's, an unknown code) makes
  exactly one application and records the others; the same body again, and twice at once, still one;
  a wrong Token, malformed JSON (also labelled application/json) and an oversize body: 401/400,
  nothing stored.
- the kd_status sequences of the Issued, Rejected and Returned for Revision paths reach OSS once
  each, in order, then receiveLicense with the permit number and the signed PDF; with OSS answering
  500 then 200, timing out once, or a worker dying between sending and recording, the sequence is
  still complete and without duplicates; a refusal (4xx) is Failed for the manager, who resends.
- reconciliation finds a planted disagreement and OSS's automatic approval (57); OSS's deadline is on
  the Deemed Approval Risk report; the counter's NIB lookup.
"""

import hashlib
import json
import threading
from urllib.parse import urlparse

import frappe
import pytest
import requests

from bppm_app import api
from bppm_app.demo.certificate import self_signed_pkcs12
from bppm_app.engine import oss_exchange, signing
from bppm_app.roles import FRONT_OFFICE, HEAD, MANAGER, OSS_USER, VERIFIER
from bppm_app.rules import oss as rules
from bppm_app.utils import as_user
from tests.oss_local import LocalOSS

from .documents import pdf_host
from .oss import (
	ISSUED_FULL,
	REJECTED,
	RETURNED_THEN_ISSUED,
	TIMEOUT,
	TOKEN,
	USER_KEY,
	OSSOffice,
	act,
	application_of,
	messages_of,
	new_nib,
	sync,
	walk_full_to_issued,
	walk_returned_then_issued,
	walk_to_rejected,
)

PASSPHRASE = "kata-sandi-sertifikat-oss"


@pytest.fixture(scope="module")
def local_oss():
	with LocalOSS(USER_KEY, timeout_sleep=TIMEOUT + 2) as local:
		yield local


@pytest.fixture(scope="module")
def office(site, staff, local_oss):
	office = OSSOffice(local_oss)
	yield office
	office.purge()


@pytest.fixture
def fresh(local_oss):
	"""The local OSS forgets its plans (a failed test must not leave one for the next)."""
	local_oss.clear_plans()
	yield local_oss
	local_oss.clear_plans()


@pytest.fixture
def signed_permits(request):
	"""The office signs its permits with a local certificate (committed: the outbox commits), and
	stops signing afterwards."""
	request.getfixturevalue(pdf_host.__name__)
	previous = frappe.db.get_single_value("BPPM Settings", "signing_provider")
	p12, _der = self_signed_pkcs12("DPMPTSP Kota Bontang (uji OSS)", "DPMPTSP Kota Bontang", PASSPHRASE)
	signing.use_local_certificate(p12, PASSPHRASE)
	frappe.db.commit()
	yield
	frappe.db.rollback()
	frappe.db.set_single_value("BPPM Settings", "signing_provider", previous or "")
	if not previous:
		# the certificate is a secret of BPPM Settings (no file): cleared with the provider
		from frappe.utils.password import remove_encrypted_password

		frappe.db.set_single_value("BPPM Settings", "signing_certificate", "")
		remove_encrypted_password("BPPM Settings", "BPPM Settings", signing.CERTIFICATE_FIELD)
	frappe.db.commit()


def count(doctype: str, **filters) -> int:
	frappe.db.rollback()
	return frappe.db.count(doctype, filters)


# --- receiveNIB ------------------------------------------------------------------------------------


def test_three_items_make_one_application_and_record_the_others(server, office):
	ours = office.item(nama_izin="Izin Usaha Toko Modern")
	provincial = office.item(kewenangan="01", nama_izin="Izin Provinsi")
	unknown = office.item(code="999999999999", nama_izin="Izin Tak Dikenal")
	body = office.body([ours, provincial, unknown])
	nib = body["dataNIB"]["nib"]

	status, answer = office.send(server, body)

	assert status == 200, answer
	assert answer["responreceiveNIB"]["kode"] == "200" and answer["responreceiveNIB"]["status"] == "1"
	assert count("Permit Application", oss_nib=nib) == 1
	name = application_of(ours["id_izin"])
	doc = frappe.get_doc("Permit Application", name)
	assert doc.channel == "OSS" and doc.oss_id_izin == ours["id_izin"] and doc.oss_nib == nib
	assert doc.permit_type == office.simple and doc.owner == OSS_USER
	# submitted in OSS, so submitted here: the SLA clock runs from OSS's submission
	assert doc.workflow_state == "Submitted" and doc.sla_clock == "Running" and doc.submitted_on
	assert doc.sla_due_date and doc.sla_status == "On Track"
	# the requirement OSS's document fills refers to it; the other waits for the verifier
	akta = next(row for row in doc.documents if row.requirement == "Akta Pendirian")
	assert akta.oss_document == "https://oss.example/files/akta.pdf" and "AHU-0012345" in akta.oss_reference
	applicant = frappe.get_doc("Applicant", doc.applicant)
	assert applicant.nib == nib and applicant.applicant_type == "Business Entity"
	assert applicant.applicant_name == "PT Maju Bersama Bontang" and applicant.npwp == "012345678901000"
	assert applicant.representative_name == "Rina Kartika" and applicant.address.startswith("Jl. Mulawarman")
	assert not applicant.user  # no portal account until the business claims it
	items = {
		row.id_izin: row
		for row in frappe.get_all(
			"OSS Checklist Item", filters={"nib": nib}, fields=["id_izin", "outcome", "permit_application"]
		)
	}
	assert items[ours["id_izin"]].outcome == "Application Created"
	assert items[ours["id_izin"]].permit_application == name
	assert items[provincial["id_izin"]].outcome == "Other Authority"
	assert items[unknown["id_izin"]].outcome == "Unknown Permit Code"
	# the submission is queued for OSS (10)
	assert [(m.kd_status, m.status) for m in messages_of(name)] == [("10", "Pending")]

	# the same body again: still one application, the same answer
	status, again = office.send(server, body)
	assert status == 200 and again["responreceiveNIB"]["status"] == "1"
	assert count("Permit Application", oss_nib=nib) == 1 and count("OSS Checklist Item", nib=nib) == 3


def test_a_delivery_with_nothing_new_for_this_office_makes_no_applicant(server, office):
	provincial = office.item(kewenangan="01")
	body = office.body([provincial])
	status, answer = office.send(server, body)
	assert status == 200, answer
	assert not frappe.db.exists("Applicant", {"nib": body["dataNIB"]["nib"]})
	# an item of ours delivered before, sent again under another NIB's body: a repeat, no Applicant
	name = office.receive(server)
	repeat = frappe.get_doc("Permit Application", name).oss_id_izin
	other = office.body([{**office.item(), "id_izin": repeat}])
	status, answer = office.send(server, other)
	assert status == 200 and name in answer["responreceiveNIB"]["keterangan"]
	assert not frappe.db.exists("Applicant", {"nib": other["dataNIB"]["nib"]})


def test_the_same_body_twice_at_once_stores_one(server, office):
	body = office.body([office.item(), office.item(kewenangan="00")])
	nib = body["dataNIB"]["nib"]
	answers = []

	def deliver():
		answers.append(office.send(server, body))

	threads = [threading.Thread(target=deliver) for _ in range(3)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()

	assert [status for status, _answer in answers] == [200, 200, 200], answers
	assert count("Permit Application", oss_nib=nib) == 1
	assert count("Applicant", nib=nib) == 1
	assert count("OSS Checklist Item", nib=nib) == 2
	name = frappe.db.get_value("Permit Application", {"oss_nib": nib})
	assert [m.kd_status for m in messages_of(name)] == ["10"]


def stored_counts(nib: str) -> tuple:
	return (
		count("Applicant", nib=nib),
		count("Permit Application", oss_nib=nib),
		count("OSS Checklist Item", nib=nib),
	)


@pytest.mark.parametrize("token", [None, "", "wrong-token-of-the-right-length", TOKEN + "x", TOKEN.upper()])
def test_a_wrong_token_is_refused_with_401_and_nothing_stored(server, office, token):
	body = office.body([office.item()])
	status, answer = office.send(server, body, token=token)
	assert status == 401, answer
	assert answer["responreceiveNIB"]["kode"] == "401" and answer["responreceiveNIB"]["status"] == "2"
	assert stored_counts(body["dataNIB"]["nib"]) == (0, 0, 0)


def test_the_pias_daily_sha1_token_is_accepted(server, office):
	body = office.body([office.item()])
	nib = body["dataNIB"]["nib"]
	status, answer = office.send(server, body, token=rules.derived_token(TOKEN, nib, frappe.utils.getdate()))
	assert status == 200, answer
	assert stored_counts(nib) == (1, 1, 1)


@pytest.mark.parametrize(
	"content_type", ["application/json", "text/plain", "application/json; charset=utf-8"]
)
@pytest.mark.parametrize(
	"payload",
	[b'{"dataNIB": {"nib": "8120001234567", ', b"\xff\xfe\x00", b"[1, 2, 3]", b'"dataNIB"', b"[" * 50_000],
)
def test_a_malformed_body_is_refused_with_the_pias_400(server, office, content_type, payload):
	before = count("OSS Checklist Item")
	status, answer = office.send(server, payload, content_type=content_type)
	assert status == 400, answer
	assert answer["responreceiveNIB"]["status"] == "2" and answer["responreceiveNIB"]["kode"] == "400"
	assert count("OSS Checklist Item") == before


def test_a_body_that_breaks_the_pia_is_refused_with_what_is_wrong(server, office):
	item = office.item()
	item["id_izin"] = "I-" + "9" * 30  # the PIA allows 25
	body = office.body([item])
	status, answer = office.send(server, body)
	assert status == 400
	# OSS is answered in Indonesian, as the PIA's own answers are
	assert "id_izin lebih panjang dari 25" in answer["responreceiveNIB"]["keterangan"]
	assert stored_counts(body["dataNIB"]["nib"]) == (0, 0, 0)


def test_an_oversize_body_is_refused_and_nothing_stored(server, office):
	body = office.body([office.item()])
	body["dataNIB"]["dalam_bentuk_lain"] = "x" * (rules.MAX_BODY_BYTES + 10)
	status, answer = office.send(server, body)
	assert status == 400, str(answer)[:300]
	assert answer["responreceiveNIB"]["status"] == "2"
	assert stored_counts(body["dataNIB"]["nib"]) == (0, 0, 0)


def test_with_oss_switched_off_nothing_is_received(server, office):
	frappe.db.set_single_value("BPPM Settings", "oss_enabled", 0)
	frappe.db.commit()
	try:
		body = office.body([office.item()])
		status, _answer = office.send(server, body)
		assert status == 401 and stored_counts(body["dataNIB"]["nib"]) == (0, 0, 0)
	finally:
		frappe.db.set_single_value("BPPM Settings", "oss_enabled", 1)
		frappe.db.commit()


def test_nobody_makes_an_oss_application_by_hand(office, staff):
	with as_user(staff[FRONT_OFFICE]):
		applicant = frappe.get_doc(
			{
				"doctype": "Applicant",
				"applicant_type": "Business Entity",
				"applicant_name": "PT Palsu",
				"nib": new_nib(),
			}
		).insert()
		for forged in ({"channel": "OSS"}, {"oss_id_izin": "I-FORGED"}, {"oss_nib": applicant.nib}):
			with pytest.raises(frappe.ValidationError):
				frappe.get_doc(
					{
						"doctype": "Permit Application",
						"applicant": applicant.name,
						"permit_type": office.simple,
						**forged,
					}
				).insert()


# --- the outbox: the paths through the workflow ---------------------------------------------------


def sent_in_order(local, name: str) -> list[str]:
	doc = frappe.get_doc("Permit Application", name)
	return local.kd_statuses(doc.oss_id_izin)


def test_issued_path_reports_each_stage_once_in_order_then_the_permit(
	server, office, staff, fresh, signed_permits
):
	name = office.receive(server, office.full_code)
	doc = walk_full_to_issued(staff, name)
	assert doc.workflow_state == "Issued" and doc.permit_number and doc.signed_permit

	result = sync(name)

	assert result["sent"] == len(ISSUED_FULL) + 1 and result["failed"] == 0, result
	assert sent_in_order(fresh, name) == ISSUED_FULL
	(license,) = fresh.accepted("receiveLicense", doc.oss_id_izin)
	final = license["IZINFINAL"]
	assert final["nomor_izin"] == doc.permit_number and final["status_izin"] == "50"
	assert final["tgl_terbit_izin"] == str(doc.issued_on) and final["tgl_berlaku_izin"] == str(
		doc.valid_until
	)
	assert final["nama_ttd"] == "Dr. Ir. Ahmad Fauzi, M.Si." and final["nip_ttd"] == "197203151998031004"
	# receiveLicense came after the last status, and every message is Sent once
	calls = [c.method for c in fresh.calls(id_izin=doc.oss_id_izin) if c.stored]
	assert calls[-1] == "receiveLicense"
	assert all(m.status == "Sent" and m.attempts == 1 for m in messages_of(name))
	# OSS downloads the signed PDF from the link: the very file the office signed
	link = urlparse(final["file_izin"])
	pdf = requests.get(f"{server}{link.path}?{link.query}", timeout=60)
	assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
	assert hashlib.sha256(pdf.content).hexdigest() == doc.signed_permit_sha256
	# a guessed token gets nothing, nor the real one in other letters (MariaDB's collation ignores
	# case and trailing spaces)
	assert requests.get(f"{server}{link.path}?token={'A' * 43}", timeout=60).status_code == 404
	token = frappe.db.get_value("Permit Application", name, "oss_file_token")
	assert token and f"token={token}" in link.query
	for variant in {token.swapcase(), token.upper(), token.lower()} - {token}:
		assert requests.get(f"{server}{link.path}", params={"token": variant}, timeout=60).status_code == 404
	# nothing more to send; a second run sends nothing twice
	assert sync(name)["sent"] == 0 and sent_in_order(fresh, name) == ISSUED_FULL


def test_rejected_path(server, office, staff, fresh):
	name = office.receive(server)
	walk_to_rejected(staff, name)
	sync(name)
	assert sent_in_order(fresh, name) == REJECTED
	assert fresh.accepted("receiveLicense", frappe.get_doc("Permit Application", name).oss_id_izin) == []
	status = json.loads(messages_of(name)[-1].payload)["IZINSTATUS"]
	assert status["kd_status"] == "90" and "tata ruang" in status["keterangan"]


def test_returned_for_revision_path_stops_and_resumes_osss_clock(
	server, office, staff, fresh, signed_permits
):
	name = office.receive(server)
	doc = walk_returned_then_issued(staff, name)
	sync(name)
	assert sent_in_order(fresh, name) == RETURNED_THEN_ISSUED
	assert [b["IZINFINAL"]["nomor_izin"] for b in fresh.accepted("receiveLicense", doc.oss_id_izin)] == [
		doc.permit_number
	]
	eleven = next(json.loads(m.payload) for m in messages_of(name) if m.kd_status == "11")
	assert "tidak terbaca" in eleven["IZINSTATUS"]["keterangan"]


def test_osss_500_then_200_and_a_timeout_still_deliver_once_each(server, office, staff, fresh):
	name = office.receive(server)
	id_izin = frappe.get_doc("Permit Application", name).oss_id_izin
	# 10 meets a 500 (OSS failed, stored nothing), then goes through
	fresh.plan("receiveLicenseStatus", 500)
	assert sync(name, force=False)["waiting"] == 1
	(ten,) = messages_of(name)
	assert (
		ten.status == "Pending" and ten.attempts == 1 and ten.last_http_status == 500 and not ten.unconfirmed
	)
	assert sync(name, force=False)["sent"] == 0  # it waits for its back-off
	assert sync(name)["sent"] == 1  # the manager's "now"

	# 20 times out: OSS stored it but the office never heard; the next attempt asks OSS first
	act(staff, name, VERIFIER, "Start Verification")
	fresh.plan("receiveLicenseStatus", "timeout")
	assert sync(name)["waiting"] == 1
	twenty = messages_of(name)[-1]
	assert twenty.status == "Pending" and twenty.unconfirmed and not twenty.last_http_status
	assert sync(name)["sent"] == 1
	twenty = messages_of(name)[-1]
	assert twenty.status == "Sent" and twenty.attempts == 1 and "checkLicenseStatus" in twenty.last_response

	# OSS's own timeout (504): not stored there; asked, then sent again
	walk_to_rejected_from_verification(staff, name)
	fresh.plan("receiveLicenseStatus", 504)
	assert sync(name)["waiting"] == 1
	assert sync(name)["sent"] == 1
	ninety = messages_of(name)[-1]
	assert ninety.status == "Sent" and ninety.attempts == 2

	assert sent_in_order(fresh, name) == REJECTED
	bodies = [json.dumps(b, sort_keys=True) for b in fresh.accepted("receiveLicenseStatus", id_izin)]
	assert len(bodies) == len(set(bodies)) == 3
	# every request, failed ones included, carried the user key; none was refused for it
	assert all(c.key_ok for c in fresh.calls(id_izin=id_izin))


def walk_to_rejected_from_verification(staff, name):
	act(staff, name, VERIFIER, "Verify", accept_documents=True)
	return act(staff, name, HEAD, "Reject", rejection_reason="Tidak memenuhi syarat")


def test_a_worker_dying_between_send_and_record_sends_nothing_twice(server, office, fresh):
	name = office.receive(server)
	(message,) = messages_of(name)
	# a worker marks the attempt, sends it (OSS takes it in), and dies before recording the answer
	frappe.db.set_value("OSS Message", message.name, {"attempts": 1, "unconfirmed": 1})
	frappe.db.commit()
	reply = oss_exchange.call(message.method, json.loads(message.payload))
	assert reply.http_status == 200

	assert sync(name)["sent"] == 1

	(message,) = messages_of(name)
	assert message.status == "Sent" and message.attempts == 1
	assert sent_in_order(fresh, name) == ["10"]


def test_a_refusal_is_failed_for_the_manager_who_resends_it(server, office, staff, fresh):
	name = office.receive(server)
	act(staff, name, VERIFIER, "Start Verification")
	fresh.plan("receiveLicenseStatus", 400)
	result = sync(name)
	assert result["failed"] == 1 and result["sent"] == 0
	ten, twenty = messages_of(name)
	assert (
		ten.status == "Failed" and ten.last_http_status == 400 and "Data Parameter Salah" in ten.last_response
	)
	assert twenty.status == "Pending"  # waits behind the refused one: OSS gets them in order
	assert sync(name)["sent"] == 0
	# the managers are alerted
	assert frappe.db.exists(
		"Notification Log",
		{"document_type": "OSS Message", "document_name": ten.name, "for_user": staff[MANAGER]},
	)
	# a portal user or a verifier cannot resend; the manager can
	with as_user(staff[VERIFIER]), pytest.raises(frappe.PermissionError):
		api.oss_resend(ten.name)
	with as_user(staff[MANAGER]):
		result = api.oss_resend(ten.name)
	assert result["status"] == "Sent"
	assert [m.status for m in messages_of(name)] == ["Sent", "Sent"]
	assert sent_in_order(fresh, name) == ["10", "20"]
	with as_user(staff[MANAGER]), pytest.raises(frappe.ValidationError):
		api.oss_resend(ten.name)  # accepted once: never twice


def test_oss_sync_is_for_managers(server, office, staff):
	for role in (VERIFIER, HEAD, FRONT_OFFICE):
		with as_user(staff[role]), pytest.raises(frappe.PermissionError):
			api.oss_sync(force=1)
	with as_user(staff[MANAGER]):
		assert api.oss_sync(force=0)["configured"] is True
	frappe.db.commit()


def test_the_user_key_is_never_stored_or_logged(server, office):
	frappe.db.rollback()
	for row in frappe.get_all("OSS Message", fields=["payload", "last_response"]):
		assert USER_KEY not in (row.payload or "") and USER_KEY not in (row.last_response or "")
	for row in frappe.get_all("Error Log", fields=["error", "method"], limit=500, order_by="creation desc"):
		assert USER_KEY not in (row.error or "") and TOKEN not in (row.error or "")
	assert TOKEN not in json.dumps(frappe.get_all("OSS Checklist Item", fields=["payload"]))
	from tests.site import ARTIFACTS

	server_log = ARTIFACTS / f"server-{frappe.local.site}.log"
	if server_log.exists():
		text = server_log.read_text(errors="replace")
		assert USER_KEY not in text and TOKEN not in text
	# a network error's message names no key
	reply = oss_exchange.Reply(
		None, b"", oss_exchange.redact(f"ConnectionError: key {USER_KEY} refused", USER_KEY)
	)
	assert USER_KEY not in reply.text()


# --- reconciliation, OSS's clock, deemed approval --------------------------------------------------


def test_reconciliation_finds_a_planted_disagreement(server, office, staff, fresh):
	name = office.receive(server)
	act(staff, name, VERIFIER, "Start Verification")
	sync(name)
	id_izin = frappe.get_doc("Permit Application", name).oss_id_izin
	assert fresh.statuses[id_izin] == "20"

	agree = oss_exchange.reconcile()
	doc = frappe.get_doc("Permit Application", name)
	assert agree["checked"] >= 1 and doc.oss_status == "20" and not doc.oss_disagreement

	fresh.plant_status(id_izin, "11")  # someone changed it in OSS by hand
	result = oss_exchange.reconcile()
	frappe.db.rollback()
	doc = frappe.get_doc("Permit Application", name)
	assert result["disagreements"] >= 1
	assert doc.oss_status == "11" and "11" in doc.oss_disagreement and "20" in doc.oss_disagreement
	assert frappe.db.exists("Comment", {"reference_name": name, "content": ("like", "%11%")})


def test_osss_automatic_approval_marks_the_file_keeps_it_and_alerts_the_heads(server, office, staff, fresh):
	name = office.receive(server)
	sync(name)
	id_izin = frappe.get_doc("Permit Application", name).oss_id_izin
	fresh.plant_status(id_izin, "57")

	result = oss_exchange.reconcile()

	frappe.db.rollback()
	doc = frappe.get_doc("Permit Application", name)
	assert result["deemed_approved"] >= 1
	assert doc.oss_deemed_approved and doc.oss_deemed_approved_on
	assert doc.workflow_state == "Submitted" and doc.docstatus == 0  # the file is kept for the office
	assert frappe.db.exists("Comment", {"reference_name": name, "content": ("like", "%57%")})
	# on the head's Deemed Approval Risk report, with OSS's own deadline
	from bppm_app.bppm.report.deemed_approval_risk.deemed_approval_risk import execute

	with as_user(staff[HEAD]):
		_columns, rows, _message = execute({})
	row = next(r for r in rows if r["permit_application"] == name)
	assert row["oss_deemed_approved"] == 1 and row["oss_deadline"] == doc.oss_deadline
	# a second run alerts nobody twice
	assert oss_exchange.reconcile()["deemed_approved"] == 0


def oss_deadline_at(name: str, later):
	oss_exchange.refresh_oss_clock(name, now=later)
	frappe.db.commit()
	return frappe.db.get_value("Permit Application", name, ["oss_deadline", "oss_sla_status"])


def test_osss_deadline_stops_only_once_oss_has_the_41(server, office, staff, fresh):
	name = office.receive(server)
	sync(name)
	doc = frappe.get_doc("Permit Application", name)
	assert doc.oss_deadline == doc.sla_due_date and doc.oss_sla_status == "On Track"
	act(staff, name, VERIFIER, "Start Verification")
	act(staff, name, VERIFIER, "Return for Revision", revision_remarks="Lengkapi denah")
	later = frappe.utils.add_days(frappe.utils.now_datetime(), 14)
	fresh.plan("receiveLicenseStatus", 500)
	sync(name, force=False)  # 20 meets a 500: 11 and 41 have not reached OSS
	assert [m.kd_status for m in messages_of(name) if m.status == "Pending"] == ["20", "11", "41"]
	running_deadline, running_status = oss_deadline_at(name, later)
	assert running_status == "Overdue"  # two weeks on, OSS's clock never stopped
	sync(name)  # now OSS has the 41
	paused_deadline, paused_status = oss_deadline_at(name, later)
	assert paused_deadline > running_deadline and paused_status == "On Track"


def test_a_form_opened_before_osss_clock_moved_meets_frappes_stale_form_check(server, office, staff, fresh):
	name = office.receive(server)
	act(staff, name, VERIFIER, "Start Verification")
	with as_user(staff[VERIFIER]):
		opened = frappe.get_doc("Permit Application", name)  # the verifier's form, open in the desk
	later = frappe.utils.add_days(frappe.utils.now_datetime(), 30)
	oss_deadline_at(name, later)  # the engine moves OSS's clock meanwhile
	stored = frappe.get_doc("Permit Application", name)
	assert stored.modified > opened.modified  # the open form is told
	with as_user(staff[VERIFIER]):
		opened.documents[0].review_status = "Accepted"
		# Frappe's own "modified after you opened it", not a refusal of OSS's fields
		with pytest.raises(frappe.TimestampMismatchError):
			opened.save()
		# reloaded, the same edit saves
		stored.documents[0].review_status = "Accepted"
		stored.save()
	frappe.db.commit()
	assert frappe.get_doc("Permit Application", name).documents[0].review_status == "Accepted"


# --- the counter: NIB lookup ----------------------------------------------------------------------


def test_the_counter_looks_a_nib_up_in_oss(office, staff, fresh):
	nib = new_nib()
	fresh.add_company(LocalOSS.nib_body(nib, [], nama_perseroan="CV Sinar Pesisir")["dataNIB"])
	with as_user(staff[FRONT_OFFICE]):
		found = api.oss_lookup_nib(nib)
		missing = api.oss_lookup_nib(new_nib())
		with pytest.raises(frappe.ValidationError):
			api.oss_lookup_nib("12345")
	assert found["found"] and found["values"]["applicant_name"] == "CV Sinar Pesisir"
	assert found["values"]["npwp"] == "012345678901000" and found["kbli"] == ["47111"]
	assert not missing["found"] and missing["message"]
	with as_user(staff[VERIFIER]), pytest.raises(frappe.PermissionError):
		api.oss_lookup_nib(nib)


def test_without_oss_the_lookup_says_so(office, staff):
	frappe.db.set_single_value("BPPM Settings", "oss_enabled", 0)
	with as_user(staff[FRONT_OFFICE]):
		answer = api.oss_lookup_nib(new_nib())
	assert answer == {"configured": False, "message": answer["message"]} and answer["message"]


# --- the business claims its applicant ------------------------------------------------------------


def test_the_business_claims_its_oss_applicant_by_nib_and_e_mail(server, office):
	from bppm_app.exceptions import DuplicateApplicantError
	from bppm_app.overrides import accept_web_form
	from bppm_app.roles import APPLICANT

	from .factories import make_user, rand

	email = f"izin-{rand(6)}@majubersama.example"
	body = office.body([office.item()], email_perusahaan=email)
	nib = body["dataNIB"]["nib"]
	assert office.send(server, body)[0] == 200
	applicant = frappe.db.get_value("Applicant", {"nib": nib})
	form = {"applicant_type": "Business Entity", "applicant_name": "PT Maju Bersama Bontang", "nib": nib}
	stranger = make_user(APPLICANT)
	with as_user(stranger), pytest.raises(DuplicateApplicantError):
		accept_web_form("applicant_profile", json.dumps(form))
	assert not frappe.db.get_value("Applicant", applicant, "user")
	owner = make_user(APPLICANT, email=email)
	with as_user(owner):
		doc = accept_web_form("applicant_profile", json.dumps({**form, "mobile_no": "081298765432"}))
	assert doc.name == applicant
	claimed = frappe.get_doc("Applicant", applicant)
	assert claimed.user == owner and claimed.mobile_no == "+6281298765432"
	# the business now sees its OSS application on the portal
	from bppm_app.web import applicant_portal

	with as_user(owner):
		assert [row["name"] for row in applicant_portal.applications()] == [
			frappe.db.get_value("Permit Application", {"oss_nib": nib})
		]
