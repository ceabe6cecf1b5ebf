"""What the public may see: tracking, verification, service standards and statistics.

Everything here is read by guests, so it returns only what the office publishes: no NIK, no
applicant contact data, no subject or location of an application (they can name a person), a
holder name only partly masked. Each entry point counts requests per client IP (``throttle``) and
the pages and the API share one budget per IP.
"""

import secrets

import frappe
from frappe import _
from frappe.model.workflow import get_workflow_safe_globals
from frappe.utils import cint, flt, get_datetime, getdate, nowdate

from bppm_app import counters
from bppm_app.config import settings
from bppm_app.engine import quality, stages, workflow
from bppm_app.exceptions import InvalidRequestError, user_errors
from bppm_app.reports import sla_figures
from bppm_app.roles import STAFF_ROLES, SYSTEM_USERS
from bppm_app.rules import formatting, identifiers, levy, sla
from bppm_app.rules.limits import FIRST_YEAR
from bppm_app.utils import clear_now_and_after_transaction
from bppm_app.web import page_store

LIMITS = {
	"track": 10,
	"verify": 30,
	"statistics": 60,
	"levy_estimate": 60,
	"standards": 120,
	# service quality: filing a complaint, following one by its code, answering a survey
	"complaint": 5,
	"complaint_status": 20,
	"survey": 10,
}
# wrong PINs for one registration number before tracking it is locked for an hour: from one client
# (for that client only), and from all clients together (for everyone)
TRACK_FAILURES, TRACK_FAILURES_ANYWHERE, TRACK_LOCK_SECONDS = 5, 50, 60 * 60
# wrong PINs one client may send in an hour, whatever the numbers, before it may track none
TRACK_FAILURES_PER_CLIENT = 20
STATISTICS_TTL = 10 * 60
VALID, EXPIRED, REVOKED, SUPERSEDED, NOT_FOUND = "Valid", "Expired", "Revoked", "Superseded", "Not Found"


def throttle(action: str) -> None:
	"""At most LIMITS[action] requests a minute per client IP (only over HTTP). The address is the
	one ``web.client`` resolved: a client cannot pick a new one by sending a header."""
	if not getattr(frappe.local, "request", None):
		return
	if counters.count(f"rate:{action}:{counters.client()}", 60) > LIMITS[action]:
		raise frappe.TooManyRequestsError(_("Too many requests. Please wait a minute and try again."))


def _failures(target: str, client: str | None = None) -> str:
	return f"track-failures:{target}" + (f":{client}" if client else "")


def target_locked(target: str) -> bool:
	"""Whether tracking a registration number is locked for this client: after five wrong PINs from
	it for that number in the last hour, twenty from it for any numbers, or fifty from all clients
	together for that number. A guest who knows a number can lock only themselves out of it; locking
	it for its holder takes at least ten addresses, and one address helps lock at most four numbers
	an hour; the guesses an attack gets are fifty of a million PINs per number an hour."""
	client = counters.client()
	return (
		counters.current(_failures(target, client)) >= TRACK_FAILURES
		or counters.current(_failures("*", client)) >= TRACK_FAILURES_PER_CLIENT
		or counters.current(_failures(target)) >= TRACK_FAILURES_ANYWHERE
	)


def count_failure(target: str) -> None:
	"""A wrong PIN, counted for the client and the number, the client, and the number. A locked
	client's attempts are not compared, so they count nothing: one address adds at most five to a
	number's total."""
	client = counters.client()
	for name in (_failures(target, client), _failures("*", client), _failures(target)):
		counters.count(name, TRACK_LOCK_SECONDS)


def public_pages_enabled() -> bool:
	return settings.cached_flag("public_pages_enabled")


def require_public_pages() -> None:
	if not public_pages_enabled():
		raise frappe.PageDoesNotExistError


# --- tracking -------------------------------------------------------------------------------


