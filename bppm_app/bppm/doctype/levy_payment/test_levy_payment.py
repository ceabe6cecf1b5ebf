"""Levy Payment's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Levy Payment"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestLevyPayment(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_payments.py",)
