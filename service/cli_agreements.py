"""`acervo agreements`: the agreement tracker in a terminal, with the API's filters, as a table, CSV or JSON."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ingest.tracking import DEFAULT_QUIET_SESSIONS
from models.settings import Settings
from models.vocabulary import AgreementStatus

agreements_app = typer.Typer(
    help="Agreements tracked across sessions: filter, show one timeline, export.", invoke_without_command=True
)
err = Console(stderr=True, soft_wrap=True)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]error[/red]: {option} wants a date as YYYY-MM-DD, not {value!r}", highlight=False)
        raise typer.Exit(2) from None


def _bar(progress: int | None) -> str:
    if progress is None:
        return ""
    filled = round(progress / 10)
    return "█" * filled + "·" * (10 - filled) + f" {progress:>3}"


@agreements_app.callback()
def agreements(
    ctx: typer.Context,
    institution: Annotated[str | None, typer.Option(help="Only this institution (IMPLAN Santa Lucía).")] = None,
    body: Annotated[str | None, typer.Option(help="Only this body (Junta Directiva, Consejo...).")] = None,
    status: Annotated[AgreementStatus | None, typer.Option(help="Latest status.")] = None,
    responsible: Annotated[str | None, typer.Option(help="Part of the responsible person's or office's name.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only those past their due date, unfulfilled.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="Only open ones not mentioned in the last N sessions.")
    ] = False,
    quiet_sessions: Annotated[int, typer.Option(min=1, help="N for --quiet.")] = DEFAULT_QUIET_SESSIONS,
    date_from: Annotated[str | None, typer.Option("--date-from", help="Taken (or first seen) on or after.")] = None,
    date_to: Annotated[str | None, typer.Option("--date-to", help="Taken (or first seen) on or before.")] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="Words in the agreement's wording, or its key in any written form.")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="The agreement's key (CD-I-3, cd-i-3, 'CD I 3').")] = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only what is still open: commitments not done, deferred matters.")
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", help="A table, or every matching row as CSV or JSON.")
    ] = Format.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write CSV/JSON to this file.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Rows in the table.")] = 50,
) -> None:
    """List agreements with their status, progress, and whether they are overdue or quiet."""
    if ctx.invoked_subcommand is not None:
        return
    from ingest.tracking.queries import AgreementFilters
    from models.store import Store
    from service.agreements import find_agreements, to_json
    from service.exports import agreement_csv

    filters = AgreementFilters(
        institution=institution,
        body=body,
        status=status.value if status else None,
        responsible=responsible,
        overdue=True if overdue else None,
        quiet=True if quiet else None,
        quiet_sessions=quiet_sessions,
        date_from=_date(date_from, "--date-from"),
        date_to=_date(date_to, "--date-to"),
        q=text,
        code=code,
        open=True if open_only else None,
    )
    settings = Settings()
    store = Store.open(settings.store_url)
    with store.session() as db:
        total, rows = find_agreements(db, filters, limit=None if fmt != Format.table else limit)
    store.dispose()
    if fmt != Format.table:
        base = f"http://{settings.host}:{settings.port}/"
        payload = agreement_csv(rows, base) if fmt == Format.csv else to_json(rows) + "\n"
        if output:
            output.write_text(payload, encoding="utf-8")
            err.print(f"{len(rows)} agreements written to {output}", highlight=False)
        else:
            sys.stdout.write(payload)
        return
    if not rows:
        err.print("no agreements match", highlight=False)
        return
    table = Table(show_lines=False, highlight=False, expand=False)
    for column in ("id", "código", "acuerdo", "órgano", "responsable", "estatus", "avance", "fecha límite", "última"):
        table.add_column(column, overflow="fold")
    for row in rows:
        flags = " ".join(f for f, on in (("VENCIDO", row["overdue"]), ("SIN MENCIÓN", row["quiet"])) if on)
        status_cell = escape(row["status"] or "") + (f"\n[red]{flags}[/red]" if flags else "")
        table.add_row(
            str(row["id"]),
            escape(row["code"] or ""),
            escape(row["text"][:140]),
            escape(row["body"] or ""),
            escape(row["responsible"] or ""),
            status_cell,
            _bar(row["progress"]),
            row["due"] or "",
            row["last_date"] or "",
        )
    Console(highlight=False).print(table)
    err.print(f"{len(rows)} of {total} agreements", highlight=False)


@agreements_app.command("show")
def show(agreement_id: Annotated[int, typer.Argument(help="The agreement's id (see `acervo agreements`).")]) -> None:
    """One agreement's timeline: where it was taken and what each later session said."""
    from models import tables
    from models.store import Store
    from service.agreements import timeline

    store = Store.open(Settings().store_url)
    out = Console(highlight=False, soft_wrap=True)
    with store.session() as db:
        agreement = db.get(tables.Agreement, agreement_id)
        if agreement is None:
            err.print(f"[red]error[/red]: no agreement with id {agreement_id}", highlight=False)
            raise typer.Exit(1)
        out.print(f"[bold]{escape(agreement.code or '(sin código)')}[/bold]  {escape(agreement.text)}")
        out.print(
            f"{escape(agreement.institution or '')} · {escape(agreement.body or '')} · responsable: "
            f"{escape(agreement.responsible or '—')} · fecha límite: {agreement.due or '—'}"
        )
        out.print(f"estatus: {escape(agreement.status or '')} {_bar(agreement.progress)}")
        if agreement.origin_session is None:
            out.print("[yellow]sesión de origen no está en el acervo[/yellow]")
        for event in timeline(agreement):
            link = f" (vinculado por {event['link']}, {event['link_score']:.2f})" if event["link"] else ""
            kind = "tomado" if event["kind"] == "taken" else "seguimiento"
            out.print(
                f"  {event['date'] or '¿?'}  {kind:<11} {escape(event['status'] or ''):<15} "
                f"{_bar(event['progress'])}  {escape(event['file_name'])}{link}"
            )
            if event["status_text"]:
                out.print(f"      «{escape(event['status_text'][:300])}»")
    store.dispose()