def track(registration_number: str | None, pin: str | None) -> dict:
	"""The progress of one application, for whoever holds its registration number and PIN.

	A wrong PIN and an unknown number get the same answer, so the pair cannot be probed apart."""
	not_found = {"found": False, "message": _("No application matches this registration number and PIN.")}
	# one spelling, for the lookup and the lock alike; a malformed one is answered as unknown
	number = identifiers.registration_number(registration_number)
	pin = identifiers.tracking_pin(pin)
	if not number or not pin:
		return not_found
	if target_locked(number):
		# the same answer as a wrong PIN: a lock says nothing about the number either
		return not_found
	# plain SQL on the primary key: the page's one read, with no DocType metadata to load
	rows = frappe.db.sql(
		"""select name, tracking_pin, permit_type, workflow_state, docstatus, decision, submitted_on,
			sla_due_date, sla_status, sla_clock
		from `tabPermit Application` where name = %s""",
		number,
		as_dict=True,
	)
	row = rows[0] if rows else None
	stored_pin = (row.tracking_pin if row else None) or "x" * 6
	if not secrets.compare_digest(stored_pin.encode(), pin.encode()) or not row:
		count_failure(number)
		return not_found
	wf = workflow.get_workflow("Permit Application")
	state = workflow.state_row(wf, row.workflow_state)
	history = [
		{
			"state": _(stage.state),
			"held_by": _(stage.holder),
			"from": stage.entered_on,
			"until": stage.left_on,
			"working_days": flt(stage.working_days, 1),
		}
		for stage in stages.stages_of(row.name)
	]
	return {
		"found": True,
		"registration_number": row.name,
		"permit_type": row.permit_type,
		"stage": _(row.workflow_state),
		"stage_description": _(state.message) if state and state.message else "",
		"held_by": _(workflow.holder(wf, row.workflow_state, row.sla_clock)) if row.docstatus == 0 else "",
		"decision": _(row.decision) if row.decision else "",
		"submitted_on": row.submitted_on,
		"sla_due_date": row.sla_due_date,
		"sla_status": _(row.sla_status) if row.sla_status else "",
		"history": history,
	}


# --- verification ---------------------------------------------------------------------------


def mask_name(name: str | None) -> str:
	"""Enough of a holder's name to recognise it, not to harvest it: "Budi Santoso" → "Bu** Sa*****"."""
	masked = []
	for word in (name or "").split():
		keep = 2 if len(word) > 3 else 1
		masked.append(word[:keep] + "*" * (len(word) - keep))
	return " ".join(masked)


def verify(code: str | None) -> dict:
	"""What a QR code on a permit certificate proves: which permit, whose, and whether it holds."""
	code = identifiers.random_code(code)
	row = None
	if code:
		# plain SQL on the unique code: the page's one read, with no DocType metadata to load
		rows = frappe.db.sql(
			"""select permit_number, permit_type, applicant_name, issued_on, valid_until, docstatus,
				superseded_by, superseded_on, signed_permit_sha256
			from `tabPermit Application`
			where verification_code = %s and decision = 'Approved' and docstatus in (1, 2)""",
			code,
			as_dict=True,
		)
		row = rows[0] if rows else None
	if not row:
		return {
			"status": NOT_FOUND,
			"message": _("No permit has this verification code. Check the code, or ask the office."),
		}
	successor = None
	if row.docstatus == 2:
		status = REVOKED
	elif row.superseded_by:
		status = SUPERSEDED
		successor = frappe.db.get_value(
			"Permit Application",
			{"name": row.superseded_by, "docstatus": 1, "decision": "Approved"},
			["permit_number", "verification_code"],
			as_dict=True,
		)
	elif row.valid_until and getdate(row.valid_until) < getdate(nowdate()):
		status = EXPIRED
	else:
		status = VALID
	return {
		"status": status,
		"status_label": _(status),
		"permit_number": row.permit_number,
		"permit_type": row.permit_type,
		"holder": mask_name(row.applicant_name),
		"issued_on": row.issued_on,
		"valid_until": row.valid_until,
		"office": settings.cached("office_name"),
		"superseded_on": row.superseded_on if successor else None,
		"superseded_by": successor.permit_number if successor else None,
		"superseded_by_url": f"/verify/{successor.verification_code}" if successor else None,
		"signed_permit_sha256": row.signed_permit_sha256 or None,
	}


# --- levy estimate ---------------------------------------------------------------------------


def published_permit_type(name: str | None):
	"""A permit type the public may see, or None."""
	if not name or not frappe.db.exists("Permit Type", {"name": name, "is_active": 1, "is_published": 1}):
		return None
	return frappe.get_cached_doc("Permit Type", name)


