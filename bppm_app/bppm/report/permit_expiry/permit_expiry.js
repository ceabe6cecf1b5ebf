// Permit Expiry: issued permits whose validity ends within the next N days.
frappe.query_reports["Permit Expiry"] = {
	filters: [
		{
			fieldname: "days",
			label: __("Expiring Within (Days)"),
			fieldtype: "Int",
			default: 30,
			reqd: 1,
		},
		{
			fieldname: "include_expired",
			label: __("Include Expired Permits"),
			fieldtype: "Check",
			default: 0,
		},
		{
			fieldname: "permit_type",
			label: __("Permit Type"),
			fieldtype: "Link",
			options: "Permit Type",
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
