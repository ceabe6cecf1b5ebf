// SLA Compliance: applications received in a period, per permit type or per stage.
frappe.query_reports["SLA Compliance"] = {
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
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Permit Type", label: __("Permit Type") },
				{ value: "Stage", label: __("Stage") },
			],
			default: "Permit Type",
			reqd: 1,
		},
	],
};
