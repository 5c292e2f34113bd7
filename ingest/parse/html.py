"""Read an HTML page or fragment as blocks of its main content, leaving site chrome out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.parse.document import CleanBuilder, DocumentBuilder, ParsedDocument, heading_title

_HEADINGS = {f"h{i}": i for i in range(1, 7)}


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Elements that never hold document text.
_DROP_TAGS = _word_set(
    "script style noscript template nav footer form button input select textarea option iframe frame "
    "frameset svg canvas video audio object embed map area aside dialog menu head title meta link base"
)

# Elements that start a new line of text; anything else is read inline.
BLOCK_TAGS = _word_set(
    "address article blockquote body center dd details div dl dt fieldset figcaption figure header hgroup "
    "html legend li main ol p pre section summary table tbody thead tfoot tr td th caption ul"
) | frozenset(_HEADINGS)

# Class or id words that mark navigation, widgets and other chrome.
_CHROME_WORDS = _word_set(
    "nav navbar navigation navegacion navegador menu menus submenu megamenu dropdown breadcrumb breadcrumbs "
    "migas sidebar footer carousel carrousel carrusel slider slideshow slides swiper slick modal popup "
    "lightbox cookie cookies share sharing sharethis addthis compartir toolbar pagination paginacion "
    "newsletter suscripcion subscribe advertisement publicidad ads skip"
)
# Words that usually mark chrome but also name real sections in Spanish pages
# ("desarrollo-social", "pie-de-foto"); such elements are dropped only when they
# hold little text or mostly links.
_WEAK_CHROME_WORDS = _word_set("social redes widget banner pie related relacionados comments comentarios")
_HEADER_WORDS = _word_set("header masthead topbar cabecera")
_CHROME_ROLES = _word_set("navigation search menu menubar dialog alertdialog complementary contentinfo")
# Class names mark chrome only on containers; on a caption or paragraph a word like
# "blockquote-footer" styles real content (an article's author line).
_CHROME_CLASS_TAGS = _word_set("div section span ul ol li a aside header nav table iframe i button figure small")
_CONTENT_WORDS = _word_set("content contenido cuerpo entry post articulo article nota story primary main")

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[-|│–—:•·]{1,2}\s+")
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff\xad")


def parse_html(text: str, file: str, encoding: str | None = None) -> ParsedDocument:
    """Parse an HTML page or fragment into headings, paragraphs, list items and tables."""
    tree = LexborHTMLParser(text)
    page_title = _page_title(tree)
    root = tree.body or tree.root
    builder = CleanBuilder()
    if root is None:
        return builder.build(file, "html", encoding=encoding)
    _strip_chrome(root)
    container = _main_container(root)
    if container is not root:
        _add_hero_header(builder, root, container)
    _Walker(builder).walk(container)
    doc = builder.build(file, "html", encoding=encoding)
    doc.title = _choose_title(page_title, doc)
    return doc


def add_html_fragment(builder: DocumentBuilder, fragment: str, *, list_context: bool = False) -> None:
    """Add the blocks of an HTML fragment (e.g. raw HTML inside Markdown) to `builder`."""
    root = LexborHTMLParser(fragment).body
    if root is None:
        return
    _strip_chrome(root)
    _Walker(builder, list_context=list_context).walk(root)


def html_to_text(fragment: str) -> str:
    """The plain text of an HTML fragment, entities decoded and block elements spaced apart."""
    root = LexborHTMLParser(fragment).body
    if root is None:
        return ""
    return " ".join(_text_of(root).split())


def _words(node: LexborNode) -> set[str]:
    attrs = node.attributes
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return set(_WORD_SPLIT.split(_CAMEL.sub(" ", raw).lower())) - {""}


def _is_chrome(node: LexborNode) -> bool:
    tag = node.tag
    if tag in _DROP_TAGS or tag == "-comment":
        return True
    if not tag or tag.startswith("-"):
        return False
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or _HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    role = (attrs.get("role") or "").lower()
    if role in _CHROME_ROLES:
        return True
    words = _words(node) if tag in _CHROME_CLASS_TAGS else set()
    if tag == "header" or role == "banner" or words & _HEADER_WORDS:
        # A header inside an article is the article's own title; a page header is
        # chrome unless it carries the page's h1 (a "hero" banner with the title).
        return not _inside(node, {"article", "main"}) and node.css_first("h1") is None
    if words & _CHROME_WORDS and not words & {"content", "contenido"}:
        return True
    if words & _WEAK_CHROME_WORDS:
        return node.css_first("h1") is None and _is_sparse(node)
    return False


def _is_sparse(node: LexborNode) -> bool:
    text = len(" ".join(_text_of(node).split()))
    links = sum(len(" ".join(_text_of(a).split())) for a in node.css("a"))
    return text - links < 200 or links > text / 2


def _inside(node: LexborNode, tags: set[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _strip_chrome(node: LexborNode) -> None:
    # Iterative: broken pages nest unclosed tags thousands deep.
    stack = [node]
    while stack:
        for child in list(stack.pop().iter()):
            if _is_chrome(child):
                child.decompose()
            else:
                stack.append(child)


def _text_len(node: LexborNode) -> int:
    return len("".join(_text_of(node).split()))


def _main_container(root: LexborNode) -> LexborNode:
    """The element holding the page's main content, or `root` when none stands out."""
    total = _text_len(root)
    if total == 0:
        return root
    for selector in ("main", "[role=main]"):
        for node in root.css(selector):
            if _text_len(node) >= 20:
                return node
    articles = [a for a in root.css("article") if _text_len(a) >= 20]
    if len(articles) == 1:
        return articles[0]
    candidates = [n for n in root.css("div, section") if _words(n) & _CONTENT_WORDS]
    best = max(candidates, key=_text_len, default=None)
    if best is not None and _text_len(best) >= 0.3 * total:
        return best
    return root


