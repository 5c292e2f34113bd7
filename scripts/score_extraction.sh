#!/usr/bin/env bash
# Run the extractor over the seeds and the dev corpus and score both with the shared scorer.
# Usage: scripts/score_extraction.sh [--by-doc]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${ACERVO_SHARED:-$ROOT/../shared}"
ACERVO="${ACERVO:-$ROOT/.venv/bin/acervo}"
OUT="${OUT_DIR:-$ROOT/data/extraction}"
mkdir -p "$OUT"
cd "$ROOT"
"$ACERVO" extract "$SHARED"/corpus/seeds --format jsonl > "$OUT/seeds.pred.jsonl"
"$ACERVO" extract "$SHARED"/corpus/dev/docs --format jsonl > "$OUT/dev.pred.jsonl"
echo "== seeds"
python3 "$SHARED/eval/score_extraction.py" "$SHARED/eval/seeds.gold.jsonl" "$OUT/seeds.pred.jsonl" "$@"
echo "== dev"
python3 "$SHARED/eval/score_extraction.py" "$SHARED/corpus/dev/gold.jsonl" "$OUT/dev.pred.jsonl" "$@"
