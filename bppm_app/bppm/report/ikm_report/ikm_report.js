// IKM Report: the community satisfaction index of the surveys in a period, element by element.
frappe.query_reports["IKM Report"] = {
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
			fieldname: "respondent_channel",
			label: __("Respondent Channel"),
			fieldtype: "Select",
			options: ["", "Online", "Counter"].map((value) => ({ value: value, label: __(value) })),
		},
	],
	// the weakest elements (the three lowest means, ties included) stand out: improve them first
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.is_weakest) {
			value = `<span style="color: var(--red-600); font-weight: 600;">${value}</span>`;
		}
		return value;
	},
};
