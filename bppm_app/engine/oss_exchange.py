"""OSS RBA, the national Online Single Submission: the office's side of the integration
(``rules.oss`` holds the PIA's shapes, codes and schedules).

- **Inbound** (:func:`receive_nib`): OSS posts receiveNIB with its ``Token``. The body is checked
  against the PIA; the business becomes (or is found as) an Applicant by NIB; each checklist item is
  recorded once as an OSS Checklist Item, named by its ``id_izin`` (the primary key makes a repeat,
  or two deliveries at once, one row); an item of this office becomes one Permit Application,
  submitted at once by the office's OSS user, its SLA clock counted from OSS's submission time.
- **Outbound** (:func:`queue_transition`, :func:`sync`): every transition of an OSS application
  queues OSS Messages in the same transaction (an outbox): the ``kd_status`` of the editable mapping
  (BPPM Settings › OSS Status Mapping), 41/42 when the SLA clock stops and resumes (the workflow's
  ``sla_clock`` field), and receiveLicense when the permit is issued. The outbox sends them in order
  per application, one application at a time (a database lock), marking each attempt before it
  sends; an attempt whose outcome is unknown (no answer, a timeout, OSS's 504) is confirmed with OSS
  (checkLicenseStatus, inqueryLicense) before anything is sent again, so a message OSS accepted is
  never sent twice, even when a worker dies between sending and recording.
- **Reconciliation** (:func:`reconcile`, daily): OSS's status of every open OSS application against
  the office's; a 57 (fiktif positif) marks the application and alerts the heads.
- **NIB lookup** (:func:`lookup_nib`): inqueryNIB for the counter's Applicant form.

OSS's user key is read only to be put in the ``user_key`` header: it is never stored with a message,
logged, or put in an error (the HTTP client's errors are redacted).
"""

import datetime as dt
import functools
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import frappe
import requests
from frappe import _
from frappe.utils import cint, get_datetime, get_url, getdate, now_datetime
from frappe.utils.password import get_decrypted_password
from werkzeug.wrappers import Response

from bppm_app import counters
from bppm_app.config import office_calendar, settings
from bppm_app.engine import service_level, workflow
from bppm_app.exceptions import (
	BPPMValidationError,
	InvalidContactError,
	InvalidOSSRequestError,
	OSSNotConfiguredError,
	OSSUnavailableError,
	user_errors,
)
from bppm_app.roles import FRONT_OFFICE, HEAD, MANAGER, OSS_USER, users_with_role
from bppm_app.rules import contact, guards, identity, oss, sla
from bppm_app.utils import as_user

SETTINGS = "BPPM Settings"
APPLICATION = "Permit Application"
MESSAGE = "OSS Message"
ITEM = "OSS Checklist Item"
OSS = "OSS"  # the application's channel
PENDING, SENT, FAILED = "Pending", "Sent", "Failed"
NOT_CREATED = "Not Created"
ENDPOINT = "/api/method/bppm_app.api.oss_receive_nib"
MAX_ANSWER_BYTES = 64 * 1024  # what is kept of an answer from OSS
REFUSALS_PER_MINUTE = 20  # calls with a wrong Token a client address may make before it waits


# --- settings ----------------------------------------------------------------------------------


def enabled() -> bool:
	return settings.flag("oss_enabled")


def base_url() -> str:
	return (settings.get("oss_base_url") or "").strip().rstrip("/")


def _password(field: str) -> str | None:
	return get_decrypted_password(SETTINGS, SETTINGS, field, raise_exception=False)


def configured() -> bool:
	"""OSS is switched on, with an address and a user key: the office can call it."""
	return enabled() and bool(base_url()) and bool(_password("oss_user_key"))


def timeout() -> int:
	return cint(settings.get("oss_timeout")) or 20


def status_rules() -> list[oss.StatusRule]:
	return [
		oss.StatusRule(row.state, (row.kd_status or "").strip(), row.moment or oss.ENTER, row.condition or "")
		for row in frappe.get_cached_doc(SETTINGS).get("oss_status_map") or []
	]


def check_settings(doc) -> None:
	"""BPPM Settings.validate: the OSS section."""
	token = doc.get("oss_inbound_token")
	if token and set(token) != {"*"}:  # asterisks: the stored token, unchanged
		oss.check_inbound_token(token)
	if doc.get("oss_base_url"):
		doc.oss_base_url = doc.oss_base_url.strip().rstrip("/")
		if not oss.web_link(doc.oss_base_url):
			raise BPPMValidationError(_("OSS API Base URL must be an http(s) address."))
	for row in doc.get("oss_status_map") or []:
		row.kd_status = oss.check_status_code(row.kd_status)


# --- calling OSS ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
	http_status: int | None  # None: no answer (a timeout, a refused connection)
	body: bytes
	error: str = ""

	def text(self) -> str:
		return self.body[:MAX_ANSWER_BYTES].decode("utf-8", "replace") if self.body else self.error


