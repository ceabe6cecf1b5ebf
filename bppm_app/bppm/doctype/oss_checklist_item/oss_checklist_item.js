// An item of this office whose application could not be made: the manager makes it again once the
// configuration (permit type, workflow) allows it.
frappe.ui.form.on("OSS Checklist Item", {
	refresh(frm) {
		const manager = frappe.user.has_role("BPPM Manager") || frappe.user.has_role("System Manager");
		if (!manager || frm.doc.outcome !== "Not Created") return;
		frm.add_custom_button(__("Make Application"), () => {
			frappe
				.call({ method: "bppm_app.api.oss_retry_item", args: { name: frm.doc.name }, freeze: true })
				.then(() => frm.reload_doc());
		});
	},
});
