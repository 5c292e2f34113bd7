"""Extraction throughput next to the bare spaCy pipeline on the same text.

Usage: python -m bench.bench_extract [FILES_OR_DIRS...] [--repeat N]

Without arguments it reads ../shared/corpus (seeds, dev and dev2 docs) if present, else examples/. Documents are
parsed once up front; then both sides run on the same texts:
  bare  = the loaded model as the extractor runs it (its NER alone: parser etc. excluded, and the tok2vec
          only they listened to), our components off
  full  = Extractor.extract(parsed_doc): markup cleaning, the same model read only in the windows where a
          candidate name lies (ingest/extract/windows.py), and all our components
The budget is full time <= 1.5 x bare time; since the model reads only part of each text, full is the faster.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ingest.extract.api import Extractor
from ingest.extract.normalize import clean_text
from ingest.extract.pipeline import COMPONENTS
from ingest.parse import parse_file
from ingest.pipeline import iter_files

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def default_inputs() -> list[Path]:
    corpus = [SHARED / "corpus" / "seeds", SHARED / "corpus" / "dev" / "docs", SHARED / "corpus" / "dev2" / "docs"]
    found = [p for p in corpus if p.is_dir()]
    return found or [ROOT / "examples"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    docs = [parse_file(p) for p in iter_files(map(Path, args.paths) if args.paths else default_inputs())]
    docs = [d for d in docs if d.text.strip()]
    if not docs:
        print("no documents to benchmark", file=sys.stderr)
        return 1
    words = sum(len(d.text.split()) for d in docs)
    extractor = Extractor()
    nlp = extractor.nlp
    texts = [clean_text(d.text) for d in docs]
    for d in docs[:3]:  # warm up both paths
        extractor.extract(d)

    def bare() -> None:
        with nlp.select_pipes(disable=COMPONENTS):
            for t in texts:
                nlp(t)

    def full() -> None:
        for d in docs:
            extractor.extract(d)

    timings = {"bare": [], "full": []}
    for _ in range(args.repeat):  # interleaved, best of N
        for name, fn in (("bare", bare), ("full", full)):
            t0 = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - t0)
    t_bare, t_full = min(timings["bare"]), min(timings["full"])
    with nlp.select_pipes(disable=COMPONENTS):
        bare_pipes = nlp.pipe_names
    print(f"documents: {len(docs)}  words: {words}  repeat: {args.repeat} (best run)")
    print(f"bare spaCy pipeline {bare_pipes}: {t_bare:.3f} s  {words / t_bare:,.0f} words/s")
    print(f"full extraction (+{len(COMPONENTS)} components): {t_full:.3f} s  {words / t_full:,.0f} words/s")
    ratio = t_full / t_bare
    print(f"time ratio full/bare: {ratio:.2f}  (budget <= 1.50: {'OK' if ratio <= 1.5 else 'OVER'})")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