def call(method: str, payload: dict, wait: float | None = None) -> Reply:
	"""POST one PIA method to OSS with the user key. Never raises for OSS's own failures: a timeout
	or a network error comes back as a Reply without status, its text free of the key."""
	if not configured():
		raise OSSNotConfiguredError(_("OSS is not configured in BPPM Settings."))
	key = _password("oss_user_key") or ""
	wait = wait or timeout()
	try:
		response = requests.post(
			f"{base_url()}/{method}",
			data=json.dumps(payload),
			headers={"Content-Type": "application/json", oss.USER_KEY_HEADER: key},
			timeout=(min(5, wait), wait),
			allow_redirects=False,
		)
		return Reply(response.status_code, response.content[:MAX_ANSWER_BYTES])
	except requests.Timeout:
		return Reply(None, b"", _("No answer from OSS within {0} seconds.").format(wait))
	except requests.RequestException as e:
		return Reply(None, b"", redact(f"{type(e).__name__}: {e}", key))


def redact(text: str, secret: str | None) -> str:
	return text.replace(secret, "***") if secret else text


# --- inbound: receiveNIB -----------------------------------------------------------------------------


def respond(status: int, answer: dict) -> Response:
	"""The PIA's answer as the whole response body (not wrapped in Frappe's ``message``)."""
	frappe.local.bppm_oss_answered = True
	frappe.clear_messages()
	return Response(json.dumps(answer), status=status, mimetype="application/json")


def receive_nib(body: bytes, token: str | None) -> Response:
	"""Handle one receiveNIB call as OSS sent it: 401 without the agreed Token, 400 for a body that
	is not the PIA's shape (nothing stored then), else 200 with what became of each item."""
	check_refusals()
	try:
		data = oss.parse_json(body)
	except InvalidOSSRequestError:
		data = None  # judged below, after the Token: a stranger learns nothing about the body
	if not (enabled() and oss.token_valid(_password("oss_inbound_token"), token, oss.nib_of(data), today())):
		count_refusal()
		return respond(401, oss.receive_nib_answer(False, oss.RESPONSE_CODES[401], 401))
	try:
		received = oss.parse_receive_nib(body)
	except InvalidOSSRequestError as e:
		return respond(400, oss.receive_nib_answer(False, str(e), 400))
	try:
		with as_user(OSS_USER):
			results = intake(received)
	except Exception:
		# unexpected: logged without local variables (they would hold the body and the Token)
		frappe.db.rollback()
		frappe.log_error(title="OSS receiveNIB failed", message=frappe.get_traceback(with_context=False))
		return respond(500, oss.receive_nib_answer(False, oss.RESPONSE_CODES[500], 500))
	return respond(200, oss.receive_nib_answer(True, summary(results)))


def today() -> dt.date:
	return getdate()


def _refusals() -> str:
	return f"oss-refused:{counters.client()}"


def check_refusals() -> None:
	if counters.current(_refusals()) >= REFUSALS_PER_MINUTE:
		frappe.throw(_("Too many refused calls. Try again in a minute."), frappe.RateLimitExceededError)


def count_refusal() -> None:
	counters.count(_refusals(), 60)


def after_request(response=None, request=None) -> None:
	"""after_request hook: a body Frappe could not read (malformed JSON sent as application/json
	fails in Frappe's init_request, before any app code) gets the PIA's 400 answer on the OSS
	endpoint instead of Frappe's error page."""
	if response is None or request is None or request.path != ENDPOINT:
		return
	if getattr(frappe.local, "bppm_oss_answered", False) or response.status_code < 400:
		return
	try:
		readable = isinstance(json.loads(request.get_data() or b"null"), dict)
	except (ValueError, RecursionError):
		readable = False
	if readable:
		return
	# Frappe failed before it set the request's language: OSS reads Indonesian
	answer = oss.receive_nib_answer(False, _("The request body is not valid JSON.", lang="id"), 400)
	response.status_code = 400
	response.set_data(json.dumps(answer))
	response.mimetype = "application/json"


@dataclass(frozen=True)
class ItemResult:
	id_izin: str
	outcome: str
	application: str | None = None
	repeat: bool = False


def summary(results: list[ItemResult]) -> str:
	created = [r.application for r in results if r.outcome == oss.OURS and r.application]
	parts = [_("Data saved.")]
	if created:
		parts.append(_("Applications: {0}.").format(", ".join(created)))
	others = sum(r.outcome not in (oss.OURS, NOT_CREATED) for r in results)
	if others:
		parts.append(_("{0} item(s) not for this office or not mapped, recorded.").format(others))
	failed = sum(r.outcome == NOT_CREATED for r in results)
	if failed:
		parts.append(_("{0} item(s) recorded; the office makes their applications.").format(failed))
	return " ".join(parts)


def intake(received: oss.ReceivedNIB) -> list[ItemResult]:
	"""Record every checklist item of one receiveNIB (once per id_izin) and make the applications
	of this office. Reads committed data, so that a delivery that waited for a parallel one's lock
	sees what that one stored."""
	frappe.db.sql("set session transaction isolation level read committed")
	frappe.db.commit()  # nothing written yet: starts the read-committed transaction
	try:
		# the business's Applicant, found or made when the first new item of this office needs it
		# (a delivery of repeats or of other offices' items makes none)
		applicant = functools.cache(lambda: applicant_for(received.company))
		return [take_item(received, item, applicant) for item in received.items]
	finally:
		frappe.db.sql("set session transaction isolation level repeatable read")


