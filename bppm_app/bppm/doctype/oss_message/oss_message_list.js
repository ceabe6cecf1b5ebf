// Sent messages are done; pending ones wait for OSS (or their turn); failed ones for the manager.
frappe.listview_settings["OSS Message"] = {
	add_fields: ["status", "attempts", "unconfirmed"],
	get_indicator(doc) {
		const colour = { Sent: "green", Pending: doc.attempts ? "orange" : "blue", Failed: "red" }[doc.status];
		return [__(doc.status), colour || "gray", `status,=,${doc.status}`];
	},
	onload(listview) {
		const manager = frappe.user.has_role("BPPM Manager") || frappe.user.has_role("System Manager");
		if (!manager) return;
		listview.page.add_inner_button(__("Send Due Messages Now"), () => {
			frappe
				.call({
					method: "bppm_app.api.oss_sync",
					args: { force: 1 },
					freeze: true,
					freeze_message: __("Sending to OSS…"),
				})
				.then((r) => {
					const out = r.message || {};
					frappe.show_alert({
						message: out.configured
							? __("Sent: {0}, failed: {1}, waiting: {2}", [out.sent, out.failed, out.waiting])
							: __("OSS is not configured in BPPM Settings."),
						indicator: out.configured ? "green" : "orange",
					});
					listview.refresh();
				});
		});
	},
};
