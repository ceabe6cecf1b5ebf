"""The app's tests where Frappe looks for them: ``bench --site SITE run-tests --app bppm_app``.

The suite is written for pytest (``tests/`` at the repository root: unit, integration, security and
browser tiers; ``scripts/test`` runs them all). Frappe's runner finds this module instead, and it runs
the unit, integration and security tiers with pytest on the site Frappe's runner was given. pytest
runs in its own process, with its own connection to the site, as it does under ``scripts/test``; a
failure there fails this test, with pytest's report above Frappe's.
"""

import os
import subprocess
import sys
import unittest
from pathlib import Path

import frappe

REPO = Path(__file__).resolve().parents[2]
from bppm_app.testing import prepare_site

TIERS = ("tests/unit", "tests/integration", "tests/security")


class TestBppmApp(unittest.TestCase):
	def test_the_pytest_tiers_pass_on_this_site(self):
		missing = [tier for tier in TIERS if not (REPO / tier).is_dir()]
		self.assertFalse(missing, f"the app's tests are not next to it (missing {missing} in {REPO})")
		prepare_site()
		env = {
			**os.environ,
			"BPPM_TEST_SITE": frappe.local.site,
			"BPPM_BENCH": str(Path(frappe.local.sites_path).resolve().parent),
		}
		command = [sys.executable, "-m", "pytest", *TIERS, "-m", "not slow", "-p", "no:cacheprovider", "-q"]
		result = subprocess.run(command, cwd=REPO, env=env)
		self.assertEqual(result.returncode, 0, "pytest reported failures: see its output above")
