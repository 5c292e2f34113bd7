"""Read Markdown, including raw HTML and tab-separated tables, as headings, paragraphs, items and tables."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.parse.document import BlockKind, CleanBuilder, DocumentBuilder, ParsedDocument, heading_title
from ingest.parse.html import add_html_fragment
from ingest.parse.tables import split_tab_tables
from ingest.parse.text import collapse_repeated_lines, normalise_newlines, parse_text

_BR = r"</?\s*br\s*/?\s*>"
_BR_ONLY_LINE = re.compile(rf"^\s*(?:{_BR}\s*)+$", re.I)
_BR_EDGES = re.compile(rf"^\s*(?:{_BR}\s*)+|(?:\s*{_BR})+\s*$", re.I)
_BR_INLINE = re.compile(rf"^{_BR}$", re.I)
# "##Title": headings written without the space CommonMark requires. One "#"
# needs a few words after it so a lone hashtag stays text.
_TIGHT_HEADING = re.compile(r"^( {0,3})(#{2,6})(?=[^#\s])|^( {0,3})(#)(?=[^#\s]\S*(?:\s+\S+){2,})")
_PIPE_JUNK = re.compile(r"^\s*(?:[-*+]\s*)?\|[\s|]*$")
_PIPE_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_LEFTOVER_STRONG = re.compile(r"\*{2,}|(?<!\w)_{2,}|_{2,}(?!\w)")
_RAW_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.S)

# CommonMark's default nesting limit (20) silently drops deeper list items.
_MD = MarkdownIt("commonmark", {"html": True, "maxNesting": 100}).enable(["table", "strikethrough"])


def parse_markdown(text: str, file: str, encoding: str | None = None) -> ParsedDocument:
    """Parse Markdown with raw HTML, pipe tables and tab-separated tables into blocks."""
    builder = CleanBuilder()
    lines = collapse_repeated_lines(normalise_newlines(text).split("\n"))
    for segment in split_tab_tables(lines):
        if segment.kind == "table":
            builder.add("table", "", rows=[[strip_emphasis(cell) for cell in row] for row in segment.rows])
        else:
            source = "\n".join(_prepare(segment.lines))
            _Emitter(builder).run(_MD.parse(source))
    doc = builder.build(file, "markdown", encoding=encoding)
    if not doc.blocks and any(ch.isalnum() for ch in text):
        # Markup nested past markdown-it's limit yields no tokens; read it as plain text.
        doc = parse_text(text, file, encoding)
        doc.format = "markdown"
        return doc
    doc.title = heading_title(doc.blocks)
    return doc


def _prepare(lines: list[str]) -> list[str]:
    """Mend the source where real files bend Markdown: stray <br> lines, "##Title", junk table headers."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if _BR_ONLY_LINE.match(line):
            # A line of <br> would open an HTML block swallowing the next paragraph.
            out.append("")
            continue
        line = _BR_EDGES.sub("", line) if "<" in line else line
        line = _TIGHT_HEADING.sub(lambda m: f"{m.group(1) or m.group(3) or ''}{m.group(2) or m.group(4)} ", line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _PIPE_JUNK.match(line) and _PIPE_DELIM.match(following):
            # "- | | |" above "|--|--|": an empty header row mangled into a list item.
            line = _empty_header(following)
        elif _PIPE_DELIM.match(line) and not (out and out[-1].strip()) and _PIPE_ROW.match(following):
            # A delimiter row with no header above it: give the table an empty header.
            out.append(_empty_header(line))
        out.append(line)
    return out


def _empty_header(delimiter: str) -> str:
    columns = len([c for c in delimiter.strip().strip("|").split("|")])
    return "|" + " |" * columns


def strip_emphasis(text: str) -> str:
    """Remove Markdown emphasis markers that no parser consumed (e.g. inside raw HTML)."""
    text = _RAW_EMPHASIS.sub(r"\2", text)
    return _LEFTOVER_STRONG.sub("", text)


class _Emitter:
    """Turns the markdown-it token stream into document blocks."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder
        self.list_depth = 0
        self.heading_level: int | None = None
        self.rows: list[list[str]] | None = None
        self.in_cell = False
        # The number of an ordered item ("3."), kept because agendas cite items by it.
        self.item_number: str | None = None

    def run(self, tokens: list[Token]) -> None:
        for token in tokens:
            self._token(token)

    def _token(self, token: Token) -> None:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.list_depth -= 1
        elif kind == "list_item_open":
            self.item_number = f"{token.info}{token.markup}" if token.info else None
        elif kind == "heading_open":
            self.heading_level = int(token.tag[1])
        elif kind == "heading_close":
            self.heading_level = None
        elif kind == "table_open":
            self.rows = []
        elif kind == "tr_open" and self.rows is not None:
            self.rows.append([])
        elif kind in ("th_open", "td_open"):
            self.in_cell = True
            if self.rows:
                self.rows[-1].append("")
        elif kind in ("th_close", "td_close"):
            self.in_cell = False
        elif kind == "table_close":
            if self.rows:
                self.builder.add("table", "", rows=self.rows)
            self.rows = None
        elif kind == "inline":
            self._inline(token)
        elif kind == "html_block":
            add_html_fragment(self.builder, strip_emphasis(token.content), list_context=self.list_depth > 0)
        elif kind in ("code_block", "fence"):
            self.builder.add(self._paragraph_kind(), token.content)

    def _paragraph_kind(self) -> BlockKind:
        return "list_item" if self.list_depth else "paragraph"

    def _inline(self, token: Token) -> None:
        text = _inline_text(token.children or [])
        if self.in_cell and self.rows:
            self.rows[-1][-1] = " ".join(text.split())
        elif self.heading_level is not None:
            self.builder.add("heading", text, level=self.heading_level)
        else:
            if self.item_number and self.list_depth:
                text = f"{self.item_number} {text}"
                self.item_number = None
            self.builder.add(self._paragraph_kind(), text)


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and _BR_INLINE.match(child.content.strip())
        ):
            parts.append("\n")
    return strip_emphasis("".join(parts))
