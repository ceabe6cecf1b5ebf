"""Investment Report's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Investment Report"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestInvestmentReport(TierTests, unittest.TestCase):
	tier_files = (
		"tests/integration/test_investment_report.py",
		"tests/integration/test_lkpm_rest.py",
	)
