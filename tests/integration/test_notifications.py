"""What lands in the Email Queue when real users move an application through the workflow, from the
shipped Notification records; the attachments are built as Frappe would send them and read back
from their PDFs. Also: assignment and SLA e-mails to staff, permit expiry and LKPM reminders, SMS
through a gateway, and administrators editing a notification."""

import datetime as dt
import http.server
import threading
import urllib.parse

import frappe
import pytest
from frappe.email.doctype.notification.notification import evaluate_alert

from bppm_app.engine import notifications, service_level
from bppm_app.roles import APPLICANT, HEAD, VERIFIER
from bppm_app.rules import lkpm
from bppm_app.rules.formatting import long_date
from bppm_app.setup import sms
from bppm_app.utils import as_user

from .documents import (
	attachments_as_sent,
	language,
	mail_to,
	pdf_host,
	pdf_text,
	queued,
	queued_summary,
	set_office,
)
from .factories import make_applicant, make_investment, make_user, officer_files_lkpm, rand, unique_nib
from .journeys import start
from .test_sla_service import backdate, working_days_ago

LEVY = (0, 0, 1)
# attachments are rendered as Frappe sends them: wkhtmltopdf fetches the print style from the host
pytestmark = pytest.mark.usefixtures("pdf_host")


@pytest.fixture(autouse=True)
def mail():
	"""E-mails go through the test site's outgoing account and stay in the Email Queue (see the
	``outgoing_mail`` fixture). The office's details are those of the letters."""
	frappe.local.outgoing_email_account = {}
	set_office()
	yield
	frappe.local.outgoing_email_account = {}
	# Frappe caches the enabled notifications of a DocType in Redis, which a rollback does not undo
	frappe.cache.hdel("notifications", "Permit Application")
	frappe.cache.hdel("notifications", "Investment")


def journey_with_email(staff, combo=(0, 0, 0), language="id", **type_fields):
	journey = start(staff, combo, **type_fields)
	address = f"pemohon-{rand(6)}@mail.example"
	# the contact details the office holds for the applicant
	applicant = frappe.get_doc("Applicant", journey.doc.applicant)
	applicant.email = address
	applicant.mobile_no = "081234567890"
	applicant.save()
	frappe.db.set_value("User", journey.applicant_user, "language", language)
	journey.email = address
	return journey


def only_pdf(mail) -> tuple[str, str]:
	files = attachments_as_sent(mail)
	assert len(files) == 1, files.keys()
	(file_name, content), *_ = files.items()
	return file_name, pdf_text(content, f"mail-{file_name}")


# --- the applicant, at each step --------------------------------------------------------------------


def test_submission_sends_the_receipt(staff):
	journey = journey_with_email(staff)
	doc = journey.submit()
	mail = mail_to(doc.name, journey.email, "diterima")
	assert mail.subject == f"Permohonan {doc.name} telah diterima"
	assert mail.attachments == ["Application Receipt"]
	assert doc.tracking_pin in mail.body and long_date(doc.sla_due_date, weekday=True) in mail.body
	file_name, text = only_pdf(mail)
	assert file_name == f"{doc.name}.pdf"
	assert "TANDA TERIMA BERKAS" in text and doc.tracking_pin in text


def test_return_for_revision_sends_the_reviewer_s_remarks(staff):
	journey = journey_with_email(staff)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	with as_user(staff[VERIFIER]):
		doc = journey.doc
		doc.revision_remarks = "Foto lokasi kurang jelas; unggah ulang."
		doc.documents[0].review_status = "Rejected"
		doc.documents[0].remarks = "KTP <buram>"
		doc.save()
	doc = journey.act(VERIFIER, "Return for Revision")
	mail = mail_to(doc.name, journey.email, "perbaikan")
	assert mail.subject == f"Permohonan {doc.name} dikembalikan untuk perbaikan"
	assert "Foto lokasi kurang jelas; unggah ulang." in mail.body
	assert "Fotokopi KTP</b>: KTP &lt;buram&gt;" in mail.body  # escaped
	assert mail.attachments == []


