"""Applicant's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Applicant"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestApplicant(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_applicant.py",)
