"""Sites installed before a workflow was shipped get it once; existing ones are kept."""

from bppm_app.setup import workflows


def execute():
	workflows.ensure_all()
