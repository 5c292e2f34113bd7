"""Agreements: tracked across sessions, with filters, one agreement's timeline, and CSV or JSON export."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ingest.tracking.queries import DEFAULT_QUIET_SESSIONS, AgreementFilters, quiet_cutoffs
from models import tables
from models.tables import MAX_ID
from models.vocabulary import AgreementStatus
from service.agreements import agreement_row, find_agreements, timeline, to_json
from service.auth import ReadAccess
from service.deps import Db
from service.errors import ApiError
from service.exports import CSV_MEDIA, agreement_csv
from service.schemas import Page, PageParams, page_params

router = APIRouter(tags=["agreements"])

AgreementId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id del acuerdo.")]


class Origin(BaseModel):
    session_id: int
    document_id: int
    file_name: str
    date: date | None
    number: int | None
    type: str | None


class AgreementItem(BaseModel):
    id: int
    code: str | None
    text: str
    institution: str | None
    body: str | None
    responsible: str | None
    responsible_person_id: int | None
    due: date | None
    status: str | None
    status_text: str | None
    progress: int | None
    origin: Origin | None
    first_date: date | None
    last_date: date | None
    events: int
    documents: int
    overdue: bool
    quiet: bool
    status_note: str | None = Field(None, description="La nota del personal cuando fijó el estado a mano.")
    confirmed: bool = Field(False, description="El personal confirmó que es un acuerdo.")


class TimelineEvent(BaseModel):
    id: int
    kind: Literal["taken", "follow_up"]
    date: date | None
    status_text: str | None
    status: str | None
    progress: int | None
    link: Literal["id", "inferred"] | None
    link_score: float | None
    document_id: int
    file_name: str
    session_id: int | None
    session_number: int | None
    span_start: int | None
    span_end: int | None
    page: int | None
    passage: str | None
    url: str


class AgreementDetail(AgreementItem):
    timeline: list[TimelineEvent]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": 1,
                    "code": "JD-I-1",
                    "text": "Se aprueba elaborar el Programa Municipal de Movilidad Activa (PMMA) del municipio.",
                    "institution": "IMPLAN Santa Lucía del Valle",
                    "body": "Junta Directiva",
                    "responsible": "Jorge López Hernández",
                    "responsible_person_id": 2,
                    "due": "2024-04-30",
                    "status": "en proceso",
                    "status_text": "En ejecución.",
                    "progress": 70,
                    "origin": {
                        "session_id": 1,
                        "document_id": 1,
                        "file_name": "sesion-01-2024.md",
                        "date": "2024-01-15",
                        "number": 1,
                        "type": "ordinaria",
                    },
                    "first_date": "2024-01-15",
                    "last_date": "2024-03-19",
                    "events": 3,
                    "documents": 3,
                    "overdue": True,
                    "quiet": False,
                    "timeline": [],
                }
            ]
        }
    }


def agreement_filters(
    institution: str | None = None,
    body: str | None = None,
    status: AgreementStatus | None = None,
    responsible: Annotated[str | None, Query(description="Parte del nombre o del área responsable.")] = None,
    overdue: Annotated[bool | None, Query(description="Con fecha límite vencida y sin cumplir.")] = None,
    quiet: Annotated[bool | None, Query(description="Abiertos y sin mención en las últimas N sesiones.")] = None,
    quiet_sessions: Annotated[int, Query(ge=1, le=100, description="N para `quiet`.")] = DEFAULT_QUIET_SESSIONS,
    date_from: Annotated[date | None, Query(description="Tomados (o vistos por primera vez) desde.")] = None,
    date_to: Annotated[date | None, Query(description="Tomados (o vistos por primera vez) hasta.")] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Palabras del texto del acuerdo, o su clave escrita de cualquier forma."),
    ] = None,
    code: Annotated[
        str | None, Query(max_length=64, description="Clave, p. ej. CD-I-3 (también cd-i-3, «CD I 3», CD/I/3).")
    ] = None,
    open: Annotated[
        bool | None,
        Query(description="true: sólo lo abierto (compromisos sin cumplir, asuntos diferidos); false: lo resuelto."),
    ] = None,
) -> AgreementFilters:
    return AgreementFilters(
        institution=institution,
        body=body,
        status=status,
        responsible=responsible,
        overdue=overdue,
        quiet=quiet,
        quiet_sessions=quiet_sessions,
        date_from=date_from,
        date_to=date_to,
        q=q,
        code=code,
        open=open,
    )


Filters = Annotated[AgreementFilters, Depends(agreement_filters)]


@router.get("/agreements", response_model=Page[AgreementItem])
def list_agreements(
    _: ReadAccess, db: Db, filters: Filters, page: Annotated[PageParams, Depends(page_params)]
) -> Page[AgreementItem]:
    """Agreements across sessions, most recently active first, with status, progress, overdue and quiet."""
    total, rows = find_agreements(db, filters, limit=page.limit, offset=page.offset)
    items = [AgreementItem(**row) for row in rows]
    return Page[AgreementItem](total=total, limit=page.limit, offset=page.offset, items=items)


@router.get(
    "/agreements/export",
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
    response_class=Response,
)
def export_agreements(
    _: ReadAccess, db: Db, filters: Filters, request: Request, format: Literal["csv", "json"] = "csv"
) -> Response:
    """Every agreement matching the filters, as a download: CSV for Excel and LibreOffice (UTF-8 with BOM,
    Spanish headers, sí/no, ISO dates, a link to each agreement's page) or JSON."""
    _, rows = find_agreements(db, filters)
    stamp = date.today().isoformat()
    if format == "json":
        body, media = to_json(rows), "application/json"
    else:
        body, media = agreement_csv(rows, str(request.base_url)), CSV_MEDIA
    headers = {"Content-Disposition": f'attachment; filename="acuerdos-{stamp}.{format}"'}
    return Response(content=body.encode("utf-8"), media_type=media, headers=headers)


@router.get("/agreements/{agreement_id}", response_model=AgreementDetail)
def get_agreement(
    agreement_id: AgreementId,
    _: ReadAccess,
    db: Db,
    quiet_sessions: Annotated[int, Query(ge=1, le=100)] = DEFAULT_QUIET_SESSIONS,
) -> AgreementDetail:
    """One agreement: where it was taken, who is responsible, and every later mention in date order."""
    agreement = db.get(tables.Agreement, agreement_id)
    if agreement is None:
        raise ApiError(404, "not_found", f"agreement {agreement_id}")
    row = agreement_row(agreement, date.today(), quiet_cutoffs(db, quiet_sessions))
    return AgreementDetail(**row, timeline=[TimelineEvent(**e) for e in timeline(agreement)])
