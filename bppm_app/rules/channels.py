"""How a file reached the office: an application's ``channel`` and a survey's ``respondent_channel``
(a complaint's channels are in ``rules.complaints``, whose counter is this one)."""

ONLINE, COUNTER, OSS = "Online", "Counter", "OSS"


def staff_may_change_draft(channel: str | None, submitted: bool) -> bool:
	"""An online draft is the applicant's own until they submit it: the office neither edits nor
	submits it for them (a walk-in is served with a counter application of its own). Counter drafts
	are the counter's; after submission, each stage's holders act."""
	return channel != ONLINE or submitted
