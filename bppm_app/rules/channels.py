"""How a file reached the office: an application's ``channel`` and a survey's ``respondent_channel``
(a complaint's channels are in ``rules.complaints``, whose counter is this one)."""

ONLINE, COUNTER, OSS = "Online", "Counter", "OSS"


# what the office may set on an applicant's online draft: the link to the business's investment
# (LKPM), which the portal's form does not ask for
OFFICE_LINKS_ON_ONLINE_DRAFTS = frozenset({"investment"})


def staff_may_change_draft(channel: str | None, submitted: bool, changed: set[str] | frozenset) -> bool:
	"""An online draft is the applicant's own until they submit it: the office neither edits nor
	submits it for them (a walk-in is served with a counter application of its own); it may only
	link the investment. Counter drafts are the counter's; after submission, each stage's holders
	act."""
	return channel != ONLINE or submitted or set(changed) <= OFFICE_LINKS_ON_ONLINE_DRAFTS
