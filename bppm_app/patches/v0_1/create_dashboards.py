"""Sites installed before the dashboards were shipped get the number cards and charts once;
cards and charts that exist (possibly changed by an administrator) are kept."""

from bppm_app.setup import dashboards


def execute():
	dashboards.ensure_all()
