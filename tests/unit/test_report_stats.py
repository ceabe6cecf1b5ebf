import datetime
import random

import pytest

from bppm_app.rules import report_stats as stats

D = datetime.date


def test_median():
	assert stats.median([5, 1, 3]) == 3
	assert stats.median([4, 1, 3, 2]) == 2.5
	assert stats.median([]) is None


@pytest.mark.parametrize(
	"values, expected",
	[
		(list(range(1, 11)), 9),  # 10 values: rank ceil(9.0) = 9
		(list(range(1, 12)), 10),  # 11 values: rank ceil(9.9) = 10
		([7], 7),
		([3, 1, 2], 3),  # rank ceil(2.7) = 3
		([], None),
	],
)
def test_p90_is_the_nearest_rank(values, expected):
	assert stats.percentile(values, 90) == expected


def test_percent():
	assert stats.percent(2, 3) == 66.7
	assert stats.percent(0, 0) is None


def test_month_of():
	assert stats.month_of(D(2026, 3, 5)) == "2026-03"
	assert stats.month_of(datetime.datetime(2026, 11, 30, 23, 59)) == "2026-11"
	assert stats.month_of("2026-01-31 10:00:00") == "2026-01"
	assert stats.month_of(None) is None


APPLICATIONS = [
	{"name": "P1", "permit_type": "PBG", "sla_status": "Met", "sla_working_days_used": 10},
	{"name": "P2", "permit_type": "PBG", "sla_status": "Met", "sla_working_days_used": 20},
	{"name": "P3", "permit_type": "PBG", "sla_status": "Breached", "sla_working_days_used": 30},
	{"name": "P4", "permit_type": "PBG", "sla_status": "Overdue", "sla_working_days_used": 29},
	{"name": "P5", "permit_type": "PBG", "sla_status": "On Track", "sla_working_days_used": 2},
	{"name": "R1", "permit_type": "REK", "sla_status": "Met", "sla_working_days_used": 4},
]
STAGES = [
	{"permit_application": "P1", "state": "Under Verification", "holder": "Office", "working_days": 3},
	{"permit_application": "P1", "state": "Technical Review", "holder": "Other Agency", "working_days": 5},
	{"permit_application": "P1", "state": "Awaiting Payment", "holder": "Applicant", "working_days": 4},
	{"permit_application": "P2", "state": "Under Verification", "holder": "Office", "working_days": 7},
	{"permit_application": "P3", "state": "Under Verification", "holder": "Office", "working_days": 1},
	{"permit_application": "P3", "state": "Technical Review", "holder": "Other Agency", "working_days": 25},
	{"permit_application": "R1", "state": "Under Verification", "holder": "Office", "working_days": 4},
	{"permit_application": "X9", "state": "Under Verification", "holder": "Office", "working_days": 99},
]


def test_sla_by_permit_type():
	groups = stats.sla_by_permit_type(APPLICATIONS, STAGES)
	pbg = groups["PBG"]
	assert (pbg.received, pbg.decided, pbg.met, pbg.breached, pbg.overdue) == (5, 3, 2, 1, 1)
	assert pbg.on_time_pct == 50.0  # 2 met of 2 met + 1 breached + 1 overdue
	assert stats.median(pbg.decided_days) == 20
	assert stats.percentile(pbg.decided_days, 90) == 30
	# days per application with each holder: office 3+7+1 = 11 over 5 applications
	assert pbg.average_holder_days("Office") == 2.2
	assert pbg.average_holder_days("Other Agency") == 6.0
	assert pbg.average_holder_days("Applicant") == 0.8
	assert groups["REK"].on_time_pct == 100.0


def test_sla_by_stage():
	groups = stats.sla_by_stage(APPLICATIONS, STAGES)
	verification = groups[("Under Verification", "Office")]
	assert sorted(verification.stage_days) == [1, 3, 4, 7]
	assert stats.median(verification.stage_days) == 3.5
	assert verification.received == 4  # P1, P2, P3, R1 (X9 is not in the period)
	assert verification.on_time_pct == 75.0  # P1, P2, R1 met; P3 breached
	review = groups[("Technical Review", "Other Agency")]
	assert review.stage_days == [5, 25] and review.on_time_pct == 50.0


