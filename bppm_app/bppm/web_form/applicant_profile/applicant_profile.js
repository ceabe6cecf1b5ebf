frappe.ready(() => {
	// nothing to add: the form follows the Applicant DocType; the server checks NIK, NIB and NPWP
});
