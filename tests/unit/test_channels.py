"""Who may change a draft, by how it reached the office (rules/channels.py)."""

import pytest

from bppm_app.rules.channels import COUNTER, ONLINE, OSS, staff_may_change_draft


@pytest.mark.parametrize(
	"channel, submitted, allowed",
	[
		(ONLINE, False, False),  # the applicant's own draft
		(ONLINE, True, True),  # submitted: each stage's holders act
		(COUNTER, False, True),  # the counter's own draft
		(OSS, False, True),
		(None, False, True),
	],
)
def test_an_online_draft_is_the_applicant_s_until_submitted(channel, submitted, allowed):
	assert staff_may_change_draft(channel, submitted) is allowed
