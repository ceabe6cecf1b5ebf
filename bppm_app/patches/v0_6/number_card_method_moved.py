"""The number card "LKPM Compliance" reads its figure from the method's new home (services/ became
config/, engine/, reports/ and web/: docs/layers.md). A card an office pointed elsewhere is left alone."""

import frappe

OLD = "bppm_app.services.dashboards.lkpm_compliance"
NEW = "bppm_app.reports.number_cards.lkpm_compliance"


def execute():
	for name in frappe.get_all("Number Card", filters={"method": OLD}, pluck="name"):
		frappe.db.set_value("Number Card", name, "method", NEW)
