frappe.listview_settings["OSS Checklist Item"] = {
	add_fields: ["outcome"],
	get_indicator(doc) {
		const colour = {
			"Application Created": "green",
			"Other Authority": "gray",
			"Unknown Permit Code": "orange",
			"NIB Withdrawn": "gray",
			"Not Created": "red",
		}[doc.outcome];
		return [__(doc.outcome), colour || "gray", `outcome,=,${doc.outcome}`];
	},
};
