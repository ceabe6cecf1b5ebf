"""The daily jobs in bounded time and memory: the SLA refresh reads and writes a batch of open
applications with a fixed number of statements, however many applications the batch holds and
however many the site has; it walks the open files in batches; a holiday recomputes only the
files it can affect; the LKPM reminder finds who owes a report with one query.

The database's own counters (``SHOW SESSION STATUS``) count the statements and the rows read."""

import datetime as dt

import frappe
import pytest
from frappe.utils import add_days, getdate, now_datetime

from bppm_app.config import office_calendar
from bppm_app.engine import service_level
from bppm_app.reports.sql import table
from bppm_app.rules import sla

from .factories import make_applicant, make_permit_type, rand

APP = table("Permit Application")


def counters() -> dict[str, int]:
	rows = frappe.db.sql(
		"show session status where variable_name in ('Questions', 'Handler_read_key', 'Handler_read_next',"
		" 'Handler_read_rnd_next', 'Handler_read_first')"
	)
	return {name: int(value) for name, value in rows}


def measured(fn) -> tuple[int, int]:
	"""(statements, rows read) that ``fn`` sends to and makes the database read."""
	before = counters()
	fn()
	after = counters()
	statements = after["Questions"] - before["Questions"] - 1  # less the SHOW itself
	read = sum(after[k] - before[k] for k in after if k.startswith("Handler"))
	return statements, read


def open_applications(
	count: int, permit_type: str, applicant: str, submitted: dt.datetime, **values
) -> list[str]:
	"""Open, submitted applications with a stage log (two closed stages and an open one), written
	the way the engine writes them."""
	now = frappe.utils.now()
	names = []
	for i in range(count):
		name = f"JOBTEST-{rand(5)}-{i:03d}"
		names.append(name)
		row = {
			"name": name, "creation": now, "modified": now, "owner": "Administrator", "docstatus": 0,
			"applicant": applicant, "permit_type": permit_type, "workflow_state": "Under Verification",
			"sla_clock": sla.RUNNING, "sla_status": sla.ON_TRACK, "submitted_on": submitted,
			"sla_working_days": values.get("sla_working_days", 30), "sla_working_days_used": 0,
		}  # fmt: skip
		frappe.db.sql(
			f"insert into `tabPermit Application` ({', '.join(f'`{c}`' for c in row)}) values ({', '.join(['%s'] * len(row))})",
			list(row.values()),
		)
		for position, (state, left) in enumerate(
			(
				("Draft", submitted),
				("Submitted", submitted + dt.timedelta(hours=2)),
				("Under Verification", None),
			)
		):
			stage = {
				"name": f"{name}-{position}", "creation": now, "modified": now, "permit_application": name,
				"permit_type": permit_type, "state": state, "holder": "Applicant" if not position else "Office",
				"sla_clock": sla.NOT_STARTED if not position else sla.RUNNING,
				"entered_on": submitted - dt.timedelta(hours=1) if not position else submitted + dt.timedelta(hours=2 * (position - 1)),
				"left_on": left, "submitted_on": submitted, "application_sla_status": sla.ON_TRACK,
				"first_visit": int(bool(position)),
			}  # fmt: skip
			frappe.db.sql(
				f"insert into `tabPermit Application Stage` ({', '.join(f'`{c}`' for c in stage)}) values ({', '.join(['%s'] * len(stage))})",
				list(stage.values()),
			)
	return names


@pytest.fixture
def files():
	permit_type = make_permit_type(sla_working_days=30).name
	applicant = make_applicant().name
	# ten days back: at least five working days on any weekday (three days back is one on a Monday)
	submitted = now_datetime() - dt.timedelta(days=10)
	return frappe._dict(permit_type=permit_type, applicant=applicant, submitted=submitted)


def test_a_batch_costs_the_same_statements_for_5_or_40_applications(files):
	warm = open_applications(2, files.permit_type, files.applicant, files.submitted)
	small = open_applications(5, files.permit_type, files.applicant, files.submitted)
	large = open_applications(40, files.permit_type, files.applicant, files.submitted)
	at = now_datetime()
	service_level.refresh_batch(warm, at=at)  # caches (calendar, settings) as a running job has them
	statements_small, read_small = measured(lambda: service_level.refresh_batch(small, at=at))
	statements_large, read_large = measured(lambda: service_level.refresh_batch(large, at=at))
	assert statements_small == statements_large
	assert statements_large <= 6  # read applications, read stage logs, write both (and the calendar)
	# the rows read grow with the batch, not faster
	assert read_large / len(large) <= read_small / len(small) * 1.5


