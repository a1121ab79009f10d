"""Read a file into a :class:`~provenance.model.Document`: bytes to normalised text.

Formats are told by extension: ``.txt`` ``.md`` (plain text, lines kept), ``.html``/
``.htm`` (visible text, headings and lists rendered as markdown), ``.docx`` (body text in
document order, with its automatic numbering computed) and ``.pdf`` (text layer, with
the line layout repaired). A file with another extension, or none, is sniffed: a PDF,
DOCX or HTML document is read as one, anything else is read as text if it decodes.
Formats we know we cannot read (``.doc``, ``.hwp``, images ...) fail at once, saying what
to convert them to.

Every failure is an :class:`~provenance.errors.UnreadableDocumentError` whose message is
one line naming the file, the cause and, where there is one, the fix.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import io
import logging
import os
import re
import struct
import unicodedata
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    BinaryDocumentError,
    CorruptDocumentError,
    EmptyDocumentError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)
from .language import detect_language
from .model import Document
from .normalize import dehyphenate, join_wrapped_lines, normalize, unify_line_breaks

if TYPE_CHECKING:
    from bs4.element import Tag

AUTO = "auto"

# Extensions read without sniffing, and the ``Document.format`` each gives.
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
READABLE_SUFFIXES = tuple(FORMATS)

_CONVERT = "; save it as .docx, PDF or text"
_OCR = "; run OCR on it and read the text"
_UNSUPPORTED = {
    ".doc": "old Word .doc files are not read" + _CONVERT,
    ".rtf": "RTF files are not read" + _CONVERT,
    ".odt": "OpenDocument files are not read" + _CONVERT,
    ".pages": "Apple Pages files are not read" + _CONVERT,
    ".hwp": "HWP (Hangul) files are not read" + _CONVERT,
    ".hwpx": "HWPX (Hangul) files are not read" + _CONVERT,
    ".xls": "spreadsheets are not read" + _CONVERT,
    ".xlsx": "spreadsheets are not read" + _CONVERT,
    ".ods": "spreadsheets are not read" + _CONVERT,
    ".ppt": "presentations are not read" + _CONVERT,
    ".pptx": "presentations are not read" + _CONVERT,
    ".odp": "presentations are not read" + _CONVERT,
    ".epub": "e-books are not read" + _CONVERT,
    ".zip": "a ZIP archive, not a document; unpack it first",
    ".gz": "a compressed file, not a document; unpack it first",
    ".png": "an image, not text" + _OCR,
    ".jpg": "an image, not text" + _OCR,
    ".jpeg": "an image, not text" + _OCR,
    ".gif": "an image, not text" + _OCR,
    ".tif": "an image, not text" + _OCR,
    ".tiff": "an image, not text" + _OCR,
    ".webp": "an image, not text" + _OCR,
}
# What a binary file that should have been text probably is.
_MAGIC = (
    (b"%PDF-", "it looks like a PDF; give it a .pdf extension"),
    (b"PK\x03\x04", "it looks like a ZIP package (DOCX?); give it the right extension"),
    (b"\xd0\xcf\x11\xe0", "it looks like an old Office file (.doc); save it as .docx"),
    (b"\x89PNG", "it is a PNG image" + _OCR),
    (b"\xff\xd8\xff", "it is a JPEG image" + _OCR),
    (b"GIF8", "it is a GIF image" + _OCR),
)


def read_document(path: str | os.PathLike[str], *, lang: str = AUTO) -> Document:
    """Read one file into a normalised :class:`Document`.

    ``sha256`` is the hash of the file's bytes; ``lang="auto"`` detects the language
    from the text, any other value is used as given.

    Raises:
        UnreadableDocumentError: (or a subclass) the file cannot be opened, is empty,
            binary, corrupt or of a format we do not read.
    """
    name = os.fspath(path)
    data = _read_bytes(name)
    fmt = _format_of(name, data)
    text, encoding = _READERS[fmt](data, name)
    if not text.strip():
        raise EmptyDocumentError(name, _why_empty(fmt, data))
    return Document(
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        path=name,
        lang=detect_language(text) if lang == AUTO else lang,
        encoding=encoding,
        format=fmt,
    )


def document_from_text(text: str, *, path: str | None = None, lang: str = AUTO) -> Document:
    """A :class:`Document` from a string: normalised, language detected.

    ``sha256`` is the hash of the UTF-8 of ``text`` as given, before normalisation.
    Unlike :func:`read_document`, empty text is allowed: the caller holds the string,
    so nothing is lost, and aligning against an empty draft is a real question.

    >>> doc = document_from_text("Article 1\\r\\nThe  plan.")
    >>> doc.text, doc.lang
    ('Article 1\\nThe plan.', 'en')
    """
    # surrogatepass: a str can hold lone surrogates that strict UTF-8 refuses.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    clean = normalize(text)
    return Document(
        text=clean,
        sha256=digest,
        path=path,
        lang=detect_language(clean) if lang == AUTO else lang,
        encoding="utf-8",
        format="txt",
    )


def _read_bytes(name: str) -> bytes:
    if os.path.isdir(name):
        raise UnreadableDocumentError(name, "is a folder, not a file")
    try:
        with open(name, "rb") as f:
            return f.read()
    except OSError as e:
        raise UnreadableDocumentError(name, f"cannot open it: {e.strerror or e}") from e


def _format_of(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if suffix in _UNSUPPORTED:
        raise UnsupportedFormatError(name, _UNSUPPORTED[suffix])
    # Unknown or no extension (downloads are often saved as "download?id=3"): trust the
    # bytes. Anything that is not a PDF, DOCX or HTML document is tried as text.
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/document.xml" in data:
        return "docx"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _why_empty(fmt: str, data: bytes) -> str:
    if not data:
        return "empty file (0 bytes)"
    if fmt in ("txt", "md"):
        return "no text, only whitespace"
    if fmt == "html":
        return "no visible text in the HTML"
    return "no text in the document body"


# --- encodings -------------------------------------------------------------------------

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer's name -> the codec to decode with. Each target is a superset
# that Windows actually writes: Korean files labelled EUC-KR are CP949 (UHC), and
# Latin-1 files are CP1252 (which has printable “ ” € where Latin-1 has controls).
_ENCODING_ALIASES = {
    "euc_kr": "cp949",
    "ks_c_5601": "cp949",
    "ks_c_5601_1987": "cp949",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "iso_8859_1": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    # Mac code pages are all but extinct, and charset-normalizer picks them for short
    # Windows-encoded texts ("Правительство" -> "ѕравительство").
    "mac_roman": "cp1252",
    "mac_iceland": "cp1252",
    "mac_latin2": "cp1250",
    "mac_cyrillic": "cp1251",
    "mac_greek": "cp1253",
    "mac_turkish": "cp1254",
}
# Encodings tried besides charset-normalizer's guess (None stands for the guess), in
# order of preference when they read equally well: on short Western texts
# charset-normalizer often answers cp1250 or cp1125 ("déjà" -> "déjŕ"), while CP1252
# is what was meant.
_CANDIDATE_ENCODINGS = ("cp1252", None, "cp949", "cp1251", "cp1250")
# Share of NUL bytes that must fall on one side of the byte pairs for UTF-16. Korean
# text puts a few on the other side: 대 is U+B300.
_UTF16_NUL_SIDE = 0.6
_MAX_CONTROL_SHARE = 0.01  # text files have the odd form feed; 1% controls is binary
# Controls other than tab, line ends, form feed and the DOS end-of-file mark.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_SAMPLE_CHARS = 100_000  # how much of a decoded text is scored to choose an encoding
_MAX_GARBAGE_SHARE = 0.3  # share of words that read as mojibake in the best decoding


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode a text file's bytes; return the text and the codec name used.

    Tries, in order: a byte-order mark (UTF-8/16/32); UTF-16/32 without one (told by
    where its NUL bytes fall); strict UTF-8; CP949 when the bytes read as Korean; then
    charset-normalizer's guess against CP1252, CP1251 and CP1250, keeping the decoding
    with the fewest mojibake words. ``name`` is only used in error messages.

    >>> decode_bytes("시민 참여".encode("cp949"), name="a.txt")
    ('시민 참여', 'cp949')

    Raises:
        BinaryDocumentError: the bytes are not text in any encoding tried.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise BinaryDocumentError(
                    name, f"not valid {encoding.upper()} despite its byte-order mark ({e.reason})"
                ) from e
    if not data:
        return "", "utf-8"
    if b"\x00" in data:
        wide = _decode_wide(data)
        if wide is None:
            offset = data.index(b"\x00")
            raise BinaryDocumentError(
                name, f"binary data, not text (NUL bytes at offset {offset}){_hint(data)}"
            )
        return wide
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data, name)
    controls = len(_CONTROL_RE.findall(text))
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryDocumentError(
            name, f"binary data, not text ({controls} control characters){_hint(data)}"
        )
    return text, encoding


def _decode_wide(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 without a BOM, or None.

    In UTF-16 text every ASCII character (spaces, newlines, digits) has its NUL byte on
    the same side of each pair: odd offsets for little-endian, even for big-endian.
    """
    candidates: list[str] = []
    if len(data) % 4 == 0:
        candidates += ["utf-32-le", "utf-32-be"]
    if len(data) % 2 == 0:
        # Only the side the NULs point to: the other reads binary as CJK ideographs.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if odd >= _UTF16_NUL_SIDE * (even + odd):
            candidates.append("utf-16-le")
        elif even >= _UTF16_NUL_SIDE * (even + odd):
            candidates.append("utf-16-be")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _unprintable_share(text) <= _MAX_CONTROL_SHARE:
            return text, encoding
    return None


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes that are neither UTF-8 nor UTF-16/32."""
    korean = _decode_cp949(data)
    if korean is not None:
        return korean, "cp949"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = _ENCODING_ALIASES.get(best.encoding, best.encoding) if best is not None else None
    tried: list[tuple[int, int, str, str]] = []
    order = [guess if encoding is None else encoding for encoding in _CANDIDATE_ENCODINGS]
    for rank, encoding in enumerate(dict.fromkeys(order)):
        if encoding is None:
            continue
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        # The start tells encodings apart as well as the whole, at a fraction of the cost.
        tried.append((_garbage_words(text[:_SAMPLE_CHARS]), rank, encoding, text))
    if not tried:
        raise BinaryDocumentError(name, f"binary data, not text (no encoding fits){_hint(data)}")
    garbage, _, encoding, text = min(tried)
    if garbage > _MAX_GARBAGE_SHARE * max(1, len(text[:_SAMPLE_CHARS].split())):
        raise BinaryDocumentError(
            name, f"binary data, not text (no encoding reads it as words){_hint(data)}"
        )
    return text, encoding


def _decode_cp949(data: bytes) -> str | None:
    """The text if the bytes are plainly CP949 (EUC-KR) Korean, else None.

    Plainly: most characters beyond ASCII are Hangul, and most of those are among the
    2,350 common syllables of KS X 1001. Other 8-bit text that happens to decode as
    CP949 lands in the rare syllables of its extension ("Rząd" -> "Rz퉐").
    """
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    beyond_ascii = [ch for ch in text[:_SAMPLE_CHARS] if not ch.isascii()]
    hangul = [ch for ch in beyond_ascii if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e"]
    common = sum(1 for ch in hangul if _in_ks_x_1001(ch))
    plain = bool(beyond_ascii) and len(hangul) >= 0.6 * len(beyond_ascii)
    return text if plain and common >= 0.9 * len(hangul) else None


def _in_ks_x_1001(ch: str) -> bool:
    # Python's euc_kr spells the other syllables as 8-byte jamo sequences (KS X 1001 annex 3).
    try:
        return len(ch.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def _garbage_words(text: str) -> int:
    """How many words of ``text`` look like mojibake.

    A word is suspect when it mixes scripts ("cafй"), has a symbol between two letters
    ("by³o"), or is three or more accented Latin letters with no plain one
    ("Ïðàâèòåëü": Cyrillic read as CP1252). Controls count as garbage too.
    """
    garbage = _unprintable(text)
    for token in text.split():
        if token.isascii():
            continue
        core = _strip_edges(token)
        letters = [ch for ch in core if ch.isalpha()]
        scripts = {_script_of(ch) for ch in letters}
        symbol_inside = any(
            a.isalpha() and c.isalpha() and _foreign_in_word(b)
            for a, b, c in zip(core, core[1:], core[2:], strict=False)
        )
        accented_only = (
            len(letters) >= 3 and scripts == {"latin"} and not any(ch.isascii() for ch in letters)
        )
        if len(scripts) > 1 or symbol_inside or accented_only:
            garbage += 1
    return garbage


# Non-ASCII characters that do stand between two letters of a word.
_IN_WORD = frozenset("’‘ʼ‐‑–—·…")


def _foreign_in_word(ch: str) -> bool:
    """A character that no word holds between two letters: "¹" in "Rz¹d"."""
    if ch.isascii() or ch.isalpha() or ch in _IN_WORD or _script_of(ch) == "cjk":
        return False  # CJK punctuation ("。", "，") sits inside runs of text without spaces
    return unicodedata.category(ch)[0] != "M"


def _strip_edges(token: str) -> str:
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end]


# Japanese mixes kanji and kana in one word and Korean may mix Hangul and Hanja: for
# telling mojibake apart, they are one script.
_CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
               (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))  # fmt: skip


def _script_of(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x250 or 0x1E00 <= cp < 0x1F00:
        return "latin"
    if any(first <= cp <= last for first, last in _CJK_RANGES):
        return "cjk"
    return unicodedata.name(ch, "other ").split(" ", 1)[0].lower()


def _unprintable(text: str) -> int:
    """How many control, private-use and unassigned characters ``text`` holds."""
    controls = len(_CONTROL_RE.findall(text))
    if text.isascii():
        return controls
    return controls + sum(1 for ch in text if unicodedata.category(ch) in ("Co", "Cn"))


def _unprintable_share(text: str) -> float:
    return _unprintable(text) / len(text) if text else 0.0


def _hint(data: bytes) -> str:
    for magic, hint in _MAGIC:
        if data.startswith(magic):
            return f"; {hint}"
    return ""


# --- plain text --------------------------------------------------------------------------


def _read_text(data: bytes, name: str) -> tuple[str, str | None]:
    # Plain text keeps its lines: the segmenter joins the lines of a paragraph.
    text, encoding = decode_bytes(data, name=name)
    return normalize(text), encoding


# --- HTML ----------------------------------------------------------------------------

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: browsers decode these labels as their Windows supersets.
_HTML_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def _read_html(data: bytes, name: str) -> tuple[str, str | None]:
    text, encoding = _decode_html(data, name)
    return normalize(html_to_text(text)), encoding


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    """BOM, then UTF-8, then the charset the page declares, then detection."""
    if not data.startswith(tuple(bom for bom, _ in _BOMS)):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-8"), "utf-8"
        match = _META_CHARSET_RE.search(data[:4096])
        if match:
            label = match.group(1).decode("ascii").lower()
            encoding = _HTML_CHARSET_ALIASES.get(label, label)
            with contextlib.suppress(UnicodeDecodeError, LookupError):
                return data.decode(encoding), codecs.lookup(encoding).name
    return decode_bytes(data, name=name)


_HTML_DROP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe",
     "object", "embed", "canvas"}
)  # fmt: skip
_HTML_PARAGRAPHS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
     "blockquote", "figure", "form", "fieldset", "address", "details", "dl", "hr",
     "center", "body"}
)  # fmt: skip
_HTML_LINES = frozenset({"dt", "dd", "figcaption", "caption", "summary", "legend", "option"})
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_WHITESPACE_RE = re.compile(r"[ \t\n\r\f]+")
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
             "I": "upperRoman"}  # fmt: skip


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, with its structure kept as plain markdown.

    Scripts, styles and other invisible elements are dropped; block elements end lines,
    paragraphs are separated by a blank line; ``<h2>`` becomes ``"## "``; list items
    become ``"- item"`` or ``"1. item"`` (nested lists indented two spaces a level);
    table rows become ``"| cell | cell |"``. Whitespace collapses except in ``<pre>``.

    >>> html_to_text("<h2>Goals</h2><p>Open <b>data</b>.</p><ol><li>One<li>Two</ol>")
    '## Goals\\n\\nOpen data.\\n\\n1. One\\n2. Two'
    """
    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        # bs4 warns when markup looks like a file name or URL; here it is always markup.
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(markup, "html.parser")
    renderer = _HtmlRenderer()
    renderer.render(soup)
    return "\n".join(renderer.lines).strip("\n")


