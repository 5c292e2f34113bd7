"""Run an exported sentence-transformers model with onnxruntime: tokenize, run, mean-pool, L2-normalise.

Reads the same files sentence-transformers reads (tokenizer.json, the prompts, max_seq_length, the pooling
configuration), so a text gets the ids and the pooling it gets there; torch is never imported. Safe to call
from several threads: the tokenizer is used under a lock (a shared `tokenizers` object must never be
configured while another thread encodes) and an onnxruntime session runs concurrent calls by design.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ONNX_DIR = "onnx"
FLOAT_FILE = "model.onnx"
INT8_FILE = "model_qint8.onnx"


class OnnxEmbedder:
    """Mean-pooled, normalised embeddings of an ONNX export of `model_dir`'s transformer (float32 or int8)."""

    def __init__(self, model_dir: Path, *, quantized: bool, threads: int = 0, onnx_path: Path | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        self.model_dir = model_dir
        self.quantized = quantized
        _check_pooling(model_dir)
        st_config = _read_json(model_dir / "config_sentence_transformers.json", {})
        self.prompts: dict[str, str] = dict(st_config.get("prompts") or {})
        self.max_seq_length = int(_read_json(model_dir / "sentence_bert_config.json", {})["max_seq_length"])
        self.dim = int(_read_json(model_dir / "config.json", {})["hidden_size"])

        tokenizer_file = str(model_dir / "tokenizer.json")
        # Two instances, each configured once and never again: one pads and truncates batches for the model,
        # one counts tokens of whole texts (no truncation), as the chunker needs.
        self._batch_tokenizer = Tokenizer.from_file(tokenizer_file)
        self._count_tokenizer = Tokenizer.from_file(tokenizer_file)
        pad_token = _read_json(model_dir / "tokenizer_config.json", {}).get("pad_token", "<pad>")
        pad_id = self._batch_tokenizer.token_to_id(pad_token)
        if pad_id is None:
            raise ValueError(f"{model_dir}: pad token {pad_token!r} is not in the vocabulary")
        self._batch_tokenizer.enable_truncation(self.max_seq_length)
        self._batch_tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)
        self._count_tokenizer.no_truncation()
        self._count_tokenizer.no_padding()
        self._lock = threading.Lock()

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Waiting threads sleep instead of spinning: the encoder shares two cores with extraction and with
        # other processes, where spinning threads slow everything down (as OMP_WAIT_POLICY=PASSIVE for torch).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        path = onnx_path or model_dir / ONNX_DIR / (INT8_FILE if quantized else FLOAT_FILE)
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    def count_tokens(self, text: str, *, special: bool) -> int:
        with self._lock:
            return len(self._count_tokenizer.encode(text, add_special_tokens=special).ids)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of `texts` as given (prompts already applied), one batch, shape (len, dim), float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            encodings = self._batch_tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)


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
