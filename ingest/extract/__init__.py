"""Extract structured entities from a parsed Spanish municipal document.

One spaCy pipeline with Acervo's own components; `extract(doc)` returns an
`Extraction` (doc type, session, participants, agreements, dates, programs).
"""

from ingest.extract.api import Extractor
from ingest.extract.schema import Extraction

__all__ = ["Extraction", "Extractor"]
