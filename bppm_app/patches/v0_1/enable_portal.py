"""Sites installed before the portal existed: let citizens sign up as applicants."""

from bppm_app.setup import portal


def execute():
	portal.enable_portal()