def applicant_values(company: oss.Company) -> dict:
	"""The Applicant's fields from OSS's data on the business, each only when it passes the office's
	own rules (an office phone is not a mobile number; a malformed NPWP is left out)."""
	values = {
		"applicant_type": "Business Entity",
		"applicant_name": company.name[:140],
		"nib": company.nib,
		"address": company.address,
		"kelurahan": company.kelurahan[:140],
		"representative_name": company.responsible_name[:140],
		"representative_position": company.responsible_position[:140],
	}
	for field, value, normalize in (
		("npwp", company.npwp, identity.normalize_npwp),
		("email", company.email or company.responsible_email, contact.normalize_email),
		("mobile_no", company.responsible_mobile or company.phone, contact.normalize_mobile),
	):
		try:
			values[field] = normalize(value) if value else None
		except (BPPMValidationError, InvalidContactError):
			values[field] = None
	return {k: v for k, v in values.items() if v}


def applicant_for(company: oss.Company) -> str:
	"""The Applicant of the NIB: found, with the fields it lacks filled from OSS, or made."""
	name = frappe.db.get_value("Applicant", {"nib": company.nib})
	values = applicant_values(company)
	if name:
		doc = frappe.get_doc("Applicant", name)
		missing = {k: v for k, v in values.items() if not doc.get(k)}
		if missing:
			doc.update(missing)
			doc.save()
		return name
	doc = frappe.get_doc({"doctype": "Applicant", **values})
	frappe.db.savepoint("bppm_oss_applicant")
	try:
		doc.insert()
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError, BPPMValidationError):
		# the same NIB arrived in parallel and was stored first (or a NIB of a counter applicant)
		frappe.db.rollback(save_point="bppm_oss_applicant")
		frappe.clear_messages()
		name = frappe.db.get_value("Applicant", {"nib": company.nib})
		if not name:
			raise
		return name
	return doc.name


def known_codes() -> dict[str, str]:
	"""{kd_izin: permit type} of the active permit types mapped to OSS."""
	# get_all: the intake reads the office's configuration, whoever OSS is
	return {
		row.oss_kd_izin.strip(): row.name
		for row in frappe.get_all(
			"Permit Type",
			filters={"is_active": 1, "oss_kd_izin": ("is", "set")},
			fields=["name", "oss_kd_izin"],
		)
	}


def take_item(received: oss.ReceivedNIB, item: oss.ChecklistItem, applicant: Callable[[], str]) -> ItemResult:
	"""Record one checklist item once (its id_izin is the row's primary key) and, when it is this
	office's, make its application. A repeat, or an item a parallel delivery is storing, waits for
	that one and answers what it stored."""
	codes = known_codes()
	outcome = oss.classify(item, codes, received.withdrawn)
	frappe.db.savepoint("bppm_oss_item")
	row = frappe.get_doc(
		{
			"doctype": ITEM,
			"id_izin": item.id_izin,
			"nib": received.nib,
			"oss_id": received.oss_id,
			"kd_izin": item.kd_izin,
			"nama_izin": item.nama_izin[:140],
			"kewenangan": item.kewenangan,
			"instansi": item.instansi[:140],
			"outcome": outcome,
			"received_on": now_datetime(),
			"payload": json.dumps(item.raw, indent=1, ensure_ascii=False),
		}
	)
	row.flags.bppm_oss_intake = True
	try:
		row.insert(ignore_permissions=True)  # the intake's own record; nobody creates these by hand
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.db.rollback(save_point="bppm_oss_item")
		frappe.clear_messages()
		first = frappe.db.get_value(ITEM, item.id_izin, ["outcome", "permit_application"], as_dict=True)
		return ItemResult(item.id_izin, first.outcome, first.permit_application, repeat=True)
	if outcome != oss.OURS:
		return ItemResult(item.id_izin, outcome)
	# kept even when the application fails: the manager's retry makes it for this Applicant
	business = applicant()
	frappe.db.savepoint("bppm_oss_application")
	try:
		app = create_application(received, item, business, codes[item.kd_izin])
	except frappe.ValidationError as e:
		# the office's configuration refused it (e.g. no transition to submit): recorded, and the
		# manager makes it again from the item once the configuration is right (oss_retry_item)
		frappe.db.rollback(save_point="bppm_oss_application")
		frappe.clear_messages()
		note = _("The application could not be made: {0}").format(str(e))
		frappe.db.set_value(ITEM, row.name, {"outcome": NOT_CREATED, "note": note}, update_modified=False)
		return ItemResult(item.id_izin, NOT_CREATED)
	frappe.db.set_value(ITEM, row.name, "permit_application", app.name, update_modified=False)
	return ItemResult(item.id_izin, outcome, app.name)


