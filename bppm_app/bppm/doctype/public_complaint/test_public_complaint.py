"""Public Complaint's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Public Complaint"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestPublicComplaint(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_public_complaint.py",)
