"""The encoder a deployment runs, for benchmarks that work in a scratch data folder: the model folder (with
its ONNX exports) that `acervo models prepare` wrote for the configured data folder."""

from __future__ import annotations


def prepared_model() -> str | None:
    """The prepared default model's folder, or None when `acervo models prepare` has not run."""
    from ingest.embed.encoder import DEFAULT_MODEL
    from models.settings import Settings

    folder = Settings().models_dir / DEFAULT_MODEL
    return str(folder) if folder.is_dir() else None
