// Permit Application in the desk: each officer's action asks for its data in the action itself;
// walk-in intake at the counter (the checklist of the chosen permit type at once, an upload into
// each row, the applicant's turn taken by the clerk on a counter file); renewal and amendment of an
// issued permit, and approval with a remote signature (BSrE), whose NIK and passphrase go with the
// approval request and are never kept.
// The workflow state in the user's language where the form shows it read-only ("Workflow State"):
// Frappe's Link formatter does not translate link values (the editable control does, for Workflow
// State, which the app marks as a translated DocType on install and migrate).
frappe.form.link_formatters["Workflow State"] = (value) => __(value);

frappe.ui.form.on("Permit Application", {
	before_workflow_action(frm) {
		return ask_for_step_data(frm);
	},
	permit_type(frm) {
		return show_checklist(frm);
	},
	application_type(frm) {
		return show_checklist(frm);
	},
	refresh(frm) {
		const doc = frm.doc;
		if (doc.__islocal && !doc.channel && frappe.user.has_role("BPPM Front Office")) {
			// a file the clerk takes in is a counter file (the server decides it again on insert)
			frm.set_value("channel", "Counter");
		}
		take_the_applicant_s_turn(frm);
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

// --- walk-in intake at the counter ---------------------------------------------------------------

// The document checklist of the chosen permit type, shown as soon as the type is chosen (before the
// first save), so the clerk uploads each document into its row. The server builds the same rows
// again on saving (and checks every upload); uploads already made for a requirement are kept.
function show_checklist(frm) {
	const doc = frm.doc;
	if (!doc.permit_type || doc.docstatus !== 0 || doc.submitted_on) return;
	if (!frm.fields_dict.documents.grid.is_editable()) return;
	return frappe
		.call({
			method: "bppm_app.api.intake_checklist",
			args: { permit_type: doc.permit_type, application_type: doc.application_type },
		})
		.then((r) => {
			const uploaded = {};
			for (const row of doc.documents || []) {
				if (row.attachment) uploaded[row.requirement] = row.attachment;
			}
			frm.clear_table("documents");
			for (const item of r.message || []) {
				frm.add_child("documents", {
					requirement: item.requirement,
					is_mandatory: item.is_mandatory,
					attachment: uploaded[item.requirement] || null,
				});
			}
			frm.refresh_field("documents");
		});
}

// Frappe's desk locks a form in a state whose editing role the user lacks. In the applicant's turn
// (the draft, a return for revision), a clerk who may take the applicant's action out of it (Submit,
// Resubmit) acts for the walk-in applicant: the form stays editable, as the server allows
// (WorkflowGuard: a role of a transition out of the stored state may save; FieldOwnership: only the
// clerk's own permission levels).
function take_the_applicant_s_turn(frm) {
	if (!frm.read_only || frm.doc.docstatus !== 0 || frm.doc.channel !== "Counter") return;
	const wf = frappe.workflow.workflows[frm.doctype];
	const here = wf && wf.states.find((s) => s.state === frm.doc.workflow_state);
	if (!here || here.allow_edit !== "BPPM Applicant") return;
	const acts = wf.transitions.some(
		(t) => t.state === here.state && frappe.user_roles.includes(t.allowed) && t.allowed !== here.allow_edit
	);
	if (!acts) return;
	frm.read_only = false;
	frm.fetch_permissions();
	frm.dashboard.clear_headline();
	frm.refresh_fields();
	frm.toolbar.refresh();
}

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

// --- the data an action records, asked for in the action ------------------------------------------
// Which data is read from the workflow's configuration, never from state names: the role that edits
// in the current state (the server, rules/guards.py, refuses a forward action without it, with the
// missing field named, on every path).

const STEP_FIELDS = {
	"BPPM Field Inspector": (frm) => [
		{
			fieldname: "inspection_date",
			fieldtype: "Date",
			label: __("Inspection Date"),
			reqd: 1,
			default: frm.doc.inspection_date || frappe.datetime.get_today(),
		},
		{
			fieldname: "inspector",
			fieldtype: "Link",
			options: "User",
			label: __("Inspector"),
			reqd: 1,
			default: frm.doc.inspector || frappe.session.user,
		},
		{
			fieldname: "inspection_result",
			fieldtype: "Select",
			label: __("Inspection Result"),
			options: [
				{ value: "Passed", label: __("Passed") },
				{ value: "Failed", label: __("Failed") },
			],
			reqd: 1,
			default: frm.doc.inspection_result,
		},
		{
			fieldname: "inspection_notes",
			fieldtype: "Small Text",
			label: __("Inspection Notes"),
			reqd: 1,
			default: frm.doc.inspection_notes,
		},
	],
	"BPPM Technical Reviewer": (frm) => [
		{
			fieldname: "recommendation_number",
			fieldtype: "Data",
			label: __("Recommendation Number"),
			default: frm.doc.recommendation_number,
		},
		{
			fieldname: "recommendation_result",
			fieldtype: "Select",
			label: __("Recommendation Result"),
			options: [
				{ value: "Recommended", label: __("Recommended") },
				{ value: "Not Recommended", label: __("Not Recommended") },
			],
			reqd: 1,
			default: frm.doc.recommendation_result,
		},
		{
			fieldname: "recommendation_notes",
			fieldtype: "Small Text",
			label: __("Recommendation Notes"),
			mandatory_depends_on: "eval:doc.recommendation_result == 'Not Recommended'",
			default: frm.doc.recommendation_notes,
		},
	],
	// a payment confirmed by hand; a bank notice pays the file by itself (levy_paid already set)
	"BPPM Treasurer": (frm) =>
		!frm.doc.requires_levy || frm.doc.levy_paid
			? null
			: [
					{
						fieldname: "payment_reference",
						fieldtype: "Data",
						label: __("Payment Reference"),
						reqd: 1,
					},
					{
						fieldname: "paid_on",
						fieldtype: "Date",
						label: __("Paid On"),
						reqd: 1,
						default: frappe.datetime.get_today(),
					},
					{
						fieldname: "paid_amount",
						fieldtype: "Currency",
						label: __("Amount Paid"),
						reqd: 1,
						default: frm.doc.levy_amount,
					},
					{
						fieldname: "payment_proof",
						fieldtype: "Attach",
						label: __("Payment Proof"),
						reqd: 1,
						// uploaded as a private file attached to this application's payment_proof
						options: {
							doctype: frm.doctype,
							docname: frm.docname,
							fieldname: "payment_proof",
							make_attachments_public: 0,
							allow_toggle_private: false,
						},
					},
			  ],
};

function step_role(frm) {
	// the role editing in the current state, when the chosen action moves the file forward
	const wf = frappe.workflow.workflows[frm.doctype];
	if (!wf) return null;
	const here = wf.states.find((s) => s.state === frm.doc.workflow_state);
	const targets = wf.transitions
		.filter((t) => t.state === frm.doc.workflow_state && t.action === frm.selected_workflow_action)
		.map((t) => wf.states.find((s) => s.state === t.next_state))
		.filter(Boolean);
	const backward = (s) =>
		s.allow_edit === "BPPM Applicant" ||
		String(s.doc_status) === "2" ||
		(String(s.doc_status) === "1" && s.update_field === "decision" && s.update_value !== "Approved");
	if (!here || !targets.length || targets.every(backward)) return null;
	return here.allow_edit;
}

function ask_for_step_data(frm) {
	const make = STEP_FIELDS[step_role(frm)];
	const fields = make && make(frm);
	if (!fields) return;
	// Frappe freezes the page when an action is chosen; the dialog needs it unfrozen
	frappe.dom.unfreeze();
	return new Promise((resolve) => {
		let done = false;
		const dialog = new frappe.ui.Dialog({
			title: __(frm.selected_workflow_action),
			fields,
			primary_action_label: __(frm.selected_workflow_action),
			async primary_action(values) {
				done = true;
				dialog.hide();
				const payment = "payment_proof" in values;
				await frm.set_value(payment ? { ...values, levy_paid: 1 } : values);
				await frm.save();
				frappe.dom.freeze();
				resolve();
			},
		});
		// closed without confirming: the action is not taken (the promise never resolves)
		dialog.onhide = () => {
			if (!done) frm.selected_workflow_action = null;
		};
		dialog.show();
	});
}