def retry_item(name: str) -> str:
	"""A manager makes the application of an item recorded as Not Created, once the office's
	configuration allows it."""
	row = frappe.get_doc(ITEM, name)
	if row.outcome != NOT_CREATED:
		frappe.throw(_("Only an item recorded as Not Created can be made again."))
	data = json.loads(row.payload or "{}")
	body = {"dataNIB": {"nib": row.nib, "oss_id": row.oss_id or "", "data_checklist": [data]}}
	received = oss.parse_receive_nib(json.dumps(body).encode())
	item = received.items[0]
	codes = known_codes()
	if oss.classify(item, codes) != oss.OURS:
		frappe.throw(_("No active permit type maps OSS permit code {0}.").format(item.kd_izin))
	applicant = frappe.db.get_value("Applicant", {"nib": row.nib})
	if not applicant:
		frappe.throw(_("No applicant has NIB {0}.").format(row.nib))
	with as_user(OSS_USER):
		app = create_application(received, item, applicant, codes[item.kd_izin])
	frappe.db.set_value(
		ITEM,
		name,
		{"outcome": oss.OURS, "permit_application": app.name, "note": None},
		update_modified=False,
	)
	return app.name


def create_application(received: oss.ReceivedNIB, item: oss.ChecklistItem, applicant: str, permit_type: str):
	"""One Permit Application for one checklist item of this office, submitted at once: OSS's
	submission is the application's. Its SLA clock counts from OSS's submission time."""
	received_at = now_datetime()
	submitted = oss.submission_time(received.dates, received_at)
	pt = frappe.get_cached_doc("Permit Type", permit_type)
	by_code = {r.id_syarat: r for r in item.requirements if r.id_syarat}
	documents, used = [], set()
	for requirement in pt.requirements:
		sent = by_code.get((requirement.get("oss_id_syarat") or "").strip())
		if sent:
			used.add(sent.id_syarat)
		documents.append(
			{
				"requirement": requirement.requirement,
				"oss_document": sent.file_dokumen if sent else None,
				"oss_reference": reference_of(sent) if sent else None,
			}
		)
	project = next(
		(
			p
			for p in received.data["dataNIB"].get("data_proyek") or []
			if p.get("id_proyek") == item.id_proyek
		),
		{},
	)
	place = next(iter(project.get("data_lokasi_proyek") or []), {})
	doc = frappe.get_doc(
		{
			"doctype": APPLICATION,
			"applicant": applicant,
			"permit_type": permit_type,
			"channel": OSS,
			"subject": (item.nama_izin or oss._text(project.get("uraian_usaha")) or pt.name)[:140],
			"location_address": oss._text(place.get("alamat_usaha")) or received.company.address,
			"documents": documents,
			"oss_id_izin": item.id_izin,
			"oss_nib": received.nib,
			"oss_id": received.oss_id,
			"oss_kd_izin": item.kd_izin,
			"oss_id_proyek": item.id_proyek,
			"oss_kd_daerah": item.kd_daerah or oss._text(received.data["dataNIB"].get("kd_daerah")),
			"oss_submitted_on": submitted,
		}
	)
	doc.flags.bppm_oss_intake = True
	doc.insert()
	extra = [r for r in item.requirements if r.id_syarat not in used]
	if extra:
		doc.add_comment(
			"Info",
			_("OSS also sent documents no requirement of {0} maps:").format(permit_type)
			+ "<br>"
			+ "<br>".join(
				frappe.utils.escape_html(f"{r.id_syarat}: {reference_of(r)} {r.file_dokumen}") for r in extra
			),
		)
	doc = workflow.apply_action(doc, submit_action(doc))
	if submitted < received_at:
		start_clock_at(doc.name, submitted)
	return doc


def reference_of(requirement: oss.Requirement) -> str:
	parts = [requirement.no_dokumen, requirement.tgl_dokumen, requirement.keterangan]
	return " · ".join(p for p in parts if p)[:255] or requirement.id_syarat


def submit_action(doc) -> str:
	"""The transition out of the first state that starts the SLA clock and that the front office may
	take (the shipped workflow's Submit), read from the workflow's configuration."""
	wf = workflow.get_workflow(APPLICATION)
	for transition in workflow.available(doc, wf):
		row = workflow.state_row(wf, transition.next_state)
		if (
			transition.allowed == FRONT_OFFICE
			and row
			and cint(row.doc_status) == 0
			and row.update_field == "sla_clock"
			and row.update_value == sla.RUNNING
		):
			return transition.action
	frappe.throw(
		_("No transition of the workflow lets the front office submit an application received from OSS.")
	)


def start_clock_at(name: str, submitted: dt.datetime) -> None:
	"""OSS submitted before the office received it: the application's first stages (the draft and
	the submission the intake made a moment ago) are dated from OSS's time, and its SLA fields
	recomputed. ``submitted_on`` is OSS's time already (the controller reads ``oss_submitted_on``)."""
	stage = frappe.qb.DocType("Permit Application Stage")
	frappe.qb.update(stage).set(stage.entered_on, submitted).where(
		(stage.permit_application == name) & (stage.entered_on > submitted)
	).run()
	frappe.qb.update(stage).set(stage.left_on, submitted).where(
		(stage.permit_application == name)
		& (stage.left_on > submitted)
		& (stage.sla_clock == sla.NOT_STARTED)
	).run()
	service_level.refresh(name)