@dataclass
class _HtmlList:
    ordered: bool
    number_format: str = "decimal"
    next_number: int = 1


@dataclass
class _HtmlRenderer:
    """Walks the tree without recursion: hostile pages nest thousands of elements."""

    lines: list[str] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)  # text of the line being built
    prefix: str | None = None  # marker or heading hashes owed to the next line
    lists: list[_HtmlList] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # cells of each open table row
    cell_starts: list[int] = field(default_factory=list)  # first line of each open cell
    pre_depth: int = 0

    def render(self, root: Tag) -> None:
        from bs4.element import NavigableString, PreformattedString, Tag

        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self._leave(node)
            elif isinstance(node, Tag):
                if node.name in _HTML_DROP or node.has_attr("hidden"):
                    continue
                self._enter(node)
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
            elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
                # PreformattedString: comments, doctypes, CDATA, processing instructions.
                self.inline.append(str(node))
        self._flush()

    @property
    def _indent(self) -> str:
        return "  " * len(self.lists)

    def _flush(self) -> None:
        raw = "".join(self.inline)
        self.inline = []
        if self.pre_depth:
            text = raw.strip("\n")
            if not text.strip():
                return
            body = text.split("\n")
        else:
            text = _HTML_WHITESPACE_RE.sub(" ", raw).strip()
            if not text:
                return
            body = [text]
        first = self.prefix if self.prefix is not None else self._indent
        self.prefix = None
        self.lines.append(first + body[0])
        self.lines.extend(body[1:])

    def _paragraph_break(self) -> None:
        self._flush()
        # Inside lists and table cells a paragraph is one more line of the same item.
        if self.lists or self.cell_starts:
            return
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def _enter(self, tag: Tag) -> None:
        name = tag.name
        if name == "br":
            if self.pre_depth:
                self.inline.append("\n")
            else:
                self._flush()
        elif name in ("ul", "ol", "menu"):
            self._paragraph_break()
            self.lists.append(_html_list(tag))
        elif name == "li":
            self._flush()
            self.prefix = self._list_marker(tag)
        elif name in _HTML_HEADINGS:
            self._paragraph_break()
            if not self.cell_starts:
                self.prefix = "#" * _HTML_HEADINGS[name] + " "
        elif name == "pre":
            self._paragraph_break()
            self.pre_depth += 1
        elif name == "table":
            self._paragraph_break()
        elif name == "tr":
            self._flush()
            self.rows.append([])
        elif name in ("td", "th"):
            self._flush()
            self.cell_starts.append(len(self.lines))
        elif name in _HTML_PARAGRAPHS:
            self._paragraph_break()
        elif name in _HTML_LINES:
            self._flush()

    def _leave(self, tag: Tag) -> None:
        name = tag.name
        if name in ("ul", "ol", "menu"):
            self._flush()
            self.lists.pop()
            self._paragraph_break()
        elif name == "li":
            self._flush()
            self.prefix = None  # an empty item owes nothing to the next line
        elif name in _HTML_HEADINGS:
            self._flush()
            self.prefix = None
            self._paragraph_break()
        elif name == "pre":
            self._flush()
            self.pre_depth -= 1
            self._paragraph_break()
        elif name in ("td", "th") and self.cell_starts:
            self._flush()
            start = self.cell_starts.pop()
            cell = " ".join(line.strip() for line in self.lines[start:] if line.strip())
            del self.lines[start:]
            if self.rows:
                self.rows[-1].append(cell)
            elif cell:
                self.lines.append(cell)
        elif name == "tr" and self.rows:
            self._flush()
            cells = self.rows.pop()
            if self.cell_starts:  # a table inside a cell: its rows are just text there
                self.lines.append(" ".join(cell for cell in cells if cell))
            elif any(cells):
                self.lines.append(self._indent + "| " + " | ".join(cells) + " |")
        elif name == "table" or name in _HTML_PARAGRAPHS:
            self._paragraph_break()
        elif name in _HTML_LINES:
            self._flush()

    def _list_marker(self, li: Tag) -> str:
        if not self.lists:
            return "- "
        current = self.lists[-1]
        indent = "  " * (len(self.lists) - 1)
        if not current.ordered:
            return indent + "- "
        value = _int_attr(li, "value")
        number = value if value is not None else current.next_number
        current.next_number = number + 1
        return f"{indent}{format_number(number, current.number_format)}. "


