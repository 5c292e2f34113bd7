"""Hybrid search: dense and keyword candidates, a result set of what matches, score-normalised fusion.

A query is embedded (dense) and analysed (sparse); each side gives its best chunks with their own scores
(cosine similarity; BM25). The result set is what matches: a chunk that holds most of the query's words
(for a long query, also one that holds a third of them and scores near the best by BM25, which weighs
rare words up), or whose meaning is close enough (cosine at least `DENSE_MATCH`, calibrated on judged,
nonsense and off-topic queries), so a query with no match answers nothing and `total` counts real matches.
Within the set, each side's score is normalised to the query's best (the dense one above the level of
unrelated text, `DENSE_FLOOR`) and the two are mixed with a weight read from the query's form: names,
codes and acronyms lean on the keyword side, questions and long descriptions on the dense side.

Metadata the query names (a year, a month range, a body, an institution; see `ingest.search.query`) add
candidates from documents whose metadata agree or are unknown, and raise the ones that agree; a time the
query states as such ("en 2018") also leaves out documents known to be from another time. Explicit
filters (`SearchFilters`) are hard: they restrict every list. A query that is only a code ("JD-XI-1")
runs on the keyword side alone.
Results are chunks, or the best chunk of each document (`by_document`), shown with the chunk of that
document that holds most of the query's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from ingest.embed.encoder import DenseEncoder
from ingest.search.index import Prefetch, ScoredChunk, SearchFilters, VectorIndex
from ingest.search.query import QueryIntent, Vocabulary, understand
from ingest.search.snippet import is_date_term, snippet
from ingest.search.sparse import SparseEncoder, analyze, term_id, text_term_ids, unpacked_term_ids

Mode = Literal["hybrid", "dense", "sparse"]

CANDIDATES = 100  # chunks each list contributes
# Cosine similarity of multilingual-e5-small between a query and a passage it is about; below it, a
# passage is in the result set only through its words (calibrated with bench/bench_retrieval.py).
DENSE_MATCH = 0.83
# Close enough to match whatever the query's words: above every nonsense and off-topic query measured.
DENSE_SURE = 0.86
# Where e5 similarities of unrelated Spanish text sit: the dense side's scores count from here.
DENSE_FLOOR = 0.75
# A chunk matches by words when it holds more than this share of the query's distinct terms.
TERM_SHARE = 0.5
# The share of the query's terms the archive must use for the dense side to add matches of its own.
KNOWN_SHARE = 0.5
SIGNAL_BOOST = 0.15
# A long query's rarest words carry it: a chunk that holds a third of its words (two or more) with a keyword score
# near the best one's (BM25 weighs rare words up) matches too, even without most of the words.
LONG_QUERY, LONG_SHARE, SPARSE_SHARE = 5, 0.33, 0.4
COVERAGE_WEIGHT = 0.3  # holding all of the query's words counts beside either side's score
# The dense side's weight in the fusion (see `dense_weight`): from MAX_WEIGHT where the best passage holds
# WORDS_LOW of the query's words, down to MIN_WEIGHT where one holds WORDS_HIGH of them.
MAX_WEIGHT, MIN_WEIGHT, WORDS_LOW, WORDS_HIGH = 0.8, 0.3, 0.5, 1.0
NAME_WEIGHT = 0.15  # names, acronyms and codes: the words themselves (e5 knows little of names)
QUESTION_WEIGHT = 0.6  # at least this for a question: meaning, more than the exact words
# An identifier such as an agreement code: letters and digits joined by hyphens or slashes ("JD-XI-1", "CC/3").
_CODE = re.compile(r"(?<!\w)(?=[\w/-]*\d)(?=[\w/-]*[^\W\d_])\w+(?:[-/]\w+)+")
_QUESTION = re.compile(
    r"[¿?]|^\s*(?:qu[eé]|qui[eé]n(?:es)?|cu[aá]nd[oa]|c[oó]mo|d[oó]nde|cu[aá]l(?:es)?|por\s*qu[eé])\b", re.I
)
# Runs the keyword lists beside the query's embedding (see `Searcher.rank`); shared by every searcher.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="acervo-search")
_NAME_LIKE = re.compile(r"^(?:[A-ZÁÉÍÓÚÑ][\wÁÉÍÓÚÑáéíóúñ.'-]*|[A-Z0-9][A-Z0-9./-]+|de|del|la|las|los|y)$")


@dataclass(frozen=True)
class Hit:
    """One result: a chunk of a document, its rank score, where it is, and a marked snippet."""

    file_name: str
    document_id: int
    chunk_id: int
    score: float
    page: int | None
    section: str | None
    snippet: str
    text: str
    title: str | None = None
    date: str | None = None
    institution: str | None = None
    body: str | None = None
    doc_type: str | None = None

    def to_dict(self) -> dict:
        return {
            "file_name": self.file_name,
            "score": round(self.score, 6),
            "page": self.page,
            "snippet": self.snippet,
            "section": self.section,
            "document_id": self.document_id,
            "chunk_id": self.chunk_id,
            "title": self.title,
            "date": self.date,
            "institution": self.institution,
            "body": self.body,
            "doc_type": self.doc_type,
        }


@dataclass(slots=True)
class Evidence:
    """What the two sides say about one chunk."""

    point: ScoredChunk
    dense: float | None = None  # cosine similarity, where the dense side returned the chunk
    sparse: float | None = None  # BM25 score, where the keyword side returned it
    coverage: float = 0.0  # share of the query's distinct terms the chunk holds
    # share of the query's content terms (no years, days or months) in the chunk's own text, without its
    # document's title and file name: what the snippet can show
    text_coverage: float = 0.0
    agrees: bool = False  # its document's metadata agree with what the query names
    dense_part: float = 0.0  # the dense score normalised to the query's best
    sparse_part: float = 0.0  # the keyword score normalised to the query's best
    weight: float = 0.5  # the dense side's weight for this query
    score: float = 0.0


@dataclass(frozen=True)
class ResultSet:
    """A page of hits and the ranked result set it was cut from (one point per document when by document)."""

    hits: list[Hit]
    ranked: list[ScoredChunk]

    @property
    def total(self) -> int:
        return len(self.ranked)


def dense_weight(query: str, best_words: float = 0.0) -> float:
    """How much the dense side counts in the fusion: by the query's form (names and codes lean on words),
    then by how well the keyword side did (a passage that holds all the query's words is strong keyword
    evidence; a query whose words no passage holds together is a paraphrase, for the dense side)."""
    words = query.split()
    content = [w for w in words if w.lower() not in ("de", "del", "la", "las", "los", "y", "el", "en")]
    names = [w for w in content if _NAME_LIKE.match(w)]
    # A name, with at most one other word ("consejero Ana Ruiz", "Ing. Pau Vidal asesor"): the words themselves.
    if names and len(content) - len(names) <= int(len(names) >= 2) and len(words) <= 7 and not _QUESTION.search(query):
        return NAME_WEIGHT
    share = min(1.0, max(0.0, (best_words - WORDS_LOW) / (WORDS_HIGH - WORDS_LOW)))
    weight = MAX_WEIGHT - share * (MAX_WEIGHT - MIN_WEIGHT)
    return max(weight, QUESTION_WEIGHT) if _QUESTION.search(query) else weight


@dataclass
class Searcher:
    index: VectorIndex
    encoder: DenseEncoder
    sparse: SparseEncoder = field(default_factory=SparseEncoder)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    dense_match: float = DENSE_MATCH

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        filters: SearchFilters | None = None,
        mode: Mode = "hybrid",
        by_document: bool = False,
        use_signals: bool = True,
    ) -> list[Hit]:
        """The best chunks for `query`, or the best chunk of each of the best documents (`by_document`).

        `mode` runs one side alone (for comparison); `use_signals=False` ignores the query's metadata words."""
        return self.results(
            query, limit=limit, offset=offset, filters=filters, mode=mode, by_document=by_document,
            use_signals=use_signals,
        ).hits

    def results(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        filters: SearchFilters | None = None,
        mode: Mode = "hybrid",
        by_document: bool = False,
        use_signals: bool = True,
    ) -> ResultSet:
        """The page `search` returns, with the whole result set it is cut from: every matching chunk, or
        the best chunk of each matching document."""
        intent = understand(query, self.vocabulary) if use_signals else QueryIntent()
        evidence = self.rank(query, mode=mode, intent=intent, filters=filters)
        if by_document:
            ranked = _by_document(evidence, mode)
            points = [ScoredChunk(shown.point.id, score, shown.point.payload) for score, shown in ranked]
        else:
            points = [ScoredChunk(e.point.id, e.score, e.point.payload) for e in evidence]
        page = self._with_text(points[offset : offset + limit])
        return ResultSet(hits=[self._hit(point, query) for point in page], ranked=points)

    def _with_text(self, page: list[ScoredChunk]) -> list[ScoredChunk]:
        """The page's points with their texts: ranking reads payloads without them."""
        missing = [p.id for p in page if "text" not in p.payload]
        texts = self.index.texts(missing) if missing else {}
        return [ScoredChunk(p.id, p.score, {**p.payload, "text": texts[p.id]}) if p.id in texts else p for p in page]

    def rank(
        self, query: str, *, mode: Mode = "hybrid", intent: QueryIntent | None = None,
        filters: SearchFilters | None = None,
    ) -> list[Evidence]:
        """The matching chunks, best first, with what each side said about them."""
        intent = intent or QueryIntent()
        if mode == "hybrid" and _only_codes(query):
            # A bare code ("JD-XI-1") means nothing to a sentence model, which ranks "JD-XI-2" as close.
            mode = "sparse"
        analyzed = analyze(query)
        terms = frozenset(term_id(t) for t in analyzed)
        sparse_vector = self.sparse.encode_query(query) if mode in ("hybrid", "sparse") and terms else None
        base = (intent.restrict,) if intent.restrict else ()
        restricts = [base, *((*base, signal) for signal in intent.signals)]
        content = frozenset(term_id(t) for t in analyzed if not is_date_term(t)) or terms
        measure = _Measure(terms, content, _any_agreement(intent.signals))
        # The keyword lists run in the background while the query is embedded (the model releases the
        # interpreter; a new query's embedding is the longest step of a search), and what their chunks hold of
        # the query is measured there too. The index holds the interpreter while it searches, so they are
        # collected before the dense lists run: a dense list started while a keyword list held it waited for
        # the interpreter's switch interval, up to 5 ms.
        sparse_lists = (
            _POOL.submit(self._sparse_evidence, sparse_vector, restricts, filters, measure)
            if sparse_vector is not None else None
        )
        dense_vector = self.encoder.encode_query(query) if mode in ("hybrid", "dense") else None
        found: dict[int, Evidence] = {}
        known: set[int] = set()
        for item, held in sparse_lists.result() if sparse_lists is not None else ():
            found[item.point.id] = item
            known |= held
        if dense_vector is not None:
            for points in self._candidates("dense", dense_vector, restricts, filters):
                for point in points:
                    _evidence(found, point).dense = point.score
        if not found:
            return []
        # A query most of whose words the archive never uses (nonsense, another subject) is near nothing here,
        # however close its sentence embedding lands: e5 places every text within a narrow band of cosines.
        grounded = bool(terms) and len(known) / len(terms) >= KNOWN_SHARE
        top_sparse = max((e.sparse for e in found.values() if e.sparse), default=0.0)
        matching = [e for e in found.values() if self._matches(e, mode, grounded, top_sparse, len(terms))]
        # A chunk only the dense side returned matches by its meaning alone; what it holds of the query's words
        # counts in its score, so it is measured once it matches (most of a dense list does not).
        for item in matching:
            if item.sparse is None:
                measure(item)
        best_words = max((e.coverage for e in matching if e.sparse is not None), default=0.0)
        weight = {"dense": 1.0, "sparse": 0.0}.get(mode, dense_weight(query, best_words))
        best_dense = max((e.dense for e in matching if e.dense is not None), default=DENSE_FLOOR)
        best_sparse = max((e.sparse for e in matching if e.sparse), default=0.0)
        for e in matching:
            e.dense_part = (max(0.0, (e.dense or 0.0) - DENSE_FLOOR) / (best_dense - DENSE_FLOOR)
                            if e.dense is not None and best_dense > DENSE_FLOOR else 0.0)
            e.sparse_part = (e.sparse or 0.0) / best_sparse if best_sparse else 0.0
            e.weight = weight
            e.score = _fused(e.dense_part, e.sparse_part, e.coverage, e.agrees, weight, mode)
        matching.sort(key=lambda e: (-e.score, e.point.id))
        return matching

    def _candidates(
        self, using: str, vector: object, restricts: list[tuple[SearchFilters, ...]], filters: SearchFilters | None
    ) -> list[list[ScoredChunk]]:
        """One list of candidates for each restriction, on one side."""
        return self.index.query_each([Prefetch(using, vector, CANDIDATES, filters=r) for r in restricts],
                                     filters=filters)

    def _sparse_evidence(
        self, vector: object, restricts: list[tuple[SearchFilters, ...]], filters: SearchFilters | None,
        measure: _Measure,
    ) -> list[tuple[Evidence, frozenset[int]]]:
        """The keyword lists' chunks, measured, each with the query terms it holds (its own or its document's)."""
        out: dict[int, tuple[Evidence, frozenset[int]]] = {}
        for points in self._candidates("sparse", vector, restricts, filters):
            for point in points:
                if point.id not in out:  # a chunk in two lists has one score (BM25 of the same query)
                    item = Evidence(point, sparse=point.score)
                    out[point.id] = (item, measure(item))
        return list(out.values())

    def _matches(self, e: Evidence, mode: Mode, grounded: bool, top_sparse: float = 0.0, n_terms: int = 0) -> bool:
        by_words = e.sparse is not None and (e.coverage > TERM_SHARE or (
            grounded and n_terms >= LONG_QUERY and e.coverage * n_terms >= 2 and e.coverage >= LONG_SHARE
            and e.sparse >= SPARSE_SHARE * top_sparse))
        by_meaning = e.dense is not None and (
            e.dense >= DENSE_SURE or (e.dense >= self.dense_match and (grounded or mode == "dense"))
        )
        if mode == "dense":
            return by_meaning
        if mode == "sparse":
            return e.sparse is not None and e.coverage > 0
        return by_words or by_meaning

    def _hit(self, point: ScoredChunk, query: str) -> Hit:
        payload = point.payload
        return Hit(
            file_name=payload.get("file_name", ""),
            document_id=payload.get("document_id", 0),
            chunk_id=point.id,
            score=point.score,
            page=payload.get("page"),
            section=payload.get("section"),
            snippet=snippet(payload.get("text", ""), query),
            text=payload.get("text", ""),
            title=payload.get("title"),
            date=payload.get("date"),
            institution=payload.get("institution_name"),
            body=payload.get("body_name"),
            doc_type=payload.get("doc_type"),
        )


