"""Demo data: ``bench --site <site> bppm-demo`` (or ``bench --site <site> execute bppm_app.demo.make_demo``).

Idempotent: every record is looked up by a natural key (e-mail, permit type name, NIK/NIB, the
applicant + permit type + subject of an application, the investor + project name) and created only
when missing, so a second run changes nothing, and records that staff edited stay as they are.
"""

import os

import frappe
from frappe.utils import add_days, add_to_date, getdate, now_datetime, today

from bppm_app.demo import certificate, data, files, walk
from bppm_app.engine import quality, signing, workflow
from bppm_app.roles import APPLICANT, FRONT_OFFICE, HEAD, STAFF_ROLES, is_staff
from bppm_app.rules import channels, complaints, ikm, lkpm
from bppm_app.setup import holidays
from bppm_app.utils import as_user, submit_web_form
from bppm_app.web import applicant_portal

DEFAULT_PASSWORD = "bppm-demo-2026"
# Frappe's setup wizard, answered as an office in Bontang would: Indonesian, WITA, Rupiah.
SETUP_WIZARD = {
	"language": "Indonesia",
	"country": "Indonesia",
	"timezone": "Asia/Makassar",
	"currency": "IDR",
}


def complete_setup() -> bool:
	"""Finish Frappe's setup wizard for a demo site. False when the site was already set up."""
	if frappe.is_setup_complete():
		return False
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	result = setup_complete(SETUP_WIZARD)
	if (result or {}).get("status") != "ok":
		frappe.throw(f"Frappe's setup wizard failed: {result}")
	return True


def brand_website() -> None:
	"""The public pages carry the office's name rather than the framework's (once)."""
	office = data.SETTINGS["office_short_name"]
	website = frappe.get_single("Website Settings")
	if website.app_name == office:
		return
	website.footer_powered = "Layanan Perizinan Terpadu Satu Pintu"
	website.app_name = office
	website.brand_html = office
	website.copyright = data.SETTINGS["office_name"]
	website.save()


def make_demo(password: str | None = None) -> dict[str, int]:
	"""Create the demo office. Returns how many records of each kind were created."""
	password = password or os.environ.get("BPPM_DEMO_PASSWORD") or DEFAULT_PASSWORD
	created = dict.fromkeys(
		(
			"users",
			"permit_types",
			"applicants",
			"applications",
			"investments",
			"lkpm_reports",
			"surveys",
			"complaints",
		),
		0,
	)
	created.update(make_office(password))
	for spec in data.APPLICATIONS:
		created["applications"] += _application(*spec)
	with as_user("Administrator"):
		_lkpm_setup()
	for spec in data.LKPM_REPORTS:
		created["lkpm_reports"] += _lkpm_report(*spec)
	created["surveys"] += _surveys()
	for spec in data.COMPLAINTS:
		created["complaints"] += _complaint(*spec)
	with as_user("Administrator"):
		# the daily check, as the scheduler runs it: the complaint past its due date is flagged
		quality.flag_overdue_complaints()
	return created


def make_office(password: str | None = None) -> dict[str, int]:
	"""The demo office without its sample files: settings, the signing certificate, holidays, staff
	users, permit types, applicants and investments (what a small site such as the production
	stack of ``scripts/production`` needs). Returns how many records of each kind were created."""
	password = password or os.environ.get("BPPM_DEMO_PASSWORD") or DEFAULT_PASSWORD
	created = {"users": 0, "permit_types": 0, "applicants": 0, "investments": 0}
	with as_user("Administrator"):
		_settings()
		_signing()
		_documents_setup()  # before the demo files move: their notifications need the mail account
		if not frappe.db.count("Service Holiday"):
			holidays.seed_default_years()
		for local, first, last, role in data.STAFF_USERS:
			created["users"] += _user(f"{local}@{data.EMAIL_DOMAIN}", first, last, role, password)
		for spec in data.PERMIT_TYPES:
			created["permit_types"] += _permit_type(spec)
		for spec in data.APPLICANTS:
			created["users"] += _applicant_user(spec, password)
			created["applicants"] += _applicant(spec)
		for spec in data.INVESTMENTS:
			created["investments"] += _investment(spec)
	return created