def _html_list(tag: Tag) -> _HtmlList:
    if tag.name != "ol":
        return _HtmlList(ordered=False)
    kind = tag.get("type")
    start = _int_attr(tag, "start")
    return _HtmlList(
        ordered=True,
        number_format=_OL_TYPES.get(kind if isinstance(kind, str) else "1", "decimal"),
        next_number=1 if start is None else start,
    )


def _int_attr(tag: Tag, name: str) -> int | None:
    value = tag.get(name)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        return int(value)
    return None


# --- list numbering (DOCX w:numFmt values; HTML <ol type>) ------------------------------

_GANADA = "가나다라마바사아자차카타파하"
_CHOSUNG = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
_CJK_DIGITS = "〇一二三四五六七八九"
_KOREAN_DIGITS = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"]
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def format_number(n: int, number_format: str) -> str:
    """Render list number ``n`` in a Word ``w:numFmt`` style.

    Unknown styles, and numbers a style cannot show (0, or past ⑳ for circled digits
    beyond the Unicode ones), fall back to decimal.

    >>> [format_number(3, f) for f in ("decimal", "lowerLetter", "upperRoman", "ganada")]
    ['3', 'c', 'III', '다']
    """
    if n <= 0:
        return str(n)
    if number_format == "decimalZero":
        return f"{n:02d}"
    if number_format in ("lowerLetter", "upperLetter"):
        # Word goes a..z, then aa..zz, aaa..: the letter repeats.
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if number_format == "lowerLetter" else letter.upper()
    if number_format in ("lowerRoman", "upperRoman") and n < 4000:
        roman = _to_roman(n)
        return roman if number_format == "lowerRoman" else roman.upper()
    if number_format in ("ganada", "chosung"):
        letters = _GANADA if number_format == "ganada" else _CHOSUNG
        return letters[(n - 1) % len(letters)]
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _circled(n)
    if number_format == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)  # ⑴
    if number_format == "decimalEnclosedFullstop" and n <= 20:
        return chr(0x2488 + n - 1)  # ⒈
    if number_format == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + 0xFF10) for d in str(n))
    if number_format in (
        "ideographDigital", "chineseCounting", "japaneseCounting", "chineseCountingThousand",
        "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseDigitalTenThousand",
    ) and n < 100:  # fmt: skip
        return _cjk_number(n, digital=number_format == "ideographDigital")
    if number_format in ("koreanDigital", "koreanCounting", "koreanLegal") and n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 0 else ("십" if tens == 1 else _KOREAN_DIGITS[tens] + "십")
        return head + _KOREAN_DIGITS[ones]
    return str(n)


