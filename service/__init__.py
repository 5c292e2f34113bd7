"""Service: the edges of Acervo that people and other systems touch.

The `acervo` command line, the FastAPI app and the settings they build. It
drives `ingest` and reads `models`; nothing below imports it.
"""
