"""The client's address behind (or without) a trusted reverse proxy."""

import pytest

from bppm_app.rules.client_ip import client_ip, counted_as, parse_networks

PROXY = parse_networks(["127.0.0.1", "10.0.0.0/8"])


def test_without_a_trusted_proxy_the_header_is_ignored():
	assert client_ip("203.0.113.9", "1.2.3.4", PROXY) == "203.0.113.9"
	assert client_ip("203.0.113.9", "1.2.3.4", []) == "203.0.113.9"
	assert client_ip("127.0.0.1", "1.2.3.4", []) == "127.0.0.1"


def test_behind_the_proxy_the_address_it_appended_is_the_client():
	assert client_ip("127.0.0.1", "198.51.100.7", PROXY) == "198.51.100.7"


@pytest.mark.parametrize("claimed", ["1.1.1.1", "1.1.1.1, 2.2.2.2", "not-an-ip", "10.0.0.5"])
def test_what_the_client_claims_on_the_left_is_never_read(claimed):
	# nginx appends the peer it saw: "<whatever the client sent>, <real client>"
	assert client_ip("127.0.0.1", f"{claimed}, 198.51.100.7", PROXY) == "198.51.100.7"


def test_chained_trusted_proxies_are_skipped_from_the_right():
	assert client_ip("10.1.1.1", "198.51.100.7, 10.2.2.2", PROXY) == "198.51.100.7"


def test_only_trusted_hops_means_the_furthest_hop():
	assert client_ip("127.0.0.1", "10.2.2.2", PROXY) == "10.2.2.2"


def test_a_malformed_entry_stops_the_walk():
	assert client_ip("127.0.0.1", "198.51.100.7, <script>", PROXY) == "127.0.0.1"


def test_ipv6_and_bad_peers():
	assert client_ip("::1", "2001:db8::1", parse_networks("::1")) == "2001:db8::1"
	assert client_ip(None, "1.2.3.4", PROXY) == "0.0.0.0"


def test_networks_from_config_skip_junk():
	assert [str(n) for n in parse_networks("127.0.0.1, junk, 10.0.0.0/8")] == ["127.0.0.1/32", "10.0.0.0/8"]


@pytest.mark.parametrize(
	"address, counted",
	[
		("198.51.100.7", "198.51.100.7"),
		("::ffff:198.51.100.7", "198.51.100.7"),  # the same IPv4 client, written as IPv6
		("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
		("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),  # one subscriber's /64: one client
		("2001:db8:1:3::1", "2001:db8:1:3::/64"),
		(None, "-"),
		("unknown", "unknown"),
	],
)
def test_the_per_address_limits_count_an_ipv6_subscriber_once(address, counted):
	assert counted_as(address) == counted
