"""Both index backends: the embedded Qdrant Edge shard, and qdrant-client (local mode standing in for a server)."""

from __future__ import annotations

import base64
import struct
from datetime import date

import numpy as np
import pytest
from qdrant_client import QdrantClient

from ingest.search.index import IndexMismatch, IndexPoint, Prefetch, SearchFilters
from ingest.search.index.edge import EdgeIndex
from ingest.search.index.server import ServerIndex
from ingest.search.sparse import SparseEncoder

SPARSE = SparseEncoder()

TORREON, CHIHUAHUA, CONSEJO = "implan torreon", "implan chihuahua", "consejo directivo"
DOCS = [
    # id, document, text, institution, body, doc_type, date
    (1, 10, "Se aprueba el convenio con INFONAVIT para vivienda", TORREON, CONSEJO, "acta", "2019-09-26"),
    (2, 10, "Seguimiento del acuerdo JD-XI-1 sobre el PMDUOET", TORREON, CONSEJO, "acta", "2019-09-26"),
    (3, 20, "Escasez de agua y pozos con arsénico en la región", TORREON, "cabildo", "comunicado", "2020-03-12"),
    (4, 30, "Convocatoria para la dirección del instituto", CHIHUAHUA, None, "convocatoria", None),
]


def _vector(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=8).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _points() -> list[IndexPoint]:
    points = []
    for point_id, document, text, institution, body, doc_type, day in DOCS:
        payload = {
            "document_id": document,
            "chunk_id": point_id,
            "file_name": f"doc{document}.md",
            "institution": institution,
            "body": body,
            "doc_type": doc_type,
            "date": day,
            "year": int(day[:4]) if day else None,
            "years": [int(day[:4])] if day else [],
            "text": text,
        }
        points.append(IndexPoint(point_id, _vector(point_id), SPARSE.encode_passage(text), payload))
    return points


@pytest.fixture(params=["edge", "server"])
def index(request, tmp_path):
    if request.param == "edge":
        backend = EdgeIndex(tmp_path / "index")
    else:
        backend = ServerIndex(QdrantClient(":memory:"), "test_chunks")
    backend.ensure_collection(8)
    backend.upsert(_points())
    yield backend
    backend.close()


def _ids(index, prefetches, **kwargs) -> list[int]:
    return [hit.id for hit in index.query(prefetches, limit=10, **kwargs)]


def test_sparse_finds_codes_and_acronyms(index) -> None:
    assert _ids(index, [Prefetch("sparse", SPARSE.encode_query("JD-XI-1"), 10)])[0] == 2
    assert _ids(index, [Prefetch("sparse", SPARSE.encode_query("convenio infonavit"), 10)]) == [1]


def test_dense_nearest_is_the_same_vector(index) -> None:
    assert _ids(index, [Prefetch("dense", _vector(3), 10)])[0] == 3


def test_rrf_fuses_both_lists(index) -> None:
    fused = _ids(index, [Prefetch("dense", _vector(4), 10), Prefetch("sparse", SPARSE.encode_query("agua"), 10)])
    assert set(fused[:2]) == {3, 4}
    assert len(fused) == 4  # the dense list brings every point


def test_filters_restrict_every_list(index) -> None:
    both = [Prefetch("dense", _vector(1), 10), Prefetch("sparse", SPARSE.encode_query("convenio agua"), 10)]
    assert set(_ids(index, both, filters=SearchFilters(body="Consejo Directivo"))) == {1, 2}
    assert set(_ids(index, both, filters=SearchFilters(institution="IMPLAN Chihuahua"))) == {4}
    assert set(_ids(index, both, filters=SearchFilters(doc_type="comunicado"))) == {3}
    assert set(_ids(index, both, filters=SearchFilters(year=2020))) == {3}
    window = SearchFilters(date_from=date(2019, 9, 1), date_to=date(2019, 11, 30))
    assert set(_ids(index, both, filters=window)) == {1, 2}
    assert set(_ids(index, both, filters=SearchFilters(date_from=date(2019, 9, 27)))) == {3}


