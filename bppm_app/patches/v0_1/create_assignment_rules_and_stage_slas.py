"""Sites installed before these shipped records existed get them once."""

from bppm_app.setup import assignment_rules, settings_defaults


def execute():
	assignment_rules.ensure_all()
	settings_defaults.ensure_stage_slas()
