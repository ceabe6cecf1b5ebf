// Levy Revenue: levy assessed (by month received) against levy paid (by month paid).
frappe.query_reports["Levy Revenue"] = {
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
	],
};
