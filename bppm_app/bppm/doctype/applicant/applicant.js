// The counter types a business's NIB and fills the applicant in from OSS (inqueryNIB).
frappe.ui.form.on("Applicant", {
	refresh(frm) {
		if (!frm.perm[0] || !frm.perm[0].write || !frappe.model.can_create("Applicant")) return;
		frm.add_custom_button(__("Look Up NIB in OSS"), () => bppm_lookup_nib(frm));
	},
});

function bppm_lookup_nib(frm) {
	const nib = (frm.doc.nib || "").replace(/\D/g, "");
	if (nib.length !== 13) {
		frappe.msgprint(__("Type the 13-digit NIB first."));
		return;
	}
	frappe
		.call({
			method: "bppm_app.api.oss_lookup_nib",
			args: { nib },
			freeze: true,
			freeze_message: __("Asking OSS…"),
		})
		.then((r) => {
			const out = r.message || {};
			if (!out.configured || !out.found) {
				// the field says why nothing was filled in (OSS not configured, or no such NIB)
				frm.set_df_property("nib", "description", out.message);
				frappe.show_alert({ message: out.message, indicator: "orange" });
				return;
			}
			const fresh = frm.is_new();
			Object.entries(out.values || {}).forEach(([field, value]) => {
				if (field === "nib" || !frm.fields_dict[field]) return;
				if (fresh || !frm.doc[field]) frm.set_value(field, value);
			});
			const kbli = (out.kbli || []).join(", ");
			frm.set_df_property(
				"nib",
				"description",
				__("From OSS: {0}", [[out.values.applicant_name, kbli && "KBLI " + kbli].filter(Boolean).join(" · ")])
			);
			frappe.show_alert({
				message: __("Filled in from OSS: {0}", [out.values.applicant_name]),
				indicator: "green",
			});
		});
}