def test_or_missing_lets_unknown_metadata_through(index) -> None:
    prefetch = [Prefetch("dense", _vector(1), 10, filters=(SearchFilters(year=2019, or_missing=True),))]
    assert set(_ids(index, prefetch)) == {1, 2, 4}
    # Several filters on one list all apply, each with its own idea of missing values.
    both = (SearchFilters(year=2019, or_missing=True), SearchFilters(doc_type="convocatoria"))
    assert _ids(index, [Prefetch("dense", _vector(1), 10, filters=both)]) == [4]
    strict = SearchFilters(year=2019)
    assert set(_ids(index, [Prefetch("dense", _vector(1), 10, filters=both[:1])], filters=strict)) == {1, 2}


def test_lists_asked_together_each_answer_as_alone(index) -> None:
    lists = [
        Prefetch("dense", _vector(2), 3),
        Prefetch("dense", _vector(2), 10, filters=(SearchFilters(body="Cabildo", or_missing=True),)),
        Prefetch("sparse", SPARSE.encode_query("convenio agua"), 10, filters=(SearchFilters(year=2019),)),
    ]
    together = index.query_each(lists, filters=SearchFilters(institution="IMPLAN Torreón"))
    alone = [index.query([p], limit=p.limit, filters=SearchFilters(institution="IMPLAN Torreón")) for p in lists]
    assert [[(h.id, round(h.score, 5)) for h in found] for found in together] == [
        [(h.id, round(h.score, 5)) for h in found] for found in alone
    ]
    assert len(together[0]) == 3 and {h.id for h in together[1]} == {3}
    assert [h.id for h in together[2]] == [1] and together[2][0].payload["document_id"] == 10
    assert index.query_each([]) == []


def test_upsert_is_idempotent_and_documents_can_be_deleted(index) -> None:
    index.upsert(_points())
    assert index.count() == 4
    index.delete_documents([10])
    assert index.count() == 2
    assert 1 not in _ids(index, [Prefetch("dense", _vector(1), 10)])


def test_a_collection_for_another_model_is_refused_until_recreated(index) -> None:
    with pytest.raises(IndexMismatch, match="reindex"):
        index.ensure_collection(16)
    index.recreate(16)
    assert index.count() == 0
    index.ensure_collection(16)


def test_the_edge_shard_reopens_with_its_points(tmp_path) -> None:
    first = EdgeIndex(tmp_path / "index")
    first.ensure_collection(8)
    first.upsert(_points())
    first.close()
    again = EdgeIndex(tmp_path / "index")
    assert again.count() == 4
    again.ensure_collection(8)
    again.close()


def _with_terms(points: list[IndexPoint], packed: bool) -> list[IndexPoint]:
    def terms(point_id: int) -> str | list[int]:
        ids = [point_id, 4_000_000_000]
        return base64.b64encode(struct.pack("<2I", *ids)).decode() if packed else ids

    return [IndexPoint(p.id, p.dense, p.sparse, {**p.payload, "terms": terms(p.id)}) for p in points]


def _payloads(index: EdgeIndex) -> dict[int, dict]:
    return {p.id: p.payload for p in index.query([Prefetch("dense", _vector(1), 10)], limit=10)}


@pytest.mark.parametrize("packed", [True, False], ids=["packed", "list as written before"])
def test_candidates_carry_payloads_without_texts_their_terms_stand_for(tmp_path, packed: bool) -> None:
    index = EdgeIndex(tmp_path / "index")
    index.ensure_collection(8)
    index.upsert(_with_terms(_points(), packed))
    found = _payloads(index)
    assert set(found) == {1, 2, 3, 4}
    assert "text" not in found[1] and list(found[1]["terms"]) == [1, 4_000_000_000]
    assert found[3]["institution"] == TORREON and found[3]["years"] == [2020]
    index.close()


