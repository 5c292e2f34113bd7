"""The job status while a scanned file is read page by page."""

from __future__ import annotations

from service.routes.jobs import _pages


def test_the_page_being_read_is_parsed_from_the_stage() -> None:
    assert _pages("parsing 3/100") == (3, 100)
    assert _pages("parsing") == (None, None)
    assert _pages("extracting") == (None, None)
    assert _pages("parsing x/y") == (None, None)
