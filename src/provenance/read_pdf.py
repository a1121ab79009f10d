"""PDF to text: the text layer, without page furniture and with its line layout repaired.

A small PDF can hold a great deal of work: a deflated stream may inflate to gigabytes,
many pages may draw one stream, and pypdf's text extraction takes time that grows with
the square of a page's text (each text operator copies the page's text so far). pypdf
stops a stream past its own limits (75 MB unpacked in pypdf 6 and 7); the rest is
bounded here, page by page, each refusal in one line:

- a page whose content holds more than :data:`MAX_PAGE_STRINGS` strings, before pypdf
  parses it (parsed, each costs some 270 bytes);
- a page, or the document, whose extraction passes :data:`MAX_PAGE_WORK` or
  :data:`MAX_DOCUMENT_WORK`, counted as pypdf goes (text operators times the
  characters of the page so far: about 1.5 s and 15 s);
- text past :data:`MAX_TEXT_CHARS` characters in all.

Real pages are far below each: a dense page holds a few thousand strings and does a few
million units of work.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import struct
import warnings
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import CorruptDocumentError, EmptyDocumentError
from .normalize import dehyphenate, join_wrapped_lines, normalize, unify_line_breaks
from .read_errors import one_line

# As much text as the largest text file read (read.MAX_BYTES: 50 MB).
MAX_TEXT_CHARS = 50 * 2**20
MAX_PAGE_STRINGS = 250_000
# Units of pypdf's extraction work: text operators times the page's characters so far.
# 10^10 took 0.8 s (pypdf 7.1); a dense page of real text does under 10^7.
MAX_PAGE_WORK = 2 * 10**10
MAX_DOCUMENT_WORK = 2 * 10**11
# Operators after which pypdf joins the text so far anew; a TJ does so for each element.
_COSTLY = frozenset({b"Tj", b"'", b'"', b"Td", b"TD", b"Tm", b"T*"})
# pypdf extracts text only from content holding one of these; it parses nothing else.
_TEXT_OPERATORS = (b"Tj", b"TJ", b"Do", b"'", b'"')
_TOO_LARGE = "too large to read safely: {}; if it is a genuine document, {}"
_SPLIT = "split it into smaller files"

# A line holding only a page number: "12", "- 12 -", "Page 3", "Page 3 of 9", "3 / 9".
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:page|p\.|pg\.|seite|página|pagina|페이지)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*"
    r"(?:(?:of|/|von|de|di)\s*\d{1,4})?\s*(?:쪽|페이지|頁|页)?\s*$",
    re.IGNORECASE,
)
_EDGE_LINES = 2  # page numbers sit on a page's first or last two lines
_DIGITS_RE = re.compile(r"\d+")


def read_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    """A PDF's text layer, and None for the encoding (PDF fonts set their own).

    Raises:
        CorruptDocumentError: damaged, or encrypted with a password.
        EmptyDocumentError: no pages, or no text layer (a scan).
    """
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
            return _extract(reader.pages, name)
        except CorruptDocumentError:
            raise
        except PyPdfError as e:
            if type(e).__name__ == "LimitReachedError":  # pypdf 5 and later
                what = one_line(e)
                where = "a stream in it unpacks" if "decompress" in what.lower() else "it goes"
                cause = f"{where} past pypdf's limits ({what})"
                raise CorruptDocumentError(
                    name, _TOO_LARGE.format(cause, "save it again as PDF")
                ) from e
            raise CorruptDocumentError(
                name, f"not a valid PDF ({one_line(e) or type(e).__name__}); is the file complete?"
            ) from e
        except (
            ValueError, KeyError, TypeError, AttributeError, IndexError,
            AssertionError, RecursionError, zlib.error, struct.error,
        ) as e:  # fmt: skip
            # pypdf reports damage through many exception types, from deep inside.
            raise CorruptDocumentError(
                name, f"not a valid PDF ({one_line(e) or type(e).__name__}); is the file complete?"
            ) from e


class _TooCostly(Exception):
    """Raised from inside pypdf's extraction when a work budget is spent."""


@dataclass(slots=True)
class _Work:
    """pypdf's extraction work so far, counted through its visitor callbacks."""

    chars: int = 0  # characters extracted from the page so far
    page: int = 0
    document: int = 0

    def operator(self, operator: bytes, operands: Any, *_: Any) -> None:
        if operator == b"TJ":
            array = operands[0] if operands else None
            self.page += self.chars * (len(array) if isinstance(array, list) else 1)
        elif operator in _COSTLY:
            self.page += self.chars
        if self.page > MAX_PAGE_WORK or self.document + self.page > MAX_DOCUMENT_WORK:
            raise _TooCostly  # pypdf lets it through, but for inside a form (see below)

    def text(self, text: Any, *_: Any) -> None:
        self.chars += len(text) if isinstance(text, str) else 0


