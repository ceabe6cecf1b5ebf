"""Security tier: the attacks a guest, another applicant or a staff member of the wrong stage would
try, over real HTTP against the served test site (``server`` in tests/site.py).

The world the attacks run against is committed once for the tier (the server sees only committed
data) and purged afterwards. Every request is a *probe*, counted and printed at the end of the run.
Each attack asserts three things: a 4xx status, nothing of anyone else's in the answer, and nothing
changed in the database.
"""

import json

import frappe
import pytest
import requests

from bppm_app.roles import (
	APPLICANT,
	FIELD_INSPECTOR,
	FRONT_OFFICE,
	HEAD,
	INVESTMENT_OFFICER,
	MANAGER,
	TECHNICAL_REVIEWER,
	TREASURER,
	VERIFIER,
)
from tests.integration.conftest import outgoing_mail
from tests.integration.factories import (
	make_applicant,
	make_investment,
	make_permit_type,
	make_user,
	purge_applications,
	rand,
	unique_nik,
	upload,
)
from tests.integration.journeys import start
from tests.integration.rest import api_token

PROBES = {"count": 0}
STAFF_ROLES = (FRONT_OFFICE, VERIFIER, FIELD_INSPECTOR, TECHNICAL_REVIEWER, TREASURER, HEAD, MANAGER)


@pytest.fixture(autouse=True)
def _each_test(rollback):
	"""Every test starts on the site as Administrator and is rolled back."""
	yield


class Http:
	"""A client of the served site: a guest, or a user by API token. Every request is a probe."""

	def __init__(self, base: str, token: str | None = None, forwarded_for: str | None = None):
		self.base = base
		self.session = requests.Session()
		if token:
			self.session.headers["Authorization"] = f"token {token}"
		self.session.headers["Accept"] = "application/json"
		if forwarded_for:
			self.session.headers["X-Forwarded-For"] = forwarded_for

	def request(self, method: str, path: str, **kwargs) -> requests.Response:
		PROBES["count"] += 1
		return self.session.request(method, self.base + path, timeout=120, allow_redirects=False, **kwargs)

	def get(self, path: str, **params) -> requests.Response:
		return self.request("GET", path, params=params or None)

	def post(self, path: str, **data) -> requests.Response:
		return self.request("POST", path, json=data)

	def put(self, path: str, **data) -> requests.Response:
		return self.request("PUT", path, json=data)

	def delete(self, path: str) -> requests.Response:
		return self.request("DELETE", path)

	def method(self, name: str, /, http: str = "POST", **args) -> requests.Response:
		"""A whitelisted method; list and dict arguments travel as JSON, as Frappe's client sends them."""
		args = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in args.items()}
		if http == "GET":
			return self.request("GET", f"/api/method/{name}", params=args)
		return self.request("POST", f"/api/method/{name}", data=args)


def refused(response: requests.Response, *secrets: str) -> None:
	"""A 4xx answer that contains none of ``secrets``."""
	assert 400 <= response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
	for secret in secrets:
		if secret:
			assert str(secret) not in response.text, f"{secret!r} leaked: {response.text[:500]}"


def answered_without(response: requests.Response, *secrets: str) -> None:
	"""Any answer but a server error, containing none of ``secrets``."""
	assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
	for secret in secrets:
		if secret:
			assert str(secret) not in response.text, f"{secret!r} leaked: {response.text[:500]}"


def snapshot(doctype: str, name: str) -> dict:
	"""What the database holds for a record and its rows (to show an attack changed nothing)."""
	frappe.db.rollback()  # see what the server committed
	doc = frappe.get_doc(doctype, name).as_dict(no_default_fields=False)
	for key in ("_liked_by", "_comments", "_assign", "_seen"):
		doc.pop(key, None)
	comments = frappe.db.count("Comment", {"reference_doctype": doctype, "reference_name": name})
	return {"doc": json.loads(frappe.as_json(doc)), "comments": comments}


