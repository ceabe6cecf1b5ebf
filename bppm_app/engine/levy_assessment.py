"""The levy's runtime on a permit application: the levy assessment letter (SKRD) and, on a site
with ERPNext, its place in the books.

The Permit Application controller calls this module at two moments. While a transition is being
saved (``assess``): the SKRD is numbered and dated when an action brings an application with a levy
into a state where the treasurer works (the shipped workflow's Awaiting Payment). After each save
(``after_save``): with ERPNext installed, a newly issued SKRD gets its Sales Invoice, a levy marked
paid gets its Payment Entry (a matched bank notice, an accepted one, or the treasurer's own
confirmation alike), and an application closed without payment has its invoice cancelled. Without
ERPNext, ``after_save`` does nothing.
"""

import frappe
from frappe.model.naming import getseries
from frappe.utils import cint, getdate, nowdate

from bppm_app.config import settings
from bppm_app.engine import workflow
from bppm_app.roles import TREASURER
from bppm_app.rules import guards, levy


def moved_to(doc) -> str | None:
	"""The state a workflow transition is moving the application into in this save, if any."""
	return doc.transition.to_state if doc.transition else None


def assess(doc) -> None:
	"""Number and date the SKRD when an action brings the application into a state where the
	treasurer works. Once numbered, an SKRD keeps its number, date, due date and amount, whatever
	happens to the file."""
	state = moved_to(doc)
	if not state or doc.skrd_number or not doc.requires_levy or not doc.levy_amount:
		return
	row = workflow.state_row(workflow.get_workflow(doc.doctype), state)
	if not row or row.allow_edit != TREASURER:
		return
	today = getdate(nowdate())
	counter = cint(getseries(levy.skrd_counter_key(today), 1))
	doc.skrd_number = levy.skrd_number(today, counter)
	doc.levy_assessed_on = today
	doc.levy_due_date = levy.due_date(today, settings.get("levy_due_days"))


def after_save(doc) -> None:
	"""The books follow the levy (ERPNext only): invoice on assessment, payment entry on payment,
	cancellation when the file closes unpaid."""
	from bppm_app.erpnext_integration import accounting

	if not accounting.enabled():
		return
	if doc.skrd_number and doc.has_value_changed("skrd_number"):
		accounting.run(accounting.invoice_levy, doc)
	if doc.levy_paid and doc.has_value_changed("levy_paid"):
		accounting.run(accounting.record_payment, doc)
	closed_unpaid = doc.docstatus == 2 or (doc.docstatus == 1 and doc.decision != guards.APPROVED)
	if closed_unpaid and not doc.levy_paid and doc.has_value_changed("docstatus"):
		accounting.run(accounting.cancel_invoice, doc)
