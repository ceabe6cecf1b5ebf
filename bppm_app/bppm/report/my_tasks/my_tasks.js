// My Tasks (Tugas saya): the files waiting for the session user, oldest due first.
frappe.query_reports["My Tasks"] = {
	filters: [],
};
