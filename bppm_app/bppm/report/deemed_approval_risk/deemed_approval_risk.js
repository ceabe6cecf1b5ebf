// Deemed Approval Risk: open stages past their own service level, longest overrun first.
frappe.query_reports["Deemed Approval Risk"] = {
	filters: [
		{
			fieldname: "page",
			label: __("Page"),
			fieldtype: "Int",
			default: 1,
			description: __("{0} rows a page", [500]),
		},
	],
};
