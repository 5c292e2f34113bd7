"""Embedding backends side by side (torch float32, ONNX float32, ONNX int8, ONNX float32 passages with int8
queries), ingest next to the bare encoder,
and ingest's peak RSS at two document counts.

Usage: python -m bench.bench_embed [--model DIR] [--phase all|speed|quality|ingest|scale] [--passages N]
                                   [--queries N] [--rounds N] [--docs N] [--docs-dir DIR] [--scale 100,1000]

speed: the same synthetic Spanish passages (about a chunk long) are embedded by each backend, rounds
  interleaved so that other work on a shared machine falls on all of them alike; passages/s is the median
  round. Query-embedding latency is timed on the same queries, interleaved too (p50, p95). Also the lowest
  cosine of each backend's passage vectors with torch's.
quality: the dev corpus (../shared/corpus/dev, with the seeds) is ingested once (parse, extract, chunk,
  store), indexed by each backend in its own embedded index, and the judged dev queries are scored with
  nDCG@10 in hybrid and dense mode, as tests/search/test_quality.py does. Skipped when ../shared is absent.
ingest: synthetic actas through the whole pipeline (parse, extract, chunk, store, embed, index, with the
  background indexer as `acervo ingest` runs it), then the bare encoder on the same passages; passages/s of
  both and their ratio (the target is >= 0.9: the median of each round's ratio, with their range and the
  ratio of the two medians beside it), with the backend `auto` picks (or --backend); also the cores
  the bare encoder keeps busy, the CPU a document of the ingest's own thread and of the index writer's (the
  stages besides the encoder), and the ratio the pipeline would reach with both cores packed (the encoder's
  share of its CPU), which a busy machine's drift does not move. --docs-dir ingests a folder of real
  documents instead.
scale: shorter synthetic actas ingested end to end at each count, each count in a process of its own;
  peak RSS of each, which should stay flat as the count grows.

--model is a model folder; by default the default model is prepared (and exported to ONNX) under
DATA_DIR/models, once, nothing downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.bench_search import QUERIES
from bench.synthetic import WORDS, passage, write_actas, write_short_actas
from ingest.embed.encoder import ONNX_BACKENDS

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
BACKENDS = ("torch", *ONNX_BACKENDS)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def model_folder(spec: str | None) -> Path:
    """The model folder to measure, prepared and exported to ONNX if it is the default one."""
    if spec:
        folder = Path(spec)
    else:
        from ingest.embed.prepare import MODEL_NAME, prepare_e5_small
        from models.settings import Settings

        folder = prepare_e5_small(Settings().models_dir / MODEL_NAME)
    from ingest.embed.onnx_export import export_onnx, onnx_status

    if onnx_status(folder) is None:
        print(f"exporting {folder} to ONNX (once)...", file=sys.stderr)
        export_onnx(folder)
    return folder


def load(folder: Path, backend: str):
    from ingest.embed.encoder import DenseEncoder

    return DenseEncoder.load(str(folder), models_dir=folder.parent, backend=backend)


def speed_phase(folder: Path, passages: int, queries: int, rounds: int) -> dict[str, dict]:
    rng = random.Random(5)
    texts = [passage(rng, rng.choice([72, 96, 120])) for _ in range(passages)]
    query_texts = [QUERIES[i % len(QUERIES)] + ("" if i < len(QUERIES) else f" {rng.choice(WORDS)}")
                   for i in range(queries)]
    encoders = {b: load(folder, b) for b in BACKENDS}
    for encoder in encoders.values():  # warm-up outside the timings
        encoder.encode_passages(texts[:8])
        encoder.encode_query(query_texts[0])
    rates: dict[str, list[float]] = {b: [] for b in BACKENDS}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(rounds):
        for backend, encoder in encoders.items():
            began = time.perf_counter()
            vectors[backend] = encoder.encode_passages(texts)
            rates[backend].append(len(texts) / (time.perf_counter() - began))
    latency: dict[str, list[float]] = {b: [] for b in BACKENDS}
    for text in query_texts:
        for backend, encoder in encoders.items():
            began = time.perf_counter()
            encoder.encode_query(text)
            latency[backend].append((time.perf_counter() - began) * 1000)
    out = {}
    for backend in BACKENDS:
        out[backend] = {
            "passages_per_s": round(statistics.median(rates[backend]), 2),
            "query_p50_ms": round(float(np.percentile(latency[backend], 50)), 1),
            "query_p95_ms": round(float(np.percentile(latency[backend], 95)), 1),
            "min_cosine_vs_torch": round(float((vectors[backend] * vectors["torch"]).sum(axis=1).min()), 4),
        }
    return out


def quality_phase(folder: Path) -> dict[str, dict[str, float]] | None:
    if not (DEV / "queries.jsonl").exists():
        return None
    from ingest.extract import Extractor
    from ingest.pipeline import Ingestor, iter_files
    from ingest.search.evaluation import ndcg_by_kind
    from ingest.search.index.edge import EdgeIndex
    from ingest.search.indexer import Indexer
    from ingest.search.query import vocabulary_from_store
    from ingest.search.searcher import Searcher
    from models.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="acervo-bench-embed-"))
    queries = [json.loads(line) for line in (DEV / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    store = Store.open(f"sqlite:///{tmp / 'acervo.db'}")
    out: dict[str, dict[str, float]] = {}
    try:
        for number, backend in enumerate(BACKENDS):
            encoder = load(folder, backend)
            indexer = Indexer(EdgeIndex(tmp / f"index-{number}"), encoder)
            if number == 0:
                # Parse, extract and chunk once; chunks depend on the tokenizer only, which all backends share.
                indexer.ensure_collection()
                ingestor = Ingestor(store, Extractor(), max_file_bytes=50_000_000, indexer=indexer)
                for path in iter_files([DEV / "docs", SEEDS]):
                    ingestor.ingest_path(path)
                ingestor.flush_index()
            else:
                for _ in indexer.rebuild(store):
                    pass
            searcher = Searcher(indexer.index, encoder, vocabulary=vocabulary_from_store(store))
            out[backend] = {}
            for mode in ("hybrid", "dense"):
                ranked = {
                    q["query"]: _files(searcher, q["query"], mode)
                    for q in queries
                }
                out[backend][mode] = round(ndcg_by_kind(queries, ranked)["all"], 4)
            indexer.close()
    finally:
        store.dispose()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _files(searcher, query: str, mode: str) -> list[str]:
    return [h.file_name for h in searcher.search(query, limit=10, mode=mode, by_document=True)]


def _threads_cpu(prefix: str) -> float | None:
    """CPU seconds of this process's live threads whose name starts with `prefix`, from /proc (None where
    there is no /proc)."""
    total = 0.0
    for thread in threading.enumerate():
        if thread.name.startswith(prefix) and thread.native_id is not None:
            try:
                stat = Path(f"/proc/self/task/{thread.native_id}/stat").read_text()
            except OSError:
                return None
            fields = stat.rsplit(")", 1)[1].split()  # after the command name: state, ppid, ...
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


@dataclass
class IngestRun:
    """One `acervo ingest` in-process: wall seconds, the passages it indexed, the documents stored, and CPU
    seconds of the whole process, of the ingest's own thread and of the index writer's thread."""

    seconds: float
    passages: list[str]
    documents: int
    cpu: float
    ingest_thread_cpu: float
    writer_cpu: float | None


def ingest_run(folder: Path, backend: str, docs_dir: Path, work: Path, run: int) -> IngestRun:
    """`acervo ingest` in-process over `docs_dir`, with the background indexer."""
    from sqlalchemy import select

    from ingest.extract import Extractor
    from ingest.pipeline import Ingestor, iter_files
    from ingest.search.index.edge import EdgeIndex
    from ingest.search.indexer import Indexer, passage_text
    from models import tables
    from models.store import Store

    encoder = load(folder, backend)
    extractor = Extractor()
    encoder.encode_passages(["calentamiento"] * 4)
    store = Store.open(f"sqlite:///{work / f'run{run}.db'}")
    indexer = Indexer(EdgeIndex(work / f"index{run}"), encoder, background=True)
    indexer.ensure_collection()
    ingestor = Ingestor(store, extractor, max_file_bytes=50_000_000, indexer=indexer)
    ingestor.load_models(freeze=True)  # as `acervo ingest` does before its first file
    began, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
    for path in iter_files([docs_dir]):
        ingestor.ingest_path(path)
    ingestor.flush_index()
    seconds, cpu, own = time.perf_counter() - began, time.process_time() - cpu, time.thread_time() - own
    writer = _threads_cpu("acervo-index")  # started by this run's indexer: all its CPU is this run's
    with store.session() as db:
        documents = db.scalars(select(tables.Document)).all()
        texts = [passage_text(d, c) for d in documents for c in d.chunks]
        count = len(documents)
    indexer.close()
    store.dispose()
    return IngestRun(seconds, texts, count, cpu, own, writer)


def ingest_phase(folder: Path, docs: int, rounds: int, backend: str = "auto", docs_dir: Path | None = None) -> dict:
    from ingest.embed.encoder import choose_backend

    backend = choose_backend(str(folder), backend)[0]
    tmp = Path(tempfile.mkdtemp(prefix="acervo-bench-embed-"))
    try:
        if docs_dir is None:
            docs_dir = tmp / "docs"
            docs_dir.mkdir()
            write_actas(docs_dir, docs)
        encoder = load(folder, backend)
        runs: list[IngestRun] = []
        bare_s, bare_cpu = [], []
        # Rounds alternate end-to-end and bare runs: other work on a shared machine comes and goes.
        for number in range(rounds):
            runs.append(ingest_run(folder, backend, docs_dir, tmp, number))
            began, cpu = time.perf_counter(), time.process_time()
            encoder.encode_passages(runs[-1].passages)
            bare_s.append(time.perf_counter() - began)
            bare_cpu.append(time.process_time() - cpu)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pipeline_s, pipeline_cpu = [r.seconds for r in runs], [r.cpu for r in runs]
    texts, count = runs[-1].passages, runs[-1].documents
    pipeline, bare = statistics.median(pipeline_s), statistics.median(bare_s)
    # Each round's pipeline and bare runs follow each other: their ratio cancels the drift of a shared machine
    # better than the ratio of the two medians, which may come from rounds minutes apart.
    rounds_ratio = [b / p for p, b in zip(pipeline_s, bare_s, strict=True)]
    # CPU tells what wall time cannot on a busy machine: whatever the pipeline does besides embedding takes the
    # cores from the encoder, which alone keeps both nearly busy. Timed on the threads that do it (the ingest's
    # own and the index writer's), it varies by a millisecond a document between runs; the difference of the
    # two runs' process CPU (kept beside it) is that of two numbers a hundred times larger, and varied by 30.
    extra_cpu = statistics.median(p - b for p, b in zip(pipeline_cpu, bare_cpu, strict=True))
    others = [r.ingest_thread_cpu + (r.writer_cpu or 0.0) for r in runs]
    # Packed on its cores with no wait, the pipeline would run at the encoder's share of its CPU: the ratio
    # that wall time reaches on an idle machine. The ingest thread's share includes tokenizing the passages,
    # which the bare encoder does in its own time, so the bound is a little low.
    def per_document(seconds: list[float]) -> float:
        return round(statistics.median(seconds) / count * 1000, 1)

    packed = statistics.median((r.cpu - o) / r.cpu for r, o in zip(runs, others, strict=True))
    return {
        "backend": backend,
        "documents": count,
        "passages": len(texts),
        "pipeline_passages_per_s": round(len(texts) / pipeline, 2),
        "bare_passages_per_s": round(len(texts) / bare, 2),
        "ratio": round(statistics.median(rounds_ratio), 3),
        "ratio_of_medians": round(bare / pipeline, 3),
        "ratio_range": [round(min(rounds_ratio), 3), round(max(rounds_ratio), 3)],
        "bare_encoder_cores": round(statistics.median(c / s for c, s in zip(bare_cpu, bare_s, strict=True)), 2),
        "cpu_ms_per_document_besides_encoder": round(extra_cpu / count * 1000, 1),
        "ingest_thread_cpu_ms_per_document": per_document([r.ingest_thread_cpu for r in runs]),
        "index_writer_cpu_ms_per_document": (
            None if runs[-1].writer_cpu is None else per_document([r.writer_cpu or 0.0 for r in runs])
        ),
        "packed_ratio": round(packed, 3),
    }


def scale_phase(folder: Path, docs: int) -> dict:
    from ingest.embed.encoder import choose_backend

    backend = choose_backend(str(folder))[0]
    tmp = Path(tempfile.mkdtemp(prefix="acervo-bench-embed-"))
    try:
        docs_dir = tmp / "docs"
        docs_dir.mkdir()
        write_short_actas(docs_dir, docs)
        run = ingest_run(folder, backend, docs_dir, tmp, 0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "backend": backend,
        "documents": run.documents,
        "passages": len(run.passages),
        "seconds": round(run.seconds, 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def print_speed(speed: dict[str, dict], quality: dict[str, dict[str, float]] | None) -> None:
    torch_rate = speed["torch"]["passages_per_s"]
    head = "| backend | passages/s | × torch | query p50 ms | query p95 ms | min cos vs torch |"
    head += " nDCG@10 hybrid | nDCG@10 dense |" if quality else ""
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for backend, row in speed.items():
        line = (f"| {backend} | {row['passages_per_s']} | {row['passages_per_s'] / torch_rate:.2f} |"
                f" {row['query_p50_ms']} | {row['query_p95_ms']} | {row['min_cosine_vs_torch']} |")
        if quality:
            line += f" {quality[backend]['hybrid']:.4f} | {quality[backend]['dense']:.4f} |"
        print(line)
    if quality is None:
        print("(nDCG@10 skipped: ../shared/corpus/dev is not present)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="model folder (default: the default model, prepared)")
    ap.add_argument("--phase", choices=["all", "speed", "quality", "ingest", "scale"], default="all")
    ap.add_argument("--passages", type=int, default=192)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=24, help="synthetic actas for the ingest phase")
    ap.add_argument("--docs-dir", type=Path, default=None, help="ingest these files instead of synthetic actas")
    ap.add_argument("--scale", default="100,1000", help="document counts for the scale phase")
    ap.add_argument("--backend", default="auto", help="backend of the ingest phase (default: what auto picks)")
    ap.add_argument("--json", action="store_true", help="print one JSON line per phase only")
    args = ap.parse_args(argv)
    from ingest.search.engine import runtime_defaults

    runtime_defaults()
    folder = model_folder(args.model)
    if args.phase == "all":
        # Each phase in its own process, so each peak RSS is that phase's alone.
        for phase in ("speed", "ingest", "scale"):
            command = [sys.executable, "-m", "bench.bench_embed", "--phase", phase, "--model", str(folder)]
            command += ["--passages", str(args.passages), "--queries", str(args.queries), "--rounds", str(args.rounds)]
            command += ["--docs", str(args.docs), "--scale", args.scale] + (["--json"] if args.json else [])
            subprocess.run(command, check=True)
        return 0
    if args.phase in ("speed", "quality"):
        speed = speed_phase(folder, args.passages, args.queries, args.rounds) if args.phase == "speed" else None
        quality = quality_phase(folder)
        if args.json:
            print(json.dumps({"phase": "speed", "speed": speed, "ndcg@10": quality}))
        elif speed:
            print_speed(speed, quality)
        else:
            print(json.dumps(quality) if quality else "skipped: ../shared/corpus/dev is not present")
    elif args.phase == "ingest":
        result = ingest_phase(folder, args.docs, args.rounds, args.backend, args.docs_dir)
        print(json.dumps({"phase": "ingest", **result}) if args.json else (
            f"ingest ({result['backend']}, {result['documents']} documents, {result['passages']} passages):"
            f" {result['pipeline_passages_per_s']} passages/s end to end, {result['bare_passages_per_s']}"
            f" passages/s bare encoder: ratio {result['ratio']} (target >= 0.9; median of the rounds' ratios,"
            f" {result['ratio_range'][0]}-{result['ratio_range'][1]}; of the medians {result['ratio_of_medians']})\n"
            f"  the bare encoder keeps {result['bare_encoder_cores']} cores busy; besides the encoder, the ingest's"
            f" thread takes {result['ingest_thread_cpu_ms_per_document']} CPU ms a document and the index writer"
            f" {result['index_writer_cpu_ms_per_document']} (process CPU minus the bare encoder's:"
            f" {result['cpu_ms_per_document_besides_encoder']}); with both cores packed the ratio would be"
            f" {result['packed_ratio']}"))
    else:
        counts = [int(c) for c in args.scale.split(",")]
        if len(counts) > 1:
            rows = []
            for count in counts:
                command = [sys.executable, "-m", "bench.bench_embed", "--phase", "scale", "--model", str(folder),
                           "--scale", str(count), "--json"]
                done = subprocess.run(command, check=True, capture_output=True, text=True)
                rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            if args.json:
                for row in rows:
                    print(json.dumps(row))
                return 0
            print("| documents | passages | seconds | passages/s | peak RSS MB |")
            print("|---|---|---|---|---|")
            for row in rows:
                print(f"| {row['documents']} | {row['passages']} | {row['seconds']} |"
                      f" {row['passages'] / row['seconds']:.1f} | {row['peak_rss_mb']} |")
            growth = rows[-1]["peak_rss_mb"] / rows[0]["peak_rss_mb"]
            print(f"peak RSS at {counts[-1]} documents is {growth:.2f}× that at {counts[0]} ({rows[0]['backend']})")
        else:
            print(json.dumps({"phase": "scale", **scale_phase(folder, counts[0])}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
