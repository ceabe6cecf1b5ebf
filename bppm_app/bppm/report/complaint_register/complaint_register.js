// Complaint Register: complaints received in a period, their deadlines and how each fared.
frappe.query_reports["Complaint Register"] = {
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
			fieldname: "complaint_channel",
			label: __("Received Through"),
			fieldtype: "Select",
			options: ["", "Web", "Counter", "Email", "Phone", "SP4N-LAPOR", "Social Media"].map((value) => ({
				value: value,
				label: __(value),
			})),
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Open", "In Progress", "Resolved", "Closed"].map((value) => ({
				value: value,
				label: __(value),
			})),
		},
		{
			fieldname: "lapor_tracking_id",
			label: __("SP4N-LAPOR Tracking ID"),
			fieldtype: "Data",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "outcome_label" && data) {
			const colour = { Overdue: "red", Late: "orange", "On Time": "green" }[data.outcome];
			if (colour) value = `<span class="indicator-pill ${colour}">${value}</span>`;
		}
		return value;
	},
};
