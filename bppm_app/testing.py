"""Frappe's habit for the app's tests: each DocType with behaviour has a ``test_<doctype>.py``
beside its controller, so that ``bench --site <test site> run-tests --doctype "Permit Application"``
runs its tests. The tests themselves live in the pytest tiers (``tests/``, with their fixtures and
factories); a DocType's test module names the tier files about it and runs them with pytest, on the
site Frappe's test runner is on (each test rolled back, as in ``scripts/test``)."""

import os
import subprocess
import sys
from pathlib import Path

import frappe

REPO = Path(__file__).resolve().parent.parent
# what scripts/test sets on its test site (a site that allows tests is a test site)
TEST_SITE_CONFIG = {
	"throttle_user_limit": 100000,  # the tiers create many users
	"mute_emails": 1,  # messages are queued, never sent
	"bppm_trusted_proxies": ["127.0.0.1"],  # the tests' requests pass through a local proxy
}
# the app's whole run (bench run-tests --app bppm_app) runs every tier once, in this module's test
WHOLE_APP_TEST = "bppm_app.tests.test_bppm_app"


class TierTests:
	"""Mixin of a DocType's test case (with ``unittest.TestCase``, so that the runner does not collect
	it on its own): ``tier_files`` are paths under ``tests/``, each a sub-test."""

	tier_files: tuple[str, ...] = ()

	def test_tier_files(self):
		if WHOLE_APP_TEST in sys.modules:
			self.skipTest("the app's whole run (bppm_app/tests/test_bppm_app.py) runs these files already")
		prepare_site()
		for path in self.tier_files:
			with self.subTest(path=path):
				result = run_tier_file(path)
				self.assertEqual(
					result.returncode, 0, f"{path}:\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
				)
				print(f"{path}: {result.stdout.strip().splitlines()[-1]}")  # e.g. "17 passed in 37s"


def prepare_site() -> None:
	from frappe.installer import update_site_config

	for key, value in TEST_SITE_CONFIG.items():
		if frappe.conf.get(key) != value:
			update_site_config(key, value)


def run_tier_file(path: str) -> subprocess.CompletedProcess:
	if not (REPO / path).is_file():
		raise FileNotFoundError(f"{path} is not a file of the test tiers in {REPO}")
	env = {
		**os.environ,
		# the bench of this site (the frappe app may be a link into another bench)
		"BPPM_BENCH": str(Path(frappe.local.sites_path).resolve().parent),
		"BPPM_TEST_SITE": frappe.local.site,
	}
	return subprocess.run(
		[sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", path],
		cwd=REPO,
		env=env,
		capture_output=True,
		text=True,
		check=False,
	)
