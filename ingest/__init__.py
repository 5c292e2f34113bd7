"""Ingest: turn a file into a parsed, extracted, chunked document and store it.

A library: no web, no queue, no environment reading. It depends on `models` only.
"""
