"""LKPM (Investment Report): filed by the investor or an officer, moved by the LKPM workflow,
one per investment and quarter, rolled up onto the investment when approved."""

import datetime

import frappe
import pytest
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError
from frappe.utils import getdate, today

from bppm_app.exceptions import (
	DuplicateInvestmentReportError,
	InvalidAmountError,
	InvalidInvestmentError,
	InvalidInvestmentReportError,
	InvestmentReportLockedError,
	ProtectedFieldError,
	WorkflowActionRequiredError,
)
from bppm_app.roles import APPLICANT, HEAD, INVESTMENT_OFFICER, TREASURER, VERIFIER
from bppm_app.web import applicant_portal

from .factories import (
	act,
	as_user,
	make_applicant,
	make_investment,
	make_lkpm,
	make_user,
	officer_files_lkpm,
	portal_edit,
	shown_messages,
	unique_nib,
)


@pytest.fixture
def investor():
	"""A business investor with a portal account and one operating investment."""
	user = make_user(APPLICANT)
	company = make_applicant(user=user, applicant_type="Business Entity", nik=None, nib=unique_nib())
	investment = make_investment(company.name, planned_investment=2_000_000_000)
	return frappe._dict(user=user, applicant=company.name, investment=investment.name)


@pytest.fixture
def officer():
	return make_user(INVESTMENT_OFFICER)


def test_the_lkpm_workflow_is_installed():
	workflow = frappe.get_doc("Workflow", "LKPM Workflow")
	assert workflow.document_type == "Investment Report" and workflow.is_active
	assert {s.state for s in workflow.states} == {
		"Draft",
		"Submitted",
		"Needs Revision",
		"Approved",
		"Cancelled",
	}


def test_investor_files_officer_asks_for_revision_investor_resubmits_officer_approves(investor, officer):
	with as_user(investor.user):
		doc = make_lkpm(investor.investment, 2025, "Q3", investment_in_period=150_000_000, workers_local=12)
		assert (doc.status, doc.workflow_state, doc.docstatus) == ("Draft", "Draft", 0)
		assert doc.investor == investor.applicant
		assert (str(doc.period_start), str(doc.period_end), str(doc.due_date)) == (
			"2025-07-01",
			"2025-09-30",
			"2025-10-10",
		)
		doc = act(doc, "Submit")
		assert doc.status == "Submitted" and str(doc.reported_on) == today()
		assert doc.is_late  # filed today for a 2025 quarter

	with as_user(officer):
		doc = frappe.get_doc("Investment Report", doc.name)
		with pytest.raises(InvalidInvestmentReportError):
			act(doc, "Request Revision")  # a revision needs a note
		assert any("revision note" in m for m in shown_messages())
		doc.revision_note = "Lampirkan bukti pembelian mesin"
		doc.save()
		doc = act(doc, "Request Revision")
		assert doc.status == "Needs Revision"

	with as_user(investor.user):
		# the office's note is not the investor's to change (not on the form, and not their level)
		doc = portal_edit(
			"Investment Report", doc.name, investment_in_period=140_000_000, revision_note="dihapus"
		)
		assert doc.revision_note == "Lampirkan bukti pembelian mesin"
		doc = act(doc, "Resubmit")
		assert doc.status == "Submitted"

	with as_user(officer):
		doc = act(frappe.get_doc("Investment Report", doc.name), "Approve")
	assert (doc.status, doc.docstatus, doc.approved_by) == ("Approved", 1, officer)
	assert str(doc.approved_on) == today()
	investment = frappe.get_doc("Investment", investor.investment)
	assert investment.realized_investment == 140_000_000
	assert (investment.current_workers_local, investment.latest_lkpm_period) == (12, "2025 Q3")


