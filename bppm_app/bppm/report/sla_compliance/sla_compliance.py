"""SLA Compliance: for applications received in a period, per permit type or per stage, how many
met their service level, how long they took (median and p90 working days) and who held the file
(the office, another agency, the applicant). The database computes the figures
(bppm_app.reports.sla_figures); their definitions are in bppm_app.rules.report_stats."""

import frappe
from frappe import _

from bppm_app.reports import sla_figures
from bppm_app.reports.filters import bar_chart, column, date_range, report_filters, summary
from bppm_app.rules import report_stats as stats

PERMIT_TYPE, STAGE = "Permit Type", "Stage"
HOLDER_COLUMNS = (
	(stats.OFFICE, "office_days"),
	(stats.OTHER_AGENCY, "agency_days"),
	(stats.APPLICANT, "applicant_days"),
)


# the Select filters the report branches on (reports.filters.report_filters refuses other values)
FILTER_CHOICES = {"group_by": (PERMIT_TYPE, STAGE)}


def execute(filters=None):
	filters = report_filters(filters, FILTER_CHOICES)
	from_date, to_date = date_range(filters)
	permit_type = filters.get("permit_type") or None
	if filters.get("group_by") == STAGE:
		rows = stage_rows(sla_figures.stages(from_date, to_date, permit_type))
		return stage_columns(), rows, None, stage_chart(rows), holder_summary(holder_totals(rows))
	applications = sla_figures.applications(from_date, to_date, permit_type)
	per_type, overall = sla_figures.by_permit_type(applications, overall=True, permit_type=permit_type)
	rows = permit_type_rows(per_type)
	return permit_type_columns(), rows, None, permit_type_chart(rows), overall_summary(overall)


def _common_columns():
	return [
		column(_("Received"), "received", "Int", width=90),
		column(_("Decided"), "decided", "Int", width=90),
		column(_("Met"), "met", "Int", width=70),
		column(_("Breached"), "breached", "Int", width=90),
		column(_("Open and Overdue"), "overdue", "Int", width=110),
		column(_("On Time %"), "on_time_pct", "Percent", width=100),
	]


def permit_type_columns():
	return [
		column(_("Permit Type"), "permit_type", "Link", "Permit Type", 220),
		column(_("SLA (Working Days)"), "sla_working_days", "Int", width=110),
		*_common_columns(),
		column(_("Median Working Days"), "median_days", "Float", width=120),
		column(_("P90 Working Days"), "p90_days", "Float", width=120),
		column(_("With the Office (Days per Application)"), "office_days", "Float", width=150),
		column(_("With Other Agencies (Days per Application)"), "agency_days", "Float", width=150),
		column(_("With the Applicant (Days per Application)"), "applicant_days", "Float", width=150),
	]


HOLDER_DAYS = {
	stats.OFFICE: "office_days",
	stats.OTHER_AGENCY: "agency_days",
	stats.APPLICANT: "applicant_days",
}


def permit_type_rows(per_type: dict[str, dict]) -> list[dict]:
	targets = dict(
		frappe.get_list(
			"Permit Type",
			fields=["name", "sla_working_days"],
			filters={"name": ("in", list(per_type) or [""])},
			as_list=True,
		)
	)
	rows = []
	for permit_type in sorted(per_type):
		figures = per_type[permit_type]
		row = {
			"permit_type": permit_type,
			"sla_working_days": targets.get(permit_type),
			**_figures(figures),
			"median_days": figures["median_days"],
			"p90_days": figures["p90_days"],
		}
		for holder, fieldname in HOLDER_COLUMNS:
			total = figures[HOLDER_DAYS[holder]]
			row[fieldname] = round(total / figures["received"], 2) if figures["received"] else None
		rows.append(row)
	return rows


def _figures(figures: dict) -> dict:
	return {key: figures[key] for key in ("received", "decided", "met", "breached", "overdue", "on_time_pct")}


def stage_columns():
	return [
		column(_("Stage"), "state", "Link", "Workflow State", 180),
		column(_("Held By"), "holder", width=120),
		column(_("Visits"), "visits", "Int", width=80),
		column(_("Median Working Days"), "median_days", "Float", width=120),
		column(_("P90 Working Days"), "p90_days", "Float", width=120),
		column(_("Total Working Days"), "total_days", "Float", width=120),
		*_common_columns(),
	]


def stage_rows(stages) -> list[dict]:
	rows = []
	for figures in sla_figures.by_stage(stages):
		rows.append(
			{
				"state": figures["state"],
				"holder": _(figures["holder"]) if figures["holder"] else "",
				"holder_code": figures["holder"],
				"visits": figures["visits"],
				"median_days": figures["median_days"],
				"p90_days": figures["p90_days"],
				"total_days": round(figures["total_days"], 2),
				"total_days_exact": figures["total_days"],
				**_figures(figures),
			}
		)
	return rows


def holder_totals(rows: list[dict]) -> dict[str, float]:
	totals = dict.fromkeys(stats.HOLDERS, 0.0)
	for row in rows:
		if row["holder_code"] in totals:
			totals[row["holder_code"]] += row["total_days_exact"]
	return totals


def permit_type_chart(rows):
	if not rows:
		return None
	return bar_chart(
		[row["permit_type"] for row in rows],
		[(_("On Time %"), [row["on_time_pct"] or 0 for row in rows])],
		fieldtype="Percent",
	)


def stage_chart(rows):
	if not rows:
		return None
	return bar_chart(
		[_(row["state"]) for row in rows],
		[
			(_("Median Working Days"), [row["median_days"] or 0 for row in rows]),
			(_("P90 Working Days"), [row["p90_days"] or 0 for row in rows]),
		],
	)


def overall_summary(overall: dict):
	totals = {holder: overall[field] for holder, field in HOLDER_DAYS.items()}
	return [
		summary(_("Received"), overall["received"]),
		summary(_("Decided"), overall["decided"]),
		summary(_("On Time %"), overall["on_time_pct"] or 0, "Percent", "Green"),
		summary(_("Median Working Days"), overall["median_days"] or 0, "Float"),
		summary(_("P90 Working Days"), overall["p90_days"] or 0, "Float"),
		*holder_summary(totals),
	]


def holder_summary(totals: dict[str, float]):
	whole = sum(totals.values())
	labels = {
		stats.OFFICE: _("Time with the Office"),
		stats.OTHER_AGENCY: _("Time with Other Agencies"),
		stats.APPLICANT: _("Time with the Applicant"),
	}
	return [summary(labels[h], stats.percent(totals[h], whole) or 0, "Percent") for h in stats.HOLDERS]