def test_the_applicant_cannot_change_the_office_s_remarks(staff):
	journey = journey_with_email(staff)
	journey.submit()
	journey.act(VERIFIER, "Start Verification", revision_remarks="Lengkapi denah.")
	journey.act(VERIFIER, "Return for Revision")
	doc = journey.edit(APPLICANT, revision_remarks="Tidak ada catatan", subject="Usaha baru")
	assert doc.revision_remarks == "Lengkapi denah." and doc.subject == "Usaha baru"


def test_levy_assessment_sends_the_skrd(staff):
	journey = journey_with_email(staff, LEVY)
	journey.submit()
	doc = journey.verify()
	assert doc.workflow_state == "Awaiting Payment" and doc.skrd_number
	mail = mail_to(doc.name, journey.email, "SKRD")
	assert mail.subject == f"Surat Ketetapan Retribusi Daerah (SKRD) untuk permohonan {doc.name}"
	assert "Rp 150.000" in mail.body and "Seratus lima puluh ribu rupiah" in mail.body
	assert mail.attachments == ["Levy Assessment"]
	_file, text = only_pdf(mail)
	assert doc.skrd_number in text and "Rp 150.000" in text


def test_issue_sends_the_permit(staff):
	journey = journey_with_email(staff, LEVY)
	journey.to_awaiting_approval()
	doc = journey.approve()
	mail = mail_to(doc.name, journey.email, "Izin telah terbit")
	assert mail.subject == f"Izin telah terbit: {doc.permit_number}"
	assert doc.verification_code in mail.body
	assert mail.attachments == ["Permit Certificate"]
	_file, text = only_pdf(mail)
	assert "SURAT IZIN" in text and doc.permit_number in text
	# the whole journey: receipt, SKRD, permit, the satisfaction survey's invitation, nothing twice
	subjects = [m.subject for m in queued(doc.name) if journey.email in m.recipients]
	assert len(subjects) == 4 and len(set(subjects)) == 4, subjects
	assert f"Bagaimana pelayanan kami? Permohonan {doc.name}" in subjects


def test_rejection_sends_the_letter(staff):
	journey = journey_with_email(staff)
	journey.to_awaiting_approval()
	doc = journey.reject("Bangunan melanggar garis sempadan jalan.")
	mail = mail_to(doc.name, journey.email, "ditolak")
	assert mail.subject == f"Permohonan {doc.name} ditolak"
	assert "Bangunan melanggar garis sempadan jalan." in mail.body
	assert mail.attachments == ["Rejection Letter"]
	_file, text = only_pdf(mail)
	assert "Bangunan melanggar garis sempadan jalan." in text


def test_an_english_speaking_applicant_gets_english_mail_and_the_indonesian_letter(staff):
	journey = journey_with_email(staff, language="en")
	doc = journey.submit()
	mail = mail_to(doc.name, journey.email, "received")
	assert mail.subject == f"Application {doc.name} received"
	assert "Tracking PIN" in mail.body
	_file, text = only_pdf(mail)
	assert "TANDA TERIMA BERKAS" in text  # the official document stays Indonesian


def test_no_mail_without_an_address(staff):
	journey = start(staff)  # the applicant has no e-mail
	doc = journey.submit()
	assert not [m for m in queued(doc.name) if "diterima" in m.subject]


# --- staff ---------------------------------------------------------------------------------------------


def test_the_assigned_verifier_is_told(staff):
	"""Frappe's own assignment e-mail (Notification Settings: assignments), from the Assignment
	Rule that hands a submitted file to a verifier."""
	journey = journey_with_email(staff)
	doc = journey.submit()
	(verifier,) = frappe.parse_json(frappe.db.get_value("Permit Application", doc.name, "_assign"))
	mails = [m for m in queued(recipient=verifier) if f"/app/permit-application/{doc.name}" in m.body]
	assert len(mails) == 1, [m.subject for m in queued(recipient=verifier)]
	assert doc.subject in mails[0].subject  # "… assigned a new task Permit Application <subject> to you"