def _to_roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _circled(n: int) -> str:
    if n <= 20:
        return chr(0x2460 + n - 1)  # ①..⑳
    if n <= 35:
        return chr(0x3251 + n - 21)  # ㉑..㉟
    if n <= 50:
        return chr(0x32B1 + n - 36)  # ㊱..㊿
    return str(n)


def _cjk_number(n: int, *, digital: bool) -> str:
    if digital:
        return "".join(_CJK_DIGITS[int(d)] for d in str(n))
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CJK_DIGITS[tens] + "十")
    return head + (_CJK_DIGITS[ones] if ones else "")


# --- DOCX ---------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _wval(element: Any, path: str) -> str | None:
    """The w:val of the first element at ``path`` ("w:pPr/w:numPr/w:ilvl") or None."""
    found = element.find(path, {"w": _W}) if element is not None else None
    return None if found is None else found.get(_w("val"))


_HEADING_STYLE_RE = re.compile(
    r"^(?:heading|제목|titre|überschrift|título|titolo)\s*([1-9])$", re.I
)
_TITLE_STYLES = frozenset({"title", "제목"})
# Word's "List Bullet 2", "List Number 3" styles nest by indentation, not by list level.
_LIST_STYLE_DEPTH_RE = re.compile(r"^list(?: bullet| number| continue| paragraph)? ([2-9])$", re.I)
_TOC_STYLE_RE = re.compile(r"^(?:toc\b|table of contents|목차)", re.I)
# Text inside these is not part of the paragraph's final text: deletions and moves
# away (tracked changes), field codes, the fallback copy of alternate content, text
# boxes (anchored to the paragraph but not in its flow), and formatting properties.
_DOCX_SKIP = frozenset(
    {_w("del"), _w("moveFrom"), _w("instrText"), _w("delInstrText"), _w("txbxContent"),
     _w("pPr"), _w("rPr"), f"{{{_MC}}}Fallback"}
)  # fmt: skip


