"""The `acervo` command: ingest, extract, search, evaluate, serve and run the worker."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from models.settings import Settings
from models.vocabulary import DocType
from service.cli_agreements import agreements_app
from service.cli_curation import correct_app

if TYPE_CHECKING:
    from ingest.search.searcher import Searcher
    from models.store import Store

app = typer.Typer(
    help="Acervo: document intelligence over municipal planning archives.", no_args_is_help=True, add_completion=False
)
eval_app = typer.Typer(help="Measure quality against judged queries.", no_args_is_help=True)
models_app = typer.Typer(help="Embedding models on this machine.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(models_app, name="models")
app.add_typer(agreements_app, name="agreements")
app.add_typer(correct_app, name="correct")
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
    from ingest.parse import OcrConfig
    from ingest.pipeline import Ingestor, walk
    from ingest.search.engine import open_encoder, open_indexer
    from ingest.search.index import IndexBusy, IndexMismatch
    from ingest.search.indexer import Indexer
    from models.store import Store
    from service.guard import DataFolderError, check_writable, data_lock, room_left

    settings = Settings()
    entries = list(walk(paths))
    files = [e.path for e in entries if e.skipped is None]
    for entry in entries:
        if entry.skipped is not None:
            err.print(f"skipped: {escape(str(entry.path))}: {escape(entry.skipped)}", highlight=False)
    try:
        check_writable(settings.data_dir)
        lock = data_lock(settings.data_dir, "ingest", on_wait=lambda: err.print(
            f"another `acervo ingest` is using {escape(str(settings.data_dir))}; waiting for it", highlight=False))
        store = Store.open(settings.store_url)
    except DataFolderError as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    common = {
        "max_file_bytes": settings.max_file_bytes,
        "ocr": OcrConfig.from_settings(settings),
        "keep_dir": settings.uploads_dir,
        **_parse_limits(settings),
    }
    extractor = Extractor(settings.spacy_model, max_chars=settings.max_text_chars)
    try:
        indexer = open_indexer(settings)
        indexer.ensure_collection()
        ingestor = Ingestor(store, extractor, indexer=indexer, **common)
    except IndexMismatch as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    except IndexBusy:
        # `acervo serve` holds the embedded index and indexes whatever is stored: store, and let it.
        err.print("the running `acervo serve` holds the index; it will index these documents", highlight=False)
        encoder = open_encoder(settings)
        indexer = None
        ingestor = Ingestor(
            store, extractor, chunker=Indexer(index=None, encoder=encoder).chunk, **common
        )  # type: ignore[arg-type]
    if files:  # an empty folder answers without loading the model
        ingestor.load_models(freeze=True)  # this command runs in its own `acervo` process
    counts = {"ingested": 0, "duplicate": 0, "failed": 0}
    ocr_pages = 0
    low_confidence: list[str] = []
    stopped: str | None = None
    with _progress() as progress:
        task = progress.add_task("Ingesting", total=len(files), file="")
        for number, path in enumerate(files):
            progress.update(task, file=escape(path.name))

            def page(done: int, total: int, name: str = escape(path.name)) -> None:
                progress.update(task, file=f"{name} (page {done}/{total})")

            shown = escape(str(path))
            problem = room_left(settings.data_dir, path)
            if problem:
                stopped = f"{problem}; stopped before {shown} ({len(files) - number} file(s) not tried)"
                break
            try:
                outcome = ingestor.ingest_path(path, on_page=page)
            except DataFolderError as exc:
                stopped = f"{escape(str(exc))}; stopped at {shown} ({len(files) - number} file(s) not tried)"
                break
            except Exception as exc:  # the store failing on one file (disk, database): that file's error
                kind = _storage_problem(exc, settings)
                if kind:
                    stopped = f"{kind}; stopped at {shown} ({len(files) - number} file(s) not tried)"
                    break
                counts["failed"] += 1
                progress.console.print(
                    f"[red]error[/red]: {shown}: could not be stored ({escape(type(exc).__name__)}: "
                    f"{escape(str(exc).splitlines()[0] if str(exc) else '')})", highlight=False)
                progress.advance(task)
                continue
            counts[outcome.status] += 1
            ocr_pages += outcome.ocr_pages
            low_confidence += [f"{shown}: page {p} ({c:.0f} %)" for p, c in outcome.low_confidence]
            if outcome.status == "failed":
                progress.console.print(f"[red]error[/red]: {shown}: {escape(outcome.reason or '')}", highlight=False)
                if outcome.code == "store_failed" and (kind := _storage_problem(OSError(outcome.reason), settings)):
                    stopped = f"{kind}; stopped at {shown} ({len(files) - number - 1} file(s) not tried)"
                    break
            for warning in outcome.warnings:
                progress.console.print(f"[yellow]warning[/yellow]: {shown}: {escape(warning)}", highlight=False)
            progress.advance(task)
        progress.update(task, file="indexing")
        try:
            ingestor.flush_index()
        except Exception as exc:  # the documents are stored; `acervo reindex` or a server indexes them later
            err.print(f"[red]error[/red]: indexing failed ({escape(type(exc).__name__)}); the stored documents"
                      " are indexed by `acervo reindex` or a running server", highlight=False)
            counts["failed"] += 1
        if indexer is not None:
            progress.update(task, file="building the search graph")
            indexer.index.optimize()
    if indexer is not None:
        indexer.close()
    if stopped:
        err.print(f"[red]error[/red]: {stopped}", highlight=False)
    err.print(
        f"{counts['ingested']} ingested, {counts['duplicate']} skipped as duplicate, {counts['failed']} failed"
        f" ({len(files)} files)",
        highlight=False,
    )
    if ocr_pages:
        err.print(f"{ocr_pages} page(s) read by OCR", highlight=False)
    if low_confidence:
        limit = settings.ocr_low_confidence
        err.print(f"OCR with low confidence (under {limit:.0f} %), worth checking by hand:", highlight=False)
        for line in low_confidence:
            err.print(f"  {line}", highlight=False)
    ingestor.close()
    store.dispose()
    lock.release()
    raise typer.Exit(1 if counts["failed"] or stopped else 0)


def _parse_limits(settings: Settings) -> dict:
    """The per-file limits every ingest path shares (time, expanded size, nesting, words, text length)."""
    from ingest.parse import ParseLimits

    return {
        "file_timeout_s": settings.file_timeout_s,
        "limits": ParseLimits.from_settings(settings),
        "max_text_chars": settings.max_text_chars,
    }


def _storage_problem(exc: BaseException, settings: Settings) -> str | None:
    """A message when `exc` means the data folder cannot take more (full or read-only), else None."""
    import errno

    text = str(exc).lower()
    code = getattr(exc, "errno", None) or getattr(getattr(exc, "orig", None), "errno", None)
    where = escape(str(settings.data_dir))
    if code == errno.ENOSPC or "no space left" in text or "disk is full" in text or "disk full" in text:
        return f"the disk holding the data folder {where} is full"
    if code == errno.EROFS or "read-only" in text or "readonly" in text:
        return f"the data folder {where} is read-only"
    return None


@app.command()
def extract(
    paths: Paths,
    output: Annotated[OutputFormat, typer.Option("--format", help="jsonl: one object per line.")] = OutputFormat.jsonl,
) -> None:
    """Print the entities of each document (the extraction schema) without storing anything."""
    from dataclasses import asdict

    from ingest.errors import IngestError
    from ingest.extract import Extractor
    from ingest.parse import OcrConfig, ParseLimits
    from ingest.parse.sandbox import ParseSandbox
    from ingest.pipeline import read_limited, walk

    settings = Settings()
    extractor = Extractor(settings.spacy_model, max_chars=settings.max_text_chars)
    sandbox = ParseSandbox(settings.file_timeout_s, memory_bytes=1024**3 + 4 * settings.max_expanded_bytes)
    failed = 0
    results = []
    for entry in walk(paths):
        path = entry.path
        if entry.skipped is not None:
            err.print(f"skipped: {escape(str(path))}: {escape(entry.skipped)}", highlight=False)
            continue
        try:
            parsed = sandbox.parse(
                read_limited(path, settings.max_file_bytes),
                path.name,
                ocr=OcrConfig.from_settings(settings),
                limits=ParseLimits.from_settings(settings),
            )
            extraction = extractor.extract(parsed)
            result = extraction.to_schema()
            if output is OutputFormat.json:
                # the document's regions beside the schema fields (jsonl keeps the scorer's shape)
                result["regions"] = [asdict(r) for r in extraction.regions]
        except IngestError as exc:
            failed += 1
            err.print(f"[red]error[/red]: {escape(str(path))}: {escape(exc.reason)}", highlight=False)
            continue
        except Exception as exc:  # one file our readers do not survive must not end the run
            failed += 1
            err.print(f"[red]error[/red]: {escape(str(path))}: could not be processed ({escape(type(exc).__name__)})",
                      highlight=False)
            continue
        if output is OutputFormat.jsonl:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            results.append(result)
    sandbox.close()
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(1 if failed else 0)


class SearchMode(StrEnum):
    hybrid = "hybrid"
    dense = "dense"
    sparse = "sparse"


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words or a question, in Spanish.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Results to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per result and line.")] = False,
    institution: Annotated[str | None, typer.Option(help="Only this institution (IMPLAN Santa Lucía).")] = None,
    body: Annotated[str | None, typer.Option(help="Only this body (Consejo Directivo, Cabildo...).")] = None,
    doc_type: Annotated[DocType | None, typer.Option("--doc-type", help="Only this kind of document.")] = None,
    year: Annotated[int | None, typer.Option(help="Only documents dated in this year.")] = None,
    date_from: Annotated[str | None, typer.Option("--date-from", help="Dated on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--date-to", help="Dated on or before (YYYY-MM-DD).")] = None,
    person: Annotated[int | None, typer.Option(help="Only the sessions of this person (id).", min=1)] = None,
    program: Annotated[int | None, typer.Option(help="Only documents that mention this program (id).", min=1)] = None,
    document: Annotated[int | None, typer.Option(help="Only inside this document (id).", min=1)] = None,
    passages: Annotated[bool, typer.Option("--passages", help="Every matching passage, not one per document.")] = False,
    mode: Annotated[SearchMode, typer.Option(help="hybrid, or one side alone.")] = SearchMode.hybrid,
    show_facets: Annotated[
        bool, typer.Option("--facets", help="Also the result set's size and facets (a last JSON line with --json).")
    ] = False,
) -> None:
    """Search the archive by words and by meaning. Snippets mark matched words with <mark>...</mark>."""
    from ingest.search.api import SearchRequest
    from ingest.search.api import search as run_search
    from ingest.search.index import SearchFilters
    from models.store import Store

    settings = Settings()
    request = SearchRequest(
        query=query,
        filters=SearchFilters(
            institution=institution,
            body=body,
            doc_type=doc_type.value if doc_type else None,
            year=year,
            date_from=_parse_date(date_from, "--date-from"),
            date_to=_parse_date(date_to, "--date-to"),
        ),
        person=person,
        program=program,
        document=document,
        limit=limit,
        mode=mode.value,
        passages=passages,
    )
    store = Store.open(settings.store_url)
    searcher = _searcher_or_exit(settings, store)
    page = run_search(searcher, store, request)
    store.dispose()
    if as_json:
        for hit in page.hits:
            sys.stdout.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")
        if show_facets:
            sys.stdout.write(json.dumps({"total": page.total, "facets": page.facets_dict()}, ensure_ascii=False) + "\n")
        return
    if not page.hits:
        err.print("no results", highlight=False)
        return
    out = Console(soft_wrap=True, highlight=False)
    for rank, found in enumerate(page.hits, start=1):
        hit = found.hit
        where = f"p. {hit.page}" if hit.page else (hit.section or "")
        out.print(f"[bold]{rank}. {escape(hit.file_name)}[/bold]  {hit.score:.4f}  {escape(where)}")
        out.print("   " + _terminal_snippet(hit.snippet))
    if show_facets:
        out.print(f"\n{page.total} documents" if not passages else f"\n{page.total} passages")
        for name, values in page.facets.items():
            if values:
                out.print(f"[bold]{name}[/bold]: " + ", ".join(f"{escape(v.label)} ({v.count})" for v in values))


def _searcher_or_exit(settings: Settings, store: Store) -> Searcher:
    from ingest.search.engine import open_searcher
    from ingest.search.index import IndexBusy, IndexMismatch

    try:
        return open_searcher(settings, store)
    except IndexBusy:
        err.print("[red]error[/red]: the embedded index is held by a running `acervo serve`; search through it"
                  " (GET /api/search) or stop it first", highlight=False)
        raise typer.Exit(2) from None
    except IndexMismatch as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        raise typer.Exit(2) from None


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2019-09-30", param_hint=option) from None


def _terminal_snippet(marked: str) -> str:
    """The HTML-marked snippet as rich markup: marks in bold yellow, entities decoded."""
    import html

    text = escape(html.unescape(marked.replace("<mark>", "\x00").replace("</mark>", "\x01")))
    return text.replace("\x00", "[bold yellow]").replace("\x01", "[/bold yellow]")


@eval_app.command("retrieval")
def eval_retrieval(
    queries: Annotated[Path, typer.Argument(help='JSONL with a "query" per line.', exists=True, dir_okay=False)],
    out: Annotated[Path | None, typer.Option("--out", help="Write results here instead of stdout.")] = None,
    mode: Annotated[SearchMode, typer.Option(help="hybrid, or one side alone.")] = SearchMode.hybrid,
    limit: Annotated[int, typer.Option(help="Documents ranked per query.")] = 20,
    compare_modes: Annotated[
        bool, typer.Option("--compare-modes", help="Also run the other modes and print all three scores.")
    ] = False,
) -> None:
    """Run each query against what is indexed (ingests nothing) and write the ranked file names per query.

    Where the queries carry "relevant" judgements, nDCG@10 per query kind goes to stderr."""
    from ingest.search.api import SearchRequest
    from ingest.search.api import search as run_search
    from ingest.search.evaluation import format_table, ndcg_by_kind
    from models.store import Store

    settings = Settings()
    items = [json.loads(raw) for raw in queries.read_text(encoding="utf-8").splitlines() if raw.strip()]
    store = Store.open(settings.store_url)
    searcher = _searcher_or_exit(settings, store)
    modes = [mode.value] + ([m.value for m in SearchMode if m is not mode] if compare_modes else [])
    ranked: dict[str, dict[str, list[str]]] = {}
    for name in modes:
        ranked[name] = {}
        for item in items:
            page = run_search(searcher, store, SearchRequest(item["query"], limit=limit, mode=name))
            ranked[name][item["query"]] = [h.hit.file_name for h in page.hits]
    store.dispose()
    lines = []
    for item in items:
        record = {"query": item["query"], "results": ranked[mode.value][item["query"]]}
        if "kind" in item:
            record["kind"] = item["kind"]
        lines.append(json.dumps(record, ensure_ascii=False))
    text = "".join(line + "\n" for line in lines)
    if out:
        out.write_text(text, encoding="utf-8")
        err.print(f"{len(lines)} queries -> {out}", highlight=False)
    else:
        sys.stdout.write(text)
    judged = [item for item in items if "relevant" in item]
    if judged:
        table = {name: ndcg_by_kind(judged, ranked[name]) for name in modes}
        err.print(format_table(table), highlight=False)


@models_app.command("prepare")
def models_prepare(
    out: Annotated[Path | None, typer.Option("--out", help="Folder to write (default: DATA_DIR/models/NAME).")] = None,
    onnx: Annotated[bool, typer.Option("--onnx/--no-onnx", help="Also write the ONNX exports (fp32, int8).")] = True,
) -> None:
    """Convert the bundled multilingual-e5-small into a sentence-transformers folder, and export it to ONNX
    (float32 and int8), with nothing downloaded."""
    from ingest.embed.prepare import MODEL_NAME, prepare_e5_small
    from ingest.search.engine import runtime_defaults

    runtime_defaults()
    target = out or Settings().models_dir / MODEL_NAME
    path = prepare_e5_small(target)
    err.print(f"model ready at {path}", highlight=False)
    if onnx:
        from ingest.embed.encoder import choose_backend
        from ingest.embed.onnx_export import export_onnx

        record = export_onnx(path)
        for backend, agreement in record["agreement"].items():
            lowest = agreement["min_cosine"]
            if lowest >= record["compatible_cosine"]:
                verdict = "its vectors share an index with torch's"
            else:
                verdict = "switching to or from it needs `acervo reindex`"
            err.print(f"{backend}: lowest cosine with float32 torch {lowest:.4f}; {verdict}", highlight=False)
        err.print(f"ACERVO_EMBED_BACKEND=auto runs it with {choose_backend(str(path))[0]}", highlight=False)
    if out is not None:
        err.print(f"use it with ACERVO_EMBED_MODEL={path}", highlight=False)


@app.command()
def reindex() -> None:
    """Rebuild the search index from the store (after changing the model, or to repair it)."""
    from ingest.search.engine import open_indexer
    from models.store import Store

    settings = Settings()
    store = Store.open(settings.store_url)
    indexer = open_indexer(settings)
    total = 0
    with _progress() as progress:
        task = progress.add_task("Indexing", total=None, file="")
        for count in indexer.rebuild(store):
            total += count
            progress.update(task, file=f"{total} passages")
        progress.update(task, file=f"{total} passages; building the search graph")
        indexer.index.optimize()
    indexer.index.close()
    from ingest.search.indexed import mark_indexed, pending_documents

    while pending := pending_documents(store, 1000):
        mark_indexed(store, pending)
    store.dispose()
    err.print(f"{total} passages indexed with {indexer.encoder.name}", highlight=False)


@app.command()
def relink() -> None:
    """Rebuild people, agreement and program links from the stored extractions, in date order."""
    from ingest.tracking.relink import relink as replay
    from models import tables
    from models.store import Store

    store = Store.open(Settings().store_url)
    with _progress() as progress:
        task = progress.add_task("Linking", total=store.count(tables.Document), file="")

        def step(name: str) -> None:
            progress.update(task, file=name)
            progress.advance(task)

        documents = replay(store, on_document=step)
    counts = {name: store.count(table) for name, table in
              (("agreements", tables.Agreement), ("people", tables.Person), ("programs", tables.Program))}
    store.dispose()
    err.print(f"{documents} documents relinked: " + ", ".join(f"{n} {k}" for k, n in counts.items()), highlight=False)


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
    uvicorn.run(create_app(settings, own_process=True), host=host, port=port, log_config=log_config())


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
    scope: Annotated[list[str], typer.Option("--scope", help="read, ingest, edit or admin; repeat for several.")],
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
    from ingest.search.engine import runtime_defaults

    runtime_defaults()
    app()
