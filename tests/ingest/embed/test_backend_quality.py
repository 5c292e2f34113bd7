"""The backend `auto` runs (float32 ONNX passages, int8 queries) and the all-int8 one retrieve as well as
float32 torch on the dev queries (within 0.005 nDCG@10, hybrid and dense); skipped when ../shared is absent.

The dev corpus is parsed, extracted, chunked and indexed by float32 torch once per session (tests/conftest.py
`dev_archive`, shared with the retrieval-quality tests); each ONNX backend indexes the same stored chunks in
its own embedded index, and each answers every judged query.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.embed.encoder import DenseEncoder
from ingest.search.evaluation import format_table, ndcg_by_kind
from ingest.search.index.edge import EdgeIndex
from ingest.search.indexer import Indexer
from ingest.search.query import vocabulary_from_store
from ingest.search.searcher import Searcher
from models.store import Store
from tests.conftest import SHARED, DevArchive

DEV = SHARED / "corpus" / "dev"
pytestmark = pytest.mark.skipif(not (DEV / "queries.jsonl").exists(), reason="../shared corpus not present")
TOLERANCE = 0.005


@pytest.fixture(scope="module")
def scores(tmp_path_factory, dev_archive: DevArchive, encoder, onnx_model_dir: Path) -> dict[str, dict[str, float]]:
    store = Store.open(dev_archive.store_url)
    queries = [json.loads(line) for line in (DEV / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    vocabulary = vocabulary_from_store(store)
    sides = [("torch", EdgeIndex(dev_archive.index_dir), encoder)]
    for backend in ("auto", "onnx-int8"):
        model = DenseEncoder.load(str(onnx_model_dir), models_dir=onnx_model_dir.parent, backend=backend)
        indexer = Indexer(EdgeIndex(tmp_path_factory.mktemp("backend_quality") / "index"), model)
        assert sum(indexer.rebuild(store)) > 0
        sides.append((model.backend, indexer.index, model))
    assert [backend for backend, _, _ in sides] == ["torch", "onnx-int8-queries", "onnx-int8"]
    table: dict[str, dict[str, float]] = {}
    for backend, index, model in sides:
        searcher = Searcher(index, model, vocabulary=vocabulary)
        for mode in ("hybrid", "dense"):
            ranked = {
                q["query"]: [h.file_name for h in searcher.search(q["query"], limit=10, mode=mode, by_document=True)]
                for q in queries
            }
            table[f"{backend} {mode}"] = ndcg_by_kind(queries, ranked)
        index.close()
    store.dispose()
    print(format_table(table))
    return table


@pytest.mark.parametrize("backend", ["onnx-int8-queries", "onnx-int8"])
@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_onnx_backends_retrieve_as_well_as_float32(
    scores: dict[str, dict[str, float]], backend: str, mode: str
) -> None:
    # One-sided: doing better than float32 is no reason to fail.
    assert scores[f"{backend} {mode}"]["all"] >= scores[f"torch {mode}"]["all"] - TOLERANCE
