"""The app reacts to fields the workflow sets, not to state names: on a copy of the default
workflow with every state renamed and an extra legal review step, applications are still issued
and rejected correctly, with the SLA clock, stage holders and guards intact."""

import copy

import frappe
import pytest
from frappe.model.workflow import get_transitions

from bppm_app.engine import workflow as wf_service
from bppm_app.exceptions import DocumentsNotAcceptedError, NotYourTurnError
from bppm_app.roles import APPLICANT, MANAGER
from bppm_app.setup import workflows as workflow_definitions
from bppm_app.utils import as_user

from .journeys import DOCTYPE, stages, start

RENAMED = {
	"Draft": "Konsep",
	"Submitted": "Berkas Masuk",
	"Under Verification": "Pemeriksaan Berkas",
	"Returned for Revision": "Perbaikan oleh Pemohon",
	"Field Inspection": "Survei Lokasi",
	"Technical Review": "Rekomendasi OPD",
	"Awaiting Payment": "Menunggu Setoran",
	"Awaiting Approval": "Menunggu Tanda Tangan",
	"Issued": "Izin Terbit",
	"Rejected": "Permohonan Ditolak",
	"Revoked": "Izin Dicabut",
}
LEGAL_REVIEW = "Telaah Hukum"


@pytest.fixture
def renamed_workflow():
	definition = copy.deepcopy(workflow_definitions.shipped()["Permit Application Workflow"]["workflow"])
	definition["workflow_name"] = "Alur Izin (uji nama tahapan)"
	for state in definition["states"]:
		state["state"] = RENAMED[state["state"]]
	for transition in definition["transitions"]:
		transition["state"] = RENAMED[transition["state"]]
		transition["next_state"] = RENAMED[transition["next_state"]]
		if transition["next_state"] == RENAMED["Awaiting Approval"]:
			transition["next_state"] = LEGAL_REVIEW  # every file passes a legal review first
	definition["states"].insert(
		7,
		{
			"state": LEGAL_REVIEW,
			"doc_status": "0",
			"update_field": "sla_clock",
			"update_value": "Running",
			"allow_edit": MANAGER,
		},
	)
	definition["transitions"].append(
		{
			"state": LEGAL_REVIEW,
			"action": "Selesai Telaah",
			"next_state": RENAMED["Awaiting Approval"],
			"allowed": MANAGER,
			"allow_self_approval": 1,
		}
	)
	workflow_definitions._create(
		{"workflow": definition, "state_styles": {}}
	)  # is_active: the default steps aside
	frappe.clear_cache(doctype=DOCTYPE)
	assert wf_service.get_workflow(DOCTYPE).name == definition["workflow_name"]
	yield definition
	frappe.db.rollback()
	frappe.cache.hdel("workflow", DOCTYPE)
	frappe.clear_cache(doctype=DOCTYPE)
	assert wf_service.get_workflow(DOCTYPE).name == "Permit Application Workflow"


FORWARD = {"Return for Revision", "Reject", "Revoke"}


def drive(journey, decide: str):
	"""Walk the application with whatever workflow is active: at each state, the staff member
	whose role may act performs the forward action whose condition holds."""
	journey.edit(
		MANAGER,
		accept_documents=True,
		inspection="Passed",
		recommendation="Recommended",
		manual_payment="STS-CONF-1",
		rejection_reason="Tidak memenuhi persyaratan",
	)
	workflow = wf_service.get_workflow(DOCTYPE)
	for _ in range(20):
		doc = journey.doc
		if doc.docstatus:
			return doc
		candidates = [t for t in workflow.transitions if t.state == doc.workflow_state]
		final = [t for t in candidates if t.action in ("Approve", "Reject")]
		choices = (
			[t for t in final if t.action == decide]
			if final
			else [t for t in candidates if t.action not in FORWARD]
		)
		for transition in choices:
			with as_user(journey.user_for(transition.allowed)):
				open_to_them = wf_service.available(frappe.get_doc(DOCTYPE, doc.name), workflow)
			if any(
				t.next_state == transition.next_state and t.action == transition.action for t in open_to_them
			):
				journey.act(transition.allowed, transition.action)
				break
	return journey.doc


@pytest.mark.parametrize("combo", [(0, 0, 0), (1, 1, 1)], ids=["no-steps", "all-steps"])
def test_renamed_states_still_issue(staff, renamed_workflow, combo):
	journey = start(staff, combo)
	doc = drive(journey, "Approve")
	assert (doc.workflow_state, doc.docstatus, doc.decision) == ("Izin Terbit", 1, "Approved")
	assert doc.permit_number and doc.verification_code and doc.sla_status == "Met"
	visited = [row.state for row in stages(doc.name)]
	assert LEGAL_REVIEW in visited
	holders = {row.state: row.holder for row in stages(doc.name)}
	if combo[1]:
		assert holders["Rekomendasi OPD"] == "Other Agency"
	if combo[2]:
		assert holders["Menunggu Setoran"] == "Applicant"


def test_renamed_states_still_reject(staff, renamed_workflow):
	journey = start(staff, (1, 0, 1))
	doc = drive(journey, "Reject")
	assert (doc.workflow_state, doc.docstatus, doc.decision) == ("Permohonan Ditolak", 1, "Rejected")
	assert not doc.permit_number


def test_renamed_states_keep_the_guards(staff, renamed_workflow):
	journey = start(staff)
	journey.submit()
	journey.act(journey.staff["BPPM Verifier"], "Start Verification")
	with pytest.raises(DocumentsNotAcceptedError):
		journey.act(journey.staff["BPPM Verifier"], "Verify")  # the documents are not reviewed
	journey.act(journey.staff["BPPM Verifier"], "Verify", accept_documents=True)
	journey.act(MANAGER, "Selesai Telaah")
	assert journey.doc.workflow_state == "Menunggu Tanda Tangan"
	journey.edit(MANAGER, accept_documents=False)  # a correction after verification
	with pytest.raises(DocumentsNotAcceptedError):
		journey.approve()
	with pytest.raises(NotYourTurnError):
		journey.edit(APPLICANT, location_address="not my turn")
