"""The real site the integration and browser tiers run on: a pytest plugin (registered by
tests/conftest.py) so that both tiers share one session-scoped connection, opened once and closed
once. Nothing here is autouse: the unit tier never touches a site; each tier's conftest asks for
``rollback`` (and with it ``site``) for every one of its tests.

The site is ``$BPPM_TEST_SITE`` (default ``bppm-test.localhost``) in the bench ``$BPPM_BENCH``
(default ``~/frappe-bench``); ``scripts/test`` creates or migrates it first. Without a bench or a
site these tiers fail loudly: they never skip.
"""

import functools
import http.server
import os
import socket
import subprocess
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

BENCH = Path(os.environ.get("BPPM_BENCH", "~/frappe-bench")).expanduser()
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
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
	# the connection's cache of Single values survives a rollback (a setting a test changed)
	frappe.db.value_cache.clear()
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


# --- the test site over real HTTP ----------------------------------------------------------------


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def mark_setup_complete():
	"""A real office site has been through Frappe's setup wizard; without it the desk opens the
	wizard (System Manager only) for every desk user. Language and region stay as they are: the
	other tiers read messages in English."""
	import frappe

	if not frappe.is_setup_complete():
		frappe.db.set_value("Installed Application", {"has_setup_wizard": 1}, "is_setup_complete", 1)
		frappe.db.set_single_value("System Settings", "setup_complete", 1)
		frappe.db.commit()


@contextmanager
def serve(site: str = SITE):
	"""``bench --site <site> bppm-serve`` on a free loopback port (threaded, like Frappe's
	development server, without its /files loader and debugger); yields its base URL. It sees only
	committed data."""
	port = _free_port()
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	log_path = ARTIFACTS / f"server-{site}.log"
	with open(log_path, "w") as log:
		proc = subprocess.Popen(
			[
				str(BENCH / "env/bin/python"),
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"--site",
				site,
				"bppm-serve",
				"--port",
				str(port),
			],
			cwd=BENCH / "sites",
			stdout=log,
			stderr=subprocess.STDOUT,
		)
		# the loopback address (the server serves only this site): wkhtmltopdf fetches the print
		# style from the site's URL, and *.localhost names need not resolve on this machine
		base = f"http://127.0.0.1:{port}"
		deadline = time.time() + 90
		while True:
			try:
				with urllib.request.urlopen(f"{base}/api/method/ping", timeout=2) as response:
					if response.status == 200:
						break
			except OSError:
				pass
			if proc.poll() is not None or time.time() > deadline:
				proc.kill()
				pytest.fail(f"the test server did not start; see {log_path}", pytrace=False)
			time.sleep(0.3)
		try:
			yield base
		finally:
			proc.terminate()
			try:
				proc.wait(timeout=20)
			except subprocess.TimeoutExpired:
				proc.kill()


@pytest.fixture(scope="session")
def server(site):
	"""The test site served over real HTTP for the rest of the session (the security and browser
	tiers)."""
	mark_setup_complete()
	with serve(SITE) as base:
		yield base


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
