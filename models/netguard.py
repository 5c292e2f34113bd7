"""Outbound URLs the server may post to (webhooks): resolved, and refused when they reach this machine,
its cloud metadata service or a private network, unless an allow-list names them.

The addresses a URL is checked at are the ones to connect to (worker/webhooks.py pins the connection to
them): resolving the name again to connect would let a name that changes between the two answers (DNS
rebinding) reach an address that was never checked. The resolver is a parameter, so that tests can answer
for names no real DNS holds."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


# (host, port) -> the addresses the name stands for, as text; socket.gaierror when it does not resolve.
Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """The system's answer (getaddrinfo), which reads every form a client would: decimal 2130706433, 0x7f.1,
    [::ffff:127.0.0.1]."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


class BlockedUrl(ValueError):
    """A URL the server must not post to; the message says why (one line)."""


def _kind(ip: IpAddress) -> str | None:
    """What makes `ip` off limits, or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        # Shared (100.64/10), documentation, reserved and benchmark ranges: nothing a receiver lives on.
        return "non-public"
    return None


def _allowed(host: str, port: int, ip: IpAddress | None, allow: Collection[str]) -> bool:
    for entry in allow:
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry in (host, f"{host}:{port}"):
            return True
        if ip is not None:
            try:
                if ip in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue
    return False


def check_url(url: str, allow: Collection[str] = (), resolve: Resolver = system_resolver) -> list[IpAddress]:
    """Resolve `url`'s host once and return its addresses, the ones to connect to; raise BlockedUrl when the
    scheme is not http(s), the host does not resolve, or any address is loopback, link-local, private,
    multicast or unspecified.

    `allow` holds host names, `host:port` pairs or networks (`127.0.0.1/32`) that are let through anyway; a
    host allowed by name is not resolved (the list is empty) and may be reached at whatever it resolves to."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedUrl(f"only http and https URLs are allowed, not {parts.scheme or 'none'!r}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise BlockedUrl("the URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise BlockedUrl(f"invalid port: {exc}") from None
    if _allowed(host, port, None, allow):
        return []
    try:
        answers = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise BlockedUrl(f"{host} does not resolve ({exc})") from None
    if not answers:
        raise BlockedUrl(f"{host} does not resolve (no address)")
    addresses: list[IpAddress] = []
    for answer in answers:
        try:
            ip = ipaddress.ip_address(answer.split("%")[0])
        except ValueError:
            raise BlockedUrl(f"{host} resolves to {answer!r}, not an address") from None
        kind = _kind(ip)
        if kind and not _allowed(host, port, ip, allow):
            raise BlockedUrl(f"{host} resolves to a {kind} address; webhooks may only post to public addresses")
        if ip not in addresses:
            addresses.append(ip)
    return addresses


def parse_allow_list(value: str | None) -> tuple[str, ...]:
    """The comma-separated allow-list setting as entries."""
    return tuple(e.strip().lower() for e in (value or "").split(",") if e.strip())
