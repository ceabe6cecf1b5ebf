"""Open stages past their own service level (BPPM Settings → Stage Service Levels).

Under PP 28/2025 a stage that overruns its time may lead to deemed approval (fiktif positif), so
the head of office chases these first. Oldest overrun first."""

from frappe import _

from bppm_app.services.service_level import deemed_approval_risks


def execute(filters=None):
	columns = [
		{
			"fieldname": "permit_application",
			"label": _("Permit Application"),
			"fieldtype": "Link",
			"options": "Permit Application",
			"width": 160,
		},
		{
			"fieldname": "permit_type",
			"label": _("Permit Type"),
			"fieldtype": "Link",
			"options": "Permit Type",
			"width": 220,
		},
		{"fieldname": "state", "label": _("State"), "fieldtype": "Data", "width": 150},
		{"fieldname": "holder", "label": _("Held By"), "fieldtype": "Data", "width": 110},
		{"fieldname": "entered_on", "label": _("Entered On"), "fieldtype": "Datetime", "width": 160},
		{
			"fieldname": "working_days",
			"label": _("Working Days"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		{
			"fieldname": "stage_sla",
			"label": _("Stage SLA (Working Days)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 120,
		},
		{
			"fieldname": "over_by",
			"label": _("Over By (Working Days)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
	]
	rows = [{**row, "state": _(row.state), "holder": _(row.holder)} for row in deemed_approval_risks()]
	return columns, rows