def _add_hero_header(builder: DocumentBuilder, root: LexborNode, container: LexborNode) -> None:
    """Keep a page title that sits in a banner before the main content (e.g. a hero header)."""
    if container.css_first("h1") is not None:
        return
    order = {n.mem_id: i for i, n in enumerate(root.traverse())}
    start = order.get(container.mem_id, 0)
    for h1 in root.css("h1"):
        if order.get(h1.mem_id, start) >= start:
            continue
        holder = h1
        parent = h1.parent
        while parent is not None and parent.mem_id != root.mem_id:
            if parent.tag == "header" or parent.attributes.get("role") == "banner":
                holder = parent
                break
            parent = parent.parent
        _Walker(builder).walk(holder)
        return


def _page_title(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("head title") or tree.css_first("title")
    if node is None:
        return None
    title = " ".join(node.text().translate(_INVISIBLE).split())
    return title or None


def _choose_title(page_title: str | None, doc: ParsedDocument) -> str | None:
    fallback = heading_title(doc.blocks)
    if not page_title:
        return fallback
    title = page_title
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if separators:
        # A site name sits at one end: "Acta de sesión - IMPLAN Torreón", "IMPLAN | Acta".
        head, tail = title[: separators[0].start()], title[separators[-1].end() :]
        if len(tail.split()) <= 3:
            title = title[: separators[-1].start()]
        elif len(head.split()) <= 3:
            title = title[separators[0].end() :]
    # What is left of "IMPLAN │ Chihuahua" names the site, not the page.
    if len(title.split()) <= 2 and separators and fallback:
        return fallback
    return title.strip() or fallback


def _text_of(node: LexborNode, skip: frozenset[str] = frozenset()) -> str:
    parts: list[str] = []
    # (children still to read, whether the element ends a line): a stack, not
    # recursion, so deeply nested markup cannot exhaust Python's stack.
    stack: list[tuple[Iterator[LexborNode], bool]] = [(node.iter(include_text=True), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                parts.append(" ")
            continue
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "br":
            parts.append("\n")
        elif tag in _DROP_TAGS or tag in skip or tag in ("-comment", "img"):
            continue
        else:
            block = tag in BLOCK_TAGS
            if block:
                parts.append(" ")
            stack.append((child.iter(include_text=True), block))
    return "".join(parts).translate(_INVISIBLE)


def _has_block(node: LexborNode) -> bool:
    return any(i and child.tag in BLOCK_TAGS for i, child in enumerate(node.traverse()))


def _topmost(node: LexborNode, tags: frozenset[str]) -> list[LexborNode]:
    """Descendants of `node` with one of `tags`, not looking inside those found."""
    found: list[LexborNode] = []
    stack = [node.iter()]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in tags:
            found.append(child)
        else:
            stack.append(child.iter())
    return found


_NESTED = frozenset({"ul", "ol", "table"})


class _Walker:
    """Walks the element tree, gathering inline text and emitting a block at each block boundary."""

    def __init__(self, builder: DocumentBuilder, *, list_context: bool = False) -> None:
        self.builder = builder
        self.inline: list[str] = []
        self.paragraph_kind = "list_item" if list_context else "paragraph"

    def walk(self, node: LexborNode) -> None:
        # Each entry: nodes still to visit, and whether leaving them ends a block.
        stack: list[tuple[Iterator[LexborNode], bool]] = [(node.iter(include_text=True), False)]
        while stack:
            children, ends_block = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if ends_block:
                    self._flush()
                continue
            nested = self._visit(child)
            if nested is not None:
                self._flush()
                stack.append((nested, True))
        self._flush()

    def _flush(self) -> None:
        text = "".join(self.inline)
        self.inline.clear()
        if text.strip():
            self.builder.add(self.paragraph_kind, text)  # type: ignore[arg-type]

    def _visit(self, child: LexborNode) -> Iterator[LexborNode] | None:
        """Handle one node; return the nodes to walk inside it, if it is a container."""
        tag = child.tag
        if tag == "-text":
            self.inline.append((child.text_content or "").translate(_INVISIBLE))
        elif tag == "br":
            self.inline.append("\n")
        elif tag in _DROP_TAGS or tag in ("-comment", "img"):
            return None
        elif tag in _HEADINGS:
            self._flush()
            self.builder.add("heading", _text_of(child), level=_HEADINGS[tag])
        elif tag == "li":
            self._flush()
            self.builder.add("list_item", _text_of(child, skip=_NESTED))
            return iter(_topmost(child, _NESTED))
        elif tag == "table":
            self._flush()
            return self._table(child)
        elif tag in BLOCK_TAGS or _has_block(child):
            return child.iter(include_text=True)
        else:
            self.inline.append(_text_of(child))
        return None

    def _table(self, table: LexborNode) -> Iterator[LexborNode] | None:
        """Add a data table as rows; return the cells of a layout table to read as text."""
        caption = table.css_first("caption")
        if caption is not None and _owner_table(caption) == table.mem_id:
            self.builder.add(self.paragraph_kind, _text_of(caption))  # type: ignore[arg-type]
        rows = [
            [c for c in tr.iter() if c.tag in ("td", "th")]
            for tr in table.css("tr")
            if _owner_table(tr) == table.mem_id
        ]
        texts = [[_text_of(c) for c in row] for row in rows]
        # css() matches the table itself too; a nested table or a heading in a cell
        # means the table lays out the page rather than holding data.
        nested = any(inner.mem_id != table.mem_id for inner in table.css("table"))
        layout = nested or any(table.css_first(h) is not None for h in _HEADINGS)
        width = max((sum(1 for c in r if c.strip()) for r in texts), default=0)
        if layout or width <= 1:
            # One column or nested structure: a table used for layout, read as text.
            return iter([cell for row in rows for cell in row])
        self.builder.add("table", "", rows=texts)
        return None


def _owner_table(node: LexborNode) -> int | None:
    parent = node.parent
    while parent is not None:
        if parent.tag == "table":
            return parent.mem_id
        parent = parent.parent
    return None
