frappe.ready(() => {
	// rendered by Frappe as a Jinja template: the labels arrive in the user's language
	const T = {
		not_uploaded: {{ _("Not uploaded yet") | tojson }},
		replace: {{ _("Replace") | tojson }},
		upload: {{ _("Upload") | tojson }},
		levy: {{ _("Levy") | tojson }},
	};
	const form = frappe.web_form;

	// after saving, the applicant checks their answers and submits from there (no 5-second
	// "you are being redirected" page)
	const base_success = form.handle_success.bind(form);
	form.handle_success = (data) => {
		if (data && data.name) {
			window.location.href = "/check-application?name=" + encodeURIComponent(data.name);
			return;
		}
		base_success(data);
	};
	const table = form.fields_dict.documents;
	const types = {};

	// the documents table stays the form's data; applicants see one line per requirement with
	// its own upload button instead of a grid (phones), and only the office reviews documents
	const $list = $('<div class="bppm-requirements list-group mb-3"></div>').appendTo(table.$wrapper);
	// everything of the table field but its description and the list: the grid, its buttons
	table.$wrapper.find(".form-grid-container, .grid-footer, .grid-buttons, .grid-add-row").hide();

	const rows = () => table.df.data || [];
	const type_of = () => types[form.get_value("permit_type")];

	const render = () => {
		$list.empty();
		const type = type_of();
		const allowed = {};
		(type ? type.requirements : []).forEach((r) => (allowed[r.requirement] = r.allowed_file_types));
		rows().forEach((row) => {
			const file = row.attachment ? decodeURIComponent(row.attachment.split("/").pop()) : "";
			const $item = $(`
				<div class="list-group-item bppm-requirement" data-requirement="">
					<div class="d-flex justify-content-between align-items-start flex-wrap">
						<div class="mr-2 mb-1">
							<div class="font-weight-bold requirement-name"></div>
							<small class="text-muted file-types"></small>
							<div class="small file-name"></div>
						</div>
						<button type="button" class="btn btn-sm btn-outline-primary upload-document"></button>
					</div>
				</div>`);
			$item.attr("data-requirement", row.requirement);
			$item.find(".requirement-name").text(row.requirement + (row.is_mandatory ? " *" : ""));
			$item.find(".file-types").text((allowed[row.requirement] || "").replaceAll(",", ", "));
			$item
				.find(".file-name")
				.text(file ? "✓ " + file : T.not_uploaded)
				.toggleClass("text-success", !!file);
			if (row.review_status === "Rejected" && row.remarks) {
				$item.append($('<div class="small text-danger"></div>').text(row.remarks));
			}
			$item
				.find(".upload-document")
				.text(file ? T.replace : T.upload)
				.on("click", () => upload(row, allowed[row.requirement]));
			$list.append($item);
		});
	};

	const upload = (row, allowed_types) => {
		new frappe.ui.FileUploader({
			// a citizen's own device (and camera) only: no library of the site's files, no links
			disable_file_browser: true,
			allow_web_link: false,
			allow_google_drive: false,
			allow_toggle_private: false,
			allow_take_photo: true,
			doctype: "Permit Application",
			docname: form.doc && form.doc.name,
			allow_multiple: false,
			make_attachments_public: false,
			restrictions: {
				allowed_file_types: (allowed_types || "pdf").split(",").map((t) => "." + t.trim()),
				max_file_size: ((type_of() || {}).max_upload_size_mb || 5) * 1024 * 1024,
			},
			on_success: (file) => {
				row.attachment = file.file_url;
				form.make_form_dirty && form.make_form_dirty();
				render();
			},
		});
	};

	const apply_type = (value) => {
		const type = types[value];
		if (!type) return;
		// what is uploaded already: the table's rows, and the stored draft's (a renewal starts with
		// the permit's accepted documents; the type may be applied before the table has its rows)
		const uploaded = {};
		[...((form.doc && form.doc.documents) || []), ...rows()].forEach((row) => {
			if (row.attachment) uploaded[row.requirement] = row.attachment;
		});
		// a web form's table keeps its rows in df.data (there is no desk form behind it)
		table.df.data = type.requirements.map((r, i) => ({
			doctype: "Application Document",
			name: frappe.utils.get_random(10),
			__islocal: 1,
			idx: i + 1,
			requirement: r.requirement,
			is_mandatory: r.is_mandatory,
			review_status: "Pending",
			attachment: uploaded[r.requirement] || "",
		}));
		table.grid.refresh();
		render();
		if (type.levy && type.levy_unit) {
			form.set_df_property("quantity", "description", `${T.levy}: ${type.levy} (${type.levy_unit})`);
		}
	};

	form.on("permit_type", (field, value) => apply_type(value));

	// only the permit types open for online applications, with their requirements
	frappe.call("bppm_app.api.published_permit_types").then((r) => {
		(r.message || []).forEach((t) => (types[t.name] = t));
		const field = form.fields_dict.permit_type;
		if (field && field.set_data) {
			field.set_data(Object.keys(types).map((name) => ({ value: name, label: name })));
		}
		// a type chosen before the list arrived, or a draft opened for editing
		const chosen = form.get_value("permit_type");
		if (chosen && !rows().length) {
			apply_type(chosen);
		} else {
			render();
		}
	});
});
