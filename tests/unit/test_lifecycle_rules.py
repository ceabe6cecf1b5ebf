"""Renewals, amendments and supersession: the rules, without a database."""

import datetime as dt
from types import SimpleNamespace

import pytest

from bppm_app.exceptions import InvalidPermitTypeError, PreviousPermitError
from bppm_app.rules import lifecycle
from bppm_app.rules import permit_type as type_rules

TODAY = dt.date(2026, 12, 9)


def permit(**fields):
	values = {
		"name": "PRM-2025-00001",
		"docstatus": 1,
		"decision": "Approved",
		"applicant": "APL-00001",
		"permit_type": "Izin Reklame",
		"permit_number": "REK/00001/BPPM/2025",
		"valid_until": dt.date(2027, 1, 31),
		"superseded_by": None,
	}
	values.update(fields)
	return SimpleNamespace(**values)


def check(application_type, previous, **kw):
	args = {"applicant": "APL-00001", "permit_type": "Izin Reklame", "window_days": 60, "today": TODAY}
	args.update(kw)
	lifecycle.check_follow_up(application_type, previous, **args)


def test_the_renewal_window_is_the_last_days_up_to_expiry():
	end = dt.date(2027, 1, 31)
	assert lifecycle.renewal_opens(end, 60) == dt.date(2026, 12, 2)
	assert lifecycle.in_renewal_window(end, 60, dt.date(2026, 12, 2))
	assert lifecycle.in_renewal_window(end, 60, end)
	assert not lifecycle.in_renewal_window(end, 60, dt.date(2026, 12, 1))
	assert not lifecycle.in_renewal_window(end, 60, dt.date(2027, 2, 1))
	assert not lifecycle.in_renewal_window(None, 60, TODAY), "a permit without expiry is never renewed"


def test_a_renewal_within_the_window_of_ones_own_permit_passes():
	check("Renewal", permit())
	check("Amendment", permit())
	check("New", None)


@pytest.mark.parametrize(
	"previous, message",
	[
		(None, "needs the issued permit"),
		(permit(applicant="APL-00002"), "not an issued permit of this applicant"),
		(permit(docstatus=0, decision="", permit_number=None), "not an issued permit of this applicant"),
		(permit(docstatus=1, decision="Rejected", permit_number=None), "not an issued permit"),
		(permit(docstatus=2), "revoked"),
		(permit(superseded_by="PRM-2026-00009"), "already been replaced"),
		(permit(permit_type="Izin Lain"), "keeps the permit type"),
		(permit(valid_until=None), "does not expire"),
		(permit(valid_until=dt.date(2027, 6, 30)), "can be renewed from 2027-05-01"),
		(permit(valid_until=dt.date(2026, 12, 1)), "expired on 2026-12-01"),
	],
)
def test_a_renewal_is_refused_with_a_clear_message(previous, message):
	with pytest.raises(PreviousPermitError, match=message):
		check("Renewal", previous)


def test_another_applicants_revoked_permit_says_nothing_about_its_state():
	with pytest.raises(PreviousPermitError, match="not an issued permit of this applicant"):
		check("Renewal", permit(applicant="APL-00002", docstatus=2))


def test_an_amendment_is_open_while_the_permit_is_valid():
	check("Amendment", permit(valid_until=dt.date(2027, 6, 30)))
	check("Amendment", permit(valid_until=None))
	with pytest.raises(PreviousPermitError, match="expired"):
		check("Amendment", permit(valid_until=dt.date(2026, 12, 1)))


def test_at_issue_the_window_is_not_asked_again():
	check("Renewal", permit(valid_until=dt.date(2026, 12, 1)), check_window=False)
	with pytest.raises(PreviousPermitError, match="already been replaced"):
		check("Renewal", permit(superseded_by="PRM-2026-00009"), check_window=False)


def test_a_renewal_runs_on_from_the_old_permit_and_an_amendment_keeps_its_term():
	issued, old_end = dt.date(2026, 12, 9), dt.date(2027, 1, 31)
	assert lifecycle.follow_up_valid_until("Renewal", issued, 12, old_end) == dt.date(2028, 1, 31)
	assert lifecycle.follow_up_valid_until("Renewal", issued, 12, dt.date(2026, 12, 1)) == dt.date(
		2027, 12, 8
	)
	assert lifecycle.follow_up_valid_until("Amendment", issued, 12, old_end) == old_end
	assert lifecycle.follow_up_valid_until("New", issued, 12, None) == dt.date(2027, 12, 8)
	assert lifecycle.follow_up_valid_until("Amendment", issued, 0, None) is None


def test_a_renewal_may_need_fewer_documents():
	assert lifecycle.mandatory_for("Renewal", 1, 0) == 0
	assert lifecycle.mandatory_for("Renewal", 1, 1) == 1
	assert lifecycle.mandatory_for("Renewal", 1, None) == 1
	assert lifecycle.mandatory_for("Amendment", 1, 0) == 1
	assert lifecycle.mandatory_for("New", 0, 1) == 0


def test_the_fast_lane_is_for_low_risk_types_without_extra_steps():
	type_rules.check_fast_lane(1, "Low", 0, 0, 0)
	type_rules.check_fast_lane(0, "High", 1, 1, 1)
	for risk, steps in (("Medium-Low", (0, 0, 0)), ("Low", (1, 0, 0)), ("Low", (0, 0, 1))):
		with pytest.raises(InvalidPermitTypeError, match="fast lane"):
			type_rules.check_fast_lane(1, risk, *steps)
	assert type_rules.check_renewal_window("60") == 60
	with pytest.raises(InvalidPermitTypeError):
		type_rules.check_renewal_window(-1)
