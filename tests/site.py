"""The real site the integration and browser tiers run on: a pytest plugin (registered by
tests/conftest.py) so that both tiers share one session-scoped connection, opened once and closed
once. Nothing here is autouse: the unit tier never touches a site; each tier's conftest asks for
``rollback`` (and with it ``site``) for every one of its tests.

The site is ``$BPPM_TEST_SITE`` (default ``bppm-test.localhost``) in the bench ``$BPPM_BENCH``
(default ``~/frappe-bench``); ``scripts/test`` creates or migrates it first. Without a bench or a
site these tiers fail loudly: they never skip.
"""

import os
from pathlib import Path

import pytest

BENCH = Path(os.environ.get("BPPM_BENCH", "~/frappe-bench")).expanduser()
SITE = os.environ.get("BPPM_TEST_SITE", "bppm-test.localhost")
HOW_TO = (
	"Run the tests with scripts/test (it prepares the site), get a bench with scripts/setup, "
	"or point BPPM_BENCH at your bench."
)


def _fail(message: str):
	pytest.fail(f"The integration and browser tiers cannot run: {message}\n{HOW_TO}", pytrace=False)


@pytest.fixture(scope="session")
def site():
	sites = BENCH / "sites"
	if not (sites / SITE / "site_config.json").is_file():
		_fail(f"no Frappe site {SITE} in bench {BENCH}.")
	try:
		import frappe
	except ImportError:
		_fail("frappe is not importable: run pytest with the bench's Python.")

	os.chdir(sites)  # Frappe resolves site paths, and the WSGI app its sites, from here
	frappe.init(site=SITE, sites_path=str(sites))
	frappe.connect()
	if not frappe.conf.get("allow_tests"):
		frappe.destroy()
		_fail(f"site {SITE} does not allow tests (bench --site {SITE} set-config allow_tests true).")
	if "bppm_app" not in frappe.get_installed_apps():
		frappe.destroy()
		_fail(f"bppm_app is not installed on {SITE}.")
	frappe.flags.in_test = True
	frappe.set_user("Administrator")
	yield SITE
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture
def rollback(site):
	"""Every test starts clean as Administrator and leaves nothing behind."""
	import frappe

	frappe.set_user("Administrator")
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	# Frappe's print_language does not restore the language when a print raises
	frappe.local.lang = "en"
	frappe.clear_messages()
	frappe.local.flags.pop("has_permission_check_logs", None)


@pytest.fixture(scope="session")
def staff(site):
	"""One committed user per role (idempotent; fixed names), plus a second head and a user who is
	both verifier and head (for the four-eyes rule)."""
	import frappe

	from bppm_app.roles import ALL_ROLES, HEAD, VERIFIER

	users = {}
	for role in ALL_ROLES:
		users[role] = _ensure(f"staff-{role.lower().replace(' ', '-')}@test.bppm.example", role)
	users["second head"] = _ensure("staff-second-head@test.bppm.example", HEAD)
	users["verifier and head"] = _ensure("staff-verifier-head@test.bppm.example", VERIFIER, HEAD)
	frappe.db.commit()
	return users


def _ensure(email, *roles):
	import frappe

	from tests.integration.factories import make_user

	if not frappe.db.exists("User", email):
		make_user(*roles, email=email)
	return email