def _read_docx(data: bytes, name: str) -> tuple[str, str | None]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CorruptDocumentError(name, "an old Word .doc file named .docx; save it as .docx")
    document = _open_docx(data, name)
    try:
        text = _DocxReader(document).text()
    except (KeyError, ValueError, AttributeError, TypeError) as e:
        raise CorruptDocumentError(name, f"cannot read the DOCX body ({_one_line(e)})") from e
    return normalize(text), None


def _open_docx(data: bytes, name: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile) as e:
        cause = "not a ZIP package" if not zipfile.is_zipfile(io.BytesIO(data)) else str(e)
        raise CorruptDocumentError(
            name, f"not a valid DOCX ({_one_line(cause)}); is the file complete?"
        ) from e
    except KeyError as e:
        cause = _one_line(e.args[0] if e.args else e)  # str(KeyError) adds quotes
        raise CorruptDocumentError(
            name, f"not a valid DOCX ({cause}); is the file complete?"
        ) from e
    except ValueError as e:  # an XLSX or PPTX package renamed .docx
        match = re.search(r"content type is '([^']+)'", str(e))
        cause = f"its main part is {match.group(1)}" if match else _one_line(e)
        raise CorruptDocumentError(name, f"not a Word document ({cause})") from e
    except XMLSyntaxError as e:
        raise CorruptDocumentError(name, f"not a valid DOCX (bad XML: {_one_line(e)})") from e


