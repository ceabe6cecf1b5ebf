"""The drill's fixtures on the stack's site, made by the bench's Python in the stack's bench folder
(run by ``drill.prepare``): the bank's secret, a permit type with a levy, an applicant,
applications verified and waiting for their levy, and one waiting for the head's approval, all
committed. Printed as JSON."""

import json
import os
import sys


def prepare(awaiting: int) -> dict:
	import frappe

	from bppm_app.demo import _staff
	from bppm_app.roles import FRONT_OFFICE, HEAD, STAFF_ROLES, VERIFIER
	from bppm_app.rules import levy
	from tests.integration import payments
	from tests.integration.journeys import start

	payments.set_secret()
	office = payments.Office({VERIFIER: _staff(VERIFIER)}, code_prefix="DRL")
	waiting = [office.awaiting_payment() for _ in range(awaiting)]
	# a file the head approves (a signed permit issued) while its backend is killed
	staff = {role: _staff(role) for role in STAFF_ROLES}
	approval = start(staff, (0, 0, 0))
	approval.to_awaiting_approval()
	frappe.db.commit()
	return {
		"approval": approval.name,
		"head": staff[HEAD],
		"secret": payments.SECRET,
		"clerk": _staff(FRONT_OFFICE),
		"applicant": office.applicant.name,
		"permit_type": office.permit_type.name,
		"levy": payments.LEVY,
		"awaiting": [{"name": name, "code": levy.payment_code(name)} for name in waiting],
	}


def signing_works() -> dict:
	"""On a restored site: the office's certificate decrypts with the site's key and signs a PDF."""
	import frappe

	from bppm_app.demo import files
	from bppm_app.engine import signing

	provider = signing.LocalCertificate()
	signer = provider.signer()
	name = frappe.db.get_value("Permit Application", {"workflow_state": "Issued"}, "name")
	signed = provider.sign(files.minimal_pdf("restore check"), frappe.get_doc("Permit Application", name))
	return {"certificate": signing.describe(signer), "signed": signing.has_signature(signed)}


def issue() -> dict:
	"""At least one signed permit on the site: the demo's homestay application walked to Issued
	(signed with the office's certificate), when the site has none yet."""
	import frappe

	from bppm_app.demo import _application, data

	if not frappe.db.exists("Permit Application", {"workflow_state": "Issued"}):
		spec = next(s for s in data.APPLICATIONS if data.TARGETS.get(s[2], (None,))[0] == "Issued")
		_application(*spec)
		frappe.db.commit()
	return {"issued": frappe.db.count("Permit Application", {"workflow_state": "Issued"})}


ACTIONS = {"prepare": lambda count: prepare(int(count)), "signing": signing_works, "issue": issue}


if __name__ == "__main__":
	# drill_setup.py SITE prepare COUNT  |  drill_setup.py SITE signing  |  drill_setup.py SITE issue
	import frappe

	site, action = sys.argv[1], sys.argv[2]
	frappe.init(site=site, sites_path=os.getcwd())
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		result = ACTIONS[action](*sys.argv[3:])
	finally:
		frappe.destroy()
	print("DRILL-SETUP " + json.dumps(result))
