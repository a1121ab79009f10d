"""ZIP packages of XML parts (HWPX, OpenDocument): opened and parsed with one-line errors.

A damaged package can make ``zipfile`` raise almost anything; each failure becomes a
:class:`~provenance.errors.CorruptDocumentError` naming the file and the part. A part
with a DTD is refused (neither format has one, and entities could expand without bound),
and so is a package whose parts would unpack past a limit (a ZIP bomb).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Sequence
from xml.etree import ElementTree

from .errors import CorruptDocumentError
from .read_errors import format_size, one_line

# What a damaged ZIP can raise, opening it or unpacking a part.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,  # encrypted
    NotImplementedError,  # an unknown compression method or ZIP version
)


def open_package(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """The ZIP package in ``data``; ``kind`` ("HWPX", "OpenDocument") names it in errors."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as e:
        if zipfile.is_zipfile(io.BytesIO(data)):
            cause = f"a damaged ZIP package: {one_line(e)}"
        elif data.startswith(b"PK\x03\x04"):
            cause = "a ZIP package cut short"
        else:
            cause = "not a ZIP package"
        raise CorruptDocumentError(
            name, f"not a valid {kind} ({cause}); is the file complete?"
        ) from e


def check_unpacked_size(parts: Sequence[zipfile.ZipInfo], name: str, limit: int) -> None:
    size = sum(info.file_size for info in parts)
    if size > limit:
        raise CorruptDocumentError(
            name,
            f"its text would unpack to {format_size(size)}, over the limit of {format_size(limit)}",
        )


def read_xml(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str, kind: str
) -> ElementTree.Element:
    """The parsed XML of one part."""
    try:
        xml = archive.read(part)
    except ZIP_ERRORS as e:
        raise CorruptDocumentError(
            name, f"not a valid {kind} (damaged {part.filename}: {one_line(e)})"
        ) from e
    if b"<!DOCTYPE" in xml:
        raise CorruptDocumentError(
            name, f"not a valid {kind} (a DTD in {part.filename}, which {kind} never has)"
        )
    try:
        return ElementTree.fromstring(xml)
    except (ElementTree.ParseError, ValueError, LookupError) as e:
        raise CorruptDocumentError(
            name, f"not a valid {kind} (bad XML in {part.filename}: {one_line(e)})"
        ) from e


def local_name(element: ElementTree.Element) -> str:
    """The tag without its namespace: formats whose namespaces vary by version read alike."""
    return element.tag.rpartition("}")[2]
