"""Install-time defaults, in one package: each record the app ships is created here when absent,
with its data in a file beside the code (workflows in ``bppm_app/workflows``, assignment rules,
stage service levels, number cards and charts here), so administrators may change what they get and
migrations never overwrite it. Runtime services keep only runtime code.

``install`` holds Frappe's install, migrate and uninstall hooks; ``ensure_shipped_records`` is what
a new site gets and what the patch gives older sites.
"""


def ensure_shipped_records() -> None:
	"""Create every shipped default that is missing (idempotent)."""
	from bppm_app.setup import assignment_rules, dashboards, settings_defaults, workflows

	workflows.ensure_all()
	assignment_rules.ensure_all()
	settings_defaults.ensure_stage_slas()
	settings_defaults.ensure_oss_status_map()
	dashboards.ensure_all()  # number cards and charts of the Workspace "BPPM"
