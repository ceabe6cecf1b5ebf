"""ERPNext tier: the levy in ERPNext's books, on a site that has ERPNext 15 (scripts/test runs this
tier on ``bppm-erpnext-test.localhost`` when the bench has the erpnext app, with the workflow,
permission and REST tests of the integration tier).

The first run completes ERPNext's setup wizard on that site in code (an Indonesian company, IDR,
ERPNext's Indonesian chart of accounts) and fills the ERPNext part of BPPM Settings, exactly as
``bench --site … bppm-erpnext-setup`` does; later runs find it done. Like the integration tier,
each test is rolled back, and what the server must see is committed by fixtures. Accounting
documents that a test commits stay in the site's books (submitted ledgers are not deleted).
Without ERPNext on the site this tier fails loudly: it never skips.
"""

import pytest

# the integration tier's per-test rollback and outgoing mail account apply here too
from tests.integration.conftest import _each_test, outgoing_mail


@pytest.fixture(scope="session", autouse=True)
def erpnext_office(site):
	import frappe

	from bppm_app.erpnext_integration import setup

	if "erpnext" not in frappe.get_installed_apps():
		pytest.fail(
			f"ERPNext is not installed on {site}: run this tier with scripts/test, which uses the "
			"ERPNext test site (BPPM_ERPNEXT_TEST_SITE) when the bench has the erpnext app.",
			pytrace=False,
		)
	setup.complete_setup(language="English")
	setup.configure()
	frappe.db.commit()
	return frappe._dict(
		company=frappe.db.get_single_value("BPPM Settings", "erpnext_company"),
		holiday_list=frappe.db.get_single_value("BPPM Settings", "holiday_list"),
	)
