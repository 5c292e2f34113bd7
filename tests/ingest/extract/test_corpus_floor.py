"""The extraction floor on the shared seeds, dev and dev2 corpora (skipped when ../shared is not there)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.parse import parse_file
from ingest.pipeline import iter_files
from tests.conftest import SHARED

pytestmark = pytest.mark.slow

SCORER = SHARED / "eval" / "score_extraction.py"
CASES = [
    (SHARED / "corpus" / "seeds", SHARED / "eval" / "seeds.gold.jsonl"),
    (SHARED / "corpus" / "dev" / "docs", SHARED / "corpus" / "dev" / "gold.jsonl"),
    (SHARED / "corpus" / "dev2" / "docs", SHARED / "corpus" / "dev2" / "gold.jsonl"),
]


@pytest.mark.parametrize(("docs", "gold"), CASES, ids=["seeds", "dev", "dev2"])
def test_macro_f1_floor(docs: Path, gold: Path, tmp_path: Path, extractor) -> None:
    if not (SCORER.exists() and docs.is_dir() and gold.exists()):
        pytest.skip("../shared corpus is not available")
    pred = tmp_path / "pred.jsonl"
    lines = [json.dumps(extractor.extract(parse_file(p)).to_schema(), ensure_ascii=False) for p in iter_files([docs])]
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), str(gold), str(pred), "--json"], capture_output=True,
                         text=True, check=True)
    scores = json.loads(out.stdout)
    assert scores["macro_f1"] >= 0.90, scores
    for field in ("participants", "agreements", "dates"):
        assert scores[field]["f"] >= 0.90, (field, scores[field])
