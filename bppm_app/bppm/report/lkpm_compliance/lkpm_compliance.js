// LKPM Compliance: per quarter, or per investment to chase those who have not reported.
frappe.query_reports["LKPM Compliance"] = {
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
				{ value: "Quarter", label: __("Quarter") },
				{ value: "Investment", label: __("Investment") },
			],
			default: "Quarter",
			reqd: 1,
		},
		{
			fieldname: "filing_status",
			label: __("LKPM Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Approved", label: __("Approved") },
				{ value: "In Review", label: __("In Review") },
				{ value: "Needs Revision", label: __("Needs Revision") },
				{ value: "Draft", label: __("Draft") },
				{ value: "Not Filed", label: __("Not Filed") },
			],
			depends_on: "eval:doc.group_by == 'Investment'",
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
			fieldname: "page",
			label: __("Page"),
			fieldtype: "Int",
			default: 1,
			depends_on: "eval:doc.group_by == 'Investment'",
			description: __("{0} rows a page", [500]),
		},
	],
};
