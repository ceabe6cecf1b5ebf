// Matched notices are done; the others wait for the treasurer's resolution.
frappe.listview_settings["Levy Payment"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = {
			Matched: "green",
			"Amount Mismatch": "orange",
			"Unknown Code": "orange",
			Duplicate: "red",
		}[doc.status];
		return [__(doc.status), colour || "gray", `status,=,${doc.status}`];
	},
};
