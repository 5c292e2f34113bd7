"""Corrections by staff (the `edit` scope): a document's fields or its deletion; people and programs renamed,
merged, split, confirmed or dismissed; agreements confirmed, dismissed or given a status with a note; and the
audit of every correction. All of them go through `ingest.curation`, like the CLI's."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field

from ingest.curation import CurationError, Curator
from ingest.curation import overrides as cur
from models import tables
from models.vocabulary import DOCUMENT_FIELDS, AgreementStatus, CorrectionAction, DocType
from service.auth import EditAccess, ReadAccess, actor
from service.deps import Db, OptionalSearcherDep, SettingsDep, StoreDep
from service.errors import ApiError
from service.routes.agreements import AgreementId
from service.routes.programs import ProgramId
from service.schemas import DocumentId, Page, PageParams, PersonId, RowId, page_params

router = APIRouter(tags=["corrections"])


class CorrectionView(BaseModel):
    id: int
    created_at: datetime
    actor: str = Field(description="Quién la hizo: el nombre de la clave, o el usuario del sistema en la CLI.")
    action: CorrectionAction
    target_type: Literal["document", "person", "program", "agreement"]
    target: str = Field(description="Lo que la corrección nombra y sobrevive a relink: hash, clave de nombre o pasaje.")
    label: str | None
    before: dict
    after: dict
    note: str | None

    model_config = {"from_attributes": True}


class Note(BaseModel):
    note: str | None = Field(None, description="Por qué (queda en la auditoría).")


class DocumentEdit(Note):
    title: str | None = None
    date: dt.date | None = None
    doc_type: DocType | None = None
    institution: str | None = None
    body: str | None = None


class Rename(Note):
    name: str = Field(min_length=1, max_length=256)


class Merge(Note):
    into: RowId = Field(description="El id del registro que queda.")


class SplitPerson(Note):
    name_ids: list[RowId] = Field(min_length=1, description="Ids de las formas escritas que pasan a otra persona.")


class SplitProgram(Note):
    names: list[str] = Field(min_length=1, description="Nombres tal como se escribieron que pasan a otro programa.")


class StatusChange(BaseModel):
    status: AgreementStatus
    note: str = Field(min_length=1, description="Obligatoria: por qué cambia el estado.")


def _run(fn, *args):
    try:
        return fn(*args)
    except CurationError as exc:
        raise ApiError(404 if exc.code == "not_found" else 422, "correction_refused", exc.message) from None


def _view(row: tables.Correction) -> CorrectionView:
    return CorrectionView.model_validate(row)


@router.patch("/documents/{document_id}", response_model=CorrectionView)
def edit_document(document_id: DocumentId, edit: DocumentEdit, key: EditAccess, db: Db) -> CorrectionView:
    """Correct a document's title, date, type, institution or body. Only the fields sent change; `null`
    clears one. Search filters follow within a second (the document is re-indexed)."""
    changes = edit.model_dump(include=set(DOCUMENT_FIELDS), exclude_unset=True)
    changes = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()}
    return _view(_run(cur.edit_document, db, document_id, changes, actor(key), edit.note))


@router.delete("/documents/{document_id}", response_model=CorrectionView)
def delete_document(
    document_id: DocumentId,
    key: EditAccess,
    store: StoreDep,
    settings: SettingsDep,
    searcher: OptionalSearcherDep,
    note: Annotated[str | None, Query(description="Por qué se elimina.")] = None,
) -> CorrectionView:
    """Delete a document with its entities, its index points and its stored file. The same file is not
    ingested again."""
    curator = Curator(store, uploads_dir=settings.uploads_dir, index=searcher.index if searcher else None)
    deleted = _run(curator.delete_document, document_id, actor(key), note)
    with store.session() as db:
        return _view(db.get(tables.Correction, deleted.correction_id))


@router.post("/people/{person_id}/rename", response_model=CorrectionView)
def rename_person(person_id: PersonId, body: Rename, key: EditAccess, db: Db) -> CorrectionView:
    return _view(_run(cur.rename_person, db, person_id, body.name, actor(key), body.note))


@router.post("/people/{person_id}/merge", response_model=CorrectionView)
def merge_person(person_id: PersonId, body: Merge, key: EditAccess, db: Db) -> CorrectionView:
    """This person is the same as `into`: names, sessions and agreements move there."""
    return _view(_run(cur.merge_people, db, person_id, body.into, actor(key), body.note))


@router.post("/people/{person_id}/split", response_model=CorrectionView)
def split_person(person_id: PersonId, body: SplitPerson, key: EditAccess, db: Db) -> CorrectionView:
    """These written forms (and the sessions where they were written) are another person."""
    return _view(_run(cur.split_person, db, person_id, body.name_ids, actor(key), body.note))


@router.post("/people/{person_id}/{verdict}", response_model=CorrectionView)
def mark_person(
    person_id: PersonId, verdict: Literal["confirm", "dismiss"], key: EditAccess, db: Db,
    body: Annotated[Note | None, Body()] = None,
) -> CorrectionView:
    """Confirm a person, or dismiss one that is not a person (its participations go)."""
    note = body.note if body else None
    return _view(_run(cur.mark_person, db, person_id, verdict == "confirm", actor(key), note))


@router.post("/programs/{program_id}/rename", response_model=CorrectionView)
def rename_program(program_id: ProgramId, body: Rename, key: EditAccess, db: Db) -> CorrectionView:
    return _view(_run(cur.rename_program, db, program_id, body.name, actor(key), body.note))


@router.post("/programs/{program_id}/merge", response_model=CorrectionView)
def merge_program(program_id: ProgramId, body: Merge, key: EditAccess, db: Db) -> CorrectionView:
    return _view(_run(cur.merge_programs, db, program_id, body.into, actor(key), body.note))


@router.post("/programs/{program_id}/split", response_model=CorrectionView)
def split_program(program_id: ProgramId, body: SplitProgram, key: EditAccess, db: Db) -> CorrectionView:
    return _view(_run(cur.split_program, db, program_id, body.names, actor(key), body.note))


@router.post("/programs/{program_id}/{verdict}", response_model=CorrectionView)
def mark_program(
    program_id: ProgramId, verdict: Literal["confirm", "dismiss"], key: EditAccess, db: Db,
    body: Annotated[Note | None, Body()] = None,
) -> CorrectionView:
    note = body.note if body else None
    return _view(_run(cur.mark_program, db, program_id, verdict == "confirm", actor(key), note))


@router.post("/agreements/{agreement_id}/status", response_model=CorrectionView)
def set_status(agreement_id: AgreementId, body: StatusChange, key: EditAccess, db: Db) -> CorrectionView:
    """Set an agreement's status by hand, with a note; it holds over later documents and relinks."""
    return _view(_run(cur.set_agreement_status, db, agreement_id, body.status.value, body.note, actor(key)))


@router.post("/agreements/{agreement_id}/{verdict}", response_model=CorrectionView)
def mark_agreement(
    agreement_id: AgreementId, verdict: Literal["confirm", "dismiss"], key: EditAccess, db: Db,
    body: Annotated[Note | None, Body()] = None,
) -> CorrectionView:
    """Confirm an agreement, or dismiss a false one (with its timeline)."""
    note = body.note if body else None
    return _view(_run(cur.mark_agreement, db, agreement_id, verdict == "confirm", actor(key), note))


@router.get("/corrections", response_model=Page[CorrectionView])
def list_corrections(
    _: ReadAccess,
    db: Db,
    page: Annotated[PageParams, Depends(page_params)],
    target_type: Annotated[Literal["document", "person", "program", "agreement"] | None, Query()] = None,
    action: Annotated[CorrectionAction | None, Query()] = None,
) -> Page[CorrectionView]:
    """Every correction, newest first: who, when, what it was before and after, and why."""
    total, rows = cur.list_corrections(
        db, target_type=target_type, action=action.value if action else None, limit=page.limit, offset=page.offset
    )
    return Page[CorrectionView](total=total, limit=page.limit, offset=page.offset, items=[_view(r) for r in rows])
