from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def encoder(e5_model_dir: Path):
    """The real default model through sentence-transformers, loaded once for the session."""
    from ingest.search.engine import runtime_defaults

    runtime_defaults()
    from ingest.embed.encoder import DenseEncoder

    return DenseEncoder.load(str(e5_model_dir), models_dir=e5_model_dir.parent)
