"""Sites installed before the LKPM workflow was shipped get it once; an existing one is kept."""

from bppm_app.services import workflow_definitions


def execute():
	workflow_definitions.ensure_all()
