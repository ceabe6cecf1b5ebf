"""Install on a fresh site, load the demo twice from the command line, uninstall cleanly.

This creates and drops a whole site (a minute or two), through the same commands an
administrator uses: ``new-site --install-app``, ``bppm-demo``, ``uninstall-app``, ``drop-site``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BENCH

SITE = os.environ.get("BPPM_LIFECYCLE_SITE", "bppm-lifecycle.localhost")
SITES = BENCH / "sites"
ROOT_PASSWORD = os.environ.get("BPPM_DB_ROOT_PASSWORD", "")
ROOT_OPTIONS = [
	"--db-root-username",
	os.environ.get("BPPM_DB_ROOT_USER", "root"),
	"--db-root-password",
	ROOT_PASSWORD,
]

pytestmark = pytest.mark.slow


def cli(*args: str, timeout: int = 900) -> str:
	"""Run a bench site command. Frappe asks for an empty root password on the terminal, so the
	command runs without one (setsid) and gets the answer on stdin."""
	result = subprocess.run(
		["setsid", "-w", str(BENCH / "env/bin/python"), "-m", "frappe.utils.bench_helper", "frappe", *args],
		cwd=SITES,
		input=ROOT_PASSWORD + "\n",
		capture_output=True,
		text=True,
		timeout=timeout,
	)
	assert result.returncode == 0, f"{args}: {result.stdout[-3000:]}\n{result.stderr[-3000:]}"
	return result.stdout


INSPECT = r"""
import json, sys, frappe
frappe.init(site=sys.argv[1], sites_path="."); frappe.connect()
roles = {r.name: r.desk_access for r in frappe.get_all("Role", filters={"name": ("like", "BPPM %")}, fields=["name", "desk_access"])}
own = ["Applicant", "Permit Type", "Permit Application", "Investment", "Investment Report", "Service Holiday", "BPPM Settings", "Service Survey", "Public Complaint"]
out = {
	"apps": frappe.get_installed_apps(),
	"roles": roles,
	"has_role_rows": frappe.db.count("Has Role", {"role": ("like", "BPPM %")}),
	"custom_fields": frappe.db.count("Custom Field", {"dt": ("in", own)}),
	"property_setters": frappe.db.count("Property Setter", {"doc_type": ("in", own)}),
	"workflows": frappe.db.count("Workflow", {"document_type": ("in", own)}),
	"assignment_rules": frappe.db.count("Assignment Rule", {"document_type": ("in", own)}),
	"doctypes": frappe.get_all("DocType", filters={"module": "BPPM"}, pluck="name"),
	"module": frappe.db.exists("Module Def", "BPPM"),
	"tables": [t for t in frappe.db.get_tables() if t in ["tab" + d for d in own]],
	"workflows_by_name": frappe.get_all("Workflow", filters={"document_type": ("in", own)}, pluck="name"),
	"module_records": {d: frappe.db.count(d, {"module": "BPPM"}) for d in ("Report", "Workspace", "Number Card", "Dashboard Chart", "Dashboard Chart Source", "Print Format", "Notification")},
}
if "bppm_app" in out["apps"]:
	this = frappe.utils.getdate().year
	out["holidays"] = {y: frappe.db.count("Service Holiday", {"holiday_date": ("between", (f"{y}-01-01", f"{y}-12-31"))}) for y in (this, this + 1)}
	out["counts"] = {d: frappe.db.count(d) for d in ("User", "Permit Type", "Applicant", "Permit Application", "Investment", "Investment Report", "Service Survey", "Public Complaint")}
	out["threshold"] = frappe.db.get_single_value("BPPM Settings", "sla_warning_threshold")
	out["locale"] = frappe.db.get_value("System Settings", None, ["language", "time_zone", "currency"])
	out["setup_complete"] = frappe.is_setup_complete()
