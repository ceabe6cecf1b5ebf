"""SLA figures of the applications received in a period, computed by the database: per permit
type (the SLA Compliance report and the public statistics) and per stage of the stage log.

The definitions are those of bppm_app.rules.report_stats (received, met, breached, open and
overdue, on-time %, median and p90 working days of the decided ones, working days per holder);
the tests hold these queries to them. Stage figures come from the stage log alone: each stage
row carries its application's received time and SLA status, and whether it is the application's
first visit of that stage (engine/stages.py keeps them current).
"""

import datetime

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Min, Sum

from bppm_app.reports.sql import (
	Combine,
	grouped,
	hinted,
	in_days,
	read_condition,
	readable_through,
	table,
	where_all,
)
from bppm_app.rules import report_stats as stats
from bppm_app.rules import sla

APP = table("Permit Application")
STAGE = table("Permit Application Stage")
DECIDED = (sla.MET, sla.BREACHED)


def _count_if(condition):
	return Sum(Case().when(condition, 1).else_(0))


def applications(
	from_date: datetime.date, to_date: datetime.date, permit_type: str | None = None, as_user: bool = True
):
	"""The applications received from ``from_date`` to ``to_date``; with ``as_user``, only those
	the session user may read."""
	query = frappe.qb.from_(APP).where(in_days(APP.submitted_on, from_date, to_date))
	if permit_type:
		query = query.where(APP.permit_type == permit_type)
	return where_all(query, read_condition("Permit Application") if as_user else None)


def applied_permit_types() -> list[str]:
	"""Every permit type that has applications (a skip scan of the permit type index)."""
	return frappe.qb.from_(APP).select(APP.permit_type).distinct().run(pluck=True)


def stage_groups() -> list[tuple]:
	"""Every (state, holder) of the stage log (a skip scan of the report index)."""
	return [
		tuple(row)
		for row in hinted(frappe.qb.from_(STAGE), "bppm_stage_report")
		.select(STAGE.state, STAGE.holder)
		.distinct()
		.run(as_list=True)
	]


def stages(from_date: datetime.date, to_date: datetime.date, permit_type: str | None = None):
	"""The stage log of those applications, from submission on (the draft is not service time),
	as the session user may read it."""
	query = (
		frappe.qb.from_(STAGE)
		.where(in_days(STAGE.submitted_on, from_date, to_date))
		.where(Coalesce(STAGE.sla_clock, "") != sla.NOT_STARTED)
	)
	if permit_type:
		query = query.where(STAGE.permit_type == permit_type)
	return where_all(
		query,
		read_condition("Permit Application Stage"),
		readable_through(STAGE.permit_application, "Permit Application"),
	)


APPLICATION_FIGURES = {
	"received": (Count("*"), Combine.SUM),
	"in_process": (_count_if(APP.docstatus == 0), Combine.SUM),
	"issued": (_count_if((APP.docstatus != 0) & (APP.decision == "Approved")), Combine.SUM),
	"rejected": (_count_if((APP.docstatus != 0) & (APP.decision == "Rejected")), Combine.SUM),
	"met": (_count_if(APP.sla_status == sla.MET), Combine.SUM),
	"breached": (_count_if(APP.sla_status == sla.BREACHED), Combine.SUM),
	"overdue": (_count_if(APP.sla_status == sla.OVERDUE), Combine.SUM),
	# working days with each holder, kept on the application by the stage log (engine/stages.py)
	"office_days": (Sum(APP.office_days), Combine.SUM),
	"agency_days": (Sum(APP.agency_days), Combine.SUM),
	"applicant_days": (Sum(APP.applicant_days), Combine.SUM),
}


def by_permit_type(
	base, overall: bool = False, permit_type: str | None = None
) -> tuple[dict[str, dict], dict | None]:
	"""Per permit type (and, with ``overall``, for all of them): received, in process, issued,
	rejected, met, breached, overdue, on-time %, median and p90 working days of the decided, and
	the working days with each holder."""
	per_type, total = grouped(
		base,
		APP.sla_working_days_used,
		[APP.permit_type],
		APPLICATION_FIGURES,
		ranked=APP.sla_status.isin(DECIDED),
		overall=overall,
		scan_index="bppm_sla",
		pick_index="bppm_sla_ranks",
		split=[(name,) for name in ([permit_type] if permit_type else applied_permit_types())],
	)
	out = {key[0]: _complete(figures) for key, figures in per_type.items()}
	return out, _complete(total) if total is not None else None


def _complete(figures: dict) -> dict:
	for key in ("received", "in_process", "issued", "rejected", "met", "breached", "overdue", "visits"):
		if key in figures:
			figures[key] = int(figures[key] or 0)
	for key in ("office_days", "agency_days", "applicant_days", "total_days"):
		if key in figures:
			figures[key] = float(figures[key] or 0)
	figures["decided"] = figures["met"] + figures["breached"]
	figures["on_time_pct"] = stats.on_time_pct(figures["met"], figures["breached"], figures["overdue"])
	figures["median_days"] = figures.pop("median", None)
	figures["p90_days"] = figures.pop("p90", None)
	figures.pop("count", None)
	return figures


def by_stage(stage_base) -> list[dict]:
	"""Per (state, holder), in the order files first reach them: visits, working days (total,
	median, p90), and the applications that went through it (received, met, breached, open and
	overdue, on-time %)."""
	first = STAGE.first_visit == 1
	per_stage, _overall = grouped(
		stage_base,
		STAGE.working_days,
		[STAGE.state, STAGE.holder],
		{
			"total_days": (Sum(STAGE.working_days), Combine.SUM),
			"received": (_count_if(first), Combine.SUM),
			"met": (_count_if(first & (STAGE.application_sla_status == sla.MET)), Combine.SUM),
			"breached": (_count_if(first & (STAGE.application_sla_status == sla.BREACHED)), Combine.SUM),
			"overdue": (_count_if(first & (STAGE.application_sla_status == sla.OVERDUE)), Combine.SUM),
			"first_seen": (Min(STAGE.entered_on), Combine.MIN),
		},
		scan_index="bppm_stage_report",
		pick_index="bppm_stage_ranks",
		split=stage_groups(),
	)
	out = []
	for (state, holder_value), figures in sorted(
		per_stage.items(), key=lambda item: (item[1]["first_seen"] or datetime.datetime.min, item[0][0])
	):
		figures["visits"] = figures["count"]  # every stage row is ranked: the rows counted
		if not figures["visits"]:
			continue
		figures = _complete(figures)
		out.append(
			{
				"state": state,
				"holder": holder_value or "",
				**figures,
				"total_days": float(figures["total_days"] or 0),
			}
		)
	return out
