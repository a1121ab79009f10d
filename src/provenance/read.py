"""Read a file into a :class:`~provenance.model.Document`: bytes to normalised text.

Formats are told by extension: ``.txt`` ``.md`` (plain text, lines kept), ``.html``/
``.htm`` (visible text, headings and lists rendered as markdown), ``.docx`` (body text in
document order, with its automatic numbering computed), ``.doc`` (Word 97-2003: the main
text), ``.rtf``, ``.odt`` (OpenDocument text, list numbers computed), ``.hwpx`` and
``.hwp`` (Hangul's open and binary formats: paragraphs, tables, footnotes) and ``.pdf``
(text layer, with the line layout repaired). A file with another extension, or none, is
sniffed: a PDF, DOCX, DOC, RTF, ODT, HWPX, HWP or HTML document is read as one, anything
else is read as text if it decodes.

Formats we know we cannot read (``.pages``, spreadsheets, images ...) fail at once,
saying what to convert them to.

Every failure is an :class:`~provenance.errors.UnreadableDocumentError` whose message is
one line naming the file, the cause and, where there is one, the fix.

A file larger than ``max_bytes`` (:data:`MAX_BYTES`, 50 MB, by default) is refused from
its size on disk, before a byte is read, and at most ``max_bytes + 1`` bytes are ever
read (a file that grows meanwhile is refused too), so no input can exhaust memory. A
name that is not valid UTF-8 is shown with its bad bytes as ``\\xNN`` in
``Document.path`` and in messages (see :func:`~provenance.encoding.printable_name`).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from .encoding import OCR_ADVICE, decode_bytes, printable_name
from .errors import (
    DocumentTooLargeError,
    EmptyDocumentError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)
from .language import AUTO, check_language, detect_language
from .model import Document
from .normalize import normalize
from .numbering import format_number
from .read_doc import read_doc
from .read_docx import read_docx
from .read_errors import format_size, one_line
from .read_html import html_to_text, read_html
from .read_hwp import read_hwp
from .read_hwpx import read_hwpx
from .read_odt import read_odt
from .read_pdf import read_pdf
from .read_rtf import read_rtf

# decode_bytes, format_number and html_to_text live in their own modules; callers import
# them from here too.
__all__ = [
    "AUTO",
    "DocumentTooLargeError",
    "FORMATS",
    "MAX_BYTES",
    "READABLE_SUFFIXES",
    "decode_bytes",
    "document_from_text",
    "format_number",
    "html_to_text",
    "read_document",
]

# Largest file read as one document. Policy texts and letters are well under 5 MB; a
# PDF full of photographs can reach tens of MB. Decoded and normalised, a text file
# takes several times its size in memory, so 50 MB keeps one read under ~1 GB.
MAX_BYTES = 50 * 2**20

# Extensions read without sniffing, and the ``Document.format`` each gives.
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".doc": "doc",
    ".docx": "docx",
    ".hwp": "hwp",
    ".hwpx": "hwpx",
    ".odt": "odt",
    ".rtf": "rtf",
    ".pdf": "pdf",
}
READABLE_SUFFIXES = tuple(FORMATS)

_CONVERT = "; save it as .docx, PDF or text"
_UNSUPPORTED = {
    ".pages": "Apple Pages files are not read" + _CONVERT,
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


def read_document(
    path: str | os.PathLike[str], *, lang: str = AUTO, max_bytes: int = MAX_BYTES
) -> Document:
    """Read one file into a normalised :class:`Document`.

    ``sha256`` is the hash of the file's bytes; ``lang="auto"`` detects the language
    from the text; any other value must be a language spaCy knows, and is used as
    given. A file over ``max_bytes`` is refused without being read.

    Raises:
        UnknownLanguageError: ``lang`` is neither "auto" nor a language spaCy knows
            (checked before the file is opened).
        UnreadableDocumentError: (or a subclass) the file cannot be opened, is empty,
            binary, corrupt, too large (``DocumentTooLargeError``) or of a format we
            do not read.
    """
    check_language(lang)
    name = os.fspath(path)
    shown = printable_name(name)
    data = _read_bytes(name, shown, max_bytes)
    fmt = _format_of(shown, data)
    text, encoding = _READERS[fmt](data, shown)
    if not text.strip():
        raise EmptyDocumentError(shown, _why_empty(fmt, data))
    return Document(
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        path=shown,
        lang=detect_language(text) if lang == AUTO else lang,
        encoding=encoding,
        format=fmt,
    )


def document_from_text(text: str, *, path: str | None = None, lang: str = AUTO) -> Document:
    """A :class:`Document` from a string: normalised, language detected.

    ``sha256`` is the hash of the UTF-8 of ``text`` as given, before normalisation.
    Unlike :func:`read_document`, empty text is allowed: the caller holds the string,
    so nothing is lost, and aligning against an empty draft is a real question.
    ``lang`` is "auto" or a language spaCy knows, as for :func:`read_document`.

    >>> doc = document_from_text("Article 1\\r\\nThe  plan.")
    >>> doc.text, doc.lang
    ('Article 1\\nThe plan.', 'en')
    """
    check_language(lang)
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


def regular_file(name: str, shown: str) -> os.stat_result:
    """``os.stat`` of ``name``, refusing folders, pipes and devices with a clear reason.

    A FIFO would block and a device such as /dev/zero never ends.
    """
    try:
        info = os.stat(name)
    except OSError as e:
        raise UnreadableDocumentError(shown, f"cannot open it: {_why(e)}") from e
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableDocumentError(shown, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableDocumentError(shown, "not a regular file (a pipe, socket or device)")
    return info


def _read_bytes(name: str, shown: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing folders, devices and files over ``max_bytes``."""
    info = regular_file(name, shown)
    if info.st_size > max_bytes:
        raise _too_large(shown, format_size(info.st_size), max_bytes)
    try:
        with open(name, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise UnreadableDocumentError(shown, f"cannot open it: {_why(e)}") from e
    if len(data) > max_bytes:  # it grew after the stat
        raise _too_large(shown, f"more than {format_size(max_bytes)}", max_bytes)
    return data


def _why(error: OSError) -> str:
    return error.strerror or one_line(error)


def _too_large(shown: str, size: str, max_bytes: int) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        shown,
        f"too large: {size}, over the limit of {format_size(max_bytes)} for one document "
        "(MAX_BYTES); split it into smaller files",
    )


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
    if data.startswith(b"PK\x03\x04") and b"application/hwp+zip" in data[:200]:
        return "hwpx"
    if data.startswith(b"PK\x03\x04") and b"application/vnd.oasis.opendocument.text" in data[:200]:
        return "odt"
    if data.startswith(b"\xd0\xcf\x11\xe0") and "BodyText".encode("utf-16-le") in data:
        return "hwp"
    if data.startswith(b"\xd0\xcf\x11\xe0") and "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
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
    "doc": read_doc,
    "docx": read_docx,
    "hwp": read_hwp,
    "hwpx": read_hwpx,
    "odt": read_odt,
    "rtf": read_rtf,
    "pdf": read_pdf,
}