def _evidence(found: dict[int, Evidence], point: ScoredChunk) -> Evidence:
    """The evidence on `point` gathered so far, new if none (not built first: most points come twice)."""
    item = found.get(point.id)
    if item is None:
        item = found[point.id] = Evidence(point)
    return item


def _only_codes(query: str) -> bool:
    rest = _CODE.sub(" ", query)
    return rest != query and not any(ch.isalpha() for ch in rest)


@dataclass(frozen=True, slots=True)
class _Measure:
    """What a chunk holds of one query: its share of the query's terms, of its content terms in the chunk's own
    text, and whether its document agrees with the metadata the query names."""

    terms: frozenset[int]
    content: frozenset[int]  # the query's terms without years, days or months
    agrees: Callable[[dict], bool] | None  # None: the query names no metadata

    def __call__(self, item: Evidence) -> frozenset[int]:
        """Fill in `item`'s coverage and agreement; the query terms it holds."""
        terms, content, payload = self.terms, self.content, item.point.payload
        own = _own_held(payload, terms)
        held = own if len(own) == len(terms) else own | (_context_terms(payload) & terms)
        item.coverage = len(held) / len(terms) if terms else 0.0
        item.text_coverage = len(own & content) / len(content) if content else 0.0
        if self.agrees is not None:
            item.agrees = self.agrees(payload)
        return held


