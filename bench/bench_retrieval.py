"""Retrieval quality side by side: nDCG@10 per query kind for hybrid, dense and sparse, and the result counts
of queries whose right answer is nothing, over seeds + dev + dev2 together.

    python -m bench.bench_retrieval                  # ingest ../shared's corpora into a temporary folder
    python -m bench.bench_retrieval --data DIR       # an ACERVO_DATA_DIR that already holds them
    python -m bench.bench_retrieval --calibrate      # also the cosine levels the result-set threshold is set from
    python -m bench.bench_retrieval --data DIR --backends torch,onnx-int8   # the same, per embedding backend

Query sets: ../shared/corpus/dev/queries.jsonl and bench/queries/hard.jsonl (written before tuning; its
"nothing" queries have no relevant document, and score 1 only when nothing is returned). Skips, saying so,
when ../shared is absent. Every query runs through `ingest.search.api.search`, the path of the API and CLI.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = [SHARED / "corpus" / "seeds", SHARED / "corpus" / "dev" / "docs", SHARED / "corpus" / "dev2" / "docs"]
QUERY_SETS = {"dev": SHARED / "corpus" / "dev" / "queries.jsonl", "hard": ROOT / "bench" / "queries" / "hard.jsonl"}
MODES = ("hybrid", "dense", "sparse")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def retrieval_settings(data_dir: Path, backend: str = "auto") -> Settings:
    """The data folder's settings with the encoder a deployment runs (`bench.prepared`)."""
    from bench.prepared import prepared_model
    from models.settings import Settings

    model = prepared_model()
    return Settings(data_dir=data_dir, embed_backend=backend, **({"embed_model": model} if model else {}))


def ingest_corpora(data_dir: Path) -> None:
    from ingest.extract import Extractor
    from ingest.pipeline import Ingestor, iter_files
    from ingest.search.engine import open_indexer
    from models.store import Store

    settings = retrieval_settings(data_dir)
    store = Store.open(settings.store_url)
    indexer = open_indexer(settings)
    indexer.ensure_collection()
    ingestor = Ingestor(store, Extractor(settings.spacy_model), max_file_bytes=settings.max_file_bytes,
                        indexer=indexer)
    files = list(iter_files(CORPORA))
    for number, path in enumerate(files, start=1):
        outcome = ingestor.ingest_path(path)
        print(f"\r  ingest {number}/{len(files)} {outcome.status:9s} {path.name[:60]:60s}", end="", file=sys.stderr)
    ingestor.flush_index()
    indexer.close()
    store.dispose()
    print(file=sys.stderr)


def run(data_dir: Path, calibrate: bool, backend: str = "auto") -> dict[str, dict]:
    """Print the per-kind tables of each query set; return them."""
    from ingest.search.api import SearchRequest, search
    from ingest.search.engine import open_searcher
    from ingest.search.evaluation import format_table, ndcg_by_kind
    from models.store import Store

    settings = retrieval_settings(data_dir, backend)
    store = Store.open(settings.store_url)
    searcher = open_searcher(settings, store)
    tables: dict[str, dict] = {}
    for name, path in QUERY_SETS.items():
        if not path.exists():
            print(f"{name}: {path} is missing, skipped")
            continue
        items = load(path)
        table, totals = {}, {}
        for mode in MODES:
            ranked = {}
            for item in items:
                page = search(searcher, store, SearchRequest(item["query"], limit=10, mode=mode))
                ranked[item["query"]] = [h.hit.file_name for h in page.hits]
                totals[(mode, item["query"])] = page.total
            table[mode] = ndcg_by_kind(items, ranked)
        tables[name] = table
        print(f"\n== {name}: {len(items)} queries (nDCG@10 by kind, {searcher.encoder.backend})")
        print(format_table(table))
        nothing = [item["query"] for item in items if not item["relevant"]]
        if nothing:
            print("\nresult counts of the queries whose right answer is nothing (hybrid, dense, sparse):")
            for query in nothing:
                print(f"  {query[:50]:50s} " + " ".join(f"{totals[(m, query)]:4d}" for m in MODES))
        judged = [item for item in items if item["relevant"]]
        counts = [totals[("hybrid", item["query"])] for item in judged]
        print(f"\nhybrid result-set size over judged queries: median {statistics.median(counts):.0f},"
              f" max {max(counts)}, of {store_count(store)} documents")
        if calibrate:
            print_calibration(searcher, items)
    searcher.index.close()
    store.dispose()
    return tables


def compare_backends(data_dir: Path, backends: list[str]) -> None:
    """Each backend indexes the same stored documents in a folder of its own and answers every query set;
    then hybrid nDCG@10 of each next to the first backend's."""
    import shutil

    from ingest.search.engine import open_indexer
    from models.store import Store

    results = {}
    for backend in backends:
        folder = Path(tempfile.mkdtemp(prefix=f"acervo-{backend}-")) / "data"
        folder.mkdir(parents=True)
        shutil.copy(data_dir / "acervo.db", folder / "acervo.db")
        settings = retrieval_settings(folder, backend)
        store = Store.open(settings.store_url)
        indexer = open_indexer(settings)
        for _ in indexer.rebuild(store):
            pass
        indexer.close()
        store.dispose()
        results[backend] = run(folder, False, backend)
        shutil.rmtree(folder.parent, ignore_errors=True)
    first = backends[0]
    print(f"\n== hybrid nDCG@10 by backend (difference from {first})")
    for name in results[first]:
        for backend in backends:
            value = results[backend][name]["hybrid"]["all"]
            delta = value - results[first][name]["hybrid"]["all"]
            print(f"  {name:5s} {backend:10s} {value:.4f} ({delta:+.4f})")


def store_count(store) -> int:
    from models import tables

    return store.count(tables.Document)


def print_calibration(searcher, items: list[dict]) -> None:
    """The best cosine among relevant documents' chunks and the best among the rest, per query."""
    from ingest.search.index import Prefetch
    from ingest.search.searcher import CANDIDATES

    relevant_best, other_best, nothing_best = [], [], []
    for item in items:
        scores: dict[str, float] = {}
        vector = searcher.encoder.encode_query(item["query"])
        for point in searcher.index.query([Prefetch("dense", vector, CANDIDATES)], limit=CANDIDATES):
            name = point.payload.get("file_name")
            scores[name] = max(scores.get(name, 0.0), point.score)
        wanted = set(item["relevant"])
        if not wanted:
            nothing_best.append(max(scores.values(), default=0.0))
            continue
        relevant_best += [scores[f] for f in wanted if f in scores]
        other_best.append(max((s for f, s in scores.items() if f not in wanted), default=0.0))
    for label, values in (("relevant", relevant_best), ("best other", other_best), ("nothing", nothing_best)):
        if values:
            q = statistics.quantiles(values, n=10) if len(values) > 1 else values
            print(f"  cosine {label:10s} n={len(values):3d} min {min(values):.3f} p10 {q[0]:.3f}"
                  f" median {statistics.median(values):.3f} max {max(values):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="an ACERVO_DATA_DIR that already holds the corpora")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--backends", help="e.g. torch,onnx-int8: reindex the --data documents with each and compare")
    args = parser.parse_args()
    if not all(folder.is_dir() for folder in CORPORA):
        print("skipped: ../shared/corpus is not here")
        return
    from ingest.search.engine import runtime_defaults

    runtime_defaults()
    data_dir = args.data
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="acervo-retrieval-")) / "data"
        ingest_corpora(data_dir)
    if args.backends:
        compare_backends(data_dir, args.backends.split(","))
    else:
        run(data_dir, args.calibrate)


if __name__ == "__main__":
    main()
