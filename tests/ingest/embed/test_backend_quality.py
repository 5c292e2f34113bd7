"""The int8 export, which `auto` runs by default, retrieves as well as float32 torch on the dev queries
(within 0.005 nDCG@10, hybrid and dense); skipped when ../shared is absent.

The dev corpus is parsed, extracted and chunked once; each backend then indexes the same chunks in its own
embedded index and answers every judged query.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.embed.encoder import DenseEncoder
from ingest.pipeline import Ingestor, iter_files
from ingest.search.evaluation import format_table, ndcg_by_kind
from ingest.search.index.edge import EdgeIndex
from ingest.search.indexer import Indexer
from ingest.search.query import vocabulary_from_store
from ingest.search.searcher import Searcher
from models.store import Store
from tests.conftest import SHARED

DEV = SHARED / "corpus" / "dev"
pytestmark = pytest.mark.skipif(not (DEV / "queries.jsonl").exists(), reason="../shared corpus not present")
TOLERANCE = 0.005


@pytest.fixture(scope="module")
def scores(tmp_path_factory, onnx_model_dir: Path, extractor) -> dict[str, dict[str, float]]:
    root = tmp_path_factory.mktemp("backend_quality")
    store = Store.open(f"sqlite:///{root / 'acervo.db'}")
    queries = [json.loads(line) for line in (DEV / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    table: dict[str, dict[str, float]] = {}
    for number, backend in enumerate(("torch", "onnx-int8")):
        encoder = DenseEncoder.load(str(onnx_model_dir), models_dir=onnx_model_dir.parent, backend=backend)
        indexer = Indexer(EdgeIndex(root / f"index-{number}"), encoder)
        if number == 0:
            indexer.ensure_collection()
            ingestor = Ingestor(store, extractor, max_file_bytes=50_000_000, indexer=indexer)
            for path in iter_files([DEV / "docs", SHARED / "corpus" / "seeds"]):
                assert ingestor.ingest_path(path).status == "ingested"
            ingestor.flush_index()
        else:
            assert sum(indexer.rebuild(store)) > 0
        searcher = Searcher(indexer.index, encoder, vocabulary=vocabulary_from_store(store))
        for mode in ("hybrid", "dense"):
            ranked = {
                q["query"]: [h.file_name for h in searcher.search(q["query"], limit=10, mode=mode, by_document=True)]
                for q in queries
            }
            table[f"{backend} {mode}"] = ndcg_by_kind(queries, ranked)
        indexer.index.close()
    store.dispose()
    print(format_table(table))
    return table


@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_int8_retrieves_as_well_as_float32(scores: dict[str, dict[str, float]], mode: str) -> None:
    # One-sided: int8 doing better than float32 is no reason to fail.
    assert scores[f"onnx-int8 {mode}"]["all"] >= scores[f"torch {mode}"]["all"] - TOLERANCE