def demo_logins() -> list[tuple[str, str]]:
	"""(login, role) pairs, for the setup script to print."""
	logins = [(f"{local}@{data.EMAIL_DOMAIN}", role) for local, _f, _l, role in data.STAFF_USERS]
	logins += [
		(f"{spec['portal_user'][0]}@{data.PUBLIC_DOMAIN}", APPLICANT)
		for spec in data.APPLICANTS
		if spec.get("portal_user")
	]
	return logins


def _settings() -> None:
	"""Fill in what the office has not set yet (empty, or still the shipped default)."""
	settings = frappe.get_single("BPPM Settings")
	meta = frappe.get_meta("BPPM Settings")
	changed = False
	for field, value in data.SETTINGS.items():
		current = settings.get(field)
		if current != value and (not current or current == meta.get_field(field).default):
			settings.set(field, value)
			changed = True
	if changed:
		settings.save()


def _signing() -> None:
	"""A self-signed office certificate, so that issued permits are signed out of the box (only
	when the office has chosen no signing provider yet)."""
	if frappe.db.get_single_value("BPPM Settings", "signing_provider"):
		return
	passphrase = certificate.new_passphrase()
	office = frappe.db.get_single_value("BPPM Settings", "office_short_name") or "BPPM"
	p12, _der = certificate.self_signed_pkcs12(f"{office} (demo)", office, passphrase)
	signing.use_local_certificate(p12, passphrase)


def _user(email: str, first_name: str, last_name: str, role: str, password: str) -> int:
	if frappe.db.exists("User", email):
		return 0
	user = frappe.new_doc("User")
	user.update(
		{
			"email": email,
			"first_name": first_name,
			"last_name": last_name,
			"send_welcome_email": 0,
			"language": "id",
			"new_password": password,
		}
	)
	user.append("roles", {"role": role})
	user.insert()
	return 1


def _applicant_user(spec: dict, password: str) -> int:
	if not spec.get("portal_user"):
		return 0
	local, first, last = spec["portal_user"]
	return _user(f"{local}@{data.PUBLIC_DOMAIN}", first, last, APPLICANT, password)


def _permit_type(spec: dict) -> int:
	if frappe.db.exists("Permit Type", spec["permit_type_name"]):
		return 0
	doc = frappe.new_doc("Permit Type")
	doc.update({k: v for k, v in spec.items() if k != "requirements"})
	doc.is_active = spec.get("is_active", 1)
	doc.is_published = spec.get("is_published", 1)
	for requirement, description, mandatory, file_types in spec["requirements"]:
		doc.append(
			"requirements",
			{
				"requirement": requirement,
				"description": description,
				"is_mandatory": mandatory,
				"allowed_file_types": file_types,
			},
		)
	doc.insert()
	return 1


def _applicant(spec: dict) -> int:
	key = {"nik": spec["nik"]} if spec.get("nik") else {"nib": spec["nib"]}
	if frappe.db.exists("Applicant", key):
		return 0
	doc = frappe.new_doc("Applicant")
	doc.update({k: v for k, v in spec.items() if k != "portal_user"})
	doc.city = "Bontang"
	if spec.get("portal_user"):
		doc.user = f"{spec['portal_user'][0]}@{data.PUBLIC_DOMAIN}"
		doc.email = doc.user
	doc.insert()
	return 1


def _applicant_by_name(name: str) -> str:
	return frappe.db.get_value("Applicant", {"applicant_name": name}, "name")


def _investment(spec: dict) -> int:
	investor = _applicant_by_name(spec["investor"])
	if frappe.db.exists("Investment", {"investor": investor, "project_name": spec["project_name"]}):
		return 0
	doc = frappe.new_doc("Investment")
	doc.update(spec)
	doc.investor = investor
	if spec.get("country_of_origin") and not frappe.db.exists("Country", spec["country_of_origin"]):
		doc.country_of_origin = None
	doc.insert()
	return 1