def test_investor_cannot_approve_change_a_submitted_report_or_set_its_status(investor):
	with as_user(investor.user):
		doc = act(make_lkpm(investor.investment, 2025, "Q1", investment_in_period=1), "Submit")
		with pytest.raises(WorkflowTransitionError):
			act(doc, "Approve")
		with pytest.raises(InvestmentReportLockedError):
			portal_edit("Investment Report", doc.name, investment_in_period=999)
		doc = frappe.get_doc("Investment Report", doc.name)
		with pytest.raises(frappe.PermissionError):
			doc.submit()  # approval (docstatus 1) is the office's
	with as_user(investor.user):
		draft = make_lkpm(investor.investment, 2025, "Q2")
		# the form carries neither the status nor the state: what a client adds is not stored
		draft = portal_edit("Investment Report", draft.name, status="Approved", workflow_state="Approved")
		assert (draft.status, draft.workflow_state) == ("Draft", "Draft")
		draft = frappe.get_doc("Investment Report", draft.name)
		draft.workflow_state = "Approved"
		draft.flags.ignore_permissions = True  # even past the DocType permission, Frappe's check holds
		with pytest.raises(WorkflowPermissionError):
			draft.save()


def test_one_report_per_investment_and_quarter(investor, officer):
	first = officer_files_lkpm(officer, investor.investment, 2025, "Q1", investment_in_period=10)
	with as_user(officer), pytest.raises(DuplicateInvestmentReportError) as error:
		make_lkpm(investor.investment, 2025, "Q1")
	assert "2025 Q1" in str(error.value) and first.name in str(error.value)
	# the database refuses it too, whatever path a row takes
	clone = frappe.copy_doc(first)
	clone.name = "LKPM-CLONE-TEST"
	clone.lkpm_key = first.lkpm_key
	with pytest.raises(frappe.UniqueValidationError):
		clone.db_insert()


def test_cancel_frees_the_quarter_for_an_amendment_and_the_rollup_follows(investor, officer):
	q1 = officer_files_lkpm(
		officer, investor.investment, 2025, "Q1", investment_in_period=100, workers_local=5
	)
	q2 = officer_files_lkpm(
		officer, investor.investment, 2025, "Q2", investment_in_period=300, workers_local=9
	)
	investment = frappe.get_doc("Investment", investor.investment)
	assert (investment.realized_investment, investment.current_workers_local) == (400, 9)

	with as_user(officer):
		cancelled = act(q2, "Cancel")
		assert (cancelled.docstatus, cancelled.status) == (2, "Cancelled")
		assert frappe.db.get_value("Investment Report", q2.name, "lkpm_key") is None
		investment.reload()
		assert (investment.realized_investment, investment.current_workers_local) == (100, 5)
		assert investment.latest_lkpm_period == "2025 Q1"

		amended = frappe.copy_doc(cancelled, ignore_no_copy=False)  # what the desk's Amend does
		amended.docstatus = 0
		amended.amended_from = cancelled.name
		amended.investment_in_period = 250
		amended.insert()
		act(act(amended, "Submit"), "Approve")
	investment.reload()
	assert investment.realized_investment == 350 and q1.docstatus == 1


def test_realised_investment_cannot_be_set_by_hand(investor, officer):
	officer_files_lkpm(officer, investor.investment, 2025, "Q1", investment_in_period=100)
	with as_user(officer):
		investment = frappe.get_doc("Investment", investor.investment)
		investment.realized_investment = 9_999_999
		investment.current_workers_local = 500
		investment.save()
	assert (investment.realized_investment, investment.current_workers_local) == (100, 0)


@pytest.mark.parametrize(
	"fields, exc",
	[
		({"year": datetime.date.today().year + 2, "quarter": "Q1"}, InvalidInvestmentReportError),
		({"year": 1999}, InvalidInvestmentReportError),
		({"investment_in_period": -1}, InvalidAmountError),
		({"workers_local": 2.5}, InvalidInvestmentError),
		({"workers_foreign": -1}, InvalidInvestmentError),
	],
)
def test_bad_reports_are_refused(investor, officer, fields, exc):
	values = {"year": 2025, "quarter": "Q4", "investment_in_period": 1}
	values.update(fields)
	with as_user(officer), pytest.raises(exc):
		make_lkpm(investor.investment, values.pop("year"), values.pop("quarter"), **values)


