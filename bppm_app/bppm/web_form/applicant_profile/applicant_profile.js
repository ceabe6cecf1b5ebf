frappe.ready(() => {
	// nothing to add: the form follows the Applicant DocType; the server checks NIK, NIB and NPWP
	// (the NIK field shows unless the applicant is a business entity, so from the start)
});
