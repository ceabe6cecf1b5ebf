"""Integration tier: the app on a real Frappe site (MariaDB + Redis).

The site is ``$BPPM_TEST_SITE`` (default ``bppm-test.localhost``) in the bench ``$BPPM_BENCH``
(default ``~/frappe-bench``); ``scripts/test`` creates or migrates it first. Without a bench or a
site this tier fails loudly: it never skips.

Each test runs as Administrator unless it switches user with ``frappe.set_user`` (see
``factories.as_user``) and is rolled back afterwards. Data that must be visible to other database
connections (REST requests, parallel processes) is committed by session fixtures that are
idempotent, and is named so that it cannot collide with demo data.
"""

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

BENCH = Path(os.environ.get("BPPM_BENCH", "~/frappe-bench")).expanduser()
SITE = os.environ.get("BPPM_TEST_SITE", "bppm-test.localhost")
HOW_TO = (
	"Run the tests with scripts/test (it prepares the site), get a bench with scripts/setup, "
	"or point BPPM_BENCH at your bench."
)


def _fail(message: str):
	pytest.fail(f"Integration tier cannot run: {message}\n{HOW_TO}", pytrace=False)


@pytest.fixture(scope="session", autouse=True)
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


@pytest.fixture(autouse=True)
def rollback(site):
	"""Every test starts clean as Administrator and leaves nothing behind."""
	import frappe

	frappe.set_user("Administrator")
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
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

	from .factories import make_user

	if not frappe.db.exists("User", email):
		make_user(*roles, email=email)
	return email


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


# --- where wkhtmltopdf fetches the print style from ----------------------------------------------


class _AssetHandler(http.server.SimpleHTTPRequestHandler):
	"""Serves the bench's /assets, as nginx does in production, and nothing else."""

	def do_GET(self):
		if not self.path.startswith("/assets/"):
			self.send_error(404)
			return
		super().do_GET()

	def log_message(self, *args):
		pass


@pytest.fixture(scope="session")
def asset_server(site):
	"""Frappe's print page links its print stylesheet by URL, which wkhtmltopdf fetches from the
	site's host name: in production the site's own web server. The tests serve the bench's assets
	on a free local port instead, so that they need no running bench and no resolvable host."""
	handler = functools.partial(_AssetHandler, directory=str(BENCH / "sites"))
	server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	yield f"http://127.0.0.1:{server.server_address[1]}"
	server.shutdown()
	server.server_close()
