"""Who may change a draft, by how it reached the office (rules/channels.py)."""

import pytest

from bppm_app.rules.channels import COUNTER, ONLINE, OSS, staff_may_change_draft


@pytest.mark.parametrize(
	"channel, submitted, changed, allowed",
	[
		(ONLINE, False, {"subject"}, False),  # the applicant's own draft
		(ONLINE, False, {"workflow_state"}, False),  # submitted for them
		(ONLINE, False, {"investment", "documents"}, False),
		(ONLINE, False, {"investment"}, True),  # the office links the investment
		(ONLINE, False, set(), True),  # a save that changes nothing
		(ONLINE, True, {"subject"}, True),  # submitted: each stage's holders act
		(COUNTER, False, {"subject", "workflow_state"}, True),  # the counter's own draft
		(OSS, False, {"subject"}, True),
		(None, False, {"subject"}, True),
	],
)
def test_an_online_draft_is_the_applicant_s_until_submitted(channel, submitted, changed, allowed):
	assert staff_may_change_draft(channel, submitted, changed) is allowed
