// Levy Reconciliation: the bank's payment notices by day and bank, each notice, and the SKRDs
// still unpaid past their due date.
frappe.query_reports["Levy Reconciliation"] = {
	filters: [
		{
			fieldname: "view",
			label: __("Reconciliation View"),
			fieldtype: "Select",
			options: [
				{ value: "By Day and Bank", label: __("By Day and Bank") },
				{ value: "Payment Notices", label: __("Payment Notices") },
				{ value: "Overdue Assessments", label: __("Overdue Assessments") },
			],
			default: "By Day and Bank",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -30),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "bank",
			label: __("Bank"),
			fieldtype: "Data",
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Matched", "Amount Mismatch", "Unknown Code", "Duplicate"],
		},
	],
};
