"""Create + Submit: what the app's code adds to the two operations a counter clerk does most.

The same clerk creates an application and submits it, on Permit Application (with the app: its
controller, guards, stage log, SLA engine, levy, numbering hooks) and on a same-shaped DocType
without any app code: a custom DocType with the same fields, a bare workflow (Draft → Submit →
Submitted, setting the same clock field), a copy of the same Notification ("Application
Submitted", the same subject and message, e-mailed to the applicant with the document's print)
and of the same Assignment Rule (round robin to the verifiers). Each iteration commits, as a
request does. The ratio of the medians is what the app's code costs.
"""

import statistics
import time

import frappe

BARE = "BPPM Bench Bare Application"
BARE_WORKFLOW = "BPPM Bench Bare Workflow"
EVENTS_ON_SAVE = ("New", "Save", "Submit", "Value Change", "Cancel")
CLERK = "bench-front-office@bppm.example"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def setup() -> dict:
	"""The clerk, the bare DocType with its workflow, notification and assignment rule (once)."""
	from bppm_app.roles import FRONT_OFFICE

	if not frappe.db.exists("User", CLERK):
		user = frappe.get_doc(
			{"doctype": "User", "email": CLERK, "first_name": "Bench Clerk", "send_welcome_email": 0}
		)
		user.append("roles", {"role": FRONT_OFFICE})
		user.insert(ignore_permissions=True)
	if frappe.db.exists("DocType", BARE) and not frappe.get_meta(BARE).get_field("applicant_name").fetch_from:
		frappe.delete_doc("DocType", BARE, force=True, ignore_permissions=True)
	if not frappe.db.exists("DocType", BARE):
		source = frappe.get_meta("Permit Application")
		fields = []
		for df in source.fields:
			if df.fieldname in ("amended_from",):
				continue
			field = {
				k: df.get(k)
				for k in (
					"fieldname",
					"fieldtype",
					"label",
					"options",
					"reqd",
					"default",
					"read_only",
					"hidden",
				)
			}
			if df.fieldtype in ("Link", "Table") and df.options == "Permit Application":
				continue
			fields.append(field)
		fields.append(
			{"fieldname": "amended_from", "fieldtype": "Link", "options": BARE, "label": "Amended From",
			 "read_only": 1, "no_copy": 1}
		)  # fmt: skip
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": BARE,
				"module": "BPPM",
				"custom": 1,
				"is_submittable": 1,
				"track_changes": 1,
				"autoname": "BARE-.YYYY.-.#####",
				"fields": fields,
				"permissions": [
					{"role": role, "read": 1, "write": 1, "create": 1, "submit": 1}
					for role in ("System Manager", FRONT_OFFICE, "BPPM Verifier")
				],
			}
		).insert(ignore_permissions=True)
	shipped_workflow = frappe.get_doc("Workflow", "Permit Application Workflow")
	if frappe.db.exists("Workflow", BARE_WORKFLOW) and len(
		frappe.get_doc("Workflow", BARE_WORKFLOW).transitions
	) != len(shipped_workflow.transitions):
		frappe.delete_doc("Workflow", BARE_WORKFLOW, force=True, ignore_permissions=True)
	if not frappe.db.exists("Workflow", BARE_WORKFLOW):
		# the office's own workflow definition on the bare DocType: the same states, transitions
		# and conditions, run by Frappe alone
		copy = frappe.copy_doc(shipped_workflow)
		copy.workflow_name = BARE_WORKFLOW
		copy.document_type = BARE
		copy.insert(ignore_permissions=True)
	for name in frappe.get_all(
		"Notification",
		filters={"document_type": "Permit Application", "enabled": 1, "event": ("in", EVENTS_ON_SAVE)},
		pluck="name",
	):
		copy_name = f"{BARE} {name}"
		if frappe.db.exists("Notification", copy_name):
			continue
		shipped = frappe.get_doc("Notification", name)
		values = {
			"doctype": "Notification",
			"name": copy_name,
			"subject": shipped.subject,
			"document_type": BARE,
			"event": shipped.event,
			"value_changed": shipped.value_changed,
			"condition": shipped.condition,
			"channel": shipped.channel,
			"message_type": shipped.message_type,
			"message": shipped.get_template(),
			"attach_print": shipped.attach_print,
			"recipients": [
				{"receiver_by_document_field": r.receiver_by_document_field} for r in shipped.recipients
			],
			"enabled": 1,
		}
		if shipped.value_changed == "submitted_on":
			# no app code sets the submission time on the bare DocType: its workflow state says it
			values.update(value_changed="workflow_state", condition='doc.workflow_state == "Submitted"')
		frappe.get_doc(values).insert(ignore_permissions=True)
	for name in frappe.get_all(
		"Assignment Rule", filters={"document_type": "Permit Application"}, pluck="name"
	):
		if frappe.db.exists("Assignment Rule", f"{BARE} {name}"):
			continue
		copy = frappe.copy_doc(frappe.get_doc("Assignment Rule", name))
		copy.name = f"{BARE} {name}"
		copy.document_type = BARE
		copy.insert(ignore_permissions=True)
	frappe.db.commit()  # the benchmark's own site
	return {"clerk": CLERK}