def test_texts_are_read_by_point(index) -> None:
    assert index.texts([3, 99]) == {3: _points()[2].payload["text"]}
    assert index.texts([]) == {}


def test_resident_payloads_follow_upserts_deletes_and_a_reopened_shard(tmp_path) -> None:
    index = EdgeIndex(tmp_path / "index")
    index.ensure_collection(8)
    index.upsert(_points())
    assert _payloads(index)[4]["text"] == DOCS[3][2]  # no term ids stored: the text stays for ranking
    changed = [IndexPoint(p.id, p.dense, p.sparse, {**p.payload, "doc_type": "informe"}) for p in _points()[:2]]
    index.upsert(changed)
    assert {_payloads(index)[i]["doc_type"] for i in (1, 2)} == {"informe"}
    index.delete_documents([10])
    assert set(_payloads(index)) == {3, 4}
    index.close()
    again = EdgeIndex(tmp_path / "index")
    assert again.fill() == 2
    assert _payloads(again)[3]["date"] == "2020-03-12"
    again.close()


def _random_points(first: int, count: int) -> list[IndexPoint]:
    vectors = np.random.default_rng(first).normal(size=(count, 8)).astype(np.float32)
    return [
        IndexPoint(first + i, vector / np.linalg.norm(vector), SPARSE.encode_passage(f"acta {first + i}"),
                   {"document_id": (first + i) // 10, "chunk_id": first + i, "text": f"acta {first + i}"})
        for i, vector in enumerate(vectors)
    ]


def test_the_edge_shard_builds_its_graph_once_enough_new_vectors_wait(tmp_path) -> None:
    index = EdgeIndex(tmp_path / "index", index_from=600)
    index.ensure_collection(8)
    first = _random_points(1, 500)
    index.upsert(first)
    assert index.unindexed() == 500
    assert index.optimize() == 0  # too few to be worth the pause: they are scanned
    assert index.unindexed() == 500
    index.upsert(_random_points(501, 500))
    assert index.optimize() == 1000
    assert index.unindexed() == 0
    # Searched through the graph, each vector is still its own nearest, and nothing was lost.
    for point in (first[0], first[-1]):
        assert _ids(index, [Prefetch("dense", point.dense, 5)])[0] == point.id
    assert index.count() == 1000
    index.upsert(_random_points(1001, 100))
    assert index.unindexed() == 100  # new points wait in a segment of their own
    index.close()
    again = EdgeIndex(tmp_path / "index", index_from=50)  # a threshold given on reopening applies
    assert again.unindexed() == 100 and again.optimize() == 100
    assert again.count() == 1100 and _ids(again, [Prefetch("dense", first[3].dense, 5)])[0] == first[3].id
    again.close()


def test_the_graph_is_walked_on_int8_copies_and_scored_on_the_float_vectors(tmp_path) -> None:
    index = EdgeIndex(tmp_path / "index", index_from=500)
    index.ensure_collection(8)
    points = _random_points(1, 1000)
    index.upsert(points)
    assert index.optimize() == 1000
    vectors = np.stack([p.dense for p in points])
    for probe in (_vector(1), _vector(2), _vector(3)):
        exact = vectors @ probe
        found = index.query([Prefetch("dense", probe, 10)], limit=10)
        assert [hit.id for hit in found] == [int(i) + 1 for i in np.argsort(-exact)[:10]]
        # rescored: the cosine of the stored float vector, not of its int8 copy (off by about 1e-3)
        assert all(abs(hit.score - exact[hit.id - 1]) < 1e-5 for hit in found)
    index.close()


def test_a_qdrant_server_is_left_to_build_its_own_graph() -> None:
    server = ServerIndex(QdrantClient(":memory:"), "test_graph")
    server.ensure_collection(8)
    server.upsert(_random_points(1, 50))
    assert server.optimize() == 0 and server.count() == 50
    server.close()