def _own_held(payload: dict, terms: frozenset[int]) -> frozenset[int]:
    """Which of `terms` the chunk's own text holds: from the term ids its payload keeps since the index
    stores them, else from its text, analysed. A server's payloads come packed; the embedded index's resident
    ones already unpacked."""
    ids = payload.get("terms")
    if ids is None:
        return _text_terms(payload.get("text") or "") & terms
    return terms.intersection(unpacked_term_ids(ids) if isinstance(ids, str) else ids)


@lru_cache(maxsize=20_000)
def _text_terms(text: str) -> frozenset[int]:
    return frozenset(text_term_ids(text))


def _context_terms(payload: dict) -> frozenset[int]:
    """The term ids every chunk of a document (or section) is indexed with: its title, file name and section."""
    return _context_ids(payload.get("title") or "", payload.get("file_name") or "", payload.get("section") or "")


@lru_cache(maxsize=10_000)
def _context_ids(title: str, file_name: str, section: str) -> frozenset[int]:
    from ingest.search.indexer import file_words

    return frozenset(text_term_ids(f"{title} {file_words(file_name)} {section}"))


def _any_agreement(signals: list[SearchFilters]) -> Callable[[dict], bool] | None:
    """Whether a chunk's document agrees with any of the query's signals (None: the query names none)."""
    if not signals:
        return None
    tests = [_agreement(signal) for signal in signals]
    return tests[0] if len(tests) == 1 else lambda payload: any(test(payload) for test in tests)


