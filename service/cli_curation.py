"""`acervo correct`: staff corrections from a terminal, through `ingest.curation` like the API and the page.

Every correction is recorded with the system user as its author (`cli:USER`) and listed by
`acervo correct log`."""

from __future__ import annotations

import getpass
import sys
from types import ModuleType
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models.settings import Settings
from models.vocabulary import CORRECTION_LABELS, AgreementStatus, CorrectionAction, DocType

correct_app = typer.Typer(
    help="Correct what extraction got wrong (recorded in the audit; holds after relink and re-ingest).",
    no_args_is_help=True,
)
err = Console(stderr=True, soft_wrap=True)

Note = Annotated[str | None, typer.Option("--note", help="Why (kept in the audit).")]


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name (a container without passwd entry)
        return "cli"


def _curation() -> ModuleType:
    """`ingest.curation.overrides`, imported when a correction runs: it brings the store, the linking and
    their libraries, which `acervo --help` and every other command do without."""
    from ingest.curation import overrides

    return overrides


def _run(fn, *args) -> tuple[int, str, str | None]:
    from ingest.curation import CurationError
    from models.store import Store

    store = Store.open(Settings().store_url)
    try:
        with store.session() as db:
            row = fn(db, *args)
            out = (row.id, row.action, row.label)
    except CurationError as exc:
        err.print(f"[red]error[/red]: {escape(exc.message)}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        store.dispose()
    label = CORRECTION_LABELS[CorrectionAction(out[1])]
    err.print(f"corrección {out[0]}: {label} — {escape(out[2] or '')}", highlight=False)
    return out


@correct_app.command("document")
def document(
    document_id: Annotated[int, typer.Argument(help="The document's id.")],
    title: Annotated[str | None, typer.Option(help="Title.")] = None,
    date: Annotated[str | None, typer.Option(help="Date as YYYY-MM-DD ('' clears it).")] = None,
    doc_type: Annotated[DocType | None, typer.Option("--type", help="Document type.")] = None,
    institution: Annotated[str | None, typer.Option(help="Institution.")] = None,
    body: Annotated[str | None, typer.Option(help="Body (Junta Directiva, Consejo...).")] = None,
    note: Note = None,
) -> None:
    """Correct a document's title, date, type, institution or body (a running server re-indexes it)."""
    changes = {
        k: v
        for k, v in {"title": title, "date": date, "doc_type": doc_type.value if doc_type else None,
                     "institution": institution, "body": body}.items()
        if v is not None
    }
    _run(_curation().edit_document, document_id, changes, _actor(), note)


@correct_app.command("delete")
def delete(
    document_id: Annotated[int, typer.Argument(help="The document's id.")],
    note: Note = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Delete a document with its entities, index points and stored file; the same file is not ingested again."""
    from ingest.curation import Curator
    from ingest.search.engine import open_vector_index
    from ingest.search.index import IndexBusy
    from models import tables
    from models.store import Store

    settings = Settings()
    store = Store.open(settings.store_url)
    with store.session() as db:
        document = db.get(tables.Document, document_id)
        name = document.file_name if document else None
    if name is None:
        err.print(f"[red]error[/red]: No existe un documento con id {document_id}.", highlight=False)
        raise typer.Exit(1)
    if not yes and not typer.confirm(f"¿Eliminar {name} y todo lo extraído de él?"):
        raise typer.Exit(1)
    try:
        index = open_vector_index(settings)
    except IndexBusy:
        err.print("[red]error[/red]: el índice de búsqueda está abierto por `acervo serve`: elimine el documento"
                  " desde la página o con DELETE /api/documents/ID", highlight=False)
        raise typer.Exit(2) from None
    try:
        deleted = Curator(store, uploads_dir=settings.uploads_dir, index=index).delete_document(
            document_id, _actor(), note
        )
    finally:
        index.close()
        store.dispose()
    err.print(f"corrección {deleted.correction_id}: {escape(deleted.file_name)} eliminado", highlight=False)


@correct_app.command("person-rename")
def person_rename(person_id: int, name: str, note: Note = None) -> None:
    """Give a person the name to show."""
    _run(_curation().rename_person, person_id, name, _actor(), note)


@correct_app.command("person-merge")
def person_merge(person_id: int, into: int, note: Note = None) -> None:
    """PERSON_ID is the same person as INTO: its names, sessions and agreements move there."""
    _run(_curation().merge_people, person_id, into, _actor(), note)


@correct_app.command("person-split")
def person_split(
    person_id: int,
    name_id: Annotated[list[int], typer.Option("--name-id", help="A written form's id (GET /api/people/ID).")],
    note: Note = None,
) -> None:
    """These written forms (and the sessions where they were written) are another person."""
    _run(_curation().split_person, person_id, name_id, _actor(), note)


@correct_app.command("person-confirm")
def person_confirm(person_id: int, note: Note = None) -> None:
    _run(_curation().mark_person, person_id, True, _actor(), note)


@correct_app.command("person-dismiss")
def person_dismiss(person_id: int, note: Note = None) -> None:
    """Not a person: the row and its participations go."""
    _run(_curation().mark_person, person_id, False, _actor(), note)


@correct_app.command("program-rename")
def program_rename(program_id: int, name: str, note: Note = None) -> None:
    _run(_curation().rename_program, program_id, name, _actor(), note)


@correct_app.command("program-merge")
def program_merge(program_id: int, into: int, note: Note = None) -> None:
    _run(_curation().merge_programs, program_id, into, _actor(), note)


@correct_app.command("program-split")
def program_split(
    program_id: int,
    name: Annotated[list[str], typer.Option("--name", help="A name as written that belongs to another program.")],
    note: Note = None,
) -> None:
    _run(_curation().split_program, program_id, name, _actor(), note)


@correct_app.command("program-confirm")
def program_confirm(program_id: int, note: Note = None) -> None:
    _run(_curation().mark_program, program_id, True, _actor(), note)


@correct_app.command("program-dismiss")
def program_dismiss(program_id: int, note: Note = None) -> None:
    _run(_curation().mark_program, program_id, False, _actor(), note)


@correct_app.command("agreement-confirm")
def agreement_confirm(agreement_id: int, note: Note = None) -> None:
    _run(_curation().mark_agreement, agreement_id, True, _actor(), note)


@correct_app.command("agreement-dismiss")
def agreement_dismiss(agreement_id: int, note: Note = None) -> None:
    """Not an agreement: it goes with its timeline."""
    _run(_curation().mark_agreement, agreement_id, False, _actor(), note)


@correct_app.command("agreement-status")
def agreement_status(
    agreement_id: int,
    status: AgreementStatus,
    note: Annotated[str, typer.Option("--note", help="Why the status changes (required).")],
) -> None:
    """Set an agreement's status by hand, with a note."""
    _run(_curation().set_agreement_status, agreement_id, status.value, note, _actor())


@correct_app.command("log")
def log(limit: Annotated[int, typer.Option(help="How many, newest first.")] = 30) -> None:
    """The audit: every correction with who, when, before and after."""
    from models.store import Store

    store = Store.open(Settings().store_url)
    with store.session() as db:
        total, rows = _curation().list_corrections(db, limit=limit)
        table = Table("id", "cuándo", "quién", "qué", "sobre", "antes", "después", "nota")
        for row in rows:
            before = {k: v for k, v in (row.before or {}).items() if k != "anchors"}
            table.add_row(
                str(row.id), f"{row.created_at:%Y-%m-%d %H:%M}", escape(row.actor),
                CORRECTION_LABELS[CorrectionAction(row.action)], escape(row.label or ""),
                escape(str(before)), escape(str(row.after or {})), escape(row.note or ""),
            )
    store.dispose()
    Console(width=None if sys.stdout.isatty() else 240).print(table)
    err.print(f"{total} correcciones", highlight=False)
