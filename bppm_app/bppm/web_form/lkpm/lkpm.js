frappe.ready(() => {
	// only the user's own investments (the server checks ownership again on save)
	const form = frappe.web_form;
	frappe.call("bppm_app.api.my_investments").then((r) => {
		const field = form.fields_dict.investment;
		const options = (r.message || []).map((i) => ({ value: i.name, label: `${i.name}: ${i.project_name}` }));
		if (field && field.set_data) field.set_data(options);
	});
});