def _agreement(signal: SearchFilters) -> Callable[[dict], bool]:
    """Whether a chunk's document is known to agree with every part of `signal`: a test built once a query,
    asked of every candidate (hundreds when the query names a body or a year)."""
    keywords = tuple(signal.keyword_conditions())
    year = signal.year
    years = frozenset(signal.years_any)
    low = signal.date_from.isoformat() if signal.date_from else None
    high = signal.date_to.isoformat() if signal.date_to else None
    if not (keywords or year is not None or years or low or high):
        return lambda _payload: False

    def agrees(payload: dict) -> bool:
        for name, key in keywords:  # a loop, not any() over a generator: this runs for every candidate
            if payload.get(name) != key:
                return False
        if year is not None and payload.get("year") != year:
            return False
        if years and years.isdisjoint(payload.get("years") or ()):
            return False
        if low or high:
            day = payload.get("date")
            if not day or (low and day < low) or (high and day > high):
                return False
        return True

    return agrees


def _fused(dense: float, sparse: float, coverage: float, agrees: bool, weight: float, mode: Mode) -> float:
    words = COVERAGE_WEIGHT * coverage if mode == "hybrid" else 0.0
    return weight * dense + (1 - weight) * sparse + words + (SIGNAL_BOOST if agrees else 0.0)


def _by_document(evidence: list[Evidence], mode: Mode) -> list[tuple[float, Evidence]]:
    """Documents best first, each scored by its best chunk and shown by the chunk that holds most of the
    query's words (then the best scored); `evidence` comes best first, as `rank` returns it. Fusing each
    side's best over different chunks of a document was tried and ranked worse on the judged queries."""
    groups: dict[int, list[Evidence]] = {}
    for e in evidence:
        groups.setdefault(e.point.payload.get("document_id"), []).append(e)
    ranked = []
    for chunks in groups.values():
        score = chunks[0].score
        shown = max(chunks, key=lambda c: (c.text_coverage, c.coverage, c.score))
        ranked.append((score, shown))
    ranked.sort(key=lambda item: (-item[0], item[1].point.id))
    return ranked
