// A notice that did not match waits for the treasurer's resolution (a separate record).
frappe.ui.form.on("Levy Payment", {
	refresh(frm) {
		if (frm.doc.status === "Matched" || !frappe.model.can_create("Levy Payment Resolution")) {
			return;
		}
		frappe.db
			.get_value("Levy Payment Resolution", { levy_payment: frm.doc.name }, "name")
			.then((r) => {
				if (r.message && r.message.name) return;
				frm.add_custom_button(__("Resolve"), () => {
					frappe.new_doc("Levy Payment Resolution", {
						levy_payment: frm.doc.name,
						permit_application: frm.doc.permit_application,
					});
				});
			});
	},
});
