"""ZIP packages of XML parts (DOCX, HWPX, OpenDocument): opened and parsed with one-line errors.

A damaged package can make ``zipfile`` raise almost anything; each failure becomes a
:class:`~provenance.errors.CorruptDocumentError` naming the file and the part. A part
with a DTD is refused (none of these formats has one, and entities could expand without
bound), and so is a package whose parts would unpack past a limit (a ZIP bomb).

A ZIP entry's declared size cannot be trusted: its data may inflate to far more. Parts are
therefore read a chunk at a time, which ``zipfile`` stops at the declared size, never with
``ZipFile.read``, which inflates all of an entry's data in one call before cutting it to
that size. Only stored and deflated entries are read: ``zipfile`` inflates bzip2 and LZMA
data without any bound on what a chunk becomes, and no office suite writes them.
"""

from __future__ import annotations

import io
import struct
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


# Most entries a package may list. zipfile makes an object of some 500 bytes for each
# entry of the central directory, where a file spends as few as 50: a 50 MB file of a
# million entries took 570 MB to open. Real documents have tens, or a few thousand
# pictures.
MAX_ENTRIES = 20_000
_END = b"PK\x05\x06"  # the end of central directory record; the ZIP64 one and its locator:
_END64, _LOCATOR64 = b"PK\x06\x06", b"PK\x06\x07"


def entry_count(data: bytes) -> int | None:
    """How many entries the central directory of the ZIP in ``data`` says it has, or None
    where it cannot be found (zipfile then says what is wrong)."""
    end = data.rfind(_END, max(0, len(data) - 2**16 - 22))
    if end < 0 or len(data) < end + 22:
        return None
    (count,) = struct.unpack_from("<H", data, end + 10)
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and data[locator : locator + 4] == _LOCATOR64:
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if data[offset : offset + 4] == _END64 and len(data) >= offset + 40:
            (count,) = struct.unpack_from("<Q", data, offset + 32)
    return int(count)


def check_entry_count(data: bytes, name: str, kind: str) -> None:
    """Refuse a package listing more than :data:`MAX_ENTRIES` entries, before zipfile
    reads its directory."""
    count = entry_count(data)
    if count is not None and count > MAX_ENTRIES:
        raise CorruptDocumentError(
            name,
            f"not a valid {kind} (its ZIP directory lists {count:,} entries, "
            f"over the limit of {MAX_ENTRIES:,})",
        )


def open_package(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """The ZIP package in ``data``; ``kind`` ("HWPX", "OpenDocument") names it in errors."""
    check_entry_count(data, name, kind)
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


# Unpacked a chunk at a time: no read makes more than this at once.
CHUNK = 2**16
# A DTD opens with this, in either encoding an XML part may use (UTF-16 of either order).
_DOCTYPE = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def check_unpacked_size(
    parts: Sequence[zipfile.ZipInfo], name: str, limit: int, *, what: str = "its text"
) -> None:
    """Refuse a package whose ``parts`` declare more than ``limit`` bytes unpacked."""
    size = sum(info.file_size for info in parts)
    if size > limit:
        raise CorruptDocumentError(
            name,
            f"{what} would unpack to {format_size(size)}, over the limit of {format_size(limit)}",
        )


def check_method(part: zipfile.ZipInfo, name: str, kind: str) -> None:
    """Refuse a part that is neither stored nor deflated."""
    if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise CorruptDocumentError(
            name,
            f"not a valid {kind} ({part.filename} is packed with ZIP method "
            f"{part.compress_type}, which {kind} never uses)",
        )


def has_dtd(xml: bytes) -> bool:
    """Whether XML bytes hold a document type declaration, in any encoding."""
    return any(marker in xml for marker in _DOCTYPE)


def read_part(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str, kind: str, *, limit: int = -1
) -> bytes:
    """The bytes of one part, at most ``limit`` of them (all when negative), and never
    more than its entry declares, however far its data would inflate."""
    check_method(part, name, kind)
    chunks: list[bytes] = []
    wanted = part.file_size if limit < 0 else min(limit, part.file_size)
    try:
        with archive.open(part) as stream:
            while wanted > 0 and (chunk := stream.read(min(CHUNK, wanted))):
                chunks.append(chunk)
                wanted -= len(chunk)
    except ZIP_ERRORS as e:
        raise CorruptDocumentError(
            name, f"not a valid {kind} (damaged {part.filename}: {one_line(e)})"
        ) from e
    return b"".join(chunks)


def read_xml(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str, kind: str
) -> ElementTree.Element:
    """The parsed XML of one part."""
    xml = read_part(archive, part, name, kind)
    if has_dtd(xml):
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
