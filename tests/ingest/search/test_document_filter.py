"""The document-id filter (a person's or a program's documents, or one document) on both index backends."""

from __future__ import annotations

from ingest.search.index import Prefetch, SearchFilters
from tests.ingest.search.test_index import SPARSE, _vector, index  # noqa: F401 (the fixture)


def test_only_the_given_documents_come_back(index) -> None:  # noqa: F811
    both = [Prefetch("dense", _vector(4), 10), Prefetch("sparse", SPARSE.encode_query("convenio agua"), 10)]
    hits = index.query(both, limit=10, filters=SearchFilters(document_ids=(10, 30)))
    assert {hit.payload["document_id"] for hit in hits} == {10, 30}
    one = index.query(both[:1], limit=10, filters=SearchFilters(document_ids=(20,)))
    assert [hit.id for hit in one] == [3]
    combined = SearchFilters(document_ids=(10, 20), doc_type="acta")
    assert {hit.payload["document_id"] for hit in index.query(both, limit=10, filters=combined)} == {10}
