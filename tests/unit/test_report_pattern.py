"""Every report reads in one way (docs/decisions.md, "Reports"): in the database, through the user's
read permission. A report module (or the figures module in ``reports/`` that holds its queries)
asks ``frappe.get_list`` (Frappe's own query: one DocType, its filters and aggregate fields) or
builds a query with ``frappe.qb`` and adds ``read_condition``, the exact condition get_list would
add; it never reads around the permissions with ``frappe.db.sql``, ``frappe.get_all`` and the
like. Read from the source, no site needed."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "bppm_app"
REPORTS = APP / "bppm" / "report"
FIGURES = ("lkpm_figures", "sla_figures")  # reports/: queries shared by a report and its cards
# reads that skip the user's permissions, and why a report may make one
AROUND_PERMISSIONS = {"frappe.db.sql", "frappe.get_all", "frappe.db.get_all", "frappe.db.get_list",
	"frappe.db.get_value", "frappe.db.get_values", "frappe.db.count", "frappe.db.exists"}  # fmt: skip
ALLOWED = {
	# the session user's own open assignments, filtered by allocated_to = the user
	("my_tasks", "frappe.get_all"),
	# the year's investment target, a row of BPPM Settings, which every staff role reads
	("investment_realization", "frappe.db.get_value"),
}


def dotted(node) -> str:
	parts = []
	while isinstance(node, ast.Attribute):
		parts.append(node.attr)
		node = node.value
	if isinstance(node, ast.Name):
		parts.append(node.id)
	return ".".join(reversed(parts))


def calls(path: Path) -> set[str]:
	return {dotted(n.func) for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Call)}


def reads_through_figures(made: set[str]) -> bool:
	return any(name.split(".")[0] in FIGURES for name in made)


MODULES = sorted(p for p in REPORTS.glob("*/*.py") if p.stem == p.parent.name) + [
	APP / "reports" / f"{name}.py" for name in FIGURES
]


def test_every_standard_report_is_checked():
	assert len(MODULES) >= 13


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_a_report_reads_through_the_users_permissions(path):
	made = calls(path)
	around = {name for name in made & AROUND_PERMISSIONS if (path.stem, name) not in ALLOWED}
	assert not around, f"{path.stem} reads around the user's permissions with {sorted(around)}"
	through = "frappe.get_list" in made or "read_condition" in made or reads_through_figures(made)
	assert through, f"{path.stem} reads nothing through get_list or read_condition"
	if "frappe.qb.from_" in made:
		assert "read_condition" in made, f"{path.stem} builds a query without the user's read condition"
