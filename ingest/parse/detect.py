"""Tell a file's format from its bytes, and decode text files with the right encoding."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser

from ingest.errors import EmptyFile, UnknownFormat
from ingest.parse.document import Format
from ingest.parse.html import BLOCK_TAGS
from ingest.parse.limits import MAX_NESTING, check_nesting

# Scanned pages: read by OCR.
IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
# Signatures of binary formats we recognise only to name them in the error.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document (.doc/.xls); save it as .docx or PDF"),
    (b"{\\rtf", "RTF document; save it as .docx or PDF"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00\x00\x01\x00", "icon image"),
)
# Two-letter signatures that a text may also start with ("MZ Arquitectos", "BMX"):
# they count only when binary bytes follow.
_WEAK_MAGIC: tuple[tuple[bytes, str], ...] = ((b"MZ", "Windows executable"), (b"BM", "BMP image"))

# Letters of Spanish and the other Western languages these archives use; a decoding
# that yields other letters (ń, ą) or symbols inside words ("Sesi¾n") is wrong.
_WESTERN_LETTERS = set("áéíóúüñÁÉÍÓÚÜÑàèìòùâêîôûçäëïöÀÈÌÒÙÂÊÎÔÛÇÄËÏÖªº")

_BLOCK_TAGS = BLOCK_TAGS | {"nav", "footer", "form", "aside"}
_KNOWN_TAGS = _BLOCK_TAGS | {"br", "img", "a", "b", "strong", "em", "i", "u", "span", "font", "sup", "sub", "hr"}

_MD_HEADING = re.compile(r"^#{1,6}(?:[ \t]+\S|[^\s#])", re.M)
_MD_BOLD = re.compile(r"(\*\*|__)\S.*?\S?\1", re.S)
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_MD_LIST = re.compile(r"^[ \t]{0,3}[-*+][ \t]+\S", re.M)
_MD_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)+\|?\s*$", re.M)
_MD_FENCE = re.compile(r"^(```|~~~)", re.M)
_HTML_DOC = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_TAB_ROW = re.compile(r"\S\s*\t\s*\S")
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are: the format and, for text formats, the decoded text (for images, their kind;
    for a PDF, where its header starts: readers skip what comes before it)."""

    format: Format
    text: str | None = None
    encoding: str | None = None
    kind: str | None = None
    offset: int = 0


# PDF readers look for the header in the first 1024 bytes; beyond that the file is not a PDF to them.
PDF_HEADER_WINDOW = 1024
_MAIL_HEADERS = {"from", "to", "cc", "subject", "date", "received", "message-id", "mime-version", "return-path",
                 "delivered-to", "content-type", "reply-to", "x-mailer", "user-agent", "content-transfer-encoding"}
_MAIL_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):[ \t]")
_XML_PROLOG = re.compile(
    r"^\s*(<\?xml[^>]*\?>\s*)?((<!--.*?-->|<!DOCTYPE[^>]*>|<\?[^>]*\?>)\s*)*<([A-Za-z_][\w:.-]*)", re.S
)
_PDF_SYNTAX = re.compile(r"^\s*\d+\s+\d+\s+obj\b", re.M)
# Text saved as UTF-8 after being read as Windows-1252 ("SesiÃ³n", "aÃ±o", "â€œ"): the marks of mojibake.
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178"
                       "\u017d\u017e\u0192\u02c6\u02dc\u2122]|\u00e2\u20ac")


def detect_format(data: bytes, file: str) -> Format:
    """The format of `data`, read from its content; `file` only names it in errors."""
    return sniff(data, file).format


