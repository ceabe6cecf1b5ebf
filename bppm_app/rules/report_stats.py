"""Arithmetic of the office's permit reports: medians and percentiles, SLA compliance, levy revenue.
Plain functions over plain rows (dicts or objects with attributes), no database.

- Median: the middle value, or the mean of the two middle values.
- P90: nearest-rank percentile, the smallest value with at least 90 % of the values at or below
  it (for 10 values, the 9th smallest). Always a value that occurred, easy to check by hand.
- On-time %: met / (met + breached + open and overdue). An open file past its deadline has
  already missed it, so it counts against the office before it is decided. The one formula for
  the office's reports and its public statistics (``on_time_pct``).

The reports compute these figures in the database (bppm_app.reports.sql); the functions
here are the definitions, and the tests hold the SQL to them.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bppm_app.rules.rows import value_of
from bppm_app.rules.sla import APPLICANT_HOLDER as APPLICANT
from bppm_app.rules.sla import BREACHED, MET, OFFICE, OTHER_AGENCY, OVERDUE

DECIDED = (MET, BREACHED)
# who held the file in a stage (Permit Application Stage.holder)
HOLDERS = (OFFICE, OTHER_AGENCY, APPLICANT)


def median(values: Iterable[float]) -> float | None:
	ordered = sorted(float(v) for v in values)
	if not ordered:
		return None
	middle = len(ordered) // 2
	if len(ordered) % 2:
		return ordered[middle]
	return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Iterable[float], pct: int) -> float | None:
	"""Nearest-rank percentile: the value at rank ceil(pct/100 × n) of the sorted values."""
	ordered = sorted(float(v) for v in values)
	if not ordered:
		return None
	return ordered[nearest_rank(len(ordered), pct) - 1]


def nearest_rank(count: int, pct: int) -> int:
	"""ceil(pct/100 × count), at least 1, in whole numbers (no rounding error)."""
	return max(1, -(-int(pct) * int(count) // 100))


def rank_positions(count: int) -> tuple[int, int, int]:
	"""The 1-based positions among ``count`` sorted values that the median (the two middle
	ones, the same one when ``count`` is odd) and the p90 need."""
	return (count + 1) // 2, count // 2 + 1, nearest_rank(count, 90)


def from_ranks(values: dict[int, float], count: int) -> tuple[float | None, float | None]:
	"""(median, p90) from the values at ``rank_positions(count)``."""
	if not count:
		return None, None
	low, high, p90 = rank_positions(count)
	return (values[low] + values[high]) / 2, values[p90]


def on_time_pct(met: int, breached: int, overdue: int) -> float | None:
	"""The share of applications that kept (or are keeping) their service level, among those whose
	outcome is known: met / (met + breached + open and overdue), in percent."""
	return percent(met, met + breached + overdue)


def percent(part: float, whole: float) -> float | None:
	"""part / whole in percent with one decimal; None when whole is 0."""
	if not whole:
		return None
	return round(100.0 * part / whole, 1)


def month_of(day) -> str | None:
	"""'YYYY-MM' of a date or datetime (None stays None)."""
	if not day:
		return None
	if isinstance(day, str):
		day = datetime.date.fromisoformat(day[:10])
	return f"{day.year:04d}-{day.month:02d}"


# --- SLA compliance ------------------------------------------------------------------------------


@dataclass
class SlaGroup:
	"""SLA figures of a group of applications (a permit type, or the applications through a stage)."""

	applications: set = field(default_factory=set)
	met: int = 0
	breached: int = 0
	overdue: int = 0
	decided_days: list = field(default_factory=list)
	holder_days: dict = field(default_factory=lambda: dict.fromkeys(HOLDERS, 0.0))
	stage_days: list = field(default_factory=list)  # per stage visit (stage view)

	@property
	def received(self) -> int:
		return len(self.applications)

	@property
	def decided(self) -> int:
		return self.met + self.breached

	@property
	def on_time_pct(self) -> float | None:
		return on_time_pct(self.met, self.breached, self.overdue)

	def add_application(self, application) -> None:
		name = value_of(application, "name")
		if name in self.applications:
			return
		self.applications.add(name)
		status = value_of(application, "sla_status")
		if status == MET:
			self.met += 1
		elif status == BREACHED:
			self.breached += 1
		elif status == OVERDUE:
			self.overdue += 1
		if status in DECIDED:
			self.decided_days.append(float(value_of(application, "sla_working_days_used") or 0))

	def average_holder_days(self, holder: str) -> float | None:
		"""Working days the file spent with ``holder``, on average per application of the group."""
		if not self.applications:
			return None
		return round(self.holder_days.get(holder, 0.0) / len(self.applications), 2)


def sla_by_permit_type(applications: Iterable, stages: Iterable) -> dict[str, SlaGroup]:
	"""SLA figures per permit type. Stage rows give the working days per holder."""
	groups: dict[str, SlaGroup] = defaultdict(SlaGroup)
	type_of = {}
	for application in applications:
		permit_type = value_of(application, "permit_type")
		type_of[value_of(application, "name")] = permit_type
		groups[permit_type].add_application(application)
	for stage in stages:
		permit_type = type_of.get(value_of(stage, "permit_application"))
		holder = value_of(stage, "holder")
		if permit_type is None or holder not in HOLDERS:
			continue
		groups[permit_type].holder_days[holder] += float(value_of(stage, "working_days") or 0)
	return dict(groups)


def sla_by_stage(applications: Iterable, stages: Iterable) -> dict[tuple[str, str], SlaGroup]:
	"""SLA figures per (state, holder): the stage visits' working days, and the on-time rate of
	the applications that went through that stage."""
	by_name = {value_of(a, "name"): a for a in applications}
	groups: dict[tuple[str, str], SlaGroup] = defaultdict(SlaGroup)
	for stage in stages:
		application = by_name.get(value_of(stage, "permit_application"))
		if application is None:
			continue
		group = groups[(value_of(stage, "state"), value_of(stage, "holder") or "")]
		days = float(value_of(stage, "working_days") or 0)
		group.stage_days.append(days)
		if value_of(stage, "holder") in HOLDERS:
			group.holder_days[value_of(stage, "holder")] += days
		group.add_application(application)
	return dict(groups)


# --- levy revenue --------------------------------------------------------------------------------


@dataclass
class LevyMonth:
	"""assessed_amount = assessed_paid_amount + outstanding_amount, always; rejected_unpaid_amount
	(received, rejected before payment) is not assessed; paid_amount is by payment date."""

	assessed_count: int = 0
	assessed_amount: float = 0.0
	assessed_paid_amount: float = 0.0
	outstanding_amount: float = 0.0
	rejected_unpaid_amount: float = 0.0
	paid_count: int = 0
	paid_amount: float = 0.0


def counts_as_assessed(application) -> bool:
	"""A levy counts as assessed once an application that needs one is received, unless the
	application was rejected without paying (it never got an SKRD to pay)."""
	if not value_of(application, "requires_levy") or not float(value_of(application, "levy_amount") or 0):
		return False
	if not value_of(application, "submitted_on"):
		return False
	return not (value_of(application, "decision") == "Rejected" and not value_of(application, "levy_paid"))


def levy_by_month(
	assessed: Iterable, paid: Iterable, in_range: Callable[[datetime.date], bool] | None = None
) -> dict[tuple[str, str], LevyMonth]:
	"""Assessed levy by the month the application was received, paid levy by the month it was
	paid, per permit type. ``outstanding_amount`` is what the month's assessed applications have
	not paid yet. ``in_range`` keeps only dates it accepts."""

	def accept(day) -> bool:
		if not day:
			return False
		if in_range is None:
			return True
		day = day.date() if isinstance(day, datetime.datetime) else day
		return in_range(day)

	months: dict[tuple[str, str], LevyMonth] = defaultdict(LevyMonth)
	for application in assessed:
		received = value_of(application, "submitted_on")
		if not accept(received):
			continue
		amount = float(value_of(application, "levy_amount") or 0)
		if not counts_as_assessed(application):
			if value_of(application, "requires_levy") and amount and received:
				# rejected before payment: shown beside the assessed levy, not in it
				months[
					(month_of(received), value_of(application, "permit_type"))
				].rejected_unpaid_amount += amount
			continue
		row = months[(month_of(received), value_of(application, "permit_type"))]
		row.assessed_count += 1
		row.assessed_amount += amount
		if value_of(application, "levy_paid"):
			row.assessed_paid_amount += amount
		else:
			row.outstanding_amount += amount
	for application in paid:
		levied = value_of(application, "requires_levy") and float(value_of(application, "levy_amount") or 0)
		if (
			not levied
			or not value_of(application, "levy_paid")
			or not accept(value_of(application, "paid_on"))
		):
			continue
		row = months[(month_of(value_of(application, "paid_on")), value_of(application, "permit_type"))]
		row.paid_count += 1
		row.paid_amount += float(value_of(application, "levy_amount") or 0)
	return dict(months)
