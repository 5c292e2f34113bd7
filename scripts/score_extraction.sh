#!/usr/bin/env bash
# Run the extractor over the seeds and the dev corpus and score both with the shared scorer.
# Usage: scripts/score_extraction.sh [--by-doc]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${ACERVO_SHARED:-$ROOT/../shared}"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
OUT="${OUT_DIR:-$ROOT/data/extraction}"
mkdir -p "$OUT"
cd "$ROOT"
"$PY" -m ingest.extract.cli_helpers "$SHARED"/corpus/seeds > "$OUT/seeds.pred.jsonl"
"$PY" -m ingest.extract.cli_helpers "$SHARED"/corpus/dev/docs > "$OUT/dev.pred.jsonl"
echo "== seeds"
python3 "$SHARED/eval/score_extraction.py" "$SHARED/eval/seeds.gold.jsonl" "$OUT/seeds.pred.jsonl" "$@"
echo "== dev"
python3 "$SHARED/eval/score_extraction.py" "$SHARED/corpus/dev/gold.jsonl" "$OUT/dev.pred.jsonl" "$@"
