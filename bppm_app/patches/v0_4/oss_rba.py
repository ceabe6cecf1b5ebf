"""OSS RBA: sites installed before the integration get its status mapping and its OSS user."""

from bppm_app.setup import settings_defaults, system_users


def execute():
	settings_defaults.ensure_oss_status_map()
	system_users.ensure_oss_user()
