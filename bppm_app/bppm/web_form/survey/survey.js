frappe.ready(() => {
	// rendered by Frappe as a Jinja template: the regulation's answer words in the user's language,
	// and what the server found for the invitation link (the server checks the token again on save)
	const STATE = {{ survey_state | tojson }};
	const form = frappe.web_form;
	if (STATE.message) {
		$(".web-form-container .web-form, .web-form-actions").hide();
		$('<div class="alert alert-info survey-message" role="status"></div>')
			.text(STATE.message)
			.insertAfter(".web-form-header");
		return;
	}
	if (STATE.application) {
		$('<p class="text-muted survey-application"></p>')
			.text(STATE.application)
			.prependTo(".web-form-container .web-form");
	}
	if (STATE.token) {
		form.set_value("survey_token", STATE.token);
		form.doc.survey_token = STATE.token;
	}
	// each question offers its four answers, worst to best, as words (the value stays 1–4)
	Object.entries(STATE.answers).forEach(([fieldname, words]) => {
		const options = [{ value: "", label: "" }].concat(
			words.map((word, i) => ({ value: String(i + 1), label: word }))
		);
		form.set_df_property(fieldname, "options", options);
	});
});
