"""Curation: staff corrections of what extraction and linking got wrong, one module for the API, the CLI
and the staff page alike.

`overrides` records each correction (who, when, before, after) and re-applies them all after extraction,
linking (`ingest.pipeline`) and `acervo relink` (`ingest.tracking.relink`). `Curator` does what needs the
whole store: deleting a document relinks what remains, drops its index points and its stored file.
"""

from __future__ import annotations

from ingest.curation.overrides import CurationError, apply_corrections, deletion_of

__all__ = ["CurationError", "Curator", "apply_corrections", "deletion_of"]


def __getattr__(name: str):
    if name == "Curator":
        from ingest.curation.curator import Curator

        return Curator
    raise AttributeError(name)
