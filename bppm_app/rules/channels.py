"""How a file reached the office: an application's ``channel`` and a survey's ``respondent_channel``
(a complaint's channels are in ``rules.complaints``, whose counter is this one)."""

ONLINE, COUNTER, OSS = "Online", "Counter", "OSS"
