"""Corrections that reach beyond one transaction: deleting a document (relink, index points, stored file)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.curation import overrides
from ingest.tracking.relink import relink
from models.store import Store

if TYPE_CHECKING:
    from ingest.search.index import VectorIndex

log = logging.getLogger(__name__)


@dataclass
class Deleted:
    correction_id: int
    document_id: int
    file_name: str
    file_removed: bool
    points_removed: bool


@dataclass
class Curator:
    """`index` is the vector index when this process holds it (the API's); without one, a caller must not
    delete (the CLI refuses while a server holds the embedded index). `uploads_dir` is where uploaded files
    are kept under their hash: only files there are removed, never a file the CLI ingested from its place."""

    store: Store
    uploads_dir: Path | None = None
    index: VectorIndex | None = None

    def delete_document(self, document_id: int, actor: str, note: str | None = None) -> Deleted:
        with self.store.session() as db:
            document = db.get(overrides.tables.Document, document_id)
            if document is None:
                raise overrides.CurationError("not_found", f"No existe un documento con id {document_id}.")
            digest, file_name, source = document.content_hash, document.file_name, document.source_path
            row = overrides.delete_document(db, document_id, actor, note)
            correction_id = row.id
        # Agreements and people the document shared with others are rebuilt from what remains.
        relink(self.store)
        points = False
        if self.index is not None:
            self.index.delete_documents([document_id])
            points = True
        removed = False
        if self.uploads_dir is not None:
            stored = (self.uploads_dir / digest).resolve()
            candidates = {stored}
            if source:
                candidates.add(Path(source).resolve())
            for path in candidates:
                if path.parent == self.uploads_dir.resolve() and path.is_file():
                    path.unlink()
                    removed = True
        log.info("document deleted", extra={"document_id": document_id, "correction": correction_id})
        return Deleted(correction_id, document_id, file_name, removed, points)
