"""Browser tier: headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a
real server for the test site (the ``server`` fixture of tests/site.py). Data the server must see is committed; screenshots go to
``artifacts/browser/`` (git-ignored). Without Chromium or Playwright this tier fails loudly."""

import os
import shutil
from pathlib import Path

import pytest

# notifications need the site's outgoing account, also when this tier runs alone on a new site
from tests.integration.conftest import outgoing_mail

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


@pytest.fixture(autouse=True)
def _each_test(rollback):
	"""Every test of this tier starts on the site as Administrator and is rolled back (what the
	server must see is committed by the tests' own fixtures)."""
	yield


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


def pytest_terminal_summary(terminalreporter, exitstatus, config):
	from .test_desk_steps import MEASURED

	if "workspace" in MEASURED:
		first, later = MEASURED["workspace"]
		terminalreporter.write_line(
			f"BPPM workspace settled in {first:.1f} s on the first visit, {later:.1f} s on later visits"
		)
