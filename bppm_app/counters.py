"""The app's own counters in Redis, for the limits that Frappe's ``rate_limit`` (which counts calls of
a whitelisted method per client) cannot express: refused bank notices and OSS calls per address,
wrong tracking PINs per registration number, identity numbers tried per portal user, and the public
pages' requests per action and address. One window per counter: it starts with the first count and
ends ``seconds`` later."""

import frappe

from bppm_app.rules.client_ip import counted_as


def key(name: str) -> str:
	return frappe.cache.make_key(f"bppm:{name}")


def count(name: str, seconds: int) -> int:
	"""Count one more in ``name``'s window; returns the count so far."""
	cache_key = key(name)
	counted = frappe.cache.incr(cache_key)
	if counted == 1:
		frappe.cache.expire(cache_key, seconds)
	return counted


def current(name: str) -> int:
	return int(frappe.cache.get(key(name)) or 0)


def client() -> str:
	"""The client as the per-address counters count it: its address as ``web.client`` resolved it
	(a header cannot pick a new one), an IPv6 one as its /64 (``rules.client_ip.counted_as``)."""
	return counted_as(getattr(frappe.local, "request_ip", None))
