"""Small helpers shared by services, the demo and the tests."""

from contextlib import contextmanager

import frappe


@contextmanager
def as_user(user: str):
	"""Act as ``user`` inside the block (permissions, owner, session), then switch back."""
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)
