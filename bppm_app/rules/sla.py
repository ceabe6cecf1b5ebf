"""Working-day service levels (PP 28/2025). Plain functions, no database.

Time is measured on working days only (Monday to Friday, minus the office's holidays), in days of 24
hours. Counting starts at the start of the day after submission: an application submitted on day S
with an SLA of N working days is due at the end of the N-th working day after S (a Saturday
submission is counted from Monday). While the clock is paused (the applicant's turns: revision,
payment) the due date moves by the paused working time; from the decision on, the clock is stopped.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bppm_app.rules.calendar import WorkingCalendar

NOT_STARTED, RUNNING, PAUSED, STOPPED = "Not Started", "Running", "Paused", "Stopped"
ON_TRACK, AT_RISK, OVERDUE, MET, BREACHED = "On Track", "At Risk", "Overdue", "Met", "Breached"
# who holds the file while its clock runs or waits (the stage log's holder)
OFFICE, OTHER_AGENCY, APPLICANT_HOLDER = "Office", "Other Agency", "Applicant"

_DAY = dt.timedelta(days=1)
_EPSILON = 1e-9


@dataclass(frozen=True)
class Interval:
	"""A span of time with the SLA clock in one state; ``end`` None means "still going"."""

	start: dt.datetime
	end: dt.datetime | None
	clock: str


@dataclass(frozen=True)
class Evaluation:
	used: float  # working days counted against the SLA
	paused: float  # working days the clock stood still (applicant's turns)
	due_date: dt.date | None
	status: str


def clock_start(submitted_on: dt.datetime) -> dt.datetime:
	"""Counting starts at the beginning of the day after submission."""
	return dt.datetime.combine(submitted_on.date(), dt.time.min) + _DAY


def evaluate(
	calendar: WorkingCalendar,
	submitted_on: dt.datetime | None,
	intervals: Iterable[Interval],
	sla_days: float,
	warning_threshold_pct: float,
	now: dt.datetime,
	stopped_at: dt.datetime | None = None,
) -> Evaluation:
	"""Working days used and paused, the due date and the status of one application."""
	if not submitted_on:
		return Evaluation(0.0, 0.0, None, NOT_STARTED)
	start = clock_start(submitted_on)
	until = stopped_at or now
	used = paused = 0.0
	for interval in intervals:
		begin = max(interval.start, start)
		end = min(interval.end or until, until)
		if end <= begin:
			continue
		days = calendar.working_days_between(begin, end)
		if interval.clock == RUNNING:
			used += days
		elif interval.clock == PAUSED:
			paused += days
	due = calendar.add_working_time(start, sla_days + paused)
	due_date = (due - dt.timedelta(microseconds=1)).date()
	return Evaluation(
		round(used, 4),
		round(paused, 4),
		due_date,
		status(used, sla_days, warning_threshold_pct, bool(stopped_at)),
	)


def status(used: float, sla_days: float, warning_threshold_pct: float, stopped: bool) -> str:
	if stopped:
		return MET if used <= sla_days + _EPSILON else BREACHED
	if used > sla_days + _EPSILON:
		return OVERDUE
	if used >= sla_days * warning_threshold_pct / 100 - _EPSILON:
		return AT_RISK
	return ON_TRACK


def stage_overrun(working_days: float, stage_sla_days: float | None) -> bool:
	"""A stage past its own service level: under PP 28/2025 the risk of deemed approval."""
	return bool(stage_sla_days) and working_days > stage_sla_days + _EPSILON


def overrun_cutoff(calendar: WorkingCalendar, now: dt.datetime, stage_sla_days: float) -> dt.datetime:
	"""A stage still open at ``now`` has overrun its service level exactly when it was entered
	before this instant (``stage_overrun`` of its working days)."""
	return calendar.subtract_working_time(now, stage_sla_days + _EPSILON)


def promised_due_date(calendar: WorkingCalendar, submitted_on: dt.date, sla_days: int) -> dt.date | None:
	"""The due date an application submitted on ``submitted_on`` is promised before it is submitted:
	the end of the ``sla_days``-th working day after that day (the office's pauses, the applicant's
	turns, may move it later)."""
	if not sla_days or sla_days <= 0:
		return None
	return calendar.add_working_days(submitted_on, int(sla_days))
