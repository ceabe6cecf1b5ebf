"""Sites installed before the portal existed: let citizens sign up as applicants."""

from bppm_app.services import setup


def execute():
	setup.enable_portal()
