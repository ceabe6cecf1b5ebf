"""Issuance under concurrent use, and a failed issuance, with real processes on committed data.

Each worker process connects to the site like a web worker, waits at a barrier until all are
ready, then applies the Approve action as a head of office and commits, or rolls back on an error
as Frappe's request handler and job runner do.
"""

import json
import re
import subprocess
import tempfile
import time
from pathlib import Path

import frappe
import pytest

from bppm_app.config import settings
from bppm_app.engine import signing
from bppm_app.engine.workflow import apply_action
from bppm_app.roles import APPLICANT, HEAD, VERIFIER
from bppm_app.utils import as_user
from bppm_app.web import applicant_portal

from .conftest import BENCH, SITE
from .factories import (
	make_applicant,
	make_application,
	make_permit_type,
	make_user,
	portal_edit,
	purge_applications,
	rand,
	upload,
)

WORKER = r"""
import json, os, sys, time
sites, site, user, name, barrier = sys.argv[1:6]
os.chdir(sites)
import frappe
frappe.init(site=site, sites_path="."); frappe.connect()
frappe.set_user(user)
# the issuers queue on the permit type's row lock, each holding it to its commit: twenty of them on a
# busy two-core machine may wait longer than MariaDB's default 50 s, which is a server setting, not
# what this test is about (one number each, consecutive)
frappe.db.sql("set session innodb_lock_wait_timeout = 600")
from bppm_app.engine.workflow import apply_action
open(os.path.join(barrier, f"ready-{os.getpid()}"), "w").close()
while not os.path.exists(os.path.join(barrier, "go")):
	time.sleep(0.005)
try:
	doc = apply_action(frappe.get_doc("Permit Application", name), "Approve")
	frappe.db.commit()
	print(json.dumps({"ok": True, "permit_number": doc.permit_number}))
except Exception as e:
	frappe.db.rollback()
	print(json.dumps({"ok": False, "error": type(e).__name__}))
finally:
	frappe.destroy()
"""


def approve_at_once(pairs: list[tuple[str, str]]) -> list[dict]:
	"""Run one worker per (user, application) and release them together."""
	with tempfile.TemporaryDirectory() as barrier:
		procs = [
			subprocess.Popen(
				[
					str(BENCH / "env/bin/python"),
					"-c",
					WORKER,
					str(BENCH / "sites"),
					SITE,
					user,
					name,
					barrier,
				],
				stdout=subprocess.PIPE,
				stderr=subprocess.PIPE,
				text=True,
			)
			for user, name in pairs
		]
		deadline = time.time() + 300
		while len(list(Path(barrier).glob("ready-*"))) < len(procs):
			assert time.time() < deadline, "workers did not start"
			assert all(p.poll() is None for p in procs), [
				p.communicate() for p in procs if p.poll() is not None
			]
			time.sleep(0.05)
		Path(barrier, "go").touch()
		results = []
		for proc in procs:
			out, err = proc.communicate(timeout=300)
			lines = [line for line in out.splitlines() if line.startswith("{")]
			assert lines, err[-2000:]
			results.append(json.loads(lines[-1]))
		return results


@pytest.fixture
def awaiting_approval(staff):
	"""A permit type, one applicant, and a factory of committed applications at Awaiting
	Approval; everything is deleted afterwards."""
	permit_type = make_permit_type(code="PAR" + rand(5).upper())
	user = make_user(APPLICANT)
	applicant = make_applicant(user=user)
	made = []

	def make(count: int) -> list[str]:
		names = []
		for _ in range(count):
			with as_user(user):
				# the applicant applies, uploads and submits on the portal
				doc = make_application(applicant.name, permit_type.name)
				for row in doc.documents:
					row.attachment = upload(user, "berkas.pdf")
				rows = [row.as_dict(convert_dates_to_str=True) for row in doc.documents]
				portal_edit("Permit Application", doc.name, documents=rows)
				applicant_portal.take_own_action(applicant_portal.own_application(doc.name))
			with as_user(staff[VERIFIER]):
				apply_action(frappe.get_doc("Permit Application", doc.name), "Start Verification")
				doc = frappe.get_doc("Permit Application", doc.name)
				for row in doc.documents:
					row.review_status = "Accepted"
				doc.save()
				apply_action(doc, "Verify")
			names.append(doc.name)
		made.extend(names)
		frappe.db.commit()
		return names

	yield frappe._dict(make=make, permit_type=permit_type)

	frappe.db.rollback()
	purge_applications(made)
	frappe.db.delete("Applicant", {"name": applicant.name})
	frappe.db.delete("Series", {"name": ("like", f"BPPM-PERMIT-{permit_type.code}-%")})
	frappe.delete_doc("Permit Type", permit_type.name, force=True, ignore_permissions=True)
	frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def counter(permit_number: str) -> int:
	return int(re.search(r"/(\d{5})/", permit_number).group(1))