def _application(applicant_name, code, subject, location, kelurahan, kecamatan, quantity, online) -> int:
	applicant = _applicant_by_name(applicant_name)
	permit_type = frappe.db.get_value("Permit Type", {"code": code}, "name")
	name = frappe.db.get_value(
		"Permit Application", {"applicant": applicant, "permit_type": permit_type, "subject": subject}, "name"
	)
	created = 0
	# online applications are made by the applicant's own portal account, counter ones by the front office
	user = (frappe.db.get_value("Applicant", applicant, "user") if online else None) or _staff(FRONT_OFFICE)
	values = {
		"permit_type": permit_type,
		"subject": subject,
		"location_address": location,
		"kelurahan": kelurahan,
		"kecamatan": kecamatan,
		"quantity": quantity,
	}
	if not name:
		with as_user(user):
			if is_staff(user):
				doc = frappe.new_doc("Permit Application")
				doc.update({"applicant": applicant, **values})
				if code == "GALIAN":
					doc.investment = frappe.db.get_value("Investment", {"investor": applicant}, "name")
				doc.insert()
			else:
				# the applicant applies on the portal's form; the clerk links the investment
				doc = submit_web_form("apply", values)
				if code == "GALIAN":
					with as_user(_staff(FRONT_OFFICE)):
						doc = frappe.get_doc("Permit Application", doc.name)
						doc.investment = frappe.db.get_value("Investment", {"investor": applicant}, "name")
						doc.save()
		name, created = doc.name, 1
	target, reason = data.TARGETS.get(subject, (None, None))
	first_state = workflow.first_state(workflow.get_workflow("Permit Application"))
	if frappe.db.get_value("Permit Application", name, "workflow_state") != first_state:
		return created
	_upload_missing(name, user, applicant_name)
	if target:
		actors = {role: _staff(role) for role in STAFF_ROLES}
		actors[APPLICANT] = user if online else None
		walk.advance(name, target, actors, rejection_reason=reason)
	return created


def _upload_missing(name: str, user: str, applicant_name: str) -> None:
	"""A real, private file for every mandatory requirement still without one, uploaded as the
	person who made the application."""
	with as_user(user):
		doc = frappe.get_doc("Permit Application", name)
		allowed = {
			r.requirement: r.allowed_file_types
			for r in frappe.get_doc("Permit Type", doc.permit_type).requirements
		}
		missing = [row for row in doc.documents if row.is_mandatory and not row.attachment]
		for row in missing:
			text = f"{row.requirement} - {applicant_name}"
			row.attachment = files.attach(
				doc.doctype, doc.name, frappe.scrub(row.requirement)[:40], text, allowed[row.requirement]
			)
		if not missing:
			return
		if is_staff(user):
			doc.save()
		else:
			rows = [row.as_dict(convert_dates_to_str=True) for row in doc.documents]
			submit_web_form("apply", {"documents": rows}, name=doc.name)


def _staff(role: str) -> str:
	local = next(local for local, _first, _last, staff_role in data.STAFF_USERS if staff_role == role)
	return f"{local}@{data.EMAIL_DOMAIN}"


# --- LKPM --------------------------------------------------------


def _lkpm_setup() -> None:
	"""Yearly targets, LKPM start dates and the staff's landing page, where not set yet."""
	this_year = getdate(today()).year
	settings = frappe.get_single("BPPM Settings")
	years = {row.year for row in settings.investment_targets}
	for back, amount in data.INVESTMENT_TARGETS:
		if this_year - back not in years:
			settings.append("investment_targets", {"year": this_year - back, "target_amount": amount})
	if len(settings.investment_targets) != len(years):
		settings.save()
	for project, start in data.LKPM_START.items():
		name = frappe.db.get_value(
			"Investment", {"project_name": project, "lkpm_start_date": ("is", "not set")}
		)
		if name:
			frappe.db.set_value("Investment", name, "lkpm_start_date", start)
	for local, _first, _last, role in data.STAFF_USERS:
		email = f"{local}@{data.EMAIL_DOMAIN}"
		if role in STAFF_ROLES and not frappe.db.get_value("User", email, "default_workspace"):
			frappe.db.set_value("User", email, "default_workspace", "BPPM")


