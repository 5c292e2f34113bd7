"""Build the search machinery from Settings: the encoder, the index, the indexer and the searcher.

The edges (CLI, API, worker) call these; `ingest` itself never reads settings.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from models.settings import Settings

if TYPE_CHECKING:
    from ingest.embed.encoder import DenseEncoder
    from ingest.search.index import VectorIndex
    from ingest.search.indexer import Indexer
    from ingest.search.searcher import Searcher
    from models.store import Store


def runtime_defaults() -> None:
    """Environment for the model runtime, set before torch loads; a value already set is kept.

    No model or tokenizer is ever fetched from a hub: fail instead of downloading. OpenMP threads sleep
    instead of spinning while they wait: the encoder shares two cores with extraction during ingest and
    with other processes on a busy machine, where spinning threads were measured to slow it down."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def open_encoder(settings: Settings) -> DenseEncoder:
    runtime_defaults()
    from transformers.utils import logging as hf_logging

    from ingest.embed.encoder import DenseEncoder

    hf_logging.disable_progress_bar()
    return DenseEncoder.load(settings.embed_model, models_dir=settings.models_dir, backend=settings.embed_backend)


def open_vector_index(settings: Settings) -> VectorIndex:
    from ingest.search.index import open_index

    return open_index(data_dir=settings.data_dir, url=settings.qdrant_url)


def open_indexer(settings: Settings, encoder: DenseEncoder | None = None) -> Indexer:
    from ingest.search.indexer import Indexer

    return Indexer(open_vector_index(settings), encoder or open_encoder(settings), background=True)


def open_searcher(settings: Settings, store: Store, encoder: DenseEncoder | None = None) -> Searcher:
    from ingest.search.query import vocabulary_from_store
    from ingest.search.searcher import Searcher

    encoder = encoder or open_encoder(settings)
    index = open_vector_index(settings)
    # Refuses (IndexMismatch) an index built with a model of another size, before any query fails on it.
    index.ensure_collection(encoder.dim)
    return Searcher(index, encoder, vocabulary=vocabulary_from_store(store))
