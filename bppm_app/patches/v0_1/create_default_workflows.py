"""Sites installed before the workflows were shipped get them once; existing ones are kept."""

from bppm_app.services import workflow_definitions


def execute():
	workflow_definitions.ensure_all()