# --- outbound: the outbox ----------------------------------------------------------------------


def is_oss(doc) -> bool:
	return doc.get("channel") == OSS and bool(doc.get("oss_id_izin"))


def condition_holds(condition: str, doc) -> bool:
	"""A mapping row's condition, evaluated like a workflow transition's."""
	from frappe.model.workflow import get_workflow_safe_globals

	try:
		return bool(frappe.safe_eval(condition, get_workflow_safe_globals(), {"doc": doc.as_dict()}))
	except Exception:
		frappe.log_error(title="OSS Status Mapping: condition failed", message=condition)
		return False


def queue_transition(doc) -> list[str]:
	"""Permit Application, after a save that moved it: queue what OSS must be told, in order.
	Returns the names of the messages queued."""
	moved = doc.transition
	if not moved or not is_oss(doc):
		return []
	before = doc.get_doc_before_save()
	codes = oss.statuses_for(
		status_rules(),
		moved.from_state,
		moved.to_state,
		before.get("sla_clock") if before is not None else None,
		doc.sla_clock,
		holds=lambda condition: condition_holds(condition, doc),
	)
	queued = [
		queue(doc, oss.RECEIVE_LICENSE_STATUS, code, status_payload(doc, code, moved), moved)
		for code in codes
	]
	if doc.docstatus == 1 and doc.decision == guards.APPROVED:
		queued.append(queue(doc, oss.RECEIVE_LICENSE, oss.APPROVED, license_payload(doc), moved))
	if queued:
		# sent right after the commit; a second job for the same application finds it busy (its
		# database lock) or nothing left, and the scheduler catches what a job missed
		frappe.enqueue(
			"bppm_app.engine.oss_exchange.sync_application",
			queue="short",
			name=doc.name,
			enqueue_after_commit=True,
		)
	return queued


def office():
	return frappe.get_cached_doc(SETTINGS)


def status_payload(doc, code: str, moved) -> dict:
	remarks = {"11": doc.get("revision_remarks"), "90": doc.get("rejection_reason")}.get(code)
	# OSS shows the remarks to the business: in Indonesian, whoever acted
	text = f"{oss.STATUS_CODES.get(code, code)}: {_(moved.from_state, lang='id')} → {_(moved.to_state, lang='id')}"
	return oss.status_payload(
		nib=doc.oss_nib,
		oss_id=doc.oss_id or "",
		id_izin=doc.oss_id_izin,
		kd_izin=doc.oss_kd_izin,
		kd_instansi=settings.get("oss_kd_instansi") or "",
		kd_status=code,
		at=get_datetime(moved.at),
		nip=office().head_of_office_nip or "",
		name=frappe.utils.get_fullname(moved.user),
		remarks=f"{text}. {remarks}" if remarks else text,
		id_proyek=doc.oss_id_proyek or "",
	)


def permit_file_url(doc) -> str:
	"""A link OSS downloads the issued permit from: unguessable, for this one permit."""
	token = doc.get("oss_file_token")
	if not token:
		token = secrets.token_urlsafe(32)
		doc.db_set("oss_file_token", token, update_modified=False)
	return get_url("/api/method/bppm_app.api.oss_permit_file?" + urlencode({"token": token}))


def license_payload(doc) -> dict:
	head = office()
	return oss.license_payload(
		nib=doc.oss_nib,
		oss_id=doc.oss_id or "",
		id_izin=doc.oss_id_izin,
		kd_izin=doc.oss_kd_izin,
		kd_daerah=doc.oss_kd_daerah or "",
		permit_number=doc.permit_number,
		issued_on=getdate(doc.issued_on),
		valid_until=getdate(doc.valid_until) if doc.valid_until else None,
		signatory=head.head_of_office_name or "",
		signatory_nip=head.head_of_office_nip or "",
		signatory_title=head.head_of_office_title or "",
		file_url=permit_file_url(doc),
		validity_months=cint(frappe.db.get_value("Permit Type", doc.permit_type, "validity_months")),
		id_proyek=doc.oss_id_proyek or "",
		remarks=_("Permit {0} issued; signed file SHA-256 {1}", lang="id").format(
			doc.permit_number, doc.signed_permit_sha256 or "—"
		),
	)


def queue(doc, method: str, code: str, payload: dict, moved) -> str:
	"""Append one message to the application's sequence (the application's row is locked by this
	transaction's save, and the name is the primary key: no two messages share a place)."""
	last = frappe.db.sql(
		f"select coalesce(max(sequence), 0) from `tab{MESSAGE}` where permit_application = %s", doc.name
	)
	message = frappe.get_doc(
		{
			"doctype": MESSAGE,
			"permit_application": doc.name,
			"sequence": cint(last[0][0]) + 1,
			"method": method,
			"kd_status": code,
			"status_name": oss.STATUS_CODES.get(code, ""),
			"stage_change": f"{moved.from_state} → {moved.to_state}"[:140],
			"payload": json.dumps(payload, indent=1, ensure_ascii=False),
			"status": PENDING,
			"attempts": 0,
			"next_attempt_at": get_datetime(moved.at),
		}
	)
	message.flags.bppm_oss_outbox = True
	message.insert(ignore_permissions=True)  # the outbox's own row; nobody creates these by hand
	return message.name


