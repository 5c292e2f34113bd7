"""Extract structured entities from a parsed Spanish municipal document.

One spaCy pipeline with Acervo's own components; `extract(doc)` returns an
`Extraction` (doc type, session, participants, agreements, dates, programs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.extract.api import Extractor
    from ingest.extract.schema import Extraction

__all__ = ["Extraction", "Extractor"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: spaCy takes seconds to import, and commands that only read the store
    # (`acervo agreements`, `acervo keys list`) reach this package through the schema alone.
    if name == "Extractor":
        from ingest.extract.api import Extractor

        return Extractor
    if name == "Extraction":
        from ingest.extract.schema import Extraction

        return Extraction
    raise AttributeError(name)
