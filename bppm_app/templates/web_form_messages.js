// Frappe sends a web form only a few of its messages in the user's language: the file uploader's
// and the form's own messages too (web/applicant_portal.py, WEB_FORM_MESSAGES)
frappe._messages = Object.assign(frappe._messages || {}, {{ (bppm_messages or {}) | tojson }});