def test_rows_read_per_batch_stay_the_same_as_the_site_grows(files):
	mine = open_applications(10, files.permit_type, files.applicant, files.submitted)
	# once unmeasured: the settings and the calendar are then in their caches for both measurements
	service_level.refresh_batch(mine, at=now_datetime() - dt.timedelta(hours=2))
	first = measured(lambda: service_level.refresh_batch(mine, at=now_datetime() - dt.timedelta(hours=1)))
	# the site grows: 300 more open applications and their logs
	open_applications(300, files.permit_type, files.applicant, files.submitted)
	second = measured(lambda: service_level.refresh_batch(mine, at=now_datetime()))
	assert second[0] == first[0]
	assert second[1] <= first[1] * 1.2


def test_the_refresh_walks_the_open_applications_in_batches(files):
	mine = open_applications(23, files.permit_type, files.applicant, files.submitted)
	paused = open_applications(4, files.permit_type, files.applicant, files.submitted)
	frappe.db.sql(
		"update `tabPermit Application` set sla_clock = %s where name in %s", (sla.PAUSED, tuple(paused))
	)
	batches = list(service_level.batches(APP.name.isin(mine + paused), size=10))
	assert [len(b) for b in batches] == [10, 10, 3, 4]  # running files, then paused ones
	assert sorted(n for b in batches for n in b) == sorted(mine + paused)
	result = service_level.run_batches(where=APP.name.isin(mine + paused), size=10)
	assert (result["batches"], result["refreshed"]) == (4, 27)
	used = frappe.db.get_value("Permit Application", mine[0], "sla_working_days_used")
	assert used > 0  # the clock ran since submission


def test_the_refresh_writes_what_changed_and_keeps_the_log_in_step(files):
	mine = open_applications(3, files.permit_type, files.applicant, files.submitted, sla_working_days=2)
	service_level.refresh_batch(mine)
	doc = frappe.get_doc("Permit Application", mine[0])
	assert doc.sla_status == sla.OVERDUE  # ten days ago, two working days allowed
	stages = frappe.get_all(
		"Permit Application Stage",
		filters={"permit_application": mine[0]},
		fields=["application_sla_status", "working_days", "left_on", "holder", "sla_clock"],
	)
	assert {s.application_sla_status for s in stages} == {sla.OVERDUE}
	open_stage = next(s for s in stages if not s.left_on)
	assert open_stage.working_days > 0
	assert doc.office_days == pytest.approx(
		sum(s.working_days for s in stages if s.holder == "Office"), abs=1e-3
	)
	# nothing changed since: a second run writes nothing
	statements, _read = measured(
		lambda: service_level.refresh_batch(mine, at=doc.modified and now_datetime())
	)
	assert statements <= 4


def test_a_holiday_next_month_recomputes_only_the_files_due_after_it(files, staff):
	from bppm_app.roles import MANAGER
	from bppm_app.utils import as_user

	calendar = office_calendar.get()
	holiday = calendar.add_working_days(getdate(), 15)
	soon = open_applications(1, files.permit_type, files.applicant, now_datetime(), sla_working_days=5)
	later = open_applications(1, files.permit_type, files.applicant, now_datetime(), sla_working_days=40)
	service_level.refresh_batch(soon + later)
	due = {name: frappe.db.get_value("Permit Application", name, "sla_due_date") for name in soon + later}
	assert getdate(due[soon[0]]) < holiday <= getdate(due[later[0]])

	affected = service_level.affected_by_holiday(holiday) & APP.name.isin(soon + later)
	assert service_level.run_batches(where=affected)["refreshed"] == 1  # only the file due after it

	with as_user(staff[MANAGER]):
		frappe.get_doc(
			{"doctype": "Service Holiday", "holiday_date": holiday, "description": "Cuti daerah (uji)", "holiday_type": "Local"}
		).insert()  # fmt: skip
	assert frappe.db.get_value("Permit Application", soon[0], "sla_due_date") == due[soon[0]]
	moved = frappe.db.get_value("Permit Application", later[0], "sla_due_date")
	assert moved == office_calendar.get().add_working_days(getdate(due[later[0]]), 1)
	notes = {
		c.reference_name
		for c in frappe.get_all(
			"Comment",
			filters={"reference_name": ("in", soon + later), "comment_type": "Info"},
			fields=["reference_name"],
		)
	}
	assert notes == {later[0]}


def test_a_holiday_in_the_past_recomputes_every_file_submitted_before_it(files):
	day = getdate() - dt.timedelta(days=30)
	before = open_applications(
		1, files.permit_type, files.applicant, dt.datetime.combine(add_days(day, -3), dt.time(9))
	)
	after = open_applications(1, files.permit_type, files.applicant, now_datetime())
	affected = service_level.affected_by_holiday(day) & APP.name.isin(before + after)
	assert service_level.run_batches(where=affected)["refreshed"] == 1
