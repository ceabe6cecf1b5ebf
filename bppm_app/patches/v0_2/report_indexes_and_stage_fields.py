"""The reports read the stage log with the application's received time and SLA status on each
row, the time by holder from the application, and both tables through composite indexes: fill
the new fields and add the indexes."""

import frappe

from bppm_app.setup import indexes


def execute():
	frappe.reload_doc("bppm", "doctype", "permit_application_stage")
	frappe.db.sql(
		"""update `tabPermit Application Stage` stage
		join `tabPermit Application` app on app.name = stage.permit_application
		set stage.submitted_on = app.submitted_on, stage.application_sla_status = app.sla_status"""
	)
	frappe.db.sql(
		"""update `tabPermit Application Stage` stage
		join (
			select name, row_number() over (
				partition by permit_application, state, coalesce(holder, '')
				order by entered_on, creation
			) as visit
			from `tabPermit Application Stage`
			where coalesce(sla_clock, '') != 'Not Started'
		) visits on visits.name = stage.name
		set stage.first_visit = (visits.visit = 1)"""
	)
	frappe.reload_doc("bppm", "doctype", "permit_application")
	frappe.db.sql(
		"""update `tabPermit Application` app
		join (
			select permit_application,
				sum(case when holder = 'Office' then working_days else 0 end) as office,
				sum(case when holder = 'Other Agency' then working_days else 0 end) as agency,
				sum(case when holder = 'Applicant' then working_days else 0 end) as applicant
			from `tabPermit Application Stage`
			where coalesce(sla_clock, '') != 'Not Started'
			group by permit_application
		) days on days.permit_application = app.name
		set app.office_days = days.office, app.agency_days = days.agency,
			app.applicant_days = days.applicant"""
	)
	indexes.ensure()