def levy_estimate(permit_type: str | None, quantity) -> dict:
	doc = published_permit_type(permit_type) if isinstance(permit_type, str) else None
	if not doc:
		frappe.throw(
			_("Permit type {0} is not open for applications.").format(
				permit_type if isinstance(permit_type, str) else ""
			),
			frappe.DoesNotExistError,
		)
	with user_errors():
		amount = levy.compute_levy(doc.requires_levy, doc.levy_base_amount, doc.levy_rate, quantity)
	return {
		"permit_type": doc.name,
		"requires_levy": bool(doc.requires_levy),
		"quantity": flt(quantity),
		"unit": doc.levy_unit or "",
		"base_amount": flt(doc.levy_base_amount),
		"rate": flt(doc.levy_rate),
		"amount": float(amount),
		"formula": levy_formula(doc),
	}


def levy_formula(doc) -> str:
	if not doc.requires_levy:
		return _("No levy")
	money = formatting.rupiah  # "Rp 100.000": the office's way, in both languages
	if flt(doc.levy_rate) and flt(doc.levy_base_amount):
		return _("{0} + {1} per {2}").format(money(doc.levy_base_amount), money(doc.levy_rate), doc.levy_unit)
	if flt(doc.levy_rate):
		return _("{0} per {1}").format(money(doc.levy_rate), doc.levy_unit)
	return money(doc.levy_base_amount)


# --- service standards (PermenPANRB 15/2014) ---------------------------------------------------


def procedure(permit_type) -> list[dict]:
	"""The steps of a permit type, derived from the active workflow: the forward path an
	application of this type takes when every check passes."""
	wf = workflow.get_workflow("Permit Application")
	if not wf:
		return []
	doc = frappe._dict(
		requires_field_inspection=permit_type.requires_field_inspection,
		requires_technical_recommendation=permit_type.requires_technical_recommendation,
		requires_levy=permit_type.requires_levy,
		inspection_result="Passed",
		recommendation_result="Recommended",
		levy_paid=1,
		decision="",
	)
	steps, state, seen = [], workflow.first_state(wf), set()
	while state and state not in seen:
		seen.add(state)
		row = workflow.state_row(wf, state)
		steps.append(
			{
				"state": _(state),
				"description": _(row.message) if row and row.message else "",
				"by": _(row.allow_edit) if row and row.allow_edit else "",
			}
		)
		if row and cint(row.doc_status) != 0:
			break
		forward = [
			t
			for t in wf.transitions
			if t.state == state
			and not workflow.is_backward(wf, t)
			and (not t.condition or frappe.safe_eval(t.condition, get_workflow_safe_globals(), {"doc": doc}))
		]
		state = forward[0].next_state if forward else None
	return steps


OFFICE_COMPONENTS = (
	# the service-management components of a service standard, the same for every permit type
	("standard_facilities", "Facilities"),
	("standard_competence", "Competence of the Staff"),
	("standard_supervision", "Internal Supervision"),
	("standard_guarantee", "Service Guarantee"),
	("standard_security", "Security and Safety Guarantee"),
	("standard_evaluation", "Performance Evaluation"),
)


def requirements_of(permit_type) -> list[dict]:
	"""A permit type's requirements as the public sees them (the apply form and the standards)."""
	return [
		{
			"requirement": r.requirement,
			"description": r.description,
			"is_mandatory": bool(r.is_mandatory),
			"allowed_file_types": r.allowed_file_types,
		}
		for r in permit_type.requirements
	]


def service_standard(permit_type) -> dict:
	"""The 14 components of a service standard for one published permit type, from the records."""
	office = frappe.get_cached_doc("BPPM Settings")
	# get_all: the number of staff is published (a component of the standard), not who they are
	staff = set(
		frappe.get_all(
			"Has Role", filters={"role": ("in", STAFF_ROLES), "parenttype": "User"}, pluck="parent"
		)
	)
	staff -= set(SYSTEM_USERS)
	staff_count = frappe.db.count("User", {"name": ("in", list(staff) or [""]), "enabled": 1})
	return {
		"name": permit_type.name,
		"code": permit_type.code,
		"category": permit_type.category,
		"description": permit_type.description,
		"requirements": requirements_of(permit_type),
		"procedure": procedure(permit_type),
		"sla_working_days": permit_type.sla_working_days,
		"levy": levy_formula(permit_type),
		"product": permit_type.get("product") or permit_type.name,
		"validity_months": permit_type.validity_months,
		"complaint_channel": office.get("complaint_channel") or "",
		"legal_basis": permit_type.legal_basis,
		"office_components": [(_(label), office.get(field) or "") for field, label in OFFICE_COMPONENTS],
		"staff_count": staff_count,
	}