# --- sending ------------------------------------------------------------------------------------


def due_applications(force: bool = False, now=None) -> list[str]:
	now = get_datetime(now) if now else now_datetime()
	condition = "" if force else "and (next_attempt_at is null or next_attempt_at <= %(now)s)"
	return frappe.db.sql_list(
		f"""select distinct permit_application from `tab{MESSAGE}`
		where status = %(pending)s {condition} order by permit_application""",
		{"pending": PENDING, "now": now},
	)


def sync(force: bool = False, now=None) -> dict:
	"""Send every due message (``force``: also those waiting for their back-off). Commits as it goes:
	each attempt is recorded before and after it is made."""
	totals = {"configured": configured(), "sent": 0, "failed": 0, "waiting": 0, "busy": 0}
	if not totals["configured"]:
		return totals
	frappe.db.commit()  # a fresh view of the outbox
	for name in due_applications(force, now):
		result = sync_application(name, force=force, now=now)
		for key in ("sent", "failed", "waiting", "busy"):
			totals[key] += result[key]
	return totals


def scheduled_sync() -> None:
	"""Scheduler (every few minutes, on the default queue): what is due."""
	sync()


def _lock(name: str) -> bool:
	return cint(frappe.db.sql("select get_lock(%s, 0)", f"bppm-oss-{name}")[0][0]) == 1


def _unlock(name: str) -> None:
	frappe.db.sql("select release_lock(%s)", f"bppm-oss-{name}")


def next_message(name: str):
	frappe.db.commit()  # see what another worker recorded
	return frappe.db.sql(
		f"""select name, sequence, method, kd_status, status, attempts, next_attempt_at, unconfirmed,
		payload, permit_application from `tab{MESSAGE}`
		where permit_application = %s and status != %s order by sequence limit 1""",
		(name, SENT),
		as_dict=True,
	)


def sync_application(name: str, force: bool = False, now=None) -> dict:
	"""Send an application's messages in order, until one is not accepted. One worker at a time per
	application (a named database lock, freed by the database if the worker dies)."""
	out = {"sent": 0, "failed": 0, "waiting": 0, "busy": 0}
	if not configured():
		return out
	if not _lock(name):
		out["busy"] = 1
		return out
	try:
		while True:
			rows = next_message(name)
			if not rows:
				break
			msg = rows[0]
			at = get_datetime(now) if now else now_datetime()
			if msg.status == FAILED:
				out["waiting"] += 1  # behind a message OSS refused: the manager resends it first
				break
			if not force and msg.next_attempt_at and get_datetime(msg.next_attempt_at) > at:
				out["waiting"] += 1
				break
			if msg.unconfirmed:
				known = already_accepted(msg)
				if known is None:  # OSS cannot tell now: wait as after a failed attempt
					_record(msg, {"next_attempt_at": at + oss.retry_delay(msg.attempts)})
					out["waiting"] += 1
					break
				if known:
					_accepted(
						msg,
						at,
						_("OSS already had this message (confirmed by {0}).").format(check_method(msg)),
					)
					out["sent"] += 1
					continue
			kind = attempt(msg, at)
			if kind == oss.SENT:
				out["sent"] += 1
				continue
			out["failed" if kind == oss.FAILED else "waiting"] += 1
			break
	finally:
		_unlock(name)
		frappe.db.commit()
	refresh_oss_clock(name)
	frappe.db.commit()
	return out


def _record(msg, values: dict) -> None:
	frappe.db.set_value(MESSAGE, msg.name, values)
	frappe.db.commit()


def attempt(msg, at: dt.datetime) -> str:
	"""One attempt: marked as made (and its outcome unknown) before the request leaves, recorded
	when OSS answers. A worker that dies in between leaves the mark, and the next attempt asks OSS
	first."""
	attempts = cint(msg.attempts) + 1
	_record(msg, {"attempts": attempts, "last_attempt_at": at, "unconfirmed": 1})
	reply = call(msg.method, json.loads(msg.payload))
	outcome = oss.judge(reply.http_status, reply.body, reply.error)
	values = {"last_http_status": reply.http_status or 0, "last_response": reply.text()}
	if outcome.kind == oss.SENT:
		values.update(status=SENT, sent_on=now_datetime(), unconfirmed=0, next_attempt_at=None)
	elif outcome.kind == oss.FAILED:
		values.update(status=FAILED, unconfirmed=0, next_attempt_at=None)
	else:
		values.update(
			unconfirmed=int(outcome.kind == oss.UNKNOWN),
			next_attempt_at=now_datetime() + oss.retry_delay(attempts),
		)
	_record(msg, values)
	if outcome.kind == oss.FAILED:
		alert_managers(msg, outcome)
	return outcome.kind


def _accepted(msg, at, note: str) -> None:
	_record(
		msg, {"status": SENT, "sent_on": at, "unconfirmed": 0, "next_attempt_at": None, "last_response": note}
	)


