import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from bppm_app.engine import investment_reports as lkpm_service
from bppm_app.exceptions import ApplicantOwnershipError, DuplicateInvestmentReportError, user_errors
from bppm_app.model import FieldOwnership, WorkflowGuard
from bppm_app.permissions import owned_applicants
from bppm_app.roles import is_staff
from bppm_app.rules import amounts, lkpm
from bppm_app.rules import investment as investment_rules

# set only by the workflow: the state and the status it sets
ACTION_FIELDS = ("workflow_state", "status")
# set only by this controller (a new report, or an amendment, leaves them empty: Frappe does not copy
# them). The period and the due date are worked out from the year and quarter on every save.
ENGINE_FIELDS = ("is_late", "approved_on", "approved_by", "lkpm_key")


class InvestmentReport(FieldOwnership, WorkflowGuard, Document):
	"""LKPM: one report per investment and quarter, filed by the investor (portal) or an Investment
	Officer, moved by the LKPM workflow, approved (submitted) by an Investment Officer. The office's
	review (revision note, filing and approval dates) is at permission level 1: investors, who file
	through the portal, write only the report itself. Like the other workflow DocTypes
	(``WorkflowGuard``), where it goes is judged from the stored and the saved report, and its
	workflow and engine fields change only through a transition and this controller."""

	action_fields = ACTION_FIELDS
	engine_fields = ENGINE_FIELDS

	def validate(self):
		portal_user = not is_staff()
		self.set_investor(portal_user)
		previous = self.get_doc_before_save()
		with user_errors():
			if portal_user:
				lkpm.check_investor_may_edit(previous.status if previous else None)
			self.judge()
			self.year = lkpm.check_period(self.year, self.quarter, getdate(today()))
			self.period_start, self.period_end = lkpm.period(self.year, self.quarter)
			self.due_date = lkpm.due_date(self.year, self.quarter)
			amounts.non_negative(self.investment_in_period, "Investment in Period")
			for field, label in (("workers_local", "Local Workers"), ("workers_foreign", "Foreign Workers")):
				self.set(field, investment_rules.check_workers(self.get(field), label))
			self.sync_status(previous)
			if self.status == lkpm.NEEDS_REVISION and (not previous or previous.status != self.status):
				lkpm.check_revision_note(self.revision_note)
			self.check_unique()
		if self.status == lkpm.SUBMITTED and not self.reported_on:
			self.reported_on = today()
		self.is_late = int(
			lkpm.is_late(getdate(self.reported_on) if self.reported_on else None, self.due_date)
		)

	def before_submit(self):
		self.status = lkpm.APPROVED
		self.reported_on = self.reported_on or today()
		self.is_late = int(lkpm.is_late(getdate(self.reported_on), getdate(self.due_date)))
		self.approved_on = today()
		self.approved_by = frappe.session.user

	def before_cancel(self):
		with user_errors():
			self.judge()

	def before_update_after_submit(self):
		with user_errors():
			self.judge()

	def on_submit(self):
		lkpm_service.update_investment(self.investment)

	def on_cancel(self):
		# a cancelled report frees its quarter, so that an amended report can take its place
		self.db_set({"status": lkpm.CANCELLED, "lkpm_key": None})
		lkpm_service.update_investment(self.investment)

	# --- who reports ------------------------------------------------------------------------------
	def set_investor(self, portal_user: bool):
		"""The investor is always the investment's; a portal user reports only on their own."""
		self.investor = (
			frappe.db.get_value("Investment", self.investment, "investor") if self.investment else None
		)
		if portal_user and self.investor not in owned_applicants(frappe.session.user):
			frappe.throw(
				_("You can only report on your own investments."),
				exc=ApplicantOwnershipError,
				title=_("Not permitted"),
			)

	def has_webform_permission(self) -> bool:
		"""The portal's LKPM form: a report on one of the user's own investments."""
		investor = self.investment and frappe.db.get_value("Investment", self.investment, "investor")
		return bool(investor) and investor in owned_applicants(frappe.session.user)

	# --- status -----------------------------------------------------------------------------------
	def sync_status(self, previous):
		"""The status follows the workflow. A transition (which Frappe checks against the user's
		roles) sets it from the new state's ``update_value``; a save without a transition keeps it,
		whatever a client sends."""
		if self.docstatus == 1:
			self.status = lkpm.APPROVED
			return
		state_status = lkpm_service.status_of_state(self.doctype, self.get("workflow_state"))
		moved = previous is None or previous.get("workflow_state") != self.get("workflow_state")
		if moved and state_status:
			self.status = state_status
		elif previous is not None:
			self.status = previous.status
		else:
			self.status = lkpm.DRAFT

	def check_unique(self):
		"""One report per investment and quarter: a clear message before the unique index on
		``lkpm_key`` would refuse the row. Cancelled reports hold no key."""
		self.lkpm_key = f"{self.investment}/{self.year}/{self.quarter}" if self.docstatus < 2 else None
		other = frappe.db.get_value(
			"Investment Report", {"lkpm_key": self.lkpm_key, "name": ("!=", self.name)}, "name"
		)
		if other:
			raise DuplicateInvestmentReportError(
				_("There is already an LKPM report for {0} in {1}: {2}.").format(
					self.project_name or self.investment, lkpm.label(self.year, self.quarter), other
				)
			)
