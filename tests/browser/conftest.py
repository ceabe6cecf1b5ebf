"""Browser tier: headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a
real server for the test site. Data the server must see is committed; screenshots go to
``artifacts/browser/`` (git-ignored). Without Chromium or Playwright this tier fails loudly."""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.site import BENCH, SITE

CHROMIUM = os.environ.get("BPPM_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]


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


@pytest.fixture(autouse=True)
def _each_test(rollback):
	"""Every test of this tier starts on the site as Administrator and is rolled back (what the
	server must see is committed by the tests' own fixtures)."""
	yield


@pytest.fixture(scope="session")
def server(site):
	"""`bench --site <test site> serve` on a free loopback port, for the length of the tier."""
	mark_setup_complete()
	port = _free_port()
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	log = open(ARTIFACTS / "server.log", "w")
	proc = subprocess.Popen(
		[
			str(BENCH / "env/bin/python"),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			SITE,
			"serve",
			"--port",
			str(port),
			"--noreload",
		],
		cwd=BENCH / "sites",
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	# the loopback address (the server serves only the test site): wkhtmltopdf fetches the print
	# style from the site's URL, and *.localhost names need not resolve on this machine
	base = f"http://127.0.0.1:{port}"
	deadline = time.time() + 90
	while True:
		try:
			with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/method/ping", timeout=2) as response:
				if response.status == 200:
					break
		except OSError:
			pass
		if proc.poll() is not None or time.time() > deadline:
			proc.kill()
			pytest.fail(f"the test server did not start; see {log.name}", pytrace=False)
		time.sleep(0.5)
	yield base
	proc.terminate()
	try:
		proc.wait(timeout=20)
	except subprocess.TimeoutExpired:
		proc.kill()
	log.close()


@pytest.fixture(scope="session")
def browser():
	if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
		pytest.fail(
			f"Chromium not found at {CHROMIUM}: install Debian's chromium (scripts/test does).", pytrace=False
		)
	try:
		from playwright.sync_api import sync_playwright
	except ImportError:
		pytest.fail(
			"the playwright package is missing in the bench env (pip install -e .[test]).", pytrace=False
		)
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	with sync_playwright() as playwright:
		instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
		yield instance
		instance.close()


@pytest.fixture
def shot():
	"""Save a full-page screenshot under artifacts/browser/<n>-<name>.png."""
	counter = {"n": 0}

	def take(page, name: str):
		counter["n"] += 1
		path = ARTIFACTS / f"{counter['n']:02d}-{name}.png"
		page.screenshot(path=str(path), full_page=True)
		return path

	return take
