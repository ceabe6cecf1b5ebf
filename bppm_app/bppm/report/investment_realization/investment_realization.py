"""Investment Realization: planned against realised investment (from approved LKPM reports) by
PMA/PMDN, sector, KBLI, kecamatan or quarter, against the year's target in BPPM Settings.
Arithmetic in bppm_app.rules.lkpm.realization."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from bppm_app.rules import lkpm, report_stats
from bppm_app.services import lkpm as lkpm_service
from bppm_app.services.reporting import as_filters, bar_chart, column, summary

GROUP_LABELS = {
	"investment_type": lambda: _("Investment Type"),
	"sector": lambda: _("Sector"),
	"kbli_code": lambda: _("KBLI Code"),
	"kecamatan": lambda: _("Kecamatan"),
	"quarter": lambda: _("Quarter"),
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = cint(filters.get("year")) or getdate(today()).year
	quarter = filters.get("quarter") or None
	group_by = filters.get("group_by") or "investment_type"
	investments = lkpm_service.visible_investments(
		as_filters(filters, "investment_type", "kecamatan", "sector", "status")
	)
	reports = lkpm_service.approved_reports_until(year, [i.name for i in investments])
	with_target = group_by == "quarter"
	target = yearly_target(year)
	rows = [
		to_dict(row, target if with_target else None)
		for row in lkpm.realization(investments, reports, year, quarter, group_by)
	]
	return (
		columns(group_by, with_target),
		rows,
		None,
		chart(rows, group_by, target),
		report_summary(investments, reports, year, quarter, target),
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


def report_summary(investments, reports, year, quarter, target):
	quarters = [quarter] if quarter else list(lkpm.QUARTERS)
	realised = sum(
		float(r.investment_in_period or 0) for r in reports if int(r.year) == year and r.quarter in quarters
	)
	items = [
		summary(_("Investments"), len(investments)),
		summary(
			_("Planned Investment"), sum(float(i.planned_investment or 0) for i in investments), "Currency"
		),
		summary(_("Realised in Period"), realised, "Currency", "Green"),
	]
	if target is not None:
		last = lkpm.quarter_number(quarter) if quarter else 4
		year_total = sum(
			float(r.investment_in_period or 0)
			for r in reports
			if int(r.year) == year and lkpm.quarter_number(r.quarter) <= last
		)
		items += [
			summary(_("Yearly Target"), target, "Currency"),
			summary(_("Yearly Target Achieved %"), report_stats.percent(year_total, target) or 0, "Percent"),
		]
	return items
