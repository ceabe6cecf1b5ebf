// Investment Realization: planned against realised investment, against the year's target.
frappe.query_reports["Investment Realization"] = {
	filters: [
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
			reqd: 1,
		},
		{
			fieldname: "quarter",
			label: __("Quarter"),
			fieldtype: "Select",
			options: ["", "Q1", "Q2", "Q3", "Q4"],
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "investment_type", label: __("Investment Type") },
				{ value: "sector", label: __("Sector") },
				{ value: "kbli_code", label: __("KBLI Code") },
				{ value: "kecamatan", label: __("Kecamatan") },
				{ value: "quarter", label: __("Quarter") },
			],
			default: "investment_type",
			reqd: 1,
		},
		{
			fieldname: "investment_type",
			label: __("Investment Type"),
			fieldtype: "Select",
			options: ["", "PMDN", "PMA"],
		},
		{
			fieldname: "kecamatan",
			label: __("Kecamatan"),
			fieldtype: "Data",
		},
		{
			fieldname: "sector",
			label: __("Sector"),
			fieldtype: "Data",
		},
	],
};