def _quarter_back(back: int) -> tuple[int, str]:
	year, quarter = lkpm.last_due_quarter(getdate(today()))
	number = lkpm.quarter_number(quarter) - back
	while number < 1:
		year, number = year - 1, number + 4
	return year, lkpm.QUARTERS[number - 1]


def _lkpm_report(back, project, reach, amount, local, foreign, problems, days_late) -> int:
	from frappe.model.workflow import apply_workflow

	year, quarter = _quarter_back(back)
	investment = frappe.db.get_value(
		"Investment", {"project_name": project}, ["name", "investor"], as_dict=True
	)
	if not investment or frappe.db.exists(
		"Investment Report",
		{"investment": investment.name, "year": year, "quarter": quarter, "docstatus": ("<", 2)},
	):
		return 0
	officer = f"investment@{data.EMAIL_DOMAIN}"
	# investors with a portal account file their own report; the office files the others'
	investor = frappe.db.get_value("Applicant", investment.investor, "user") or officer
	filed_on = min(add_days(lkpm.due_date(year, quarter), days_late), getdate(today()))
	values = {
		"investment": investment.name,
		"year": year,
		"quarter": quarter,
		"investment_in_period": amount,
		"workers_local": local,
		"workers_foreign": foreign,
		"problems": problems,
	}
	with as_user(investor):
		if investor == officer:
			doc = frappe.get_doc({"doctype": "Investment Report", **values}).insert()
		else:
			# the investor reports on the portal's LKPM form
			doc = submit_web_form("lkpm", values)
		if reach == lkpm.DRAFT:
			return 1
		if investor == officer:
			doc = apply_workflow(doc.as_dict(), "Submit")
		else:
			doc = applicant_portal.take_own_action(applicant_portal.own_investment_report(doc.name))
	with as_user(officer):
		doc = frappe.get_doc("Investment Report", doc.name)
		doc.reported_on = filed_on  # the date the investor actually filed
		if reach == lkpm.NEEDS_REVISION:
			doc.revision_note = "Lampirkan bukti realisasi investasi (faktur pembelian bahan)."
		doc.save()
		if reach == lkpm.NEEDS_REVISION:
			apply_workflow(doc.as_dict(), "Request Revision")
		elif reach == lkpm.APPROVED:
			apply_workflow(doc.as_dict(), "Approve")
	return 1


# --- documents and the Indonesian language ---------------------


def _documents_setup() -> None:
	"""Rupiah as Indonesians write it (Rp 1.500.000: no decimals, dots between thousands), an outgoing
	mail account for the notifications and a logo for the letter head, where the site has none."""
	if frappe.db.get_value("Currency", "IDR", "number_format") != "#.###":
		currency = frappe.get_doc("Currency", "IDR")
		currency.update({"enabled": 1, "symbol": "Rp", "number_format": "#.###"})
		currency.save()
	if frappe.db.get_single_value("System Settings", "currency_precision") in (None, ""):
		# what saving System Settings does, without re-validating a site whose wizard is not done
		frappe.db.set_single_value("System Settings", "currency_precision", "0")
		frappe.db.set_default("currency_precision", "0")
	if not frappe.db.exists("Email Account", {"default_outgoing": 1}):
		# notifications are queued through the office's account; scripts/setup mutes sending
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "BPPM Demo Outgoing",
				"email_id": data.SETTINGS["office_email"],
				"smtp_server": f"smtp.{data.EMAIL_DOMAIN}",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"no_smtp_authentication": 1,
			}
		).insert()
	if not frappe.db.get_single_value("BPPM Settings", "logo"):
		logo = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "logo-bppm-demo.png",
				"content": files.emblem(),
				"is_private": 0,
				"attached_to_doctype": "BPPM Settings",
				"attached_to_name": "BPPM Settings",
			}
		).insert()
		frappe.db.set_single_value("BPPM Settings", "logo", logo.file_url)


# --- service quality: the satisfaction survey and public complaints --------------------------------


