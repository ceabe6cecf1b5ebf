"""Permit Application's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Permit Application"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestPermitApplication(TierTests, unittest.TestCase):
	tier_files = (
		"tests/integration/test_permit_application.py",
		"tests/integration/test_workflow_guards.py",
		"tests/integration/test_workflow_paths.py",
		"tests/integration/test_step_guards.py",
		"tests/integration/test_uploads.py",
		"tests/security/test_workflow_paths.py",
	)
