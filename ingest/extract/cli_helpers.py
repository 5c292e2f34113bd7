"""Helpers for running the extractor over files (used by scripts/score_extraction.sh and the benchmark)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.extract.api import Extractor
from ingest.parse.document import Block, ParsedDocument


def _plain_document(path: Path) -> ParsedDocument:
    """A stand-in when the real parser is not importable: the file's text, one paragraph per blank-line chunk."""
    text = path.read_text(encoding="utf-8", errors="replace")
    blocks = [Block("paragraph", m.group(0), m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]
    suffix = path.suffix.lower()
    fmt = {".html": "html", ".htm": "html", ".md": "markdown"}.get(suffix, "text")
    return ParsedDocument(file=path.name, format=fmt, text=text, blocks=blocks)  # type: ignore[arg-type]


def parse_path(path: Path) -> ParsedDocument:
    try:
        from ingest.parse import parse_file  # type: ignore[attr-defined]
    except ImportError:
        return _plain_document(path)
    return parse_file(path)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(q for q in p.iterdir() if q.is_file() and not q.name.startswith("."))
        else:
            yield p


def extract_jsonl(paths: Iterable[str | Path], extractor: Extractor | None = None) -> Iterator[str]:
    """One JSON line (the SCHEMA.md object) per file."""
    extractor = extractor or Extractor()
    for path in iter_files(paths):
        result = extractor.extract(parse_path(path))
        yield json.dumps(result.to_schema(), ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    for line in extract_jsonl(args):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
