// Frappe's "Group By" chart with its labels in the user's language (stages, SLA statuses, types):
// the chart's own document type, field and aggregate, read by the server method.
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["BPPM Group By"] = {
	method: "bppm_app.bppm.dashboard_chart_source.bppm_group_by.bppm_group_by.get",
	filters: [],
};
