"""Frappe's own workflow API moves applications, and every guard holds on each of its paths: Python
(``apply_workflow``, what e-mail approvals and other apps call), the desk's buttons and bulk action
over HTTP, and a Workflow Action e-mail approved through its link."""

import re
from urllib.parse import urlparse

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from bppm_app.exceptions import DocumentsNotAcceptedError, FourEyesError
from bppm_app.roles import HEAD, VERIFIER
from bppm_app.utils import as_user
from tests.integration.documents import pdf_host  # a fixture: the workflow e-mail attaches a PDF
from tests.integration.factories import purge_applications
from tests.integration.journeys import start

from .conftest import Http, refused


@pytest.fixture
def files(world):
	"""Applications made for one test, committed (the server must see them), purged afterwards."""
	made = []
	yield made
	frappe.db.rollback()
	purge_applications([j.name for j in made])


def awaiting_approval(world, files, accept=True):
	journey = start(world.staff, (0, 0, 0))
	journey.submit()
	journey.act(VERIFIER, "Start Verification")
	journey.act(VERIFIER, "Verify", accept_documents=True)
	if not accept:
		# the verifier corrects a review after verifying (allowed until the decision)
		journey.edit(VERIFIER, accept_documents=False)
	files.append(journey)
	frappe.db.commit()
	return journey


def test_apply_workflow_from_python_moves_the_file(world, files):
	journey = awaiting_approval(world, files)
	with as_user(world.staff[HEAD]):
		doc = apply_workflow(frappe.get_doc("Permit Application", journey.name), "Approve")
	assert (doc.docstatus, doc.decision, doc.workflow_state) == (1, "Approved", "Issued")
	assert doc.permit_number and doc.verification_code


def test_apply_workflow_from_python_keeps_the_guards(world, files):
	journey = awaiting_approval(world, files, accept=False)
	with as_user(world.staff[HEAD]), pytest.raises(DocumentsNotAcceptedError):
		apply_workflow(frappe.get_doc("Permit Application", journey.name), "Approve")
	frappe.db.rollback()
	both = world.staff["verifier and head"]
	journey = start(world.staff, (0, 0, 0))
	files.append(journey)
	journey.submit()
	journey.act(both, "Start Verification")
	journey.act(both, "Verify", accept_documents=True)
	with as_user(both), pytest.raises(FourEyesError):
		apply_workflow(frappe.get_doc("Permit Application", journey.name), "Approve")


def test_the_desk_buttons_over_http(world, files):
	journey = awaiting_approval(world, files, accept=False)
	head = world.as_role[HEAD]
	doc = {"doctype": "Permit Application", "name": journey.name}
	refused(head.method("frappe.model.workflow.apply_workflow", doc=doc, action="Approve"))
	assert frappe.db.get_value("Permit Application", journey.name, "docstatus") == 0
	journey = awaiting_approval(world, files)
	done = head.method(
		"frappe.model.workflow.apply_workflow", doc={**doc, "name": journey.name}, action="Approve"
	)
	assert done.status_code == 200, done.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Permit Application", journey.name, "workflow_state") == "Issued"


def test_bulk_action_over_http(world, files):
	good, bad = awaiting_approval(world, files), awaiting_approval(world, files, accept=False)
	frappe.db.rollback()
	logged = frappe.db.count("Error Log")
	response = world.as_role[HEAD].method(
		"frappe.model.workflow.bulk_workflow_approval",
		docnames=[good.name, bad.name],
		doctype="Permit Application",
		action="Approve",
	)
	assert response.status_code == 200, response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Permit Application", good.name, "docstatus") == 1
	assert frappe.db.get_value("Permit Application", bad.name, "docstatus") == 0
	# the refusal is told to the head (Frappe's workflow log, over realtime), not written to the Error Log
	assert frappe.db.count("Error Log") == logged


@pytest.fixture
def email_approvals(world):
	"""The workflow's e-mail approvals switched on (an administrator's choice), then off again."""
	workflow = frappe.get_doc("Workflow", "Permit Application Workflow")
	workflow.send_email_alert = 1
	workflow.save(ignore_permissions=True)
	frappe.db.commit()
	yield
	workflow.reload()
	workflow.send_email_alert = 0
	workflow.save(ignore_permissions=True)
	frappe.db.commit()


def emailed_link(name: str, action: str) -> str:
	"""The Workflow Action e-mail's link for ``action`` on ``name`` (from the Email Queue)."""
	frappe.db.rollback()
	queued = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Permit Application", "reference_name": name},
		pluck="message",
		order_by="creation desc",
	)
	for message in queued:
		text = frappe.safe_decode(message).replace("=\r\n", "").replace("=3D", "=").replace("&amp;", "&")
		for url in re.findall(r'href="([^"]+workflow_action\.apply_action[^"]+)"', text):
			if f"action={action.replace(' ', '+')}" in url or f"action={action.replace(' ', '%20')}" in url:
				return url
	raise AssertionError(f"no e-mailed link for {action} on {name}")


def follow(server: str, url: str):
	"""Open an e-mailed link as the recipient would (not logged in), then confirm on the page."""
	guest = Http(server)
	parsed = urlparse(url)
	page = guest.request("GET", f"{parsed.path}?{parsed.query}", headers={"Accept": "text/html"})
	assert page.status_code == 200, page.text[:500]
	confirm = re.search(r'href="([^"]*confirm_action[^"]*)"', page.text.replace("&amp;", "&"))
	assert confirm, page.text[:1000]
	target = urlparse(confirm.group(1))
	return guest.request("GET", f"{target.path}?{target.query}", headers={"Accept": "text/html"})


@pytest.mark.usefixtures("pdf_host")
def test_email_approval_moves_the_file(world, files, email_approvals):
	journey = awaiting_approval(world, files)
	response = follow(world.server, emailed_link(journey.name, "Approve"))
	assert response.status_code == 200, response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Permit Application", journey.name, ["docstatus", "decision"]) == (
		1,
		"Approved",
	)


@pytest.mark.usefixtures("pdf_host")
def test_email_approval_keeps_the_guards(world, files, email_approvals):
	journey = awaiting_approval(world, files, accept=False)
	response = follow(world.server, emailed_link(journey.name, "Approve"))
	assert response.status_code >= 400 or "Accepted" in response.text
	frappe.db.rollback()
	assert frappe.db.get_value("Permit Application", journey.name, "docstatus") == 0
