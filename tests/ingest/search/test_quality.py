"""Retrieval quality on the shared development corpus (skipped when ../shared is absent).

Reads the dev documents and the seeds as the session ingested them in-process with the real model
(tests/conftest.py `dev_archive`), then scores the judged queries
with the same nDCG@10 as ../shared/eval/score_retrieval.py, per query kind and per mode.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from ingest.search.evaluation import format_table, ndcg_by_kind
from ingest.search.index.edge import EdgeIndex
from ingest.search.indexer import passage_text
from ingest.search.query import vocabulary_from_store
from ingest.search.searcher import Searcher
from models import tables
from models.store import Store
from tests.conftest import SHARED, DevArchive

DEV = SHARED / "corpus" / "dev"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (DEV / "queries.jsonl").exists(), reason="../shared corpus not present"),
]


@pytest.fixture(scope="module")
def scores(dev_archive: DevArchive, encoder) -> dict[str, dict[str, float]]:
    store = Store.open(dev_archive.store_url)
    index = EdgeIndex(dev_archive.index_dir)
    with store.session() as db:
        documents = db.scalars(select(tables.Document)).all()
        longest = max(encoder.count_tokens(passage_text(d, c)) for d in documents for c in d.chunks)
    # Every passage, with its title and section, fits the model's input: nothing is truncated.
    assert longest + encoder.prompt_tokens() <= encoder.max_tokens
    searcher = Searcher(index, encoder, vocabulary=vocabulary_from_store(store))
    queries = [json.loads(line) for line in (DEV / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    table = {}
    for mode in ("hybrid", "dense", "sparse"):
        ranked = {
            item["query"]: [h.file_name for h in searcher.search(item["query"], limit=10, mode=mode, by_document=True)]
            for item in queries
        }
        table[mode] = ndcg_by_kind(queries, ranked)
    print(format_table(table))
    index.close()
    store.dispose()
    return table


def test_hybrid_meets_the_bar(scores) -> None:
    assert scores["hybrid"]["all"] >= 0.95
    assert scores["hybrid"]["filtered"] >= 0.90


def test_hybrid_is_at_least_each_side_alone(scores) -> None:
    assert scores["hybrid"]["all"] >= scores["dense"]["all"]
    assert scores["hybrid"]["all"] >= scores["sparse"]["all"]
