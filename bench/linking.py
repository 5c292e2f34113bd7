"""Cross-document linking on an archive: how many agreements, people and programs were joined, and every
join listed so a person can check each one by hand.

Usage: python -m bench.linking [FILES_OR_DIRS...] [--order given|reversed]

Without arguments it reads ../shared/corpus (seeds, dev and dev2) if present, else examples/. With
`--rows`, every agreement, person and program is listed too (one line each), for judging a sample by hand. Documents are
stored in a temporary SQLite store (no index: linking needs none), in the order given or reversed, so the
two runs show whether the result depends on the order documents arrive in.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from sqlalchemy import select

from ingest.extract import Extractor
from ingest.pipeline import Ingestor, iter_files
from models import tables
from models.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def default_inputs() -> list[Path]:
    corpus = [SHARED / "corpus" / "seeds", SHARED / "corpus" / "dev" / "docs", SHARED / "corpus" / "dev2" / "docs"]
    return [p for p in corpus if p.is_dir()] or [ROOT / "examples"]


def report(store: Store) -> None:
    with store.session() as db:
        agreements = list(db.scalars(select(tables.Agreement)))
        linked = [a for a in agreements if len({e.document_id for e in a.events}) > 1]
        events = [e for a in agreements for e in a.events]
        print(f"documents {store.count(tables.Document)}")
        print(
            f"agreements {len(agreements)}  linked across documents {len(linked)}  "
            f"origin unknown {sum(1 for a in agreements if a.session_id is None)}"
        )
        print(
            "events by link: "
            + ", ".join(
                f"{kind or 'created the row'} {sum(1 for e in events if e.link == kind)}"
                for kind in (None, "id", "inferred")
            )
        )
        for a in linked:
            print(f"  A{a.id} {a.code or '(sin código)'}: {a.text[:90]}")
            for e in sorted(a.events, key=lambda e: (e.date is None, e.date)):
                score = f" {e.link_score:.2f}" if e.link_score is not None else ""
                print(
                    f"      {e.date} {e.kind:<9} {e.link or '-':<8}{score} {e.document.file_name}: "
                    f"{(e.document.text[e.span_start : e.span_end] if e.span_start is not None else '')[:80]!r}"
                )
        people = list(db.scalars(select(tables.Person)))
        merged = [p for p in people if len({n.key for n in p.names}) > 1]
        print(
            f"people {len(people)}  written forms {sum(len(p.names) for p in people)}  "
            f"people with several written forms {len(merged)}"
        )
        for p in merged:
            docs = {pa.session.document_id for pa in p.participations}
            print(f"  P{p.id} ({len(docs)} documents): " + " | ".join(sorted({n.name for n in p.names})))
        programs = list(db.scalars(select(tables.Program)))
        joined = [g for g in programs if len({m.name_as_written for m in g.mentions}) > 1]
        print(f"programs {len(programs)}  programs named in several ways {len(joined)}")
        for g in joined:
            docs = {m.document_id for m in g.mentions}
            print(
                f"  G{g.id} [{g.acronym or '-'}] {g.institution} ({len(docs)} documents): "
                + " | ".join(sorted({m.name_as_written for m in g.mentions}))
            )


def rows(store: Store) -> None:
    """One line per agreement, person and program, with what a reviewer needs to judge it."""
    with store.session() as db:
        print("\n== agreements")
        for a in db.scalars(select(tables.Agreement).order_by(tables.Agreement.id)):
            print(f"A{a.id}\t{a.code or '-'}\t{a.status}\t{a.document.file_name[:40]}\t{a.text[:110]!r}")
        print("\n== people")
        for p in db.scalars(select(tables.Person).order_by(tables.Person.id)):
            kinds = sorted({pa.kind or "-" for pa in p.participations})
            roles = sorted({pa.role for pa in p.participations if pa.role})[:2]
            docs = sorted({pa.session.document.file_name[:24] for pa in p.participations})[:2]
            print(f"P{p.id}\t{p.name}\t{','.join(kinds)}\t{' / '.join(roles)[:70]}\t{' '.join(docs)}")
        print("\n== programs")
        for g in db.scalars(select(tables.Program).order_by(tables.Program.id)):
            names = sorted({m.name_as_written for m in g.mentions})
            print(f"G{g.id}\t{g.institution or '-'}\t[{g.acronym or '-'}]\t{' | '.join(names)[:140]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--order", choices=["given", "reversed"], default="given")
    parser.add_argument("--rows", action="store_true", help="also list every agreement, person and program")
    args = parser.parse_args()
    files = list(iter_files(args.paths or default_inputs()))
    if args.order == "reversed":
        files.reverse()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/linking.db")
        ingestor = Ingestor(store, Extractor(), max_file_bytes=100 * 1024 * 1024)
        for path in files:
            outcome = ingestor.ingest_path(path)
            if outcome.status == "failed":
                print(f"error: {outcome.file}: {outcome.reason}")
        report(store)
        if args.rows:
            rows(store)
        store.dispose()


if __name__ == "__main__":
    main()
