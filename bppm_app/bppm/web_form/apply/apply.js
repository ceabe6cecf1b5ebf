frappe.ready(() => {
	const form = frappe.web_form;
	const types = {};

	// only the permit types open for online applications, with their requirements
	frappe.call("bppm_app.api.published_permit_types").then((r) => {
		(r.message || []).forEach((t) => (types[t.name] = t));
		const field = form.fields_dict.permit_type;
		if (field && field.set_data) {
			field.set_data(Object.keys(types).map((name) => ({ value: name, label: name })));
		}
	});

	const grid = () => form.fields_dict.documents && form.fields_dict.documents.grid;
	const lock_review_columns = () => {
		// the office reviews documents; the applicant only uploads
		const g = grid();
		if (!g) return;
		["requirement", "is_mandatory", "review_status", "remarks"].forEach((f) =>
			g.update_docfield_property(f, "read_only", 1)
		);
		g.cannot_add_rows = true;
		g.cannot_delete_rows = true;
		g.refresh();
	};
	lock_review_columns();

	form.on("permit_type", (field, value) => {
		const type = types[value];
		if (!type) return;
		const uploaded = {};
		(form.get_value("documents") || []).forEach((row) => (uploaded[row.requirement] = row.attachment));
		form.set_value(
			"documents",
			type.requirements.map((r) => ({
				requirement: r.requirement,
				is_mandatory: r.is_mandatory,
				review_status: "Pending",
				attachment: uploaded[r.requirement] || "",
			}))
		);
		lock_review_columns();
		if (type.levy && type.levy_unit) {
			form.set_df_property("quantity", "description", `${__("Levy")}: ${type.levy} (${type.levy_unit})`);
		}
	});
});
