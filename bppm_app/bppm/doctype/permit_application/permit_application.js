// Permit Application in the desk: renewal and amendment of an issued permit, and approval with a
// remote signature (BSrE), whose NIK and passphrase go with the approval request and are never kept.
frappe.ui.form.on("Permit Application", {
	refresh(frm) {
		const doc = frm.doc;
		const issued = doc.docstatus === 1 && doc.decision === "Approved" && !doc.superseded_by;
		if (issued && frappe.model.can_create("Permit Application")) {
			for (const [type, label] of [["Renewal", __("Renew")], ["Amendment", __("Amend")]]) {
				frm.add_custom_button(label, () => start_follow_up(frm, type), __("Continue Permit"));
			}
		}
		if (doc.docstatus === 0 && !doc.__islocal) {
			frappe.db.get_single_value("BPPM Settings", "signing_provider").then((provider) => {
				if (provider === "BSrE") {
					frm.add_custom_button(__("Approve and Sign"), () => approve_and_sign(frm));
				}
			});
		}
	},
});

function start_follow_up(frm, application_type) {
	frappe
		.call({
			method: "bppm_app.api.start_follow_up",
			args: { name: frm.doc.name, application_type },
			freeze: true,
		})
		.then((r) => frappe.set_route("Form", "Permit Application", r.message.name));
}

function approve_and_sign(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Approve and Sign"),
		fields: [
			{ fieldname: "nik", fieldtype: "Data", label: __("Signatory's NIK"), reqd: 1 },
			{ fieldname: "passphrase", fieldtype: "Password", label: __("Passphrase"), reqd: 1 },
		],
		primary_action_label: __("Approve and Sign"),
		primary_action(values) {
			dialog.hide();
			frappe
				.call({
					method: "bppm_app.api.approve_and_sign",
					args: { name: frm.doc.name, nik: values.nik, passphrase: values.passphrase },
					freeze: true,
					freeze_message: __("Signing the permit…"),
				})
				.then(() => frm.reload_doc())
				.finally(() => dialog.clear());
		},
	});
	dialog.show();
}