LEVY = [
	# received in March, paid in April
	{"permit_type": "PBG", "requires_levy": 1, "levy_amount": 2_950_000, "levy_paid": 1,
	 "submitted_on": datetime.datetime(2026, 3, 20, 9), "paid_on": D(2026, 4, 2), "decision": "Approved"},
	# received in March, not paid yet
	{"permit_type": "PBG", "requires_levy": 1, "levy_amount": 1_000_000, "levy_paid": 0,
	 "submitted_on": datetime.datetime(2026, 3, 25, 9), "paid_on": None, "decision": ""},
	# rejected without paying: never assessed
	{"permit_type": "PBG", "requires_levy": 1, "levy_amount": 500_000, "levy_paid": 0,
	 "submitted_on": datetime.datetime(2026, 3, 26, 9), "paid_on": None, "decision": "Rejected"},
	# received and paid in April
	{"permit_type": "REK", "requires_levy": 1, "levy_amount": 400_000, "levy_paid": 1,
	 "submitted_on": datetime.datetime(2026, 4, 1, 9), "paid_on": D(2026, 4, 3), "decision": "Approved"},
	# a draft never received
	{"permit_type": "REK", "requires_levy": 1, "levy_amount": 400_000, "levy_paid": 0,
	 "submitted_on": None, "paid_on": None, "decision": ""},
]  # fmt: skip


def test_levy_by_month():
	months = stats.levy_by_month(LEVY, LEVY)
	march = months[("2026-03", "PBG")]
	assert (march.assessed_count, march.assessed_amount) == (2, 3_950_000)
	assert (march.assessed_paid_amount, march.outstanding_amount) == (2_950_000, 1_000_000)
	assert march.rejected_unpaid_amount == 500_000  # shown, not assessed
	assert (march.paid_count, march.paid_amount) == (0, 0)
	april_pbg = months[("2026-04", "PBG")]
	assert (april_pbg.assessed_count, april_pbg.paid_count, april_pbg.paid_amount) == (0, 1, 2_950_000)
	april_rek = months[("2026-04", "REK")]
	assert (april_rek.assessed_amount, april_rek.paid_amount, april_rek.outstanding_amount) == (
		400_000,
		400_000,
		0,
	)
	assert set(months) == {("2026-03", "PBG"), ("2026-04", "PBG"), ("2026-04", "REK")}


def test_levy_figures_add_up_on_random_data():
	rng = random.Random(19)
	apps = []
	for _ in range(500):
		received = rng.random() < 0.9
		paid = received and rng.random() < 0.6
		decision = rng.choice(["", "", "Approved", "Rejected"]) if received else ""
		submitted = datetime.datetime(2026, rng.randint(1, 12), rng.randint(1, 28), 9)
		apps.append(
			{
				"permit_type": rng.choice(["PBG", "REK", "IMB"]),
				"requires_levy": int(rng.random() < 0.9),
				"levy_amount": rng.choice([0, 150_000, 2_950_000, rng.randint(1, 50_000_000)]),
				"levy_paid": int(paid),
				"submitted_on": submitted if received else None,
				"paid_on": D(2026, rng.randint(1, 12), rng.randint(1, 28)) if paid else None,
				"decision": decision,
			}
		)
	months = stats.levy_by_month(apps, apps)
	for figures in months.values():
		assert figures.assessed_amount == figures.assessed_paid_amount + figures.outstanding_amount
	levied = [a for a in apps if a["requires_levy"] and a["levy_amount"] and a["submitted_on"]]
	assessed = sum(m.assessed_amount for m in months.values())
	rejected = sum(m.rejected_unpaid_amount for m in months.values())
	# every received application with a levy is either assessed or rejected before payment
	assert assessed + rejected == sum(a["levy_amount"] for a in levied)
	# the cash by payment date is every paid levy, whichever month assessed it
	assert sum(m.paid_amount for m in months.values()) == sum(
		a["levy_amount"] for a in apps if a["levy_paid"] and a["requires_levy"] and a["levy_amount"]
	)


def test_levy_by_month_within_a_range():
	months = stats.levy_by_month(LEVY, LEVY, in_range=lambda day: day >= D(2026, 4, 1))
	assert set(months) == {("2026-04", "PBG"), ("2026-04", "REK")}


def test_ranks_in_whole_numbers():
	assert stats.nearest_rank(10, 90) == 9 and stats.nearest_rank(11, 90) == 10
	assert stats.nearest_rank(1, 90) == 1
	assert stats.rank_positions(4) == (2, 3, 4)  # the two middle values, the p90 rank
	assert stats.rank_positions(5) == (3, 3, 5)
	values = [3.0, 1.0, 8.0, 4.0]
	ordered = sorted(values)
	at = {p: ordered[p - 1] for p in stats.rank_positions(len(values))}
	assert stats.from_ranks(at, len(values)) == (stats.median(values), stats.percentile(values, 90))
	assert stats.from_ranks({}, 0) == (None, None)


def test_one_on_time_formula():
	assert stats.on_time_pct(2, 1, 1) == 50.0  # the open and overdue file counts against the office
	assert stats.on_time_pct(0, 0, 0) is None
	group = stats.SlaGroup()
	for app in APPLICATIONS:
		group.add_application(app)
	assert group.on_time_pct == stats.on_time_pct(group.met, group.breached, group.overdue)