def check_method(msg) -> str:
	return oss.INQUERY_LICENSE if msg.method == oss.RECEIVE_LICENSE else oss.CHECK_LICENSE_STATUS


def already_accepted(msg) -> bool | None:
	"""Whether OSS already holds a message whose earlier attempt got no clear answer: its current
	status is this message's kd_status (the messages go in order, so it was this one), or it has
	this permit number. None when OSS cannot be asked now."""
	app = frappe.db.get_value(
		APPLICATION, msg.permit_application, ["oss_id_izin", "permit_number"], as_dict=True
	)
	if msg.method == oss.RECEIVE_LICENSE:
		reply = call(oss.INQUERY_LICENSE, oss.inquery_license_payload(app.oss_id_izin))
		if reply.http_status != 200:
			return None
		return (
			bool(app.permit_number)
			and oss.license_number_of(reply.body, app.oss_id_izin) == app.permit_number
		)
	reply = call(oss.CHECK_LICENSE_STATUS, oss.check_payload(app.oss_id_izin))
	code, reported, _description = oss.status_of_check(reply.body)
	if reply.http_status is None or reply.http_status >= 500:
		return None
	if code != 200:
		return False  # OSS does not know the status at all: it has not got this message
	return reported == msg.kd_status


def alert_role(role: str, doctype: str, name: str, subject: str, content: str = "") -> None:
	"""A desk alert (Notification Log, queued) about a record to the users of ``role``."""
	from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

	users = [u for u in users_with_role(role) if u not in ("Administrator", "Guest")]
	if users:
		alert = {"type": "Alert", "document_type": doctype, "document_name": name, "subject": subject}
		if content:
			alert["email_content"] = content
		enqueue_create_notification(users, alert)


def alert_managers(msg, outcome: oss.Outcome) -> None:
	alert_role(
		MANAGER,
		MESSAGE,
		msg.name,
		_("OSS refused {0} of {1}: {2} {3}").format(
			msg.kd_status, msg.permit_application, outcome.code or "", outcome.message
		),
	)


def resend(name: str) -> dict:
	"""A manager sends a message again (a failed one, or a pending one now): back to Pending and
	sent at once, after what comes before it."""
	row = frappe.db.get_value(MESSAGE, name, ["status", "permit_application"], as_dict=True)
	if not row:
		raise frappe.DoesNotExistError(_("OSS Message {0} does not exist.").format(name))
	if row.status == SENT:
		frappe.throw(_("OSS accepted this message already; it is not sent twice."))
	frappe.db.set_value(MESSAGE, name, {"status": PENDING, "next_attempt_at": now_datetime()})
	frappe.db.commit()
	result = sync_application(row.permit_application, force=True)
	return {"status": frappe.db.get_value(MESSAGE, name, "status"), **result}


# --- OSS's clock, reconciliation, deemed approval ------------------------------------------------


def set_engine_fields(name: str, values: dict) -> None:
	"""OSS's fields of an application, written by the engine while an officer may have the form open:
	``modified`` moves and the open form is told (Frappe's ``doc_update``), so the desk reloads it
	or, when it holds unsaved edits, says it changed; a save from the stale form then meets Frappe's
	"modified after you opened it" instead of a refusal of fields the officer never touched."""
	frappe.db.set_value(APPLICATION, name, values)
	frappe.publish_realtime(
		"doc_update",
		{
			"modified": frappe.db.get_value(APPLICATION, name, "modified"),
			"doctype": APPLICATION,
			"name": name,
		},
		doctype=APPLICATION,
		docname=name,
		after_commit=True,
	)


def refresh_oss_clock(name: str, now=None) -> None:
	"""The application's deadline as OSS counts it (rules.oss.oss_intervals), kept on the application."""
	app = frappe.db.get_value(
		APPLICATION,
		name,
		["submitted_on", "sla_working_days", "oss_deadline", "oss_sla_status"],
		as_dict=True,
	)
	if not app or not app.submitted_on:
		return
	acknowledged = [
		(row.kd_status, get_datetime(row.sent_on))
		for row in frappe.db.sql(
			f"""select kd_status, sent_on from `tab{MESSAGE}` where permit_application = %s
			and status = %s and method = %s and sent_on is not null order by sequence""",
			(name, SENT, oss.RECEIVE_LICENSE_STATUS),
			as_dict=True,
		)
	]
	submitted = get_datetime(app.submitted_on)
	intervals = oss.oss_intervals(submitted, acknowledged)
	final = next((at for code, at in acknowledged if code in oss.FINAL_STATUSES), None)
	result = sla.evaluate(
		office_calendar.get(),
		submitted,
		intervals,
		cint(app.sla_working_days),
		service_level.warning_threshold(),
		now=get_datetime(now) if now else now_datetime(),
		stopped_at=final,
	)
	if str(app.oss_deadline or "") != str(result.due_date or "") or app.oss_sla_status != result.status:
		set_engine_fields(name, {"oss_deadline": result.due_date, "oss_sla_status": result.status})


