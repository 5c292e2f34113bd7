"""Run an exported sentence-transformers model with onnxruntime: tokenize, run, mean-pool, L2-normalise.

Reads the same files sentence-transformers reads (tokenizer.json, the prompts, max_seq_length, the pooling
configuration), so a text gets the ids and the pooling it gets there; torch is never imported. Safe to call
from several threads: the one tokenizer is configured once, at load, and used under a lock, and an
onnxruntime session runs concurrent calls by design.

Passages and queries may run on different exports of the same model (float32 passages, int8 queries: see
`ingest.embed.encoder`); they share the tokenizer. Sessions are opened on first use, one per export and
thread count: batches of passages run on the configured threads, a single query on one (a query is a few
tokens; handing it to a second thread that sleeps between calls cost more than it saved, 4.9 ms against
3.3 ms on 2 cores, and under concurrent searches each runs on its caller's thread). A process that only
searches or only ingests opens one session.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

ONNX_DIR = "onnx"
FLOAT_FILE = "model.onnx"
INT8_FILE = "model_qint8.onnx"
# A batch's rows are at most this much shorter than its longest: a smaller batch costs a model call's
# overhead (about a millisecond), a padded token as much as a real one.
PAD_SLACK, PAD_SLACK_TOKENS = 0.03, 4


class OnnxEmbedder:
    """Mean-pooled, normalised embeddings of `model_dir`'s transformer from its ONNX exports: passages from
    `passage_path`, queries from `query_path` (by default the same file)."""

    def __init__(
        self, model_dir: Path, *, passage_path: Path, query_path: Path | None = None, threads: int = 0
    ) -> None:
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        self.model_dir = model_dir
        _check_pooling(model_dir)
        st_config = _read_json(model_dir / "config_sentence_transformers.json", {})
        self.prompts: dict[str, str] = dict(st_config.get("prompts") or {})
        self.max_seq_length = int(_read_json(model_dir / "sentence_bert_config.json", {})["max_seq_length"])
        self.dim = int(_read_json(model_dir / "config.json", {})["hidden_size"])

        # One tokenizer, configured once and never again (a shared `tokenizers` object must not be configured
        # while another thread encodes), without truncation or padding: counting needs whole texts, and the
        # model's batches are cut and padded here. A second configured instance held another ~300 MB (the
        # 250,000-word vocabulary) in every process.
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        pad_token = _read_json(model_dir / "tokenizer_config.json", {}).get("pad_token", "<pad>")
        pad_id = self._tokenizer.token_to_id(pad_token)
        if pad_id is None:
            raise ValueError(f"{model_dir}: pad token {pad_token!r} is not in the vocabulary")
        self._pad_id = pad_id
        self._content_tokens = self.max_seq_length - self._tokenizer.num_special_tokens_to_add(False)
        self._lock = threading.Lock()

        self.threads = threads
        self.passage_path = Path(passage_path)
        self.query_path = Path(query_path or passage_path)
        for path in {self.passage_path, self.query_path}:
            if not path.is_file():
                raise FileNotFoundError(f"{path}: no ONNX export here; run `acervo models prepare`")
        self._sessions: dict[tuple[Path, int], tuple[object, frozenset[str]]] = {}
        self._sessions_lock = threading.Lock()

    def _session(self, path: Path, threads: int) -> tuple[object, frozenset[str]]:
        """The session running `path` on `threads` threads (0: onnxruntime's choice) and its input names."""
        key = (path, threads)
        opened = self._sessions.get(key)
        if opened is not None:
            return opened
        import onnxruntime as ort

        with self._sessions_lock:
            if key not in self._sessions:
                options = ort.SessionOptions()
                options.intra_op_num_threads = threads
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                # Waiting threads sleep instead of spinning: the encoder shares two cores with extraction and
                # other processes, where spinning threads slow everything down (as OMP_WAIT_POLICY=PASSIVE).
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                self._sessions[key] = (session, frozenset(i.name for i in session.get_inputs()))
            return self._sessions[key]

    def count_tokens(self, text: str, *, special: bool) -> int:
        with self._lock:
            return len(self._tokenizer.encode(text, add_special_tokens=special).ids)

    def count_words(self, words: list[str]) -> list[int]:
        """Tokens of each word, without special tokens."""
        with self._lock:
            return [len(e.ids) for e in self._tokenizer.encode_batch(words, add_special_tokens=False)]

    def embed(self, texts: Sequence[str], *, threads: int | None = None, query: bool = False) -> np.ndarray:
        """Vectors of `texts` as given (prompts already applied), one batch, shape (len, dim), float32; on
        `threads` threads (default: the configured count), from the query export when `query`."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._run(self._rows(texts), threads, self.query_path if query else self.passage_path)

    def tokenize_all(self, texts: Sequence[str], *, batch_size: int) -> list[list[int]]:
        """Token id rows of `texts` as `embed_rows` takes them; the tokenizer's lock is held `batch_size`
        texts at a time, so a query waits for that many at most."""
        rows: list[list[int]] = []
        for start in range(0, len(texts), batch_size):
            rows += self._rows(texts[start : start + batch_size])
        return rows

    def embed_rows(self, rows: Sequence[list[int]], *, batch_size: int) -> np.ndarray:
        """Vectors of token id rows (from `tokenize_all`) in their order."""
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        for batch in _similar_batches(rows, batch_size):
            out[batch] = self._run([rows[i] for i in batch], None, self.passage_path)
        return out

    def _run(self, rows: list[list[int]], threads: int | None, path: Path) -> np.ndarray:
        """Vectors of token id rows (special tokens included): padded, run, mean-pooled, normalised."""
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        session, inputs = self._session(path, self.threads if threads is None else threads)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)

    def _rows(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text with its special tokens, each cut to the model's length before they are
        added, as the tokenizer's own truncation does."""
        with self._lock:
            # One text (a query) is encoded on its own: `encode_batch` releases the interpreter, and a search's
            # keyword lists, running meanwhile, kept it from taking it back for 1.5 ms on average.
            encodings = (
                [self._tokenizer.encode(texts[0], add_special_tokens=False)] if len(texts) == 1
                else self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
            )
            for encoding in encodings:
                if len(encoding.ids) > self._content_tokens:
                    encoding.truncate(self._content_tokens)
            return [self._tokenizer.post_process(e).ids for e in encodings]


def _similar_batches(rows: Sequence[list[int]], batch_size: int) -> Iterator[list[int]]:
    """Indexes of `rows`, longest first, cut into batches of at most `batch_size` whose rows are all within
    PAD_SLACK of the batch's longest: every padding token runs through the whole model like a real one.
    Sorted by characters (as sentence-transformers sorts) and cut every `batch_size`, an ingest's calls of
    a few hundred passages ran 7.5 % padding; sorted by tokens alone, 1.4 % on a whole archive."""
    order = sorted(range(len(rows)), key=lambda i: -len(rows[i]))
    batch: list[int] = []
    for i in order:
        if batch:
            longest = len(rows[batch[0]])
            if len(batch) == batch_size or longest - len(rows[i]) > max(PAD_SLACK_TOKENS, PAD_SLACK * longest):
                yield batch
                batch = []
        batch.append(i)
    if batch:
        yield batch


def _check_pooling(model_dir: Path) -> None:
    # Only what this runner does (mean pooling over every token, then L2 normalisation) may run through it;
    # another pooling would give vectors unlike the torch model's without any error.
    modules = _read_json(model_dir / "modules.json", [])
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    pooling = _read_json(model_dir / "1_Pooling" / "config.json", {})
    mean = pooling.get("pooling_mode") == "mean" or pooling.get("pooling_mode_mean_tokens") is True
    if kinds != ["Transformer", "Pooling", "Normalize"] or not mean:
        raise ValueError(f"{model_dir}: the ONNX runner handles Transformer + mean Pooling + Normalize only")
    if pooling.get("include_prompt") is False:
        raise ValueError(f"{model_dir}: pooling that leaves the prompt out is not supported by the ONNX runner")


def _read_json(path: Path, default: object) -> dict | list:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default  # type: ignore[return-value]
