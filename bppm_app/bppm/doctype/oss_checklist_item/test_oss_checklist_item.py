"""OSS Checklist Item's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "OSS Checklist Item"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestOSSChecklistItem(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_oss.py",)