@dataclass(frozen=True, slots=True)
class _Level:
    """One level of a Word list: ``w:numFmt``, ``w:lvlText`` ("%1.%2."), ``w:start``."""

    number_format: str
    text: str
    start: int
    legal: bool = False  # w:isLgl: show every level's number as decimal
    style_id: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: str | None
    outline: str | None


class _DocxReader:
    """Renders a DOCX body in document order, computing Word's automatic numbering."""

    def __init__(self, document: Any) -> None:
        self.body = document.element.body
        self.styles = _docx_styles(document)
        self.default_style = next(
            (sid for sid, s in self.styles.items() if s.name.lower() == "normal"), None
        )
        self.abstract_of: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.levels: dict[str, dict[int, _Level]] = {}
        self._load_numbering(document)
        self.counters: dict[str, dict[int, int]] = {}

    def text(self) -> str:
        blocks: list[tuple[str, str]] = []  # (kind, text); kind decides the separator
        for element in self._blocks(self.body):
            if element.tag == _w("tbl"):
                blocks.extend(("row", row) for row in self._table_rows(element))
            else:
                block = self._paragraph(element)
                if block is not None:
                    blocks.append(block)
        out: list[str] = []
        for i, (kind, text) in enumerate(blocks):
            if i:
                tight = kind == blocks[i - 1][0] and kind in ("item", "row")
                out.append("\n" if tight else "\n\n")
            out.append(text)
        return "".join(out)

    def _blocks(self, container: Any) -> Iterator[Any]:
        """Paragraphs and tables in order, looking inside content controls."""
        for child in container:
            if child.tag in (_w("p"), _w("tbl")):
                yield child
            elif child.tag == _w("sdt"):
                gallery = _wval(child, "w:sdtPr/w:docPartObj/w:docPartGallery") or ""
                content = child.find(_w("sdtContent"))
                if "table of contents" not in gallery.lower() and content is not None:
                    yield from self._blocks(content)
            elif child.tag in (_w("customXml"), _w("ins")):
                yield from self._blocks(child)

    def _paragraph(self, p: Any) -> tuple[str, str] | None:
        style_id = _wval(p, "w:pPr/w:pStyle") or self.default_style
        chain = self._style_chain(style_id)
        if chain and _TOC_STYLE_RE.match(chain[0].name):
            return None
        marker = self._marker(p, style_id, chain)
        text = _paragraph_text(p).strip()
        if not text:
            return None
        heading = self._heading_level(p, chain)
        if heading is not None:
            number = f"{marker[0]} " if marker and marker[0] != "-" else ""
            return "heading", "#" * heading + " " + number + text
        if marker is None:
            return "paragraph", text
        label, level = marker
        label = f"{label} " if label else ""
        named = next((m for s in chain if (m := _LIST_STYLE_DEPTH_RE.match(s.name))), None)
        depth = max(level, int(named.group(1)) - 1 if named else 0)
        return "item", "  " * depth + label + text

    def _style_chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            chain.append(self.styles[style_id])
            style_id = chain[-1].based_on
        return chain

    def _heading_level(self, p: Any, chain: Sequence[_Style]) -> int | None:
        for style in chain:
            name = style.name.strip().lower()
            if match := _HEADING_STYLE_RE.match(name):
                return int(match.group(1))
            if name in _TITLE_STYLES:
                return 1
        outline = _wval(p, "w:pPr/w:outlineLvl") or next(
            (s.outline for s in chain if s.outline is not None), None
        )
        if outline is not None and outline.isdigit() and int(outline) < 6:
            return int(outline) + 1  # 9 is "body text"
        return None

    # numbering

    def _load_numbering(self, document: Any) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            return  # no numbering part: no lists
        links: dict[str, str] = {}  # abstractNumId -> numbering style it links to
        for abstract in root.findall(_w("abstractNum")):
            aid = abstract.get(_w("abstractNumId"))
            if aid is None:
                continue
            link = _wval(abstract, "w:numStyleLink")
            if link:
                links[aid] = link
            self.levels[aid] = {
                int(lvl.get(_w("ilvl"), "0")): _level(lvl) for lvl in abstract.findall(_w("lvl"))
            }
        for num in root.findall(_w("num")):
            nid, aid = num.get(_w("numId")), _wval(num, "w:abstractNumId")
            if nid is None or aid is None:
                continue
            self.abstract_of[nid] = aid
            for override in num.findall(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                start = _wval(override, "w:startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    self.overrides[(nid, ilvl)] = int(start)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    self.levels.setdefault(f"num:{nid}", {})[ilvl] = _level(lvl)
        # A list style ("numStyleLink") defines its levels through the num of that style.
        for aid, style_id in links.items():
            style = self.styles.get(style_id)
            target = self.abstract_of.get(style.num_id or "") if style else None
            if target is not None and target != aid and target in self.levels:
                self.levels[aid] = self.levels[target]

    def _level(self, num_id: str, ilvl: int) -> _Level | None:
        own = self.levels.get(f"num:{num_id}", {})
        if ilvl in own:
            return own[ilvl]
        aid = self.abstract_of.get(num_id)
        return None if aid is None else self.levels.get(aid, {}).get(ilvl)

    def _marker(
        self, p: Any, style_id: str | None, chain: Sequence[_Style]
    ) -> tuple[str, int] | None:
        """The rendered number ("3.", "(b)", "-") and level of a list paragraph, or None.

        The numbering comes from the paragraph's own w:numPr or from its style's; the
        level from the paragraph, the style, or the list level bound to the style.
        """
        num_id = _wval(p, "w:pPr/w:numPr/w:numId")
        ilvl_text = _wval(p, "w:pPr/w:numPr/w:ilvl")
        for style in chain:
            if num_id is None:
                num_id = style.num_id
            if ilvl_text is None:
                ilvl_text = style.ilvl
        if num_id is None or num_id == "0" or num_id not in self.abstract_of:
            return None
        if ilvl_text is not None and ilvl_text.isdigit():
            ilvl = int(ilvl_text)
        else:
            levels = self.levels.get(self.abstract_of[num_id], {})
            ilvl = next((i for i, lvl in levels.items() if lvl.style_id == style_id), 0)
        level = self._level(num_id, ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(num_id, {})
        start = self.overrides.get((num_id, ilvl), level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        if level.number_format == "bullet":
            return "-", ilvl
        if level.number_format == "none":
            return "", ilvl

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            other = self._level(num_id, k)
            if other is None:
                return ""
            value = counters.get(k, self.overrides.get((num_id, k), other.start))
            fmt = "decimal" if level.legal and k < ilvl else other.number_format
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", number, level.text).strip(), ilvl

    def _table_rows(self, tbl: Any) -> Iterator[str]:
        for tr in tbl.iterfind(_w("tr")):
            cells = []
            for tc in tr.iterfind(_w("tc")):
                merge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
                if merge is not None and merge.get(_w("val"), "continue") == "continue":
                    cells.append("")  # continues the cell above: its text is said once
                else:
                    cells.append(self._cell_text(tc))
            if any(cells):
                yield "| " + " | ".join(cells) + " |"

    def _cell_text(self, tc: Any) -> str:
        parts: list[str] = []
        for element in self._blocks(tc):
            if element.tag == _w("tbl"):
                parts.extend(self._table_rows(element))
            else:
                parts.append(" ".join(_paragraph_text(element).split()))
        return " ".join(part for part in parts if part)


def _level(lvl: Any) -> _Level:
    start = _wval(lvl, "w:start")
    return _Level(
        number_format=_wval(lvl, "w:numFmt") or "decimal",
        text=_wval(lvl, "w:lvlText") or "",
        start=int(start) if start is not None and start.lstrip("-").isdigit() else 1,
        legal=lvl.find(_w("isLgl")) is not None and _wval(lvl, "w:isLgl") not in ("0", "false"),
        style_id=_wval(lvl, "w:pStyle"),
    )


def _docx_styles(document: Any) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    try:
        root = document.styles.element
    except (KeyError, AttributeError):
        return styles
    for style in root.iterfind(_w("style")):
        sid = style.get(_w("styleId"))
        if sid is None:
            continue
        styles[sid] = _Style(
            name=_wval(style, "w:name") or sid,
            based_on=_wval(style, "w:basedOn"),
            num_id=_wval(style, "w:pPr/w:numPr/w:numId"),
            ilvl=_wval(style, "w:pPr/w:numPr/w:ilvl"),
            outline=_wval(style, "w:pPr/w:outlineLvl"),
        )
    return styles


def _paragraph_text(p: Any) -> str:
    """The text of a w:p as the reader sees it with tracked changes accepted."""
    out: list[str] = []
    stack = [p]
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in _DOCX_SKIP:
            continue
        if tag == _w("t"):
            out.append(element.text or "")
        elif tag == _w("tab"):
            out.append("\t")
        elif tag in (_w("br"), _w("cr")):
            # Page and column breaks separate nothing inside a paragraph's text.
            out.append("\n" if element.get(_w("type"), "textWrapping") == "textWrapping" else " ")
        elif tag == _w("noBreakHyphen"):
            out.append("-")
        stack.extend(reversed(element))
    return "".join(out)


# --- PDF ----------------------------------------------------------------------------------

# A line holding only a page number: "12", "- 12 -", "Page 3", "Page 3 of 9", "3 / 9".
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:page|p\.|pg\.|seite|página|pagina|페이지)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*"
    r"(?:(?:of|/|von|de|di)\s*\d{1,4})?\s*(?:쪽|페이지|頁|页)?\s*$",
    re.IGNORECASE,
)
_EDGE_LINES = 2  # page numbers sit on a page's first or last two lines
_DIGITS_RE = re.compile(r"\d+")


def _read_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    pages = _pdf_pages(data, name)
    if not pages:
        raise EmptyDocumentError(name, "a PDF with no pages")
    # Scanned PDFs often carry a text layer with only the page numbers.
    pages = _strip_page_furniture(pages)
    if not any(page.strip() for page in pages):
        raise EmptyDocumentError(
            name,
            f"no text layer on its {len(pages)} page(s); it looks scanned, "
            "run OCR on it first (e.g. ocrmypdf)",
        )
    text = "\n".join(pages)
    text = normalize(dehyphenate(unify_line_breaks(text)))
    return normalize(join_wrapped_lines(text)), None


def _pdf_pages(data: bytes, name: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise CorruptDocumentError(name, "not a valid PDF (no %PDF header); is it really a PDF?")
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except DependencyError as e:
                    raise CorruptDocumentError(
                        name,
                        "encrypted PDF that needs the 'cryptography' package; "
                        "pip install cryptography, or decrypt it first",
                    ) from e
                if not opened:
                    raise CorruptDocumentError(
                        name,
                        "encrypted PDF with a password; decrypt it first (e.g. qpdf --decrypt)",
                    )
            return [page.extract_text() or "" for page in reader.pages]
        except CorruptDocumentError:
            raise
        except (
            PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, zlib.error, struct.error,
        ) as e:  # fmt: skip
            # pypdf reports damage through many exception types, from deep inside.
            raise CorruptDocumentError(
                name, f"not a valid PDF ({_one_line(e) or type(e).__name__}); is the file complete?"
            ) from e


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's warnings and log messages about damaged files it recovers from."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _strip_page_furniture(pages: Sequence[str]) -> list[str]:
    """Drop page numbers and running headers/footers from the edges of each page."""
    # Blank lines at a page's edges are layout: a paragraph can go on to the next page.
    split = [unify_line_breaks(page).strip("\n").split("\n") for page in pages]
    edges = [_edge_indexes(lines, _EDGE_LINES) for lines in split]
    outer = [_edge_indexes(lines, 1) for lines in split]
    seen: Counter[str] = Counter()
    for lines, indexes in zip(split, outer, strict=True):
        seen.update({_DIGITS_RE.sub("#", lines[i].strip()) for i in indexes})
    repeated = {key for key, n in seen.items() if n >= max(3, len(pages) / 2)}
    cleaned = []
    for lines, near, far in zip(split, edges, outer, strict=True):
        drop = {i for i in near if _PAGE_NUMBER_RE.match(lines[i])}
        drop |= {i for i in far if _DIGITS_RE.sub("#", lines[i].strip()) in repeated}
        cleaned.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return cleaned


def _edge_indexes(lines: Sequence[str], count: int) -> list[int]:
    """The indexes of the first and last ``count`` non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:count] + filled[-count:]))


def _one_line(error: object) -> str:
    """An exception's message on one short line."""
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:159] + "…"


_READERS: dict[str, Callable[[bytes, str], tuple[str, str | None]]] = {
    "txt": _read_text,
    "md": _read_text,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
}
