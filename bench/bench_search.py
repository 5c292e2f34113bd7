"""Search latency and RAM at 100k (and 300k) chunks, on the embedded default. Ingest throughput next to the
bare encoder, and ingest's peak RSS at several archive sizes, are bench/bench_embed.py's.

Usage: python -m bench.bench_search [--chunks N [N ...]] [--queries N] [--model DIR] [--keep DIR] [--vectors KIND]

N chunks go into a Qdrant Edge shard (under a temporary folder, or built once under --keep DIR and
  reused). Their sparse vectors are real (the Spanish analyzer over synthetic Spanish passages built from a
  municipal-planning vocabulary); their dense vectors, with `--vectors e5` (the default), the deployment's
  encoder's embeddings of each passage's first 32 words (18 to 30 minutes per 100k chunks on 2 cores, once
  with --keep), with `--vectors random` random unit vectors (quick, but a cloud with no neighbourhoods, where
  the search graph finds under half of the exact neighbours and saves nothing over a scan); their payload
  realistic (document, institution, body, doc type, date spread over 2010-2024, page, a 400-character text).
  Each query then runs the one search path (`ingest.search.api.search`, as the API and the CLI do) with the
  encoder a deployment runs (the prepared model and its ONNX exports): the model embeds the query, the
  analyzer builds its sparse vector, query signals add their lists, the result set is fused, snippets are
  marked and the store adds facets and sessions. The index first reads what ranking needs of every
  point into memory (`fill`), as `acervo serve` does when it starts; its time is reported. Every query
  text is new, so its timing includes embedding it. Reported: p50/p95 for new queries, with an explicit
  date filter (one year) and for the same query again (its vector cached, as when paging), the query
  embedding alone, build time and peak RSS.
The new queries run twice in one run: first on the shard as it is written, its dense vectors compared one
  by one (as every search ran before the index built its graph), then after `optimize` builds the graph (as
  `acervo ingest` and `acervo serve` now do); the time the graph took to build is reported, and one dense
  list as a search asks it (the graph walked on the vectors' int8 copies, rescored) next to the exact scan:
  its median time and the share of the exact 100 and ten nearest it finds, unrestricted and restricted to
  one body (as the second list of a query that names one).
Each size goes in its own process so each peak RSS is its own. Nothing here reads ../shared.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bench.synthetic import BODIES, INSTITUTIONS, WORDS, passage

if TYPE_CHECKING:
    from ingest.embed.encoder import DenseEncoder
    from ingest.search.index import SearchFilters
    from ingest.search.index.edge import EdgeIndex
    from models.settings import Settings

DOC_TYPES = ["acta", "orden_del_dia", "comunicado", "informe", "convocatoria"]
QUERIES = [
    "convenio INFONAVIT vivienda",
    "reuniones donde se habló de escasez de agua",
    "acuerdo JD-XI-1 seguimiento",
    "reglamento de desarrollo urbano aprobado por el cabildo",
    "sesiones del Consejo Directivo en 2019",
    "propuestas de movilidad peatonal y cruces seguros",
    "atlas de riesgos y protección civil",
    "presupuesto del programa anual de obras públicas",
    "calidad del aire y cambio climático en la laguna",
    "informe trimestral de indicadores",
    "convocatoria para consejeros ciudadanos",
    "plataforma de datos abiertos y transparencia",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def bench_settings(data_dir: Path, model: str | None) -> Settings:
    """Settings on a scratch data folder that still run the encoder a deployment runs (`bench.prepared`)."""
    from bench.prepared import prepared_model
    from models.settings import Settings

    model = model or prepared_model()
    return Settings(data_dir=data_dir, **({"embed_model": model} if model else {}))


def build_index(folder: Path, chunks: int, encoder: DenseEncoder, vectors: str = "e5") -> float:
    """`chunks` synthetic chunks in an embedded index under `folder`; seconds taken (0 when it was there)."""
    from ingest.search.index import IndexPoint
    from ingest.search.index.edge import EdgeIndex
    from ingest.search.sparse import SparseEncoder, packed_term_ids

    dim = encoder.dim
    marker = folder / "bench-chunks"
    if marker.exists() and marker.read_text() == f"{chunks} {dim} packed terms scan {vectors}":
        return 0.0
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(7)
    noise = np.random.default_rng(7)
    sparse = SparseEncoder()
    index = EdgeIndex(folder)
    index.ensure_collection(dim)
    start_day = date(2010, 1, 1)
    built = time.perf_counter()
    batch: list[tuple[int, str, dict]] = []
    for point_id in range(1, chunks + 1):
        document = point_id // 20
        day = start_day + timedelta(days=(document * 37) % 5475)
        text = passage(rng)
        payload = {
            "document_id": document,
            "chunk_id": point_id,
            "file_name": f"doc-{document:06d}.md",
            "institution": INSTITUTIONS[document % len(INSTITUTIONS)].lower().replace("ó", "o"),
            "body": BODIES[document % len(BODIES)].lower().removeprefix("h. "),
            "doc_type": DOC_TYPES[document % len(DOC_TYPES)],
            "date": day.isoformat(),
            "year": day.year,
            "years": [day.year],
            "page": 1 + point_id % 20,
            "section": None,
            "text": text,
            "terms": packed_term_ids(text),
        }
        batch.append((point_id, text, payload))
        if len(batch) == 1000 or point_id == chunks:
            dense = _dense([passage_text for _, passage_text, _ in batch], encoder, vectors, noise)
            index.upsert([IndexPoint(i, vector, sparse.encode_passage(passage_text), data)
                          for (i, passage_text, data), vector in zip(batch, dense, strict=True)])
            batch = []
            if point_id % 10_000 == 0:
                print(f"built {point_id} of {chunks} chunks", file=sys.stderr, flush=True)
    index.close()
    marker.write_text(f"{chunks} {dim} packed terms scan {vectors}")
    return time.perf_counter() - built


def _dense(texts: list[str], encoder: DenseEncoder, vectors: str, noise: np.random.Generator) -> np.ndarray:
    """The passages' dense vectors: the encoder's, of their first 32 words, or random unit vectors."""
    if vectors == "e5":
        return np.asarray(encoder.encode_passages([" ".join(text.split()[:32]) for text in texts]))
    dense = noise.normal(size=(len(texts), encoder.dim)).astype(np.float32)
    return dense / np.linalg.norm(dense, axis=1, keepdims=True)


def search_phase(
    chunks: int, queries: int, model: str | None, keep: Path | None = None, vectors: str = "e5"
) -> dict:
    from ingest.search.api import SearchRequest, search
    from ingest.search.engine import open_encoder
    from ingest.search.index import SearchFilters
    from ingest.search.index.edge import EdgeIndex
    from ingest.search.query import Vocabulary
    from ingest.search.searcher import Searcher
    from models.store import Store

    rng = random.Random(7)
    tmp = Path(tempfile.mkdtemp(prefix="acervo-bench-"))
    settings = bench_settings(tmp / "data", model)
    encoder = open_encoder(settings)
    built = keep / f"index-{chunks}-{vectors}" if keep else tmp / "index"
    build_s = build_index(built, chunks, encoder, vectors)
    folder = built
    if keep:  # the kept shard stays as written, without its graph, for the next run
        folder = tmp / "index"
        shutil.copytree(built, folder)
        (folder / "acervo-index.lock").unlink(missing_ok=True)
    before = peak_rss_mb()
    index = EdgeIndex(folder)
    began = time.perf_counter()
    index.fill()  # as `acervo serve` does when it starts, then freezes what start-up loaded
    gc.freeze()
    fill_s = time.perf_counter() - began
    vocabulary = Vocabulary.of(BODIES, INSTITUTIONS)
    searcher = Searcher(index, encoder, vocabulary=vocabulary)
    # The same path as the API and the CLI: facets and sessions come from a (here empty) store.
    store = Store.open(settings.store_url)
    # Every query text is new to the query cache: a word drawn from the vocabulary and a number make each
    # one unique, so each timing includes embedding the query.
    texts = [f"{QUERIES[i % len(QUERIES)]} {rng.choice(WORDS)} {i}" for i in range(queries)]
    for text in ("calentamiento", "consejo directivo", "agua potable"):  # warm the model and the shard
        searcher.search(text)
    scanned = []
    for text in texts:
        began = time.perf_counter()
        search(searcher, store, SearchRequest(f"{text} sin grafo", limit=10))
        scanned.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()
    index.optimize()
    graph_s = time.perf_counter() - began
    searcher.search("calentamiento global")
    one_year = SearchFilters(date_from=date(2018, 1, 1), date_to=date(2018, 12, 31))
    timings: dict[str, list[float]] = {"plain": [], "date_filter": [], "repeated": []}
    for text in texts:
        for name, filters in (("plain", None), ("date_filter", one_year), ("repeated", None)):
            # "date_filter" and "repeated" reuse the query's vector, as paging or a filter click does
            began = time.perf_counter()
            page = search(searcher, store, SearchRequest(text, filters=filters or SearchFilters(), limit=10))
            timings[name].append((time.perf_counter() - began) * 1000)
            if filters is not None:
                assert all(h.hit.date and h.hit.date.startswith("2018") for h in page.hits)
    probes = [encoder.encode_query(text) for text in texts[:30]]
    # as a query that names a body asks its second list: that body's chunks, or those with no body
    body = SearchFilters(body=BODIES[0], or_missing=True)
    walk = {**dense_walk(index, probes), **dense_walk(index, probes, body, "body_")}
    query_ms = []
    for i, text in enumerate(texts[:20]):
        began = time.perf_counter()
        encoder.encode_query(f"{text} {i} otra")
        query_ms.append((time.perf_counter() - began) * 1000)
    index.close()
    store.dispose()
    shutil.rmtree(tmp, ignore_errors=True)
    return {
        "phase": "search",
        "chunks": chunks,
        "model": encoder.name,
        "backend": encoder.backend,
        "vectors": vectors,
        "build_s": round(build_s, 1),
        "graph_s": round(graph_s, 1),
        "scan_plain_p50_ms": round(percentile(scanned, 50), 1),
        "scan_plain_p95_ms": round(percentile(scanned, 95), 1),
        "fill_s": round(fill_s, 1),
        "queries": queries,
        **{
            f"{name}_{stat}_ms": round(percentile(values, q), 1)
            for name, values in timings.items()
            for stat, q in (("p50", 50), ("p95", 95))
        },
        "query_embedding_p50_ms": round(percentile(query_ms, 50), 1),
        **walk,
        "peak_rss_mb": round(peak_rss_mb()),
        "search_rss_growth_mb": round(peak_rss_mb() - before),
    }


def dense_walk(
    index: EdgeIndex, vectors: list[np.ndarray], restrict: SearchFilters | None = None, name: str = "",
    limit: int = 100,
) -> dict[str, float]:
    """One dense list as a search asks it (the graph's walk on the int8 copies, rescored) next to the exact
    scan of every float vector: its median time, and the share of the exact `limit` and ten nearest it finds."""
    import qdrant_edge as qe

    from ingest.search.index import Prefetch
    from ingest.search.index.edge import _DIALECT
    from ingest.search.index.filters import to_filter

    exact = qe.SearchParams(exact=True, quantization=qe.QuantizationSearchParams(ignore=True))
    restricts = (restrict,) if restrict else ()
    walked_ms, scanned_ms, found, found_ten = [], [], [], []
    for vector in vectors:
        began = time.perf_counter()
        walked = [p.id for p in index.query([Prefetch("dense", vector, limit, filters=restricts)], limit=limit)]
        walked_ms.append((time.perf_counter() - began) * 1000)
        request = qe.QueryRequest(limit=limit, query=qe.Query.Nearest(vector.tolist(), using="dense"),
                                  filter=to_filter(_DIALECT, restrict), params=exact, with_payload=False)
        began = time.perf_counter()
        truth = [int(p.id) for p in index.shard.query(request)]
        scanned_ms.append((time.perf_counter() - began) * 1000)
        found.append(len(set(walked) & set(truth)) / len(truth))
        found_ten.append(len(set(walked[:10]) & set(truth[:10])) / 10)
    return {
        f"{name}dense_list_ms": round(percentile(walked_ms, 50), 2),
        f"{name}dense_scan_ms": round(percentile(scanned_ms, 50), 2),
        f"{name}dense_found_of_{limit}": round(float(np.mean(found)), 3),
        f"{name}dense_found_of_10": round(float(np.mean(found_ten)), 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, nargs="+", default=[100_000], help="index sizes, e.g. 100000 300000")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--model", default=None, help="ACERVO_EMBED_MODEL to use (default: the prepared default model)")
    ap.add_argument("--vectors", choices=("e5", "random"), default="e5",
                    help="dense vectors of the synthetic chunks: the encoder's (slow to build) or random")
    ap.add_argument("--keep", type=Path, default=None,
                    help="build the synthetic indexes in this folder and reuse them on the next run")
    args = ap.parse_args(argv)
    from ingest.search.engine import runtime_defaults

    runtime_defaults()
    if len(args.chunks) > 1:
        # Each size in its own process, so each peak RSS is that size's alone.
        for chunks in args.chunks:
            command = [sys.executable, "-m", "bench.bench_search", "--chunks", str(chunks)]
            command += ["--queries", str(args.queries)]
            command += ["--model", args.model] if args.model else []
            command += ["--keep", str(args.keep)] if args.keep else []
            command += ["--vectors", args.vectors]
            subprocess.run(command, check=True)
        return 0
    result = search_phase(args.chunks[0], args.queries, args.model, args.keep, args.vectors)
    print(json.dumps(result))
    print(
        f"search over {result['chunks']} chunks ({result['backend']}, {result['vectors']} vectors): new query p50"
        f" {result['plain_p50_ms']} ms, p95 {result['plain_p95_ms']} ms (target p95 < 20 ms); with a date filter p50"
        f" {result['date_filter_p50_ms']} ms, p95 {result['date_filter_p95_ms']} ms; repeated query p50"
        f" {result['repeated_p50_ms']} ms, p95 {result['repeated_p95_ms']} ms; query embedding p50"
        f" {result['query_embedding_p50_ms']} ms; payloads read into memory in {result['fill_s']} s;"
        f" before the graph (dense vectors scanned): new query p50 {result['scan_plain_p50_ms']} ms, p95"
        f" {result['scan_plain_p95_ms']} ms; the graph took {result['graph_s']} s to build; one dense list"
        f" {result['dense_list_ms']} ms (exact scan {result['dense_scan_ms']} ms), finding"
        f" {result['dense_found_of_100']:.1%} of the exact 100 nearest and {result['dense_found_of_10']:.1%} of the"
        f" ten; restricted to one body {result['body_dense_list_ms']} ms (exact {result['body_dense_scan_ms']} ms),"
        f" {result['body_dense_found_of_100']:.1%} and {result['body_dense_found_of_10']:.1%};"
        f" peak RSS {result['peak_rss_mb']} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
