"""Which address a request really comes from. Plain functions, no database.

A client can write anything into ``X-Forwarded-For``; only the entries that a trusted reverse proxy
appended can be believed. So the header is read only when the connection itself comes from a
trusted proxy, and then from the right: each trusted hop is skipped, and the first address that is
not a trusted proxy is the client (nginx's ``$proxy_add_x_forwarded_for`` appends the address it
saw, so whatever the client claimed stays on the left, unread).
"""

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str] | str | None) -> list[Network]:
	"""``["127.0.0.1", "10.0.0.0/8"]`` (or a comma-separated string) → networks; junk is skipped."""
	if isinstance(values, str):
		values = values.split(",")
	networks = []
	for value in values or ():
		try:
			networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
		except ValueError:
			continue
	return networks


def _address(value: str | None):
	try:
		return ipaddress.ip_address((value or "").strip())
	except ValueError:
		return None


def is_trusted(address, networks: list[Network]) -> bool:
	return address is not None and any(address in network for network in networks)


def client_ip(remote_addr: str | None, forwarded_for: str | None, trusted: list[Network]) -> str:
	"""The client's address: the connection's peer, unless that peer is a trusted proxy; then the
	right-most address in ``forwarded_for`` that is not itself a trusted proxy. A malformed entry
	where the client would be ends the walk: the last trusted hop is answered instead."""
	peer = _address(remote_addr)
	if peer is None:
		return "0.0.0.0"
	if not is_trusted(peer, trusted) or not forwarded_for:
		return str(peer)
	current = peer
	for entry in reversed(forwarded_for.split(",")):
		hop = _address(entry)
		if hop is None:
			break
		current = hop
		if not is_trusted(hop, trusted):
			break
	return str(current)


def counted_as(address: str | None) -> str:
	"""The client as the per-address limits count it: an IPv4 address as it is (also when written as
	IPv4-mapped IPv6), an IPv6 address as its /64 network, which one subscriber gets whole and
	could otherwise spend address by address; anything else as given ("-" for none)."""
	try:
		ip = ipaddress.ip_address((address or "").strip())
	except ValueError:
		return address or "-"
	if ip.version == 6 and ip.ipv4_mapped:
		return str(ip.ipv4_mapped)
	if ip.version == 6:
		return str(ipaddress.ip_network(f"{ip}/64", strict=False))
	return str(ip)
