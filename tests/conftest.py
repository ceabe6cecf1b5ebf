"""Root of the test suite: reports which tiers ran and how they did."""

import collections

# the site fixtures shared by the integration and browser tiers (nothing autouse: units stay offline)
pytest_plugins = ["tests.site"]

TIERS = ("unit", "integration", "security", "erpnext", "browser", "resilience")


def _tier(nodeid: str) -> str:
	for tier in TIERS:
		if nodeid.startswith(f"tests/{tier}/"):
			return tier
	return "other"


# the resilience tier checks the stack as it came up before it breaks it: the fault drill last
RESILIENCE_ORDER = ("test_stack", "test_stateless", "test_replica", "test_backup", "test_drill")


def _within_tier(nodeid: str) -> int:
	module = nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
	return RESILIENCE_ORDER.index(module) if module in RESILIENCE_ORDER else 0


def pytest_collection_modifyitems(session, config, items):
	"""Unit tier first, however pytest was invoked: it must run before anything connects to a site."""
	order = {tier: index for index, tier in enumerate(TIERS)}
	items.sort(key=lambda item: (order.get(_tier(item.nodeid), len(TIERS)), _within_tier(item.nodeid)))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
	counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
	for outcome in ("passed", "failed", "error", "skipped"):
		for report in terminalreporter.stats.get(outcome, []):
			if getattr(report, "when", "call") in ("call", "setup") and hasattr(report, "nodeid"):
				if outcome == "passed" and report.when != "call":
					continue
				counts[_tier(report.nodeid)][outcome] += 1
	terminalreporter.section("bppm_app test tiers")
	for tier in (*TIERS, "other"):
		if tier == "other" and tier not in counts:
			continue
		c = counts.get(tier, collections.Counter())
		ran = sum(c.values())
		line = ", ".join(f"{c[o]} {o}" for o in ("passed", "failed", "error", "skipped") if c[o])
		terminalreporter.write_line(f"{tier:<12} {'ran' if ran else 'DID NOT RUN'}: {line or 'no tests'}")
