"""Worker: arq tasks that run the ingest pipeline for queued uploads.

Thin wrappers over `ingest.pipeline`; it depends on `ingest` and `models` only.
"""
