// Permit Application Register: applications received (submitted) in a period.
frappe.query_reports["Permit Application Register"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.year_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "permit_type",
			label: __("Permit Type"),
			fieldtype: "Link",
			options: "Permit Type",
		},
		{
			fieldname: "workflow_state",
			label: __("Workflow State"),
			fieldtype: "Link",
			options: "Workflow State",
		},
		{
			fieldname: "sla_status",
			label: __("SLA Status"),
			fieldtype: "Select",
			options: ["", "Not Started", "On Track", "At Risk", "Overdue", "Met", "Breached"].map(
				(value) => ({ value: value, label: __(value) })
			),
		},
		{
			fieldname: "channel",
			label: __("Channel"),
			fieldtype: "Select",
			options: ["", "Online", "Counter"].map((value) => ({ value: value, label: __(value) })),
		},
		{
			fieldname: "kecamatan",
			label: __("Kecamatan"),
			fieldtype: "Data",
		},
		{
			fieldname: "page",
			label: __("Page"),
			fieldtype: "Int",
			default: 1,
			description: __("{0} rows a page", [500]),
		},
	],
};
