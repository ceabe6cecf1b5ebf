"""IKM Report: the community satisfaction index of the surveys in a period (PermenPANRB 14/2017).
One row per element with its mean (NRR), its weighted value and its score on the 25–100 scale; the
IKM, its grade and the respondents in the summary; the weakest elements marked for improvement.
The answers are summed in SQL (frappe.get_list, so the report's readers' permissions apply) and the
arithmetic is bppm_app.rules.ikm's."""

import frappe
from frappe import _

from bppm_app.engine import quality
from bppm_app.reports.filters import as_filters, bar_chart, column, date_range, report_filters, summary
from bppm_app.rules import ikm

IMPROVE_FIRST = "Improve First"


def execute(filters=None):
	filters = report_filters(filters)
	result = get_index(filters)
	rows = element_rows(result)
	message = None if result else _("No surveys were answered in this period, so there is no index.")
	return columns(), rows, message, chart(rows), report_summary(result)


def get_index(filters) -> ikm.Index | None:
	from_date, to_date = date_range(filters)
	conditions = as_filters(filters, "permit_type", "respondent_channel")
	conditions["survey_date"] = ("between", (str(from_date), str(to_date)))
	aggregate = frappe.get_list("Service Survey", filters=conditions, fields=quality.aggregate_fields())
	return quality.index_of_aggregate(aggregate)


def columns():
	return [
		column(_("Code"), "code", width=70),
		column(_("Element"), "element", width=260),
		column(_("NRR"), "nrr", "Float", width=100),
		column(_("Weighted NRR"), "weighted", "Float", width=120),
		column(_("Score"), "score", "Float", width=100),
		column(_("Grade"), "grade", width=80),
		column(_("Performance"), "performance", width=130),
		column(_("Priority"), "priority", width=130),
	]


def element_rows(result: ikm.Index | None) -> list[dict]:
	weakest = set(ikm.weakest(result.means)) if result else set()
	rows = []
	for i, element in enumerate(ikm.ELEMENTS):
		row = {"code": element.field.upper(), "element": _(element.name), "is_weakest": 0}
		if result:
			mean = result.means[i]
			score = ikm.element_score(mean)
			grade, performance = ikm.grade(score)
			row.update(
				{
					"nrr": round(mean, 3),
					"weighted": round(mean * float(ikm.WEIGHT), 3),
					"score": score,
					"grade": grade,
					"performance": _(performance),
					"priority": _(IMPROVE_FIRST) if i in weakest else "",
					"is_weakest": int(i in weakest),
				}
			)
		rows.append(row)
	return rows


def chart(rows):
	if not any(row.get("nrr") for row in rows):
		return None
	data = bar_chart(
		[f"{row['code']} {row['element']}" for row in rows],
		[(_("NRR"), [row["nrr"] for row in rows])],
	)
	data["colors"] = ["#5e64ff"]
	return data


def report_summary(result: ikm.Index | None):
	if not result:
		return [summary(_("IKM"), "–", "Data"), summary(_("Respondents"), 0)]
	indicator = {"A": "Green", "B": "Blue", "C": "Orange", "D": "Red"}[result.grade]
	return [
		summary(_("IKM"), result.ikm, "Float", indicator),
		summary(_("Grade"), result.grade, "Data", indicator),
		summary(_("Performance"), _(result.performance), "Data", indicator),
		summary(_("Respondents"), result.respondents),
	]
