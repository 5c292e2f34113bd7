"""Outbound URLs the server may post to (webhooks): resolved, and refused when they reach this machine,
its cloud metadata service or a private network, unless an allow-list names them."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Collection
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


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


def check_url(url: str, allow: Collection[str] = ()) -> list[IpAddress]:
    """Resolve `url`'s host and return its addresses; raise BlockedUrl when the scheme is not http(s), the
    host does not resolve, or any address is loopback, link-local, private, multicast or unspecified.

    `allow` holds host names, `host:port` pairs or networks (`127.0.0.1/32`) that are let through anyway."""
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
        # getaddrinfo reads every form a client would (decimal 2130706433, 0x7f.1, [::ffff:127.0.0.1]).
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise BlockedUrl(f"{host} does not resolve ({exc})") from None
    addresses: list[IpAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        kind = _kind(ip)
        if kind and not _allowed(host, port, ip, allow):
            raise BlockedUrl(f"{host} resolves to a {kind} address; webhooks may only post to public addresses")
        addresses.append(ip)
    return addresses


def parse_allow_list(value: str | None) -> tuple[str, ...]:
    """The comma-separated allow-list setting as entries."""
    return tuple(e.strip().lower() for e in (value or "").split(",") if e.strip())
