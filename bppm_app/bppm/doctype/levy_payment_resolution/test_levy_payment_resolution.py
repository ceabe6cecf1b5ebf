"""Levy Payment Resolution's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Levy Payment Resolution"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestLevyPaymentResolution(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_payments.py",)
