"""Investment's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Investment"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestInvestment(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_investment_and_settings.py",)
