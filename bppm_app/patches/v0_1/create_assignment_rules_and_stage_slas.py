"""Sites installed before these shipped records existed get them once."""

from bppm_app.setup import assignment_rules, settings


def execute():
	assignment_rules.ensure_all()
	settings.ensure_stage_slas()
