"""Integration tier: the app on a real Frappe site (MariaDB + Redis).

The site and the shared fixtures (``site``, ``rollback``, ``staff``) are in tests/site.py; without a
bench or a site this tier fails loudly: it never skips.

Each test runs as Administrator unless it switches user with ``frappe.set_user`` (see
``factories.as_user``) and is rolled back afterwards. Data that must be visible to other database
connections (REST requests, parallel processes) is committed by session fixtures that are
idempotent, and is named so that it cannot collide with demo data.
"""

import pytest

from tests.site import BENCH, SITE  # tests of this tier import them from here


@pytest.fixture(autouse=True)
def _each_test(rollback):
	"""Every test of this tier runs on the site, as Administrator, and is rolled back."""
	yield


@pytest.fixture(scope="session", autouse=True)
def outgoing_mail(site):
	"""Notifications are e-mailed through the site's outgoing account, and Frappe 15 cannot build a
	message without one. The test site mutes sending (scripts/test sets ``mute_emails``; the flag
	here covers a direct pytest run), so messages are queued in the Email Queue and nothing leaves
	the site. Sending would also commit the test's transaction. Committed once, with a fixed name,
	like the staff users."""
	import frappe

	frappe.flags.mute_emails = True
	if not frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "BPPM Test Outgoing",
				"email_id": "layanan@test.bppm.example",
				"smtp_server": "smtp.test.bppm.example",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