def sniff(data: bytes, file: str, max_nesting: int = MAX_NESTING) -> Sniffed:
    """Detect the format of `data` and decode it when it is text; markup nested deeper than `max_nesting`
    is refused."""
    if not data.strip():
        raise EmptyFile(file, "the file is empty" if not data else "the file holds only whitespace")
    header = data.find(b"%PDF-", 0, 65536)
    if 0 <= header < PDF_HEADER_WINDOW:
        # Bytes before the header (a mail gateway's banner, a BOM) are skipped, as PDF readers do.
        return Sniffed("pdf", offset=header)
    if header >= PDF_HEADER_WINDOW:
        raise UnknownFormat(
            file, f"{header} bytes of other content before the PDF header (%PDF-); readers do not open it as a PDF"
        )
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return Sniffed(_zip_format(data, file))
    for magic, name in IMAGE_MAGIC:
        if data.startswith(magic):
            return Sniffed("image", kind=name)
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise UnknownFormat(file, f"binary file of unknown format ({name})")
    for magic, name in _WEAK_MAGIC:
        if data.startswith(magic) and b"\x00" in data[:64]:
            raise UnknownFormat(file, f"binary file of unknown format ({name})")
    text, encoding = decode_text(data, file)
    if not text.strip():
        raise EmptyFile(file, "the file holds only whitespace")
    _refuse_non_documents(text, file)
    # Before any HTML parser sees it: telling a fragment from Markdown already walks the tree.
    check_nesting(text, file, max_nesting)
    return Sniffed(classify_text(text), text, encoding)


def _refuse_non_documents(text: str, file: str) -> None:
    """Text files that are not documents: a saved e-mail, XML data, an SVG drawing, raw PDF syntax."""
    head = text.lstrip("\ufeff")[:20000]
    names = []
    for line in head.split("\n")[:40]:
        if not line.strip():
            break
        match = _MAIL_LINE.match(line)
        if match:
            names.append(match.group(1).lower())
        elif not line[:1].isspace() and not line.startswith("From "):
            break
    known = {n for n in names if n in _MAIL_HEADERS}
    if len(known) >= 3 and known & {"from", "received", "message-id", "mime-version", "return-path"}:
        raise UnknownFormat(file, "e-mail message (.eml); save its attachments or print it to PDF")
    root = _XML_PROLOG.match(head)
    if root and (head.lstrip().startswith("<?xml") or root.group(4).lower() == "svg"):
        tag = root.group(4).lower()
        if tag == "svg":
            raise UnknownFormat(file, "SVG image (a drawing, not a document)")
        if tag != "html":
            raise UnknownFormat(file, f"XML data (root element <{root.group(4)}>), not a document")
    if _PDF_SYNTAX.search(head) and "endobj" in head:
        raise UnknownFormat(file, "raw PDF syntax without a PDF header (a damaged PDF?)")


def _zip_format(data: bytes, file: str) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        if b"word/document.xml" in data:
            # A cut or damaged .docx: let the Word parser report it as corrupt.
            return "docx"
        raise UnknownFormat(file, "binary file of unknown format (damaged zip archive)") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        kind = "zip archive holding an Excel workbook, not a Word document"
    elif "ppt/presentation.xml" in names:
        kind = "zip archive holding a PowerPoint presentation, not a Word document"
    elif "content.xml" in names:
        kind = "zip archive holding an OpenDocument file; save it as .docx or PDF"
    else:
        kind = "zip archive without a Word document"
    raise UnknownFormat(file, f"binary file of unknown format ({kind})")


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (with or without BOM) first, else a detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), "utf-16"
            except UnicodeDecodeError as exc:
                raise UnknownFormat(file, "binary file of unknown format (invalid UTF-16 text)") from exc
    if b"\x00" in data:
        text = _bomless_utf16(data)
        if text is None:
            raise UnknownFormat(file, "binary file of unknown format (it contains NUL bytes)")
        _reject_binary(text, file)
        return text, "utf-16"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _reject_binary(text, file)
        return repair_mojibake(text), "utf-8"
    mixed = _mixed_lines(data)
    if mixed is not None:
        _reject_binary(mixed, file)
        return repair_mojibake(mixed), "utf-8+windows-1252"
    text, encoding = _detect_legacy(data, file)
    _reject_binary(text, file)
    return text, encoding


