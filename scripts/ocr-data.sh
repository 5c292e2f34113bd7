#!/usr/bin/env bash
# Installs Tesseract's Spanish and orientation models (Debian: tesseract-ocr, tesseract-ocr-spa)
# when they are missing. Needs root and apt-get; otherwise prints the command to run and fails.
set -uo pipefail
for dir in /usr/share/tesseract-ocr/5/tessdata /usr/share/tesseract-ocr/4.00/tessdata /usr/share/tessdata; do
  if [ -f "$dir/spa.traineddata" ] && [ -f "$dir/osd.traineddata" ]; then
    exit 0
  fi
done
if [ -n "${ACERVO_TESSDATA:-}" ] && [ -f "$ACERVO_TESSDATA/spa.traineddata" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Tesseract's Spanish model for OCR (apt-get install tesseract-ocr tesseract-ocr-spa)"
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
     DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-spa >/dev/null; then
    exit 0
  fi
fi
echo "warning: OCR of scanned documents needs Tesseract's Spanish model; run:" >&2
echo "  sudo apt-get update && sudo apt-get install -y tesseract-ocr tesseract-ocr-spa" >&2
echo "  (or set ACERVO_TESSDATA to a folder holding spa.traineddata and osd.traineddata)" >&2
exit 1
