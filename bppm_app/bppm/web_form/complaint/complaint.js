frappe.ready(() => {
	// rendered by Frappe as a Jinja template: the labels arrive in the user's language
	const T = {
		code: {{ _("Tracking Code") | tojson }},
		due: {{ _("Answered by") | tojson }},
		keep: {{ _("Write the code down or keep the e-mail: it is the only way to follow the complaint without an account.") | tojson }},
		follow: {{ _("Follow your complaint") | tojson }},
	};
	const form = frappe.web_form;
	const show_success = form.handle_success.bind(form);
	// the server answers with the tracking code and the due date only (never whether a
	// registration number exists)
	form.handle_success = (data) => {
		show_success(data);
		if (!data || !data.tracking_code) return;
		const $box = $(`
			<div class="bppm-complaint-receipt mt-3">
				<div class="small text-muted label-code"></div>
				<div class="h4 tracking-code" style="font-family: monospace;"></div>
				<div class="small due-date"></div>
				<p class="small text-muted mt-2 keep"></p>
				<a class="btn btn-sm btn-outline-primary follow" href="{{ status_url }}"></a>
			</div>`);
		$box.find(".label-code").text(T.code);
		$box.find(".tracking-code").text(data.tracking_code);
		$box.find(".due-date").text(`${T.due}: ${frappe.datetime.str_to_user(data.due_date)}`);
		$box.find(".keep").text(T.keep);
		$box.find(".follow").text(T.follow);
		$(".success-page .success-message").after($box);
	};
});
