"""Attacks on a permit's life after issue: renewing or amending somebody else's permit, pointing a
renewal at a permit that cannot be continued, writing the engine's signing and supersession fields,
downloading another person's permit, approving with a signature one may not give. Each gets a 4xx
answer, leaks nothing and changes nothing."""

import frappe

from bppm_app.roles import FRONT_OFFICE, TREASURER, VERIFIER

from .conftest import answered_without, refused, snapshot


def open_follow_ups(previous: str) -> int:
	frappe.db.rollback()
	return frappe.db.count("Permit Application", {"previous_application": previous})


def test_nobody_renews_or_amends_another_persons_permit(world):
	before = snapshot("Permit Application", world.issued)
	for kind in ("Renewal", "Amendment"):
		refused(
			world.a.method("bppm_app.api.start_follow_up", name=world.issued, application_type=kind),
			world.b_name,
		)
		refused(world.guest.method("bppm_app.api.start_follow_up", name=world.issued, application_type=kind))
	# the portal page's own form, with the attacker's session
	refused(world.a.post("/applications", action="Renewal", name=world.issued))
	# a staff role that may not create applications
	refused(
		world.as_role[TREASURER].method(
			"bppm_app.api.start_follow_up", name=world.issued, application_type="Renewal"
		)
	)
	assert open_follow_ups(world.issued) == 0
	assert snapshot("Permit Application", world.issued) == before


def test_a_renewal_cannot_point_at_a_permit_it_may_not_continue(world):
	before = snapshot("Permit Application", world.a_draft)
	for previous in (world.issued, world.revoked, world.awaiting_approval, world.b_draft, "PRM-0000-99999"):
		# the applicant holds no DocType permission: REST is closed to them
		refused(
			world.a.put(
				f"/api/resource/Permit Application/{world.a_draft}",
				application_type="Renewal",
				previous_application=previous,
			)
		)
	# the counter: another applicant's permit, a revoked one, an unissued one
	for previous in (world.issued, world.revoked, world.awaiting_approval):
		refused(
			world.as_role[FRONT_OFFICE].put(
				f"/api/resource/Permit Application/{world.a_draft}",
				application_type="Renewal",
				previous_application=previous,
			)
		)
	assert snapshot("Permit Application", world.a_draft) == before


def test_the_signing_and_supersession_fields_are_the_engines(world):
	before = snapshot("Permit Application", world.issued)
	forged = {
		"signed_permit": world.b_file,
		"signed_permit_sha256": "0" * 64,
		"superseded_by": world.a_draft,
	}
	for field, value in forged.items():
		for client in (world.as_role[FRONT_OFFICE], world.as_role[VERIFIER], world.a):
			refused(client.put(f"/api/resource/Permit Application/{world.issued}", **{field: value}))
	before_draft = snapshot("Permit Application", world.a_draft)
	refused(
		world.as_role[FRONT_OFFICE].put(
			f"/api/resource/Permit Application/{world.a_draft}", signed_permit_sha256="f" * 64
		)
	)
	assert snapshot("Permit Application", world.issued) == before
	assert snapshot("Permit Application", world.a_draft) == before_draft


def test_another_persons_permit_cannot_be_downloaded_or_approved(world):
	letter = "/api/method/bppm_app.api.download_letter"
	refused(world.a.get(letter, name=world.issued, letter="Permit Certificate"), world.b_name)
	refused(world.guest.get(letter, name=world.issued, letter="Permit Certificate"))
	before = snapshot("Permit Application", world.awaiting_approval)
	for client in (world.a, world.guest, world.as_role[VERIFIER], world.as_role[FRONT_OFFICE]):
		refused(
			client.method(
				"bppm_app.api.approve_and_sign",
				name=world.awaiting_approval,
				nik="6474011203750001",
				passphrase="rahasia",
			),
			"rahasia",
		)
	assert snapshot("Permit Application", world.awaiting_approval) == before


def test_verification_shows_the_hash_and_no_personal_data(world):
	answer = world.guest.method("bppm_app.api.verify_permit", http="GET", code=world.issued_code)
	answered_without(answer, world.b_nik, world.b_mobile)
	assert answer.json()["message"]["status"] == "Valid"
	assert "signed_permit_sha256" in answer.json()["message"]
	page = world.guest.get(f"/verify/{world.issued_code}")
	answered_without(page, world.b_nik, world.b_mobile)