def _extract(pages: Sequence[Any], name: str) -> list[str]:
    """The text of each page, refusing work or text past the limits."""
    texts: list[str] = []
    work = _Work()
    total = 0
    for number, page in enumerate(pages, start=1):
        content = page.get_contents()
        data = b"" if content is None else content.get_data()
        strings = data.count(b"(") + data.count(b"<") - 2 * data.count(b"<<")
        if strings > MAX_PAGE_STRINGS:
            cause = f"page {number} draws its text in over {MAX_PAGE_STRINGS:,} pieces"
            raise CorruptDocumentError(name, _TOO_LARGE.format(cause, _SPLIT))
        work.chars = work.page = 0
        try:
            if any(operator in data for operator in _TEXT_OPERATORS):
                # A budget spent inside a form XObject is swallowed by pypdf (it logs the
                # form as undecodable); the next operator of the page raises it again.
                text = page.extract_text(
                    visitor_operand_before=work.operator, visitor_text=work.text
                )
            else:  # nothing pypdf would parse: no visitor, which would make it parse
                text = page.extract_text()
            if work.page > MAX_PAGE_WORK or work.document + work.page > MAX_DOCUMENT_WORK:
                raise _TooCostly  # spent in a form that ends the page: nothing raised it
        except _TooCostly as e:
            if work.page > MAX_PAGE_WORK:
                cause = f"page {number} holds too much text to extract in reasonable time"
            else:
                cause = f"its text takes too long to extract (by page {number})"
            raise CorruptDocumentError(name, _TOO_LARGE.format(cause, _SPLIT)) from e
        work.document += work.page
        total += len(text or "")
        if total > MAX_TEXT_CHARS:
            cause = f"its text layer holds over {MAX_TEXT_CHARS:,} characters by page {number}"
            raise CorruptDocumentError(name, _TOO_LARGE.format(cause, _SPLIT))
        texts.append(text or "")
    return texts


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
    numbers = [
        {i for i in _edge_indexes(lines, _EDGE_LINES) if _PAGE_NUMBER_RE.match(lines[i])}
        for lines in split
    ]
    outer = [_edge_indexes(lines, 1) for lines in split]
    headers = _running_keys(split, outer, numbers)
    cleaned = []
    for lines, far, dropped in zip(split, outer, numbers, strict=True):
        drop = dropped | {i for i in far if _running_key(lines[i]) in headers}
        cleaned.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return cleaned


def _running_keys(
    split: Sequence[list[str]], outer: Sequence[list[int]], numbers: Sequence[set[int]]
) -> set[str]:
    """The keys of the running headers and footers: lines on the outer edge of many pages
    that either change from page to page ("Plan 2024 - page 3", a Bates number) or frame
    other text that does.

    A line repeated word for word at the edge of pages holding nothing else, or the same
    thing on each, is the text itself: a petition signed page by page, one sentence a
    page, is not a scan whose furniture is all that is left (issue 13, item 7).
    """
    often = max(3, len(split) / 2)
    seen: Counter[str] = Counter()
    for lines, indexes in zip(split, outer, strict=True):
        seen.update({_running_key(lines[i]) for i in indexes})
    repeated = {key for key, n in seen.items() if n >= often}
    framing: Counter[str] = Counter()
    bodies: dict[str, set[int]] = defaultdict(set)  # hashes of what each key frames
    variants: dict[str, set[str]] = defaultdict(set)  # how each key's line is written
    for lines, far, dropped in zip(split, outer, numbers, strict=True):
        edge = {i for i in far if _running_key(lines[i]) in repeated}
        body = "\n".join(line for i, line in enumerate(lines) if i not in edge | dropped)
        for key in {_running_key(lines[i]) for i in edge}:
            variants[key].update(lines[i].strip() for i in edge if _running_key(lines[i]) == key)
            if body.strip():
                framing[key] += 1
                bodies[key].add(hash(body))
    return {
        key
        for key in repeated
        if len(variants[key]) > 1 or (framing[key] >= often and len(bodies[key]) > 1)
    }


def _edge_indexes(lines: Sequence[str], count: int) -> list[int]:
    """The indexes of the first and last ``count`` non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:count] + filled[-count:]))


def _running_key(line: str) -> str:
    # Digits masked: a running footer "Plan 2024 - page 3" repeats with a new number.
    return _DIGITS_RE.sub("#", line.strip())