def _mixed_lines(data: bytes) -> str | None:
    """Text pasted together from UTF-8 and Windows-1252/Latin-1 files, decoded line by line; None when
    no line holds valid non-ASCII UTF-8 (then the whole file is in one legacy encoding)."""
    lines = data.split(b"\n")
    utf8 = 0
    decoded = []
    for line in lines:
        try:
            piece = line.decode("utf-8")
            if any(b >= 0x80 for b in line):
                utf8 += 1
        except UnicodeDecodeError:
            piece = line.decode("cp1252", errors="replace").replace("\ufffd", "")
        decoded.append(piece)
    return "\n".join(decoded) if utf8 else None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("SesiÃ³n" to "Sesión"), line by line, where the result is clean."""
    if not _MOJIBAKE.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _MOJIBAKE.search(line):
            continue
        try:
            fixed = line.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _foreign_chars(fixed) <= _foreign_chars(line):
            lines[i] = fixed
    return "\n".join(lines)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text saved without a byte order mark: every other byte of Latin text is NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    for codec, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) >= 0.6 * len(zeros):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _detect_legacy(data: bytes, file: str) -> tuple[str, str]:
    matches = list(from_bytes(data))
    if not matches:
        raise UnknownFormat(file, "binary file of unknown format (no text encoding fits it)")
    # charset-normalizer ranks Central European code pages first for short Spanish
    # texts (reading "año" as "ańo"); among the candidates it finds equally clean,
    # prefer the one that yields the fewest characters foreign to Western text.
    best_chaos = min(m.chaos for m in matches)
    scored = []
    for rank, match in enumerate(matches[:12]):
        if match.chaos > best_chaos + 0.1:
            continue
        decoded = str(match)
        scored.append((_foreign_chars(decoded), match.chaos, rank, decoded, match.encoding))
    *_, text, encoding = min(scored)
    return text, encoding


def _foreign_chars(text: str) -> int:
    """How many characters look mis-decoded: foreign letters, or symbols wedged inside a word."""
    count = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128 or ch in _WESTERN_LETTERS:
            continue
        wedged = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
        if ch.isalpha() or 0x80 <= ord(ch) < 0xA0 or wedged:
            count += 1
    return count


# Control characters (C0 but the whitespace ones, DEL and C1), which text files do not hold. Counted by a
# regex: a generator over every character cost 0.9 ms a document against 0.06.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _reject_binary(text: str, file: str) -> None:
    sample = text[:20000]
    controls = sum(1 for _ in _CONTROL.finditer(sample))
    if controls > max(2, len(sample) // 50):
        raise UnknownFormat(file, "binary file of unknown format (it is not readable text)")


def classify_text(text: str) -> Format:
    """Decide whether decoded text is an HTML page or fragment, Markdown, or plain text."""
    head = text.lstrip("\ufeff")
    if _HTML_DOC.match(head):
        return "html"
    if _looks_like_html_fragment(head):
        return "html"
    if _markdown_signals(head) or _has_html_tags(head):
        # Markdown allows raw HTML, so text mixing prose with a few tags is Markdown.
        return "markdown"
    return "text"


def _has_html_tags(text: str) -> bool:
    return any(m.group(2).lower() in _KNOWN_TAGS for m in _HTML_TAG.finditer(text))


def _markdown_signals(text: str) -> bool:
    if _MD_HEADING.search(text) or _MD_TABLE_DELIM.search(text) or _MD_FENCE.search(text):
        return True
    if _MD_BOLD.search(text) or _MD_LINK.search(text):
        return True
    return len(_MD_LIST.findall(text)) >= 2


def _looks_like_html_fragment(text: str) -> bool:
    """True when most of the text sits inside block-level HTML elements."""
    # Tab-separated rows whose cells hold <p> markup are a text table, not a page.
    text = "\n".join(line for line in text.split("\n") if not _TAB_ROW.search(line))
    tags = [m.group(2).lower() for m in _HTML_TAG.finditer(text) if not m.group(1)]
    if not any(t in _BLOCK_TAGS for t in tags):
        return False
    body = LexborHTMLParser(text).body
    if body is None:
        return False
    inside = outside = 0
    for node in body.iter(include_text=True):
        raw = node.text_content if node.tag == "-text" else node.text(deep=True)
        size = len("".join((raw or "").split()))
        if node.tag in _BLOCK_TAGS:
            inside += size
        elif node.tag not in ("script", "style", "-comment"):
            outside += size
    if inside + outside == 0:
        return not _markdown_signals(text)
    return inside / (inside + outside) >= 0.6
