"""Over HTTP: the workflow's fields cannot be written through /api/resource or frappe.client, by
the applicant or by the head; the workflow action endpoint the desk uses works."""

import json

import frappe
import pytest

from bppm_app.roles import APPLICANT, HEAD, VERIFIER

from .factories import purge_applications
from .journeys import stages, start
from .rest import RestClient, api_token

PROTECTED_WRITES = [
	{"workflow_state": "Issued"},
	{"decision": "Approved"},
	{"docstatus": 1},
	{"permit_number": "PBG/99999/BPPM/2026"},
	{"verification_code": "guessable"},
	{"sla_status": "Met"},
	{"sla_due_date": "2030-01-01"},
	{"submitted_on": "2020-01-01 00:00:00"},
]


@pytest.fixture(scope="module")
def pending(site, staff):
	"""An application at Awaiting Approval, committed for the request threads; deleted afterwards."""
	journey = start(staff, (0, 0, 1))
	journey.to_awaiting_approval()
	frappe.db.commit()
	clients = {
		APPLICANT: RestClient(site, api_token(journey.applicant_user)),
		HEAD: RestClient(site, api_token(staff[HEAD])),
		VERIFIER: RestClient(site, api_token(staff[VERIFIER])),
	}
	yield journey, clients
	frappe.db.rollback()
	purge_applications([journey.name])


def current(name):
	frappe.db.rollback()
	return frappe.db.get_value(
		"Permit Application",
		name,
		[
			"workflow_state",
			"docstatus",
			"decision",
			"permit_number",
			"verification_code",
			"sla_status",
			"sla_due_date",
			"submitted_on",
		],
		as_dict=True,
	)


@pytest.mark.parametrize("who", [APPLICANT, HEAD, VERIFIER])
@pytest.mark.parametrize("payload", PROTECTED_WRITES, ids=lambda p: next(iter(p)))
def test_protected_fields_cannot_be_written_over_rest(pending, who, payload):
	journey, clients = pending
	before = current(journey.name)
	response = clients[who].put(f"/api/resource/Permit Application/{journey.name}", payload)
	assert response.status in (403, 417), response.text[:500]
	field, value = next(iter(payload.items()))
	response = clients[who].post(
		"/api/method/frappe.client.set_value",
		{"doctype": "Permit Application", "name": journey.name, "fieldname": field, "value": value},
	)
	assert response.status in (403, 417), response.text[:500]
	assert current(journey.name) == before


def test_the_desks_workflow_endpoint_applies_actions_with_the_guards(pending):
	journey, clients = pending
	endpoint = "/api/method/frappe.model.workflow.apply_workflow"
	doc = json.dumps({"doctype": "Permit Application", "name": journey.name})
	# the applicant has no part in the decision (nor any DocType permission)
	assert clients[APPLICANT].post(endpoint, {"doc": doc, "action": "Approve"}).status == 403
	# the head approves through the same endpoint the form's buttons call
	response = clients[HEAD].post(endpoint, {"doc": doc, "action": "Approve"})
	assert response.status == 200, response.text[:1000]
	issued = current(journey.name)
	assert (issued.workflow_state, issued.docstatus, issued.decision) == ("Issued", 1, "Approved")
	assert issued.permit_number and issued.verification_code
	assert stages(journey.name)[-1].state == "Issued"
