"""SLA Compliance: for applications received in a period, per permit type or per stage, how many
met their service level, how long they took (median and p90 working days) and who held the file
(the office, another agency, the applicant). Arithmetic in bppm_app.rules.report_stats."""

import frappe
from frappe import _

from bppm_app.rules import report_stats as stats
from bppm_app.services.reporting import as_filters, bar_chart, column, date_range, datetime_between, summary

PERMIT_TYPE, STAGE = "Permit Type", "Stage"
HOLDER_COLUMNS = (
	(stats.OFFICE, "office_days"),
	(stats.OTHER_AGENCY, "agency_days"),
	(stats.APPLICANT, "applicant_days"),
)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	applications = get_applications(filters)
	stages = get_stages([a.name for a in applications])
	if filters.get("group_by") == STAGE:
		rows = stage_rows(applications, stages)
		return stage_columns(), rows, None, stage_chart(rows), holder_summary(stages)
	rows = permit_type_rows(applications, stages)
	return permit_type_columns(), rows, None, permit_type_chart(rows), overall_summary(applications, stages)


def get_applications(filters):
	from_date, to_date = date_range(filters)
	conditions = as_filters(filters, "permit_type")
	conditions["submitted_on"] = ("between", datetime_between(from_date, to_date))
	return frappe.get_list(
		"Permit Application",
		fields=["name", "permit_type", "sla_status", "sla_working_days_used"],
		filters=conditions,
	)


def get_stages(applications: list[str]):
	if not applications:
		return []
	return frappe.get_list(
		"Permit Application Stage",
		fields=["permit_application", "state", "holder", "working_days", "entered_on"],
		# stages before submission (the applicant's draft) are not service time
		filters={"permit_application": ("in", applications), "sla_clock": ("!=", "Not Started")},
		order_by="entered_on asc",
	)


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


def permit_type_rows(applications, stages):
	groups = stats.sla_by_permit_type(applications, stages)
	targets = dict(
		frappe.get_list(
			"Permit Type",
			fields=["name", "sla_working_days"],
			filters={"name": ("in", list(groups) or [""])},
			as_list=True,
		)
	)
	rows = []
	for permit_type in sorted(groups):
		group = groups[permit_type]
		row = {
			"permit_type": permit_type,
			"sla_working_days": targets.get(permit_type),
			**_figures(group),
			"median_days": stats.median(group.decided_days),
			"p90_days": stats.percentile(group.decided_days, 90),
		}
		for holder, fieldname in HOLDER_COLUMNS:
			row[fieldname] = group.average_holder_days(holder)
		rows.append(row)
	return rows


def _figures(group: stats.SlaGroup) -> dict:
	return {
		"received": group.received,
		"decided": group.decided,
		"met": group.met,
		"breached": group.breached,
		"overdue": group.overdue,
		"on_time_pct": group.on_time_pct,
	}


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


def stage_rows(applications, stages):
	groups = stats.sla_by_stage(applications, stages)
	# the order in which files usually reach each stage: first time a stage was entered
	first_seen = {}
	for position, stage in enumerate(stages):
		first_seen.setdefault((stage.state, stage.holder or ""), position)
	rows = []
	for key in sorted(groups, key=lambda k: first_seen.get(k, 0)):
		state, holder = key
		group = groups[key]
		rows.append(
			{
				"state": state,
				"holder": _(holder) if holder else "",
				"visits": len(group.stage_days),
				"median_days": stats.median(group.stage_days),
				"p90_days": stats.percentile(group.stage_days, 90),
				"total_days": round(sum(group.stage_days), 2),
				**_figures(group),
			}
		)
	return rows


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


def overall_summary(applications, stages):
	group = stats.SlaGroup()
	for application in applications:
		group.add_application(application)
	return [
		summary(_("Received"), group.received),
		summary(_("Decided"), group.decided),
		summary(_("On Time %"), group.on_time_pct or 0, "Percent", "Green"),
		summary(_("Median Working Days"), stats.median(group.decided_days) or 0, "Float"),
		summary(_("P90 Working Days"), stats.percentile(group.decided_days, 90) or 0, "Float"),
		*holder_summary(stages),
	]


def holder_summary(stages):
	totals = dict.fromkeys(stats.HOLDERS, 0.0)
	for stage in stages:
		if stage.holder in totals:
			totals[stage.holder] += float(stage.working_days or 0)
	whole = sum(totals.values())
	labels = {
		stats.OFFICE: _("Time with the Office"),
		stats.OTHER_AGENCY: _("Time with Other Agencies"),
		stats.APPLICANT: _("Time with the Applicant"),
	}
	return [summary(labels[h], stats.percent(totals[h], whole) or 0, "Percent") for h in stats.HOLDERS]