def test_twenty_permits_issued_at_once_get_distinct_consecutive_numbers(staff, awaiting_approval):
	names = awaiting_approval.make(20)
	results = approve_at_once([(staff[HEAD], name) for name in names])
	assert all(r["ok"] for r in results), [r for r in results if not r["ok"]]
	numbers = [r["permit_number"] for r in results]
	assert len(set(numbers)) == 20
	assert sorted(counter(n) for n in numbers) == list(range(1, 21))
	frappe.db.rollback()
	stored = frappe.get_all(
		"Permit Application", filters={"name": ("in", names)}, fields=["permit_number", "docstatus"]
	)
	assert sorted(r.permit_number for r in stored) == sorted(numbers)
	assert {r.docstatus for r in stored} == {1}


def test_two_heads_approving_one_application_at_once_give_one_success(staff, awaiting_approval):
	(name,) = awaiting_approval.make(1)
	results = approve_at_once([(staff[HEAD], name), (staff["second head"], name)])
	assert sorted(r["ok"] for r in results) == [False, True], results
	frappe.db.rollback()
	doc = frappe.get_doc("Permit Application", name)
	assert doc.docstatus == 1 and counter(doc.permit_number) == 1
	assert [
		row.state
		for row in frappe.get_all(
			"Permit Application Stage",
			filters={"permit_application": name},
			fields=["state"],
			order_by="entered_on asc, creation asc",
		)
	].count("Issued") == 1


@pytest.fixture
def remote_signing_without_credentials():
	"""The office signs with BSrE (committed, for the workers), whose approval needs the head's NIK
	and passphrase: a plain Approve gives none, so the signing refuses after the number was taken."""
	before = frappe.db.get_single_value("BPPM Settings", "signing_provider")
	frappe.db.set_single_value("BPPM Settings", "signing_provider", signing.BSRE)
	frappe.db.commit()
	settings.clear_cached()
	yield
	frappe.db.set_single_value("BPPM Settings", "signing_provider", before)
	frappe.db.commit()
	settings.clear_cached()


def test_a_failed_issuance_leaves_the_file_where_it_was_and_its_stage_log_says_why(
	staff, awaiting_approval, remote_signing_without_credentials
):
	(name,) = awaiting_approval.make(1)
	(result,) = approve_at_once([(staff[HEAD], name)])
	assert result == {"ok": False, "error": "SigningCredentialsRequiredError"}
	frappe.db.rollback()
	doc = frappe.get_doc("Permit Application", name)
	assert (doc.workflow_state, doc.docstatus) == ("Awaiting Approval", 0)
	assert not (doc.permit_number or doc.verification_code or doc.signed_permit or doc.issued_on)
	assert not frappe.get_all(
		"File", filters={"attached_to_name": name, "attached_to_field": "signed_permit"}
	)
	# the open stage, the one the file stays in, says who approved, that nothing was issued, and why
	(stage,) = frappe.get_all(
		"Permit Application Stage",
		filters={"permit_application": name, "left_on": ("is", "not set")},
		fields=["state", "note"],
	)
	assert stage.state == "Awaiting Approval"
	assert "the permit could not be issued" in stage.note
	assert frappe.utils.get_fullname(staff[HEAD]) in stage.note
	assert "NIK" in stage.note  # the signing service's refusal: the signatory's NIK and passphrase
	# the same line on the application's timeline in the desk
	comments = frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Permit Application", "reference_name": name, "comment_type": "Info"},
		pluck="content",
	)
	assert comments == [stage.note]
	# the number it took was given back with the rollback: the next approval gets the first one
	frappe.db.set_single_value("BPPM Settings", "signing_provider", "")
	frappe.db.commit()
	(again,) = approve_at_once([(staff[HEAD], name)])
	assert again["ok"] and counter(again["permit_number"]) == 1, again