print("JSON" + json.dumps(out, default=str))
frappe.destroy()
"""


def inspect() -> dict:
	result = subprocess.run(
		[str(BENCH / "env/bin/python"), "-c", INSPECT, SITE],
		cwd=SITES,
		capture_output=True,
		text=True,
		timeout=300,
	)
	assert result.returncode == 0, result.stderr[-3000:]
	return json.loads(result.stdout.split("JSON", 1)[1])


def drop_site():
	if (SITES / SITE).exists():
		# archived into this bench: by default Frappe archives next to its own code, which may be
		# another bench's
		archive = str(BENCH / "archived" / "sites")
		cli("drop-site", SITE, *ROOT_OPTIONS, "--force", "--no-backup", "--archived-sites-path", archive)


@pytest.fixture(scope="module")
def fresh_site():
	drop_site()
	cli("new-site", SITE, *ROOT_OPTIONS, "--admin-password", "admin", "--install-app", "bppm_app")
	yield SITE
	drop_site()


def test_install_uninstall_lifecycle(fresh_site, asset_server):
	installed = inspect()
	assert "bppm_app" in installed["apps"]
	assert installed["roles"] == {
		"BPPM Applicant": 0,
		"BPPM Field Inspector": 1,
		"BPPM Front Office": 1,
		"BPPM Head": 1,
		"BPPM Investment Officer": 1,
		"BPPM Manager": 1,
		"BPPM Technical Reviewer": 1,
		"BPPM Treasurer": 1,
		"BPPM Verifier": 1,
	}
	assert all(count >= 20 for count in installed["holidays"].values()), installed["holidays"]
	assert installed["custom_fields"] == 0
	assert installed["threshold"] == 80
	app_doctypes = Path(__file__).resolve().parents[2].glob("bppm_app/*/doctype/*/*.json")
	assert len(installed["doctypes"]) == sum(1 for _ in app_doctypes)
	assert sorted(installed["workflows_by_name"]) == [
		"LKPM Workflow",
		"Permit Application Workflow",
		"Public Complaint Workflow",
	]
	assert installed["module_records"] == {
		"Report": 11,  # with Levy Reconciliation, IKM Report, Complaint Register, My Tasks
		"Workspace": 2,  # BPPM and its BPPM Statistics
		"Number Card": 6,
		"Dashboard Chart": 7,
		"Dashboard Chart Source": 1,  # BPPM Group By (the charts' labels in the user's language)
		# the four letters; 14 notifications (5 of them SMS), Permit Revoked, 4 of service quality
		"Print Format": 4,
		"Notification": 19,
	}

	# the demo issues signed permits: wkhtmltopdf fetches the print style from the site's address,
	# which a production site's web server answers (here the tests' asset server)
	cli("--site", SITE, "set-config", "host_name", asset_server)
	first = cli("--site", SITE, "bppm-demo")
	assert "permit_types +14" in first and "applications +10" in first, first
	assert "surveys +20" in first and "complaints +9" in first, first
	assert "lkpm_reports +10" in first, first
	demo = inspect()
	assert demo["setup_complete"] and demo["locale"] == ["id", "Asia/Makassar", "IDR"]
	# one per stage an officer holds, created once the demo staff hold the roles
	assert demo["assignment_rules"] == 5
	after_first = demo["counts"]
	second = cli("--site", SITE, "bppm-demo")
	assert "setup wizard" not in second
	assert (
		"users +0, permit_types +0, applicants +0, applications +0, investments +0, lkpm_reports +0" in second
	), second
	assert inspect()["counts"] == after_first

	reseed = cli("--site", SITE, "bppm-seed-holidays", "--year", "2026")
	assert "created 0" in reseed and "deleted 0" in reseed, reseed

	assert "restored" in cli("--site", SITE, "bppm-restore-workflow")
	cli("--site", SITE, "migrate", "--skip-search-index")
	assert inspect()["roles"]["BPPM Applicant"] == 0

	cli("--site", SITE, "uninstall-app", "bppm_app", "--yes", "--no-backup")
	removed = inspect()
	assert "bppm_app" not in removed["apps"]
	assert removed["roles"] == {}
	assert removed["has_role_rows"] == 0
	assert removed["custom_fields"] == 0 and removed["property_setters"] == 0 and removed["workflows"] == 0
	assert removed["assignment_rules"] == 0
	assert removed["doctypes"] == [] and not removed["module"] and removed["tables"] == []
	# reports, the workspace, its number cards and charts go with the module
	assert removed["module_records"] == dict.fromkeys(installed["module_records"], 0)
