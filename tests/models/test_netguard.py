"""The URL guard asks its resolver once and returns the addresses it checked (the ones to connect to)."""

from __future__ import annotations

import socket

import pytest

from models.netguard import BlockedUrl, check_url


def answering(*addresses: str):
    asked: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return list(addresses)

    return resolve, asked


def test_the_checked_addresses_are_returned_once_each_in_the_resolvers_order() -> None:
    resolve, asked = answering("93.184.216.34", "2606:2800:220:1::1", "93.184.216.34")
    found = check_url("https://Avisos.Ejemplo.test./recibir", resolve=resolve)
    assert [str(ip) for ip in found] == ["93.184.216.34", "2606:2800:220:1::1"]
    assert asked == [("avisos.ejemplo.test", 443)]


@pytest.mark.parametrize(
    ("answers", "words"),
    [((), "no address"), (("no-es-una-ip",), "not an address"), (("93.184.216.34", "10.0.0.7"), "private")],
)
def test_an_empty_odd_or_inside_answer_is_refused(answers: tuple[str, ...], words: str) -> None:
    resolve, _ = answering(*answers)
    with pytest.raises(BlockedUrl, match=words):
        check_url("http://avisos.ejemplo.test:8080/", resolve=resolve)


def test_a_name_that_does_not_resolve_is_refused() -> None:
    def fails(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(BlockedUrl, match="does not resolve"):
        check_url("http://avisos.ejemplo.test/", resolve=fails)


def test_a_host_the_allow_list_names_is_not_resolved() -> None:
    resolve, asked = answering("127.0.0.1")
    assert check_url("http://receptor.interno:9000/", ("receptor.interno:9000",), resolve) == []
    assert asked == []
    # Allowed by network: resolved, checked against the network, and returned to be connected to.
    assert [str(ip) for ip in check_url("http://receptor.interno:9000/", ("127.0.0.0/8",), resolve)] == ["127.0.0.1"]
