"""The int8 export, which `auto` runs by default, retrieves as well as float32 torch on the dev queries
(within 0.005 nDCG@10, hybrid and dense); skipped when ../shared is absent.

The dev corpus is parsed, extracted, chunked and indexed by float32 torch once per session (tests/conftest.py
`dev_archive`, shared with the retrieval-quality tests); int8 indexes the same stored chunks in its own embedded
index, and each answers every judged query.
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
    int8 = DenseEncoder.load(str(onnx_model_dir), models_dir=onnx_model_dir.parent, backend="onnx-int8")
    assert (encoder.backend, int8.backend) == ("torch", "onnx-int8")
    int8_index = Indexer(EdgeIndex(tmp_path_factory.mktemp("backend_quality") / "index"), int8)
    assert sum(int8_index.rebuild(store)) > 0
    table: dict[str, dict[str, float]] = {}
    sides = (("torch", EdgeIndex(dev_archive.index_dir), encoder), ("onnx-int8", int8_index.index, int8))
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


@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_int8_retrieves_as_well_as_float32(scores: dict[str, dict[str, float]], mode: str) -> None:
    # One-sided: int8 doing better than float32 is no reason to fail.
    assert scores[f"onnx-int8 {mode}"]["all"] >= scores[f"torch {mode}"]["all"] - TOLERANCE
