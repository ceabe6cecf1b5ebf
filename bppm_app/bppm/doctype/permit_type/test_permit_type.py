"""Permit Type's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Permit Type"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestPermitType(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_permit_type.py",)
