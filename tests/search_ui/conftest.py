"""A live Acervo for the browser tests: a real uvicorn server on a loopback port, over a data directory
with the example documents ingested and indexed, reading open (staff on the local network), the
embedded queue with its worker, and an ingest key for the upload page. Debian's chromium driven by
Playwright; screenshots go to tests/search_ui/artifacts/ (or ACERVO_UI_ARTIFACTS)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT, live_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(os.environ.get("ACERVO_UI_ARTIFACTS") or ROOT / "tests" / "search_ui" / "artifacts")


@dataclass(frozen=True)
class Live:
    url: str
    ingest_key: str
    store_url: str


@pytest.fixture(scope="package")
def live(tmp_path_factory: pytest.TempPathFactory, e5_model_dir: Path, extractor) -> Iterator[Live]:
    from ingest.pipeline import Ingestor, iter_files
    from ingest.search.engine import open_indexer
    from models.apikeys import create_key
    from models.settings import Settings
    from models.store import Store

    settings = Settings(data_dir=tmp_path_factory.mktemp("ui") / "data", embed_model=str(e5_model_dir), open_read=True)
    store = Store.open(settings.store_url)
    key = create_key(store, "personal de planeación", ["read", "ingest"])[0]
    indexer = open_indexer(settings)
    indexer.ensure_collection()
    ingestor = Ingestor(store, extractor, max_file_bytes=settings.max_file_bytes, indexer=indexer,
                        keep_dir=settings.uploads_dir)
    outcomes = [ingestor.ingest_path(path) for path in iter_files([ROOT / "examples"])]
    ingestor.flush_index()
    indexer.close()
    store.dispose()
    assert {o.status for o in outcomes} == {"ingested"}, outcomes

    with live_server(settings) as url:
        yield Live(url=url + "/", ingest_key=key, store_url=settings.store_url)


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Tab:
    """A browser page on the live server that records console errors and uncaught exceptions."""

    page: object
    base: str
    errors: list[str] = field(default_factory=list)

    def open(self, route: str = "") -> None:
        self.page.goto(self.base + route)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def overflow(self) -> int:
        """How many CSS pixels the page is wider than the window (0: no horizontal scrolling)."""
        return self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")

    def assert_clean(self) -> None:
        assert self.errors == [], "console errors: " + "; ".join(self.errors)


def _tab(browser, live: Live, width: int, height: int) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(20_000)
    tab = Tab(page=page, base=live.url)
    page.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
    yield tab
    context.close()


@pytest.fixture
def tab(browser, live: Live) -> Iterator[Tab]:
    yield from _tab(browser, live, 1280, 900)


@pytest.fixture
def narrow(browser, live: Live) -> Iterator[Tab]:
    yield from _tab(browser, live, 360, 780)
