// The desk's charts in the user's language. Frappe Charts shortens the numbers of a chart's y-axis
// with fixed English symbols ("56 M" for 56 million, "11 B" for 11 billion), which an Indonesian
// reads as 56 miliar; Frappe's number cards translate the same symbols (context "Number system",
// shipped in translations/id.csv: rb, jt, M, T). Each axis label is rewritten with those
// translations, and every label with the user's decimal separator, whenever a chart draws it.
(function () {
	const SHORTENED = /^(-?\d+(?:\.\d+)?) ([KMBT])$/;
	const DECIMAL = /^-?\d+\.\d+$/;
	const DONE = "bppmLabel";

	function localise(text) {
		const shown = text.textContent.trim();
		if (text.dataset[DONE] === shown) return; // already ours ("11 M" is miliar, not million)
		const info = get_number_format_info(get_number_format());
		const match = SHORTENED.exec(shown);
		let label;
		if (match) {
			label = `${match[1].replace(".", info.decimal_str)} ${__(match[2], null, "Number system")}`;
		} else if (DECIMAL.test(shown)) {
			label = shown.replace(".", info.decimal_str); // 0.25 → 0,25
		} else {
			return;
		}
		text.textContent = label;
		text.dataset[DONE] = label;
	}

	function localise_all(root) {
		if (!root.querySelectorAll) return;
		root.querySelectorAll(".chart-container g.y.axis text").forEach(localise);
	}

	function watch() {
		new MutationObserver((mutations) => {
			for (const mutation of mutations) {
				const target = mutation.target;
				const element = target.nodeType === 1 ? target : target.parentElement;
				if (element && element.closest && element.closest(".chart-container")) {
					localise_all(element.closest(".chart-container"));
				}
			}
		}).observe(document.body, { childList: true, subtree: true, characterData: true });
		localise_all(document.body);
	}

	if (document.body) watch();
	else document.addEventListener("DOMContentLoaded", watch);
})();
