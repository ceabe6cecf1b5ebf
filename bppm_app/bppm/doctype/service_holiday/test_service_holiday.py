"""Service Holiday's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Service Holiday"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestServiceHoliday(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_holidays.py",)
