// Every website page (hooks web_include_js): the language link in the footer, and the file
// uploader of portal users limited to their own device (and camera).
(() => {
	// --- the language: Indonesian first, English as a choice that sticks --------------------------
	// Frappe reads the cookie "preferred_language"; for guests and portal users the app reads the
	// same cookie and falls back to Indonesian whatever the browser prefers (web/language.py)
	const LANGUAGES = { id: "Bahasa Indonesia", en: "English" };
	const choose = (lang) => {
		document.cookie = `preferred_language=${lang}; path=/; max-age=${365 * 24 * 3600}; SameSite=Lax`;
		window.location.reload();
	};
	const add_language_links = () => {
		if (document.getElementById("bppm-language")) return;
		const current = (document.documentElement.lang || "id").split("-")[0];
		const nav = document.createElement("nav");
		nav.id = "bppm-language";
		nav.className = "bppm-language container";
		nav.setAttribute("aria-label", current === "id" ? "Bahasa" : "Language");
		Object.entries(LANGUAGES).forEach(([lang, label]) => {
			const button = document.createElement("button");
			button.type = "button";
			button.className = "btn btn-link bppm-language-choice";
			button.lang = lang;
			button.dataset.lang = lang;
			button.textContent = label;
			if (lang === current) {
				button.setAttribute("aria-current", "true");
				button.disabled = true;
			} else {
				button.addEventListener("click", () => choose(lang));
			}
			nav.appendChild(button);
		});
		const footer = document.querySelector("footer") || document.body;
		footer.prepend(nav);
	};

	// --- the uploader: a citizen's own files only -------------------------------------------------
	// the library would list files of the site, and a link would claim a file by its URL (the
	// gate refuses both anyway): portal users and guests get their device and the camera
	const limit_uploader = () => {
		const Uploader = frappe.ui && frappe.ui.FileUploader;
		if (!Uploader || Uploader.bppm_limited) return;
		// staff keep Frappe's uploader (Frappe sets this cookie at sign-in)
		if (frappe.get_cookie && frappe.get_cookie("system_user") === "yes") return;
		const Limited = class extends Uploader {
			constructor(options = {}) {
				super(
					Object.assign({}, options, {
						disable_file_browser: true,
						allow_web_link: false,
						allow_google_drive: false,
						allow_toggle_private: false,
						allow_take_photo: true,
					})
				);
			}
		};
		Limited.bppm_limited = true;
		frappe.ui.FileUploader = Limited;
	};

	// --- every input with a label, every image with a text alternative -----------------------------
	// Frappe's web form controls draw their label beside the input without linking the two, and
	// its login page shows the logo without alt text: linked here, on every page and as forms draw
	let counter = 0;
	const label_inputs = (root) => {
		root.querySelectorAll(".frappe-control").forEach((control) => {
			const label = control.querySelector("label.control-label");
			const input = control.querySelector("input:not([type=hidden]), select, textarea");
			if (!label || !input || (input.labels && input.labels.length)) return;
			if (!input.id) input.id = `bppm-${control.dataset.fieldname || "field"}-${++counter}`;
			label.htmlFor = input.id;
		});
		root.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((input) => {
			if ((input.labels && input.labels.length) || input.getAttribute("aria-label")) return;
			if (input.getAttribute("aria-labelledby") || input.title) return;
			const name = input.placeholder || input.dataset.fieldname || input.name;
			if (name) input.setAttribute("aria-label", name);
		});
		root.querySelectorAll("img:not([alt])").forEach((img) => {
			img.alt = img.classList.contains("app-logo") ? document.title || "Logo" : "";
		});
	};
	const watch_forms = () => {
		label_inputs(document);
		let pending = false;
		new MutationObserver(() => {
			if (pending) return;
			pending = true;
			window.requestAnimationFrame(() => {
				pending = false;
				label_inputs(document);
			});
		}).observe(document.body, { childList: true, subtree: true });
	};

	const ready = () => {
		add_language_links();
		limit_uploader();
		watch_forms();
	};
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
	else ready();
	// the web forms load the uploader with their own bundle, after this file
	window.addEventListener("load", limit_uploader);
	if (window.frappe && frappe.ready) frappe.ready(limit_uploader);
})();
