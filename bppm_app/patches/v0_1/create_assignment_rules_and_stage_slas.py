"""Sites installed before these shipped records existed get them once."""

from bppm_app.services import assignment, settings


def execute():
	assignment.ensure_all()
	settings.ensure_stage_slas()
