"""The ONNX exports run offline, agree with the torch model closely enough to share its index, are chosen by
default only when they do, and every backend can be called from many threads at once."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from ingest.embed.encoder import BackendUnavailable, DenseEncoder, choose_backend
from ingest.embed.onnx_export import COMPATIBLE_COSINE, ONNX_MARKER, export_onnx, onnx_status
from ingest.embed.onnx_runtime import FLOAT_FILE, INT8_FILE, ONNX_DIR, PAD_SLACK, PAD_SLACK_TOKENS, _similar_batches
from tests.ingest.embed.test_prepare import SENTENCES, TOKENIZER_EDGE_CASES

# Not the export's own sample: passages and queries the exporter never saw.
PASSAGES = [
    *SENTENCES,
    "Se informa que el Comité Técnico revisó el Programa Municipal de Desarrollo Urbano y acordó someterlo a"
    " consulta pública durante treinta días naturales a partir de su publicación en la Gaceta Municipal.",
    "| Acuerdo | Responsable | Estatus |\n| CD-IV-3. Licitar la rehabilitación del mercado | Obras Públicas |"
    " En proceso |",
    "ACTA DE LA SEGUNDA SESIÓN EXTRAORDINARIA DEL H. CABILDO, CELEBRADA EL 7 DE MARZO DE 2016.",
    " ".join(SENTENCES[:8]) * 6,  # past 512 tokens: truncated alike by every backend
]
QUERIES = [
    "¿cuándo se aprobó el plan de movilidad?",
    "licitación del mercado municipal",
    "acuerdos pendientes de la junta directiva en 2016",
    "agua potable",
]


@pytest.fixture(scope="module")
def encoders(onnx_model_dir: Path) -> dict[str, DenseEncoder]:
    return {
        backend: DenseEncoder.load(str(onnx_model_dir), models_dir=onnx_model_dir.parent, backend=backend)
        for backend in ("torch", "onnx", "onnx-int8", "onnx-int8-queries")
    }


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_prepare_writes_both_exports_and_their_agreement(onnx_model_dir: Path) -> None:
    folder = onnx_model_dir / ONNX_DIR
    assert (folder / FLOAT_FILE).stat().st_size > 100_000_000
    # int8 weights: well under half the float32 file.
    assert (folder / INT8_FILE).stat().st_size < (folder / FLOAT_FILE).stat().st_size / 2
    record = json.loads((folder / ONNX_MARKER).read_text())
    assert record["agreement"]["onnx"]["min_cosine"] >= 0.9999
    assert record["agreement"]["onnx-int8"]["min_cosine"] >= COMPATIBLE_COSINE
    # Smoothed before quantisation: 0.998 on this sample, against 0.992 when the outliers set the scales.
    assert record["agreement"]["onnx-int8"]["min_cosine"] >= 0.996
    assert record["quantization"]["smoothing"]["alpha"] > 0
    assert not list(onnx_model_dir.glob(".onnx.*")), "temporary folders left behind"
    start = time.perf_counter()
    assert export_onnx(onnx_model_dir) == onnx_status(onnx_model_dir)
    assert time.perf_counter() - start < 2.0, "a current export is not redone"


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8", "onnx-int8-queries"])
def test_vectors_stay_compatible_with_float32(encoders: dict[str, DenseEncoder], backend: str) -> None:
    """Cosine >= 0.99 with float32 torch on passages and queries: switching backends needs no reindex."""
    torch_enc, other = encoders["torch"], encoders[backend]
    bar = 0.9999 if backend == "onnx" else COMPATIBLE_COSINE
    texts = PASSAGES + TOKENIZER_EDGE_CASES
    passages = _cos(other.encode_passages(texts), torch_enc.encode_passages(texts))
    assert passages.min() >= bar, dict(zip(texts, passages.round(4).tolist(), strict=True))
    ours = np.stack([other.encode_query(q) for q in QUERIES])
    queries = _cos(ours, np.stack([torch_enc.encode_query(q) for q in QUERIES]))
    assert queries.min() >= bar
    assert other.shares_index_with_float32


def test_split_backend_embeds_passages_in_float32_and_queries_in_int8(encoders: dict[str, DenseEncoder]) -> None:
    split, float32, int8 = encoders["onnx-int8-queries"], encoders["onnx"], encoders["onnx-int8"]
    assert np.array_equal(split.encode_passages(PASSAGES), float32.encode_passages(PASSAGES))
    for query in QUERIES:
        assert np.array_equal(split.encode_query(query), int8.encode_query(query)), query
    # Each export answers its own side: int8 moves a vector measurably, so neither side came from the other.
    assert not np.array_equal(split.encode_query(QUERIES[0]), float32.encode_query(QUERIES[0]))


def test_backends_read_text_alike(encoders: dict[str, DenseEncoder]) -> None:
    torch_enc = encoders["torch"]
    for backend in ("onnx", "onnx-int8", "onnx-int8-queries"):
        enc = encoders[backend]
        assert (enc.dim, enc.max_tokens, enc.prompt_tokens()) == (384, 512, torch_enc.prompt_tokens())
        assert (enc.query_prompt, enc.passage_prompt) == ("query: ", "passage: ")
        for text in PASSAGES + TOKENIZER_EDGE_CASES:
            assert enc.count_tokens(text) == torch_enc.count_tokens(text), text
        vectors = enc.encode_passages(PASSAGES[:3])
        assert vectors.dtype == np.float32 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        assert enc.encode_passages([]).shape == (0, 384)


def test_auto_takes_int8_queries_only_where_the_exports_are(onnx_model_dir: Path, e5_model_dir: Path) -> None:
    assert choose_backend(str(onnx_model_dir))[0] == "onnx-int8-queries"
    assert choose_backend(str(onnx_model_dir), "torch") == ("torch", 1.0)
    assert choose_backend(str(e5_model_dir)) == ("torch", 1.0)
    with pytest.raises(BackendUnavailable, match="acervo models prepare"):
        choose_backend(str(e5_model_dir), "onnx-int8")
    with pytest.raises(ValueError, match="unknown embedding backend"):
        choose_backend(str(onnx_model_dir), "tensorrt")
    encoder = DenseEncoder.load(str(onnx_model_dir), models_dir=onnx_model_dir.parent)
    assert encoder.backend == "onnx-int8-queries" and encoder.name == onnx_model_dir.name


def test_an_export_of_other_weights_is_not_used(onnx_model_dir: Path) -> None:
    marker = onnx_model_dir / ONNX_DIR / ONNX_MARKER
    original = marker.read_text()
    try:
        marker.write_text(json.dumps(json.loads(original) | {"weights": "model.safetensors:1:0"}))
        assert onnx_status(onnx_model_dir) is None
        assert choose_backend(str(onnx_model_dir))[0] == "torch"
        with pytest.raises(BackendUnavailable):
            choose_backend(str(onnx_model_dir), "onnx")
    finally:
        marker.write_text(original)
    assert choose_backend(str(onnx_model_dir))[0] == "onnx-int8-queries"


def test_an_export_that_disagrees_is_not_the_default(onnx_model_dir: Path) -> None:
    marker = onnx_model_dir / ONNX_DIR / ONNX_MARKER
    original = marker.read_text()
    record = json.loads(original)
    record["agreement"]["onnx-int8"]["min_cosine"] = 0.95
    try:
        marker.write_text(json.dumps(record))
        assert choose_backend(str(onnx_model_dir)) == ("torch", 1.0)
        # Asked for explicitly it still runs, and says that the index must be rebuilt.
        assert choose_backend(str(onnx_model_dir), "onnx-int8") == ("onnx-int8", 0.95)
        # A backend running two exports answers for the worse of them.
        assert choose_backend(str(onnx_model_dir), "onnx-int8-queries") == ("onnx-int8-queries", 0.95)
        assert choose_backend(str(onnx_model_dir), "onnx")[1] >= 0.9999
    finally:
        marker.write_text(original)


@pytest.mark.parametrize("backend", ["torch", "onnx-int8", "onnx-int8-queries"])
def test_many_threads_at_once(encoders: dict[str, DenseEncoder], backend: str) -> None:
    """Queries, passage batches and token counts from 8 threads together give what they give one at a time."""
    enc = encoders[backend]
    texts = SENTENCES + TOKENIZER_EDGE_CASES
    serial_passages = enc.encode_passages(texts)
    serial_queries = {q: enc.encode_query(q) for q in QUERIES}
    serial_counts = {t: enc.count_tokens(t) for t in texts}

    def job(i: int) -> None:
        if i % 3 == 0:
            got = enc.encode_passages(texts[i % 5 :] + texts[: i % 5])
            assert _cos(got, np.roll(serial_passages, -(i % 5), axis=0)).min() > 0.9999
        elif i % 3 == 1:
            q = QUERIES[i % len(QUERIES)]
            assert _cos(enc.encode_query(q)[None], serial_queries[q][None])[0] > 0.9999
        else:
            for t in texts:
                assert enc.count_tokens(t) == serial_counts[t]

    with ThreadPoolExecutor(max_workers=8) as pool:
        for future in [pool.submit(job, i) for i in range(24)]:
            future.result()


def test_one_text_is_read_as_within_a_batch(encoders: dict[str, DenseEncoder]) -> None:
    """A single text (a query) is tokenized on its own path; it must give the ids and the cut of a batch."""
    enc = encoders["onnx"]
    texts = [PASSAGES[0], "acta de cabildo " * 400, TOKENIZER_EDGE_CASES[0]]  # the second is cut at 512 tokens
    together = enc.encode_passages(texts)
    for text, vector in zip(texts, together, strict=True):
        assert float(enc.encode_passages([text])[0] @ vector) > 0.99999, text[:40]


def test_batches_are_cut_by_token_length() -> None:
    lengths = [200, 12, 198, 60, 197, 190, 11, 59, 3, 200, 199, 58]
    batches = list(_similar_batches([[0] * n for n in lengths], 3))
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        longest = lengths[batch[0]]
        slack = max(PAD_SLACK_TOKENS, PAD_SLACK * longest)
        assert len(batch) <= 3 and all(longest - lengths[i] <= slack for i in batch)
    assert [lengths[i] for i in batches[0]] == [200, 200, 199]  # longest first
    assert [lengths[i] for i in batches[2]] == [190]  # 190 pads 2 % of a 197-token row's batch: cut all the same


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_passages_batched_by_length_read_as_alone(encoders: dict[str, DenseEncoder], backend: str) -> None:
    """However a call's passages are grouped into batches, each gets the vector it gets alone, in its place
    (int8: dynamic quantisation scales a whole batch's activations at once, so batchmates move a vector a
    little, never past what an index shared with float32 allows)."""
    enc = encoders[backend]
    texts = [*PASSAGES, *(p[: len(p) // 3] for p in PASSAGES)]
    together = enc.encode_passages(texts)
    least = 0.9999 if backend == "onnx" else COMPATIBLE_COSINE
    for text, vector in zip(texts, together, strict=True):
        assert float(enc.encode_passages([text])[0] @ vector) > least, text[:40]


@pytest.mark.parametrize("backend", ["torch", "onnx", "onnx-int8"])
def test_prepared_passages_embed_as_their_texts(encoders: dict[str, DenseEncoder], backend: str) -> None:
    """The indexer tokenizes a batch in one thread and embeds it in another: the vectors are the texts' own."""
    enc = encoders[backend]
    prepared = enc.prepare_passages(PASSAGES)
    assert prepared.texts == PASSAGES and (prepared.rows is None) == (backend == "torch")
    assert np.array_equal(enc.encode_passages(prepared), enc.encode_passages(PASSAGES))
    assert enc.encode_passages(enc.prepare_passages([])).shape == (0, enc.dim)
