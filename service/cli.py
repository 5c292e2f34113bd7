"""The `acervo` command: ingest, extract, serve and run the worker."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from models.settings import Settings

app = typer.Typer(
    help="Acervo: document intelligence over municipal planning archives.", no_args_is_help=True, add_completion=False
)
err = Console(stderr=True, soft_wrap=True)

Paths = Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).", exists=True)]


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[file]}"),
        console=err,
        transient=True,
    )


@app.command()
def ingest(paths: Paths) -> None:
    """Ingest documents into the store; the same content twice is stored once."""
    from ingest.extract import Extractor
    from ingest.pipeline import Ingestor, iter_files
    from models.store import Store

    settings = Settings()
    files = list(iter_files(paths))
    store = Store.open(settings.store_url)
    ingestor = Ingestor(store, Extractor(settings.spacy_model), max_file_bytes=settings.max_file_bytes)
    counts = {"ingested": 0, "duplicate": 0, "failed": 0}
    with _progress() as progress:
        task = progress.add_task("Ingesting", total=len(files), file="")
        for path in files:
            progress.update(task, file=path.name)
            outcome = ingestor.ingest_path(path)
            counts[outcome.status] += 1
            if outcome.status == "failed":
                progress.console.print(f"[red]error[/red]: {path}: {outcome.reason}", highlight=False)
            progress.advance(task)
    err.print(
        f"{counts['ingested']} ingested, {counts['duplicate']} skipped as duplicate, {counts['failed']} failed"
        f" ({len(files)} files)",
        highlight=False,
    )
    store.dispose()
    raise typer.Exit(1 if counts["failed"] else 0)


@app.command()
def extract(
    paths: Paths,
    output: Annotated[OutputFormat, typer.Option("--format", help="jsonl: one object per line.")] = OutputFormat.jsonl,
) -> None:
    """Print the entities of each document (the extraction schema) without storing anything."""
    from ingest.errors import IngestError
    from ingest.extract import Extractor
    from ingest.parse import parse_bytes
    from ingest.pipeline import iter_files, read_limited

    settings = Settings()
    extractor = Extractor(settings.spacy_model)
    failed = 0
    results = []
    for path in iter_files(paths):
        try:
            parsed = parse_bytes(read_limited(path, settings.max_file_bytes), path.name)
            result = extractor.extract(parsed).to_schema()
        except IngestError as exc:
            failed += 1
            err.print(f"[red]error[/red]: {path}: {exc.reason}", highlight=False)
            continue
        if output is OutputFormat.jsonl:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            results.append(result)
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(1 if failed else 0)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; loopback unless you mean otherwise.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the API and the staff search UI."""
    import uvicorn

    from service.app import create_app
    from service.logs import log_config

    settings = Settings(host=host, port=port)
    err.print(f"Acervo on http://{host}:{port}/  (API docs at /docs)", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_config=log_config())


@app.command()
def worker() -> None:
    """Run an ingest worker on the job queue (an embedded queue server when ACERVO_REDIS_URL is unset)."""
    # The one place the service reaches the worker package: to start it.
    from worker.main import run

    run(Settings())


keys_app = typer.Typer(help="API keys for machine clients.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    scope: Annotated[list[str], typer.Option("--scope", help="read, ingest or admin; repeat for several.")],
    name: Annotated[str, typer.Option(help="Who the key is for, e.g. the client system's name.")] = "client",
) -> None:
    """Create a key and print it once; only its hash is stored."""
    from models.apikeys import create_key
    from models.store import Store

    store = Store.open(Settings().store_url)
    try:
        secret, info = create_key(store, name, scope)
    except ValueError as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    err.print(f"key {info.id} for {info.name!r} with scopes {', '.join(info.scopes)} (shown only now):")
    print(secret)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (never the secrets)."""
    from rich.table import Table

    from models.apikeys import list_keys
    from models.store import Store

    table = Table("id", "name", "prefix", "scopes", "created", "last used", "revoked")
    for row in list_keys(Store.open(Settings().store_url)):
        table.add_row(
            str(row.id),
            row.name,
            row.prefix + "…",
            ",".join(row.scopes),
            f"{row.created_at:%Y-%m-%d}",
            f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "",
            f"{row.revoked_at:%Y-%m-%d}" if row.revoked_at else "",
        )
    Console().print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[int, typer.Argument(help="The key's id (see `acervo keys list`).")]) -> None:
    """Revoke a key at once."""
    from models.apikeys import revoke_key
    from models.store import Store

    if not revoke_key(Store.open(Settings().store_url), key_id):
        err.print(f"[red]error[/red]: no active key with id {key_id}", highlight=False)
        raise typer.Exit(1)
    err.print(f"key {key_id} revoked")


def main() -> None:
    app()
