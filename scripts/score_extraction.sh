#!/usr/bin/env bash
# Run the extractor over the seeds, the dev corpus and dev2 (other municipalities) and score each apart with the
# shared scorer: a gain on one that costs another is usually fitting, not progress.
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
"$ACERVO" extract "$SHARED"/corpus/dev2/docs --format jsonl > "$OUT/dev2.pred.jsonl"
echo "== seeds"
python3 "$SHARED/eval/score_extraction.py" "$SHARED/eval/seeds.gold.jsonl" "$OUT/seeds.pred.jsonl" "$@"
echo "== dev"
python3 "$SHARED/eval/score_extraction.py" "$SHARED/corpus/dev/gold.jsonl" "$OUT/dev.pred.jsonl" "$@"
echo "== dev2"
python3 "$SHARED/eval/score_extraction.py" "$SHARED/corpus/dev2/gold.jsonl" "$OUT/dev2.pred.jsonl" "$@"