def _surveys() -> int:
	"""The decided applications' surveys, answered through their invitation links (as guests do),
	and the walk-in respondents the front office entered from paper forms."""
	created = 0
	for subject, spec in data.APPLICATION_SURVEYS.items():
		answers, suggestion, gender, age, education, occupation = spec
		app = frappe.db.get_value(
			"Permit Application", {"subject": subject}, ["name", "docstatus", "survey_token"], as_dict=True
		)
		if not app or app.docstatus not in (1, 2) or not app.survey_token or quality.survey_of(app.name):
			continue
		values = dict(zip(ikm.FIELDS, answers, strict=True))
		values.update(
			{
				"survey_token": app.survey_token,
				"suggestion": suggestion,
				"gender": gender,
				"age": age,
				"education": education,
				"occupation": occupation,
			}
		)
		with as_user("Guest"):
			submit_web_form("survey", values)
		created += 1
	clerk = _staff(FRONT_OFFICE)
	entered = frappe.db.count("Service Survey", {"owner": clerk, "respondent_channel": channels.COUNTER})
	first_of_year = getdate(today()).replace(month=1, day=1)
	with as_user(clerk):
		for days, code, answers, suggestion, gender, age, education, occupation in data.COUNTER_SURVEYS[
			entered:
		]:
			doc = frappe.new_doc("Service Survey")
			doc.update(dict(zip(ikm.FIELDS, answers, strict=True)))
			doc.update(
				{
					"permit_type": frappe.db.get_value("Permit Type", {"code": code}, "name"),
					"survey_date": max(getdate(add_days(today(), -days)), first_of_year),
					"suggestion": suggestion,
					"gender": gender,
					"age": age,
					"education": education,
					"occupation": occupation,
				}
			)
			doc.insert()
			created += 1
	return created


def _complaint(subject, name, email, mobile, channel, days, target, response, about, lapor_id, via) -> int:
	"""One complaint, filed the way it arrived (the public's form, a portal account, or the front
	office for the other channels), then handled by the head of office up to ``target``."""
	existing = frappe.db.get_value("Public Complaint", {"subject": subject}, "name")
	created = 0
	if not existing:
		number = frappe.db.get_value("Permit Application", {"subject": about}, "name") if about else None
		values = {
			"complainant_name": name,
			"email": email,
			"mobile_no": mobile,
			"subject": subject,
			"description": subject + ".",
			"registration_number": number,
		}
		if via in ("guest", "portal"):
			portal_user = next(s for s in data.APPLICANTS if s["applicant_name"] == "Siti Rahmawati")
			user = "Guest" if via == "guest" else f"{portal_user['portal_user'][0]}@{data.PUBLIC_DOMAIN}"
			with as_user(user):
				existing = submit_web_form("complaint", values).name
		else:
			with as_user(_staff(FRONT_OFFICE)):
				doc = frappe.new_doc("Public Complaint")
				doc.update(values)
				doc.update(
					{
						"complaint_channel": channel,
						"lapor_tracking_id": lapor_id,
						"received_on": add_to_date(now_datetime(), days=-days),
					}
				)
				existing = doc.insert().name
		created = 1
	_handle_complaint(existing, target, response)
	return created


def _handle_complaint(name: str, target: str, response: str) -> None:
	"""Move a complaint toward the state ``target`` as the head of office, writing the response
	before the transition that needs one."""
	wf = workflow.get_workflow("Public Complaint")
	if not wf or frappe.db.get_value("Public Complaint", name, "workflow_state") != workflow.first_state(wf):
		return
	with as_user(_staff(HEAD)):
		for _ in range(len(wf.transitions)):
			doc = frappe.get_doc("Public Complaint", name)
			if doc.workflow_state == target:
				return
			options = workflow.available(doc, wf)
			choice = next((t for t in options if t.next_state == target), None) or next(iter(options), None)
			if not choice:
				return
			resolves = workflow.state_row(wf, choice.next_state).update_value == complaints.RESOLVED
			if resolves and response and not doc.response:
				doc.response = response
				doc.save()
			workflow.apply_action(frappe.get_doc("Public Complaint", name), choice.action)