def published_permit_types() -> list[frappe._dict]:
	# get_all: only published, active types are read; they are public by definition
	return frappe.get_all(
		"Permit Type",
		filters={"is_active": 1, "is_published": 1},
		fields=["name", "code", "category", "sla_working_days", "requires_levy", "description"],
		order_by="category asc, permit_type_name asc",
	)


# --- statistics --------------------------------------------------------------------------------


def statistics_year(value) -> int:
	"""The year asked for (this year when none): a whole number from 2000 to next year."""
	this_year = getdate(nowdate()).year
	if value in (None, ""):
		return this_year
	text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
	if not text.isdigit() or not FIRST_YEAR <= int(text) <= this_year + 1:
		frappe.throw(
			_("Year must be a year from {0} to {1}.").format(FIRST_YEAR, this_year + 1),
			InvalidRequestError,
			title=_("Invalid request"),
		)
	return int(text)


def statistics(year=None) -> dict:
	"""Counts per permit type for a year and investment totals: aggregates only, cached."""
	year = statistics_year(year)
	cached = frappe.cache.get_value(statistics_key(year), expires=True)
	if cached is None:
		cached = fresh_statistics(year)
	return cached


STATISTICS_KEY = "bppm:public_statistics:"


def statistics_key(year: int) -> str:
	return f"{STATISTICS_KEY}{year}"


def fresh_statistics(year: int) -> dict:
	"""The year's figures computed now, and cached for ``STATISTICS_TTL`` (the page's job keeps
	them fresh: ``public_cache.refresh_statistics``)."""
	fresh = _statistics(year)
	frappe.cache.set_value(statistics_key(year), fresh, expires_in_sec=STATISTICS_TTL)
	return fresh


@frappe.read_only()  # from the read replica where the site has one (read_from_replica)
def _statistics(year: int) -> dict:
	# as_user=False: aggregates for the public; no row or personal field leaves this function
	per_type, _overall = sla_figures.by_permit_type(
		sla_figures.applications(getdate(f"{year}-01-01"), getdate(f"{year}-12-31"), as_user=False)
	)
	permit_types = [
		{
			"permit_type": permit_type,
			**{key: figures[key] for key in ("received", "issued", "rejected", "in_process")},
			# the same on-time % as the SLA Compliance report (rules.report_stats.on_time_pct)
			"on_time_pct": figures["on_time_pct"],
			"median_working_days": round(figures["median_days"], 1)
			if figures["median_days"] is not None
			else None,
		}
		for permit_type, figures in sorted(per_type.items())
	]
	# get_all: the public statistics are the office's aggregate figures, read for every visitor
	investments = frappe.get_all(
		"Investment",
		fields=[
			"investment_type",
			"count(name) as projects",
			"sum(planned_investment) as planned",
			"sum(realized_investment) as realized",
		],
		group_by="investment_type",
	)
	totals = {
		key: sum(e[key] for e in permit_types) for key in ("received", "issued", "rejected", "in_process")
	}
	return {
		"year": year,
		"permit_types": permit_types,
		"totals": totals,
		"investment": [
			{
				"investment_type": r.investment_type,
				"projects": r.projects,
				"planned": flt(r.planned),
				"realized": flt(r.realized),
			}
			for r in investments
		],
		# the community satisfaction index of the year's surveys (engine/quality.py)
		"ikm": quality.ikm_of_year(year),
		"generated_on": str(get_datetime()),
	}


def clear_statistics_cache() -> None:
	"""Drop the cached figures of every year and their pages."""
	frappe.cache.delete_keys(STATISTICS_KEY)
	page_store.forget("statistics/")


def statistics_changed() -> None:
	"""A survey was added, changed or removed: the public statistics show the new IKM (dropped now,
	and again when the transaction commits)."""
	clear_now_and_after_transaction(clear_statistics_cache)
