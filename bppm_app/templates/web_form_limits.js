// Every input of the app's web forms holds at most what the server accepts (rules/limits.py):
// the same numbers, put on each field as it is focused (the form draws its fields itself).
(() => {
	const limits = {{ bppm_text_limits(doc_type) | tojson }};
	$(document).on("focusin", "input[data-fieldname], textarea[data-fieldname]", (event) => {
		const limit = limits[event.target.dataset.fieldname];
		if (limit) event.target.maxLength = limit;
	});
})();