def _files(count: int) -> list[str]:
	urls = []
	for i in range(count):
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"bench-{frappe.generate_hash(length=8)}-{i}.pdf",
				"content": PDF + f"% {frappe.generate_hash(length=12)}\n".encode(),
				"is_private": 1,
			}
		).insert()
		urls.append(file.file_url)
	return urls


def _values(permit_type, applicant) -> dict:
	return {
		"applicant": applicant.name,
		"applicant_name": applicant.applicant_name,
		"applicant_email": applicant.email,
		"permit_type": permit_type.name,
		"channel": "Counter",
		"subject": "Toko kelontong",
		"location_address": "Jl. Ahmad Yani No. 1",
		"kecamatan": "Bontang Utara",
		"quantity": 10,
	}


def measure(iterations: int = 30) -> dict:
	"""Median create+Submit latency (seconds) of both, interleaved, as the clerk."""
	from frappe.model.workflow import apply_workflow

	from bppm_app.engine.workflow import apply_action

	setup()
	permit_type = frappe.get_doc(
		"Permit Type",
		frappe.get_all("Permit Type", filters={"is_active": 1, "requires_levy": 0}, pluck="name", limit=1)[0],
	)
	applicant = frappe.get_doc("Applicant", frappe.get_all("Applicant", pluck="name", limit=1)[0])
	mandatory = [r.requirement for r in permit_type.requirements if r.is_mandatory]
	frappe.set_user(CLERK)
	app_times, bare_times = [], []
	try:
		for i in range(iterations + 2):  # the first two warm caches and are not counted
			urls = _files(len(mandatory))
			frappe.db.commit()  # the uploads came before, in their own requests
			documents = [{"requirement": r, "attachment": u} for r, u in zip(mandatory, urls, strict=True)]
			start = time.perf_counter()
			doc = frappe.get_doc(
				{"doctype": "Permit Application", **_values(permit_type, applicant), "documents": documents}
			)
			doc.insert()
			apply_action(doc, "Submit")
			frappe.db.commit()  # the request's end
			app = time.perf_counter() - start

			urls = _files(len(mandatory))
			frappe.db.commit()
			documents = [{"requirement": r, "attachment": u} for r, u in zip(mandatory, urls, strict=True)]
			start = time.perf_counter()
			bare = frappe.get_doc(
				{"doctype": BARE, **_values(permit_type, applicant), "documents": documents}
			)
			bare.insert()
			apply_workflow(bare, "Submit")
			frappe.db.commit()
			bare_time = time.perf_counter() - start
			if i >= 2:
				app_times.append(app)
				bare_times.append(bare_time)
	finally:
		frappe.set_user("Administrator")
	return {
		"app": statistics.median(app_times),
		"bare": statistics.median(bare_times),
		"ratio": statistics.median(app_times) / statistics.median(bare_times),
		"iterations": iterations,
	}