@pytest.mark.parametrize("days_ago, status, word", [(4, "At Risk", "berisiko"), (7, "Overdue", "melewati")])
def test_sla_alerts_reach_the_assignee_and_the_heads_by_email(staff, days_ago, status, word):
	journey = start(staff, sla_working_days=5)
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	backdate(journey.name, working_days_ago(days_ago))
	frappe.db.set_value("Permit Application", journey.name, "sla_status", "On Track", update_modified=False)
	with language("id"):  # the scheduler runs in the system's language
		service_level.refresh_open_applications()

	doc = journey.doc
	assert doc.sla_status == status
	for user in (staff[HEAD], *frappe.parse_json(doc._assign)):
		mail = mail_to(doc.name, user, doc.name)
		assert long_date(doc.sla_due_date) in mail.subject
		assert word in mail.body and f"/app/permit-application/{doc.name}" in mail.body


def test_permit_expiry_reminder_days_before_valid_until(staff):
	journey = journey_with_email(staff)
	journey.to_awaiting_approval()
	doc = journey.approve()
	alert = frappe.get_doc("Notification", "Permit Expiry Reminder")
	expiring = frappe.utils.add_days(frappe.utils.today(), alert.days_in_advance)
	frappe.db.set_value("Permit Application", doc.name, "valid_until", expiring)  # issued a year ago

	# what Frappe's daily job does for each "Days Before" notification (without its commit)
	for due in alert.get_documents_for_today():
		evaluate_alert(due, alert, alert.event)
	mail = mail_to(doc.name, journey.email, "berakhir")
	assert mail.subject == f"Izin Saudara {doc.permit_number} berakhir pada {long_date(expiring)}"
	assert "perpanjangan" in mail.body


def test_revoked_permits_get_no_expiry_reminder(staff):
	journey = journey_with_email(staff)
	journey.to_awaiting_approval()
	doc = journey.approve()
	alert = frappe.get_doc("Notification", "Permit Expiry Reminder")
	frappe.db.set_value(
		"Permit Application",
		doc.name,
		{"valid_until": frappe.utils.add_days(frappe.utils.today(), alert.days_in_advance), "docstatus": 2},
	)
	assert doc.name not in [d.name for d in alert.get_documents_for_today()]


# --- LKPM -----------------------------------------------------------------------------------------------


def investor_with_email():
	address = f"investor-{rand(6)}@mail.example"
	investor = make_applicant(applicant_type="Business Entity", nik=None, nib=unique_nib(), email=address)
	return investor, address


def test_lkpm_reminder_before_the_tenth(staff):
	frappe.db.set_single_value("BPPM Settings", "lkpm_reminder_days", 7)
	investor, address = investor_with_email()
	owing = make_investment(investor.name, lkpm_start_date="2024-01-01")
	filed = make_investment(investor.name, lkpm_start_date="2024-01-01")
	stopped = make_investment(investor.name, lkpm_start_date="2024-01-01", status="Stopped")
	today = dt.date(2026, 10, 5)  # Q3 is due on 10 October
	officer_files_lkpm(staff["BPPM Investment Officer"], filed.name, 2026, "Q3", until="Submitted")

	reminded = notifications.send_lkpm_reminders(today)
	assert owing.name in reminded and filed.name not in reminded and stopped.name not in reminded
	mail = mail_to(owing.name, address, "LKPM")
	assert mail.subject == "LKPM 2026 Q3 paling lambat 10 Oktober 2026"
	assert owing.project_name in mail.body and "Sabtu, 10 Oktober 2026" in mail.body
	# once per quarter
	assert owing.name not in notifications.send_lkpm_reminders(today + dt.timedelta(days=1))
	assert len([m for m in queued(owing.name) if "LKPM" in m.subject]) == 1


def test_no_lkpm_reminders_outside_the_window(staff):
	investor, _address = investor_with_email()
	make_investment(investor.name, lkpm_start_date="2024-01-01")
	assert notifications.send_lkpm_reminders(dt.date(2026, 11, 20)) == []
	assert lkpm.reminder_quarter(dt.date(2026, 11, 20), 7) is None


# --- SMS ----------------------------------------------------------------------------------------------


class _Gateway(http.server.BaseHTTPRequestHandler):
	received: list = []

	def do_GET(self):
		_Gateway.received.append(dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.path).query)))
		self.send_response(200)
		self.end_headers()
		self.wfile.write(b"OK")

	def log_message(self, *args):
		pass


