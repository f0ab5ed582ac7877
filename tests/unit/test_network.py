"""What a printed code's address reaches, and which client addresses are the center's own."""

from __future__ import annotations

import pytest

from kiosk.network import (
    PRIVATE_NETWORKS,
    NetworkListError,
    Reach,
    parse_networks,
    reach_of,
    within,
)


@pytest.mark.parametrize(
    ("url", "reach"),
    [
        ("https://dichvucong.quangnam.gov.vn/kiosk/", Reach.PUBLIC_HTTPS),
        ("http://hcc.phuongbinhthanh.vn", Reach.PUBLIC_HTTP),
        # A documentation range is not global: no phone outside would reach it.
        ("https://203.0.113.10:8443/", Reach.CENTER_NETWORK),
        ("http://8.8.8.8/", Reach.PUBLIC_HTTP),
        ("http://192.168.1.10:8080/", Reach.CENTER_NETWORK),
        ("http://10.0.0.5/", Reach.CENTER_NETWORK),
        ("http://172.20.3.4/", Reach.CENTER_NETWORK),
        ("http://169.254.10.1/", Reach.CENTER_NETWORK),
        ("http://[fd00::5]:8080/", Reach.CENTER_NETWORK),
        ("http://kiosk-pc:8080/", Reach.CENTER_NETWORK),
        ("http://kiosk.local/", Reach.CENTER_NETWORK),
        ("https://hcc.home.arpa/", Reach.CENTER_NETWORK),
        ("http://127.0.0.1:8080/", Reach.LOOPBACK),
        ("http://localhost:8080/", Reach.LOOPBACK),
        ("http://kiosk.localhost/", Reach.LOOPBACK),
        ("http://[::1]/", Reach.LOOPBACK),
        ("http://0.0.0.0:8080/", Reach.LOOPBACK),
        ("ftp://example.vn/", Reach.INVALID),
        ("", Reach.INVALID),
        (None, Reach.INVALID),
    ],
)
def test_a_base_url_is_classified_by_who_can_open_it(url, reach):
    assert reach_of(url) is reach


def test_only_public_names_and_addresses_are_public():
    assert Reach.PUBLIC_HTTPS.public and Reach.PUBLIC_HTTP.public
    assert not Reach.CENTER_NETWORK.public and not Reach.LOOPBACK.public


def test_client_addresses_are_matched_against_the_staff_networks():
    private = parse_networks(PRIVATE_NETWORKS)
    assert within("192.168.1.20", private)
    assert within("10.1.2.3", private)
    assert within("127.0.0.1", private)
    assert within("::1", private)
    assert within("::ffff:192.168.1.20", private)  # IPv4-mapped, as a dual-stack socket says it
    assert within("fe80::1%eth0", private)
    assert not within("203.0.113.7", private)
    assert not within("2001:db8::1", private)
    assert not within("", private) and not within(None, private) and not within("junk", private)
    office = parse_networks(["10.8.0.0/24", "192.168.5.7"])
    assert within("10.8.0.200", office) and within("192.168.5.7", office)
    assert not within("192.168.5.8", office)


def test_a_wrong_network_entry_is_named():
    with pytest.raises(NetworkListError, match="192.168.1.0/33"):
        parse_networks(["192.168.1.0/33"])
