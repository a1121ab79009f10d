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

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from .encoding import OCR_ADVICE, decode_bytes
from .errors import EmptyDocumentError, UnreadableDocumentError, UnsupportedFormatError
from .language import detect_language
from .model import Document
from .normalize import normalize
from .numbering import format_number
from .read_docx import read_docx
from .read_html import html_to_text, read_html
from .read_pdf import read_pdf

# decode_bytes, format_number and html_to_text live in their own modules; callers import
# them from here too.
__all__ = [
    "AUTO",
    "FORMATS",
    "READABLE_SUFFIXES",
    "decode_bytes",
    "document_from_text",
    "format_number",
    "html_to_text",
    "read_document",
]

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
    ".png": "an image, not text" + OCR_ADVICE,
    ".jpg": "an image, not text" + OCR_ADVICE,
    ".jpeg": "an image, not text" + OCR_ADVICE,
    ".gif": "an image, not text" + OCR_ADVICE,
    ".tif": "an image, not text" + OCR_ADVICE,
    ".tiff": "an image, not text" + OCR_ADVICE,
    ".webp": "an image, not text" + OCR_ADVICE,
}


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


def _read_text(data: bytes, name: str) -> tuple[str, str | None]:
    # Plain text keeps its lines: the segmenter joins the lines of a paragraph.
    text, encoding = decode_bytes(data, name=name)
    return normalize(text), encoding


# Each reader takes the bytes and the name for error messages, and returns the text and
# the encoding it was decoded from (None for DOCX and PDF, which carry their own).
_READERS: dict[str, Callable[[bytes, str], tuple[str, str | None]]] = {
    "txt": _read_text,
    "md": _read_text,
    "html": read_html,
    "docx": read_docx,
    "pdf": read_pdf,
}
