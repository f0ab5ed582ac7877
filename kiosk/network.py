"""Where an address can be reached from: what a printed QR code's base URL reaches (a phone
on mobile data, or only the center's Wi-Fi), and which client addresses belong to the center's
own networks (KIOSK_STAFF_NETWORKS), and this machine's LAN address. No Flask, no DNS."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from urllib.parse import urlsplit

# Names that only a local network resolves: mDNS, home routers, RFC 8375, private zones.
LOCAL_SUFFIXES = (".local", ".lan", ".home", ".home.arpa", ".internal", ".intranet", ".corp")
LOOPBACK_NAMES = ("localhost", ".localhost")

# The default KIOSK_STAFF_NETWORKS: this machine, RFC 1918, link-local and unique-local IPv6.
PRIVATE_NETWORKS = (
    "127.0.0.0/8",
    "::1/128",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "169.254.0.0/16",
    "fc00::/7",
    "fe80::/10",
)


class Reach(StrEnum):
    """Who can open a link on a base URL."""

    PUBLIC_HTTPS = "public_https"  # any phone, any network, encrypted
    PUBLIC_HTTP = "public_http"  # any phone, any network, but plain HTTP
    CENTER_NETWORK = "center_network"  # only phones on the center's network (Wi-Fi)
    LOOPBACK = "loopback"  # only this machine: refused for printed codes
    INVALID = "invalid"  # not an http(s) address with a host

    @property
    def public(self) -> bool:
        return self in (Reach.PUBLIC_HTTPS, Reach.PUBLIC_HTTP)


def reach_of(base_url: str | None) -> Reach:
    """Classify a public base URL by its host, without asking DNS (a center offline still
    gets an answer): an IP literal by its range, a name by its form (`localhost`, `.local`
    and the like, or a single label such as `kiosk-pc`, are local)."""
    parts = urlsplit(base_url or "")
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or not host:
        return Reach.INVALID
    try:
        address = ip_address(host)
    except ValueError:
        if host == LOOPBACK_NAMES[0] or host.endswith(LOOPBACK_NAMES[1]):
            return Reach.LOOPBACK
        if "." not in host or host.endswith(LOCAL_SUFFIXES):
            return Reach.CENTER_NETWORK
    else:
        if address.is_loopback or address.is_unspecified:
            return Reach.LOOPBACK
        if not address.is_global:
            return Reach.CENTER_NETWORK
    return Reach.PUBLIC_HTTPS if parts.scheme == "https" else Reach.PUBLIC_HTTP


def lan_address() -> str:
    """This machine's address on the local network, else 127.0.0.1. A UDP socket is only
    connected, which picks the outgoing interface: no packet is sent, nothing is resolved."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def reach_sentence(base_url: str) -> str:
    """For the command line (`kiosk serve`, `kiosk posters`): who can open printed codes."""
    reach = reach_of(base_url)
    if reach is Reach.CENTER_NETWORK:
        return (
            f"QR codes open only on the center's Wi-Fi: {base_url} is an address of the center's"
            " own network, which phones on mobile data or at home cannot reach"
            " (docs/posters.md says how to reach them anywhere)."
        )
    if reach is Reach.PUBLIC_HTTP:
        return f"QR codes open on any network, over plain HTTP: {base_url}"
    if reach is Reach.PUBLIC_HTTPS:
        return f"QR codes open on any network: {base_url}"
    return f"QR codes cannot be opened by phones: {base_url} is not an address they reach."


Network = IPv4Network | IPv6Network


class NetworkListError(ValueError):
    """A KIOSK_STAFF_NETWORKS entry that is not a network."""


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """CIDR ranges or single addresses, e.g. ["192.168.1.0/24", "10.8.0.5"]."""
    networks = []
    for entry in entries:
        try:
            networks.append(ip_network(entry.strip(), strict=False))
        except ValueError as bad:
            raise NetworkListError(f"{entry!r} is not a network (e.g. 192.168.1.0/24)") from bad
    return tuple(networks)


def within(address: str | None, networks: Iterable[Network]) -> bool:
    """Whether a client address lies in one of the networks (an IPv4-mapped IPv6 address
    counts as its IPv4 address)."""
    try:
        client = ip_address((address or "").split("%")[0])
    except ValueError:
        return False
    if client.version == 6 and client.ipv4_mapped:
        client = client.ipv4_mapped
    return any(client.version == net.version and client in net for net in networks)
