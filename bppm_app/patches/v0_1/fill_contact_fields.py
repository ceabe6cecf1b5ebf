"""Notifications go to the applicant's e-mail and mobile number and the investor's e-mail, which the
applications and investments now carry (fetched from the Applicant on every save). Fill them once
for records made before, so that reminders reach their owners without a save."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabPermit Application` pa join `tabApplicant` a on a.name = pa.applicant
		set pa.applicant_email = a.email, pa.applicant_mobile_no = a.mobile_no"""
	)
	frappe.db.sql(
		"""update `tabInvestment` i join `tabApplicant` a on a.name = i.investor
		set i.investor_email = a.email"""
	)