@pytest.fixture(scope="session")
def world(server, staff):
	"""Two portal applicants, A (the attacker) and B (the victim), with their records; files in
	every stage; each staff role with an API token."""
	frappe.set_user("Administrator")
	types = {
		"plain": make_permit_type(permit_type_name=f"Izin Keamanan {rand(5)}"),
		"steps": make_permit_type(
			permit_type_name=f"Izin Keamanan Lengkap {rand(5)}",
			requires_field_inspection=1,
			requires_technical_recommendation=1,
			requires_levy=1,
			levy_base_amount=100000,
			levy_rate=5000,
			levy_unit="m²",
			technical_agency="Dinas PUPR",
		),
	}
	frappe.db.commit()
	# B, the victim: a profile with a NIK, a draft with a private KTP scan, an investment
	b_draft = start(staff, (0, 0, 0))
	b_user = b_draft.applicant_user
	b_applicant = frappe.db.get_value("Applicant", {"user": b_user}, "name")
	b_investment = make_investment(investor=b_applicant, project_name=f"Proyek Korban {rand(5)}")
	# A, the attacker: a draft of their own, and files in the office's stages
	a_draft = start(staff, (0, 0, 0))
	a_user = a_draft.applicant_user
	awaiting_payment = start(staff, (0, 0, 1))
	awaiting_payment.submit()
	awaiting_payment.verify()
	under_verification = start(staff, (1, 1, 1))
	under_verification.submit()
	under_verification.act(VERIFIER, "Start Verification")
	awaiting_approval = start(staff, (0, 0, 0))
	awaiting_approval.to_awaiting_approval()
	issued = start(staff, (0, 0, 0))
	issued.to_awaiting_approval()
	issued.approve()
	revoked = start(staff, (0, 0, 0))
	revoked.to_awaiting_approval()
	revoked.approve()
	revoked.act(HEAD, "Revoke", revocation_reason="Izin dipindahtangankan")
	frappe.db.commit()
	b_doc = frappe.get_doc("Permit Application", b_draft.name)
	tokens = {role: api_token(staff[role]) for role in STAFF_ROLES}
	tokens[INVESTMENT_OFFICER] = api_token(staff[INVESTMENT_OFFICER])
	w = frappe._dict(
		server=server,
		types=types,
		staff=staff,
		a_user=a_user,
		b_user=b_user,
		a_applicant=frappe.db.get_value("Applicant", {"user": a_user}, "name"),
		b_applicant=b_applicant,
		b_nik=frappe.db.get_value("Applicant", b_applicant, "nik"),
		b_mobile=frappe.db.get_value("Applicant", b_applicant, "mobile_no"),
		b_name=frappe.db.get_value("Applicant", b_applicant, "applicant_name"),
		b_draft=b_draft.name,
		b_pin=b_doc.tracking_pin,
		b_file=b_doc.documents[0].attachment,
		b_row=b_doc.documents[0].name,
		b_investment=b_investment.name,
		a_draft=a_draft.name,
		awaiting_payment=awaiting_payment.name,
		under_verification=under_verification.name,
		awaiting_approval=awaiting_approval.name,
		issued=issued.name,
		revoked=revoked.name,
		issued_code=frappe.db.get_value("Permit Application", issued.name, "verification_code"),
		a=Http(server, api_token(a_user)),
		b=Http(server, api_token(b_user)),
		guest=Http(server),
		as_role={role: Http(server, token) for role, token in tokens.items()},
	)
	yield w
	frappe.db.rollback()
	names = [
		w.b_draft,
		w.a_draft,
		w.awaiting_payment,
		w.under_verification,
		w.awaiting_approval,
		w.issued,
		w.revoked,
	]
	names += frappe.get_all(
		"Permit Application", filters={"applicant": ("in", [w.a_applicant])}, pluck="name"
	)
	purge_applications(list(set(names)))
	frappe.db.delete("Investment", {"name": w.b_investment})
	for permit_type in types.values():
		frappe.delete_doc("Permit Type", permit_type.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
	if PROBES["count"]:
		terminalreporter.write_line(f"security probes sent over HTTP: {PROBES['count']}")
	if PROBES.get("allowlist"):
		terminalreporter.write_line(PROBES["allowlist"])


# re-exported for the tier's tests
__all__ = [
	"APPLICANT",
	"Http",
	"answered_without",
	"make_applicant",
	"make_user",
	"refused",
	"snapshot",
	"unique_nik",
	"upload",
]