def test_investor_cannot_see_or_file_for_another_investors_investment(investor, officer):
	other = make_investment()
	theirs = officer_files_lkpm(officer, other.name, 2025, "Q1", until="Draft")
	mine = officer_files_lkpm(officer, investor.investment, 2025, "Q1", until="Draft")
	with as_user(investor.user):
		listed = [r["name"] for project in applicant_portal.investments() for r in project["reports"]]
		assert listed == [mine.name]
		assert not frappe.has_permission("Investment Report", "read", doc=theirs.name)
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc("Investment Report", theirs.name).check_permission("read")
		with pytest.raises(frappe.PermissionError):
			make_lkpm(other.name, 2025, "Q2")
		with pytest.raises(frappe.DoesNotExistError):
			act(frappe.get_doc("Investment Report", theirs.name), "Submit")
		# moving one's own report onto someone else's investment is refused as well
		with pytest.raises(frappe.PermissionError):
			portal_edit("Investment Report", mine.name, investment=other.name, quarter="Q3")
	assert frappe.db.get_value("Investment Report", mine.name, "investment") == investor.investment


def test_staff_roles_without_lkpm_access_see_nothing(investor, officer):
	officer_files_lkpm(officer, investor.investment, 2025, "Q1", until="Draft")
	for role in (VERIFIER, TREASURER):
		with as_user(make_user(role)):
			assert not frappe.has_permission("Investment Report", "read")
			with pytest.raises(frappe.PermissionError):
				frappe.get_list("Investment Report")
	with as_user(make_user(HEAD)):
		assert frappe.get_list("Investment Report", filters={"investment": investor.investment}, pluck="name")
		assert not frappe.has_permission("Investment Report", "create")


def test_targets_are_one_per_year():
	settings = frappe.get_single("BPPM Settings")
	settings.set(
		"investment_targets", [{"year": 2026, "target_amount": 1e12}, {"year": 2026, "target_amount": 1}]
	)
	with pytest.raises(InvalidInvestmentReportError):
		settings.save()


# --- the workflow's guard (WorkflowGuard, as on Permit Application and Public Complaint) -----------


def test_a_new_report_starts_in_draft_with_its_engine_fields_empty(investor, officer):
	"""Judged from the saved report: a new one cannot start approved, late or keyed by the client."""
	for field, value, exc in (
		("workflow_state", "Approved", WorkflowActionRequiredError),
		("approved_by", "Administrator", ProtectedFieldError),
		("approved_on", "2025-05-01", ProtectedFieldError),
		("is_late", 1, ProtectedFieldError),
		("lkpm_key", "forged", ProtectedFieldError),
	):
		with as_user(officer), pytest.raises(exc):
			make_lkpm(investor.investment, 2025, "Q3", **{field: value})
	assert not frappe.db.exists("Investment Report", {"investment": investor.investment, "quarter": "Q3"})


def test_the_status_and_engine_fields_change_only_through_the_workflow_and_the_controller(investor, officer):
	"""Judged from the stored and the saved report: a plain save that moves the state or the status,
	or writes a field the controller keeps, is refused, whoever saves it (the office's officer too)."""
	doc = officer_files_lkpm(officer, investor.investment, 2025, "Q1", until="Submitted")
	late = doc.is_late  # filed after its due date (the controller decides)
	for field, value, exc in (
		("workflow_state", "Approved", WorkflowActionRequiredError),
		("status", "Approved", ProtectedFieldError),
		("approved_by", officer, ProtectedFieldError),
		("is_late", int(not late), ProtectedFieldError),
		("lkpm_key", "forged", ProtectedFieldError),
	):
		with as_user(officer):
			stored = frappe.get_doc("Investment Report", doc.name)
			stored.set(field, value)
			with pytest.raises(exc):
				stored.save()
	stored = frappe.get_doc("Investment Report", doc.name)
	assert (stored.workflow_state, stored.status, stored.approved_by, stored.is_late) == (
		"Submitted",
		"Submitted",
		None,
		late,
	)
	# the workflow's own action still moves it, and the controller writes what it keeps
	with as_user(officer):
		approved = act(stored, "Approve")
	assert (approved.docstatus, approved.status, approved.approved_by) == (1, "Approved", officer)


def test_an_approved_report_is_cancelled_only_by_its_workflow_action(investor, officer):
	doc = officer_files_lkpm(officer, investor.investment, 2025, "Q2")
	with as_user(officer):
		with pytest.raises(WorkflowActionRequiredError):
			frappe.get_doc("Investment Report", doc.name).cancel()
		assert frappe.db.get_value("Investment Report", doc.name, "docstatus") == 1
		cancelled = act(frappe.get_doc("Investment Report", doc.name), "Cancel")
	assert (cancelled.docstatus, cancelled.status) == (2, "Cancelled")