@pytest.fixture
def sms_gateway():
	"""A stand-in for the office's SMS provider: an HTTP gateway that records what it is sent."""
	_Gateway.received = []
	server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	yield f"http://127.0.0.1:{server.server_address[1]}/send", _Gateway.received
	server.shutdown()
	server.server_close()


def configure_sms(url: str | None):
	settings = frappe.get_single("SMS Settings")
	settings.update({"sms_gateway_url": url, "message_parameter": "text", "receiver_parameter": "to"})
	settings.save(ignore_permissions=True)  # as the system manager configures it


def sms_enabled() -> set[str]:
	return {name for name in sms.sms_notifications() if frappe.db.get_value("Notification", name, "enabled")}


def test_sms_notifications_follow_sms_settings(staff, sms_gateway):
	url, received = sms_gateway
	assert sms_enabled() == set()
	configure_sms(url)
	assert len(sms_enabled()) == 5

	journey = journey_with_email(staff)
	doc = journey.submit()
	(sms,) = (r for r in received if doc.name in r["text"])
	assert sms["to"] == "+6281234567890"
	assert sms[
		"text"
	] == f"DPMPTSP Kota Bontang: permohonan {doc.name} diterima. PIN {doc.tracking_pin}. " + (
		f"Pantau di {frappe.utils.get_url('/track')}"
	)
	if frappe.db.exists("DocType", "SMS Log"):  # ERPNext's; Frappe 15 logs SMS there when present
		assert frappe.db.exists("SMS Log", {"sent_to": sms["to"]})

	# an administrator switches one off; changing the gateway later does not switch it back on
	frappe.db.set_value("Notification", "Permit Issued SMS", "enabled", 0)
	configure_sms(url + "?v=2")
	assert len(sms_enabled()) == 4 and "Permit Issued SMS" not in sms_enabled()


# --- administrators edit notifications -------------------------------------------------------------------


def test_an_administrator_replaces_a_shipped_notification_with_their_own(staff):
	"""Standard notifications are edited the Frappe way: disable the shipped one, work on a copy."""
	shipped = frappe.get_doc("Notification", "Application Submitted")
	shipped.enabled = 0
	shipped.save()
	copy = frappe.copy_doc(shipped)
	copy.name = "Tanda Terima Kantor"
	copy.update(
		{
			"is_standard": 0,
			"enabled": 1,
			"module": None,
			"subject": "Berkas {{ doc.name }} sudah kami terima",
			"message": shipped.get_template(),
		}
	)
	copy.insert()

	journey = journey_with_email(staff)
	doc = journey.submit()
	subjects = [m.subject for m in queued(doc.name) if journey.email in m.recipients]
	assert subjects == [f"Berkas {doc.name} sudah kami terima"], queued_summary(doc.name)


def test_shipped_notifications_are_standard_records_of_the_module():
	shipped = frappe.get_all(
		"Notification",
		filters={"module": "BPPM", "is_standard": 1},
		fields=["name", "channel", "enabled", "attach_print", "print_format"],
	)
	by_name = {n.name: n for n in shipped}
	assert len(shipped) == 19  # 14 letters and reminders, Permit Revoked, 4 of service quality
	assert {by_name[n].print_format for n in by_name if by_name[n].attach_print} == {
		"Application Receipt",
		"Levy Assessment",
		"Permit Certificate",
		"Rejection Letter",
	}
	# the message of each is its template file, e.g. for the desk and for copies
	for name in by_name:
		assert frappe.get_doc("Notification", name).get_template(), name


def test_a_reminder_batch_run_twice_reminds_once(staff):
	investor, _address = investor_with_email()
	owing = make_investment(investor.name, lkpm_start_date="2024-01-01")
	assert notifications.remind_lkpm([owing.name], 2026, "Q3") == [owing.name]
	# the same batch again, as when its job's process died after its commit and it ran once more
	assert notifications.remind_lkpm([owing.name], 2026, "Q3") == []
	assert len([m for m in queued(owing.name) if "LKPM" in m.subject]) == 1
	assert frappe.db.get_value("Investment", owing.name, "lkpm_reminded_for") == lkpm.label(2026, "Q3")
