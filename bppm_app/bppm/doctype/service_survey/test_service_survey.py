"""Service Survey's tests for Frappe's runner (``bench --site <test site> run-tests --doctype "Service Survey"``):
the pytest tiers' files about it (``bppm_app.testing``)."""

import unittest

from bppm_app.testing import TierTests


class TestServiceSurvey(TierTests, unittest.TestCase):
	tier_files = ("tests/integration/test_service_survey.py",)
