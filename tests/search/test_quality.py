"""Retrieval quality on the shared development corpus (skipped when ../shared is absent).

Ingests the dev documents and the seeds in-process with the real model, then scores the judged queries
with the same nDCG@10 as ../shared/eval/score_retrieval.py, per query kind and per mode.
"""

from __future__ import annotations

import json
import math

import pytest

from ingest.index.edge import EdgeIndex
from ingest.indexer import Indexer
from ingest.pipeline import Ingestor, iter_files
from ingest.query import vocabulary_from_store
from ingest.search import Searcher
from models.store import Store
from tests.conftest import SHARED

DEV = SHARED / "corpus" / "dev"
pytestmark = pytest.mark.skipif(not (DEV / "queries.jsonl").exists(), reason="../shared corpus not present")


def ndcg10(relevant: set[str], ranked: list[str]) -> float:
    ranked = list(dict.fromkeys(ranked))[:10]
    dcg = sum(1 / math.log2(i + 2) for i, f in enumerate(ranked) if f in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return dcg / ideal


@pytest.fixture(scope="module")
def scores(tmp_path_factory, encoder, extractor) -> dict[str, dict[str, float]]:
    root = tmp_path_factory.mktemp("quality")
    store = Store.open(f"sqlite:///{root / 'acervo.db'}")
    indexer = Indexer(EdgeIndex(root / "index"), encoder)
    indexer.ensure_collection()
    ingestor = Ingestor(store, extractor, max_file_bytes=50_000_000, indexer=indexer)
    for path in iter_files([DEV / "docs", SHARED / "corpus" / "seeds"]):
        assert ingestor.ingest_path(path).status == "ingested"
    ingestor.flush_index()
    searcher = Searcher(indexer.index, encoder, vocabulary=vocabulary_from_store(store))
    queries = [json.loads(line) for line in (DEV / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    table: dict[str, dict[str, float]] = {}
    for mode in ("hybrid", "dense", "sparse"):
        by_kind: dict[str, list[float]] = {}
        for item in queries:
            hits = searcher.search(item["query"], limit=10, mode=mode, by_document=True)
            value = ndcg10(set(item["relevant"]), [h.file_name for h in hits])
            by_kind.setdefault(item["kind"], []).append(value)
            by_kind.setdefault("all", []).append(value)
        table[mode] = {kind: sum(v) / len(v) for kind, v in by_kind.items()}
    for mode, row in table.items():
        print(mode, " ".join(f"{kind} {value:.3f}" for kind, value in sorted(row.items())))
    indexer.index.close()
    store.dispose()
    return table


def test_hybrid_meets_the_bar(scores) -> None:
    assert scores["hybrid"]["all"] >= 0.95
    assert scores["hybrid"]["filtered"] >= 0.90


def test_hybrid_is_at_least_each_side_alone(scores) -> None:
    assert scores["hybrid"]["all"] >= scores["dense"]["all"]
    assert scores["hybrid"]["all"] >= scores["sparse"]["all"]
