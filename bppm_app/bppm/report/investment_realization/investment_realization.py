"""Investment Realization: planned against realised investment (from approved LKPM reports) by
PMA/PMDN, sector, KBLI, kecamatan or quarter, against the year's target in BPPM Settings.
Definitions in bppm_app.rules.lkpm.realization; the database sums (reports/lkpm_figures.py)."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from bppm_app.reports import lkpm_figures
from bppm_app.reports.filters import as_filters, bar_chart, column, report_filters, summary
from bppm_app.rules import lkpm, report_stats

GROUP_LABELS = {
	"investment_type": lambda: _("Investment Type"),
	"sector": lambda: _("Sector"),
	"kbli_code": lambda: _("KBLI Code"),
	"kecamatan": lambda: _("Kecamatan"),
	"quarter": lambda: _("Quarter"),
}


# the Select filters the report branches on (reports.filters.report_filters refuses other values)
FILTER_CHOICES = {"group_by": lkpm.GROUP_FIELDS, "quarter": lkpm.QUARTERS, "investment_type": ("PMDN", "PMA")}


def execute(filters=None):
	filters = report_filters(filters, FILTER_CHOICES)
	year = cint(filters.get("year")) or getdate(today()).year
	quarter = filters.get("quarter") or None
	group_by = filters.get("group_by") or "investment_type"
	figures = lkpm_figures.realization(
		year, quarter, group_by, as_filters(filters, "investment_type", "kecamatan", "sector", "status")
	)
	with_target = group_by == "quarter"
	target = yearly_target(year)
	rows = [to_dict(row, target if with_target else None) for row in figures["rows"]]
	return (
		columns(group_by, with_target),
		rows,
		None,
		chart(rows, group_by, target),
		report_summary(figures, target),
	)


def yearly_target(year: int) -> float | None:
	"""The year's target from BPPM Settings (a setting every staff role may read)."""
	amount = frappe.db.get_value(
		"Investment Target",
		{"parent": "BPPM Settings", "parenttype": "BPPM Settings", "year": year},
		"target_amount",
	)
	return None if amount is None else float(amount)


def to_dict(row: lkpm.RealizationRow, target: float | None) -> dict:
	values = {
		"group": _(row.group) if row.group in ("PMA", "PMDN") else row.group,
		"investments": row.investments,
		"planned_investment": row.planned_investment,
		"realized_in_period": row.realized_in_period,
		"realized_cumulative": row.realized_cumulative,
		"realization_pct": row.realization_pct,
		"workers_local": row.workers_local,
		"workers_foreign": row.workers_foreign,
	}
	if target is not None:
		values["target_pct"] = report_stats.percent(row.realized_cumulative, target)
	return values


def columns(group_by: str, with_target: bool):
	if group_by == "quarter":
		cols = [
			column(_("Quarter"), "group", width=90),
			column(_("Investments Reporting"), "investments", "Int", width=120),
			column(_("Realised in Quarter"), "realized_in_period", "Currency", width=170),
			column(_("Realised This Year to Date"), "realized_cumulative", "Currency", width=180),
		]
		if with_target:
			cols.append(column(_("Share of Yearly Target %"), "target_pct", "Percent", width=140))
	else:
		cols = [
			column(GROUP_LABELS[group_by](), "group", width=180),
			column(_("Investments"), "investments", "Int", width=100),
			column(_("Planned Investment"), "planned_investment", "Currency", width=170),
			column(_("Realised in Period"), "realized_in_period", "Currency", width=170),
			column(_("Realised to Date"), "realized_cumulative", "Currency", width=170),
			column(_("Realisation of Plan %"), "realization_pct", "Percent", width=130),
		]
	cols += [
		column(_("Local Workers"), "workers_local", "Int", width=110),
		column(_("Foreign Workers"), "workers_foreign", "Int", width=110),
	]
	return cols


def chart(rows, group_by, target):
	if not rows:
		return None
	labels = [row["group"] or _("Not Set") for row in rows]
	if group_by == "quarter":
		datasets = [
			(_("Realised in Quarter"), [row["realized_in_period"] for row in rows]),
			(_("Realised This Year to Date"), [row["realized_cumulative"] for row in rows]),
		]
		if target:
			datasets.append((_("Yearly Target"), [target for _row in rows]))
		return bar_chart(labels, datasets, fieldtype="Currency")
	return bar_chart(
		labels,
		[
			(_("Planned Investment"), [row["planned_investment"] for row in rows]),
			(_("Realised to Date"), [row["realized_cumulative"] for row in rows]),
		],
		fieldtype="Currency",
	)


def report_summary(figures: dict, target):
	items = [
		summary(_("Investments"), figures["investments"]),
		summary(_("Planned Investment"), figures["planned"], "Currency"),
		summary(_("Realised in Period"), figures["realised"], "Currency", "Green"),
	]
	if target is not None:
		items += [
			summary(_("Yearly Target"), target, "Currency"),
			summary(
				_("Yearly Target Achieved %"),
				report_stats.percent(figures["year_to_date"], target) or 0,
				"Percent",
			),
		]
	return items
