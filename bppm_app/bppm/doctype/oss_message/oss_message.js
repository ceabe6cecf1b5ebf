// The outbox to OSS: a manager resends a message OSS refused (or sends a waiting one now).
frappe.ui.form.on("OSS Message", {
	refresh(frm) {
		const manager = frappe.user.has_role("BPPM Manager") || frappe.user.has_role("System Manager");
		if (!manager || frm.doc.status === "Sent") return;
		frm.add_custom_button(frm.doc.status === "Failed" ? __("Resend") : __("Send Now"), () => {
			frappe
				.call({
					method: "bppm_app.api.oss_resend",
					args: { name: frm.doc.name },
					freeze: true,
					freeze_message: __("Sending to OSS…"),
				})
				.then(() => frm.reload_doc());
		});
	},
});
