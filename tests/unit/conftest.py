"""Unit tier: plain rule modules, no site and no database.

Every test here runs before the integration tier connects (see testpaths in pyproject.toml), and
this guard fails any unit test that finds a database connection, so the tier stays honest.
"""

import frappe
import pytest


@pytest.fixture(autouse=True)
def no_database():
	assert not getattr(frappe.local, "db", None), "unit tests must not run with a database connection"
	yield
	assert not getattr(frappe.local, "db", None), "a unit test opened a database connection"