def open_applications() -> list[frappe._dict]:
	# get_all: a scheduled job for the whole office, not a user's view
	return frappe.get_all(
		APPLICATION,
		filters={"channel": OSS, "docstatus": 0, "oss_id_izin": ("is", "set")},
		fields=["name", "oss_id_izin", "oss_disagreement", "oss_deemed_approved"],
		order_by="name asc",
	)


def reconcile(now=None) -> dict:
	"""Daily: ask OSS (checkLicenseStatus) for every open OSS application and record where OSS and
	the office disagree; a 57 marks the application approved by OSS and alerts the heads. Also keeps
	OSS's clock of each current."""
	out = {"checked": 0, "disagreements": 0, "deemed_approved": 0, "unanswered": 0}
	if not configured():
		return out
	at = get_datetime(now) if now else now_datetime()
	for app in open_applications():
		refresh_oss_clock(app.name, at)
		reply = call(oss.CHECK_LICENSE_STATUS, oss.check_payload(app.oss_id_izin))
		code, reported, _description = oss.status_of_check(reply.body)
		if reply.http_status != 200 or code != 200:
			out["unanswered"] += 1
			continue
		out["checked"] += 1
		expected, pending = expected_status(app.name)
		text = oss.disagreement(expected, reported, pending)
		set_engine_fields(
			app.name, {"oss_status": reported, "oss_status_checked_on": at, "oss_disagreement": text or None}
		)
		if text:
			out["disagreements"] += 1
			if text != (app.oss_disagreement or ""):
				frappe.get_doc(APPLICATION, app.name).add_comment("Info", frappe.utils.escape_html(text))
		if reported == oss.DEEMED_APPROVED and not app.oss_deemed_approved:
			mark_deemed_approved(app.name, at)
			out["deemed_approved"] += 1
		frappe.db.commit()
	return out


def scheduled_reconcile() -> None:
	reconcile()


def expected_status(name: str) -> tuple[str, int]:
	"""(the last kd_status OSS accepted from the office, how many messages are still unsent)."""
	last = frappe.db.sql(
		f"""select kd_status from `tab{MESSAGE}` where permit_application = %s and status = %s
		and method = %s order by sequence desc limit 1""",
		(name, SENT, oss.RECEIVE_LICENSE_STATUS),
	)
	pending = frappe.db.count(MESSAGE, {"permit_application": name, "status": ("!=", SENT)})
	return (last[0][0] if last else ""), pending


def mark_deemed_approved(name: str, at) -> None:
	"""OSS approved the application by itself (57): marked, its file kept as it stands for the office
	to finish, and the heads of office alerted."""
	set_engine_fields(name, {"oss_deemed_approved": 1, "oss_deemed_approved_on": at})
	doc = frappe.get_doc(APPLICATION, name)
	doc.add_comment("Info", _("OSS approved this application automatically (57, fiktif positif)."))
	alert_role(
		HEAD,
		APPLICATION,
		name,
		_("OSS approved {0} automatically (fiktif positif): the office was late").format(name),
		frappe.utils.escape_html(doc.subject or ""),
	)


# --- the counter: NIB lookup -----------------------------------------------------------------------


def lookup_nib(nib: str | None) -> dict:
	"""The business OSS knows under a NIB, as Applicant fields for the counter's form."""
	with user_errors():
		nib = identity.normalize_nib(nib if isinstance(nib, str) else None)
	if not configured():
		return {"configured": False, "message": _("OSS is not configured: fill in the applicant by hand.")}
	reply = call(oss.INQUERY_NIB, oss.inquery_nib_payload(nib))
	if reply.http_status is None or reply.http_status >= 500:
		raise OSSUnavailableError(_("OSS did not answer. Try again later, or fill in the applicant by hand."))
	company = oss.company_of_inquery(reply.body)
	if company is None:
		return {"configured": True, "found": False, "message": _("OSS has no business with this NIB.")}
	return {
		"configured": True,
		"found": True,
		"values": applicant_values(company),
		"kbli": list(company.kbli),
		"activity": company.activity,
	}


# --- the issued permit, for OSS to download ---------------------------------------------------------


def permit_file(token: str | None) -> tuple[str, bytes]:
	"""(file name, PDF) of the issued OSS permit whose link this token is; 404 otherwise."""
	from bppm_app.engine import signing

	token = token if isinstance(token, str) else ""
	if not (20 <= len(token) <= 64) or not token.replace("-", "").replace("_", "").isalnum():
		raise frappe.DoesNotExistError(_("Not found"))
	name = frappe.db.get_value(
		APPLICATION,
		{"oss_file_token": token, "channel": OSS, "docstatus": 1, "decision": guards.APPROVED},
		"name",
	)
	if not name:
		raise frappe.DoesNotExistError(_("Not found"))
	doc = frappe.get_doc(APPLICATION, name)
	# the database compares with its collation (case and trailing spaces ignored): the link is exact
	if not secrets.compare_digest(str(doc.oss_file_token or ""), token):
		raise frappe.DoesNotExistError(_("Not found"))
	pdf = signing.stored_permit(doc)
	if pdf is None:
		pdf = signing.render_certificate(doc)
	return f"{(doc.permit_number or doc.name).replace('/', '-')}.pdf", pdf
