"""HWP 5 (Hangul's binary format) to text: every paragraph of every section, in order.

Most Korean comment letters (의견서) are still written in this format. An HWP 5 file is
an OLE compound file, read with olefile. Its ``FileHeader`` says whether the sections are
compressed (raw deflate) and whether the text is encrypted (a password, or a read-only
"distribution" document): those are refused. Each ``BodyText/SectionN`` stream is a
run of records, each a 32-bit header (tag: 10 bits, level: 10 bits, size: 12 bits, where
0xFFF means a 32-bit size follows) and its bytes. A paragraph's text is the record with
tag ``PARA_TEXT`` (67): UTF-16LE in which codes under 32 are controls. Some take one
code unit (line break, hyphen, fixed spaces); the others take eight, the code, twelve
bytes of data and the code again (a tab, or the anchor of a table, footnote or field).
The paragraphs of table cells, footnotes and text boxes follow the paragraph that
anchors them, so they come out as lines of their own after it.

The layout is that of Hancom's published description of the HWP 5.0 format.
The older HWP 3 format is refused.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from typing import Any

from .compound import check_header
from .errors import CorruptDocumentError
from .normalize import normalize
from .read_errors import format_size, one_line

_SIGNATURE = b"HWP Document File"
_SECTION_RE = re.compile(r"Section(\d+)")
_PARA_TEXT = 0x10 + 51
MAX_TEXT_BYTES = 200 * 2**20  # the sections unpacked: a deflate bomb stops here
_CHUNK = 2**16
# Controls taking one code unit, and what each stands for in the text.
_ONE_UNIT = {0: "", 10: "\n", 13: "", 24: "-", 25: "", 26: "", 27: "", 28: "", 29: "",
             30: "\u00a0", 31: " "}  # fmt: skip
_TAB = 9  # an eight-unit control that is text
# A code unit under 32, a control, as UTF-16LE bytes: a match at an odd offset is not one.
_CONTROL_RE = re.compile(rb"[\x00-\x1f]\x00")


def read_hwp(data: bytes, name: str) -> tuple[str, str | None]:
    """An HWP 5 file's text in reading order, and None for the encoding.

    Raises:
        CorruptDocumentError: not an HWP 5 file, damaged, encrypted, or too large unpacked.
    """
    import olefile

    if data.startswith(_SIGNATURE):  # HWP 3 files open with the signature itself
        raise CorruptDocumentError(
            name, "an HWP 3 file, which is not read; save it as .hwpx, .docx or PDF"
        )
    if not olefile.isOleFile(io.BytesIO(data)):
        raise CorruptDocumentError(name, "not an HWP file (no HWP 5 container); is it complete?")
    check_header(data, name, "HWP file")
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            compressed = _check_header(ole, name)
            sections = sorted(
                (int(m[1]), path)
                for path in ole.listdir()
                if len(path) == 2
                and path[0] == "BodyText"
                and (m := _SECTION_RE.fullmatch(path[1]))
            )
            if not sections:
                raise CorruptDocumentError(name, "an HWP file without body text (no BodyText)")
            lines: list[str] = []
            budget = MAX_TEXT_BYTES
            for _, path in sections:
                raw = ole.openstream(path).read()
                records = _unpack(raw, budget, name) if compressed else raw
                budget -= len(records)
                lines.extend(_paragraphs(records))
    except CorruptDocumentError:
        raise
    except (OSError, ValueError, struct.error, zlib.error, EOFError, IndexError) as e:
        raise CorruptDocumentError(name, f"not a valid HWP file ({one_line(e)})") from e
    # A blank line between paragraphs, as the segmenter expects.
    return normalize("\n\n".join(line for line in lines if line.strip())), None


def _check_header(ole: Any, name: str) -> bool:
    """Whether the sections are compressed; refuses what cannot be read."""
    if not ole.exists("FileHeader"):
        raise CorruptDocumentError(name, "not an HWP file (a compound file without FileHeader)")
    header = ole.openstream("FileHeader").read(40)
    if not header.startswith(_SIGNATURE) or len(header) < 40:
        raise CorruptDocumentError(name, "not an HWP file (its FileHeader is not HWP's)")
    (flags,) = struct.unpack_from("<I", header, 36)
    if flags & 0b10:
        raise CorruptDocumentError(
            name, "a password-protected HWP file; save a copy without the password"
        )
    if flags & 0b100:
        raise CorruptDocumentError(
            name, "a read-only distribution HWP file, whose text is encrypted; save it as PDF"
        )
    if flags & 0b10000:
        raise CorruptDocumentError(name, "a DRM-protected HWP file, whose text is encrypted")
    return bool(flags & 0b1)


def _unpack(raw: bytes, budget: int, name: str) -> bytearray:
    """A deflated section, refused past ``budget`` bytes.

    Inflated a chunk at a time into one growing buffer: one call with a limit collects
    its output in blocks and joins them, holding twice the limit (400 MB) at the end.
    """
    inflater = zlib.decompressobj(-15)
    records = bytearray()
    pending = raw
    while True:
        chunk = inflater.decompress(pending, _CHUNK)
        records += chunk
        if len(records) > budget:
            raise CorruptDocumentError(
                name, f"its text would unpack to over {format_size(MAX_TEXT_BYTES)}"
            )
        pending = inflater.unconsumed_tail
        if inflater.eof or not (chunk or pending):
            return records


def _paragraphs(records: bytes | bytearray) -> Iterator[str]:
    """The text of each PARA_TEXT record, in stream order."""
    position = 0
    while position + 4 <= len(records):
        (header,) = struct.unpack_from("<I", records, position)
        tag, size = header & 0x3FF, header >> 20
        position += 4
        if size == 0xFFF:
            (size,) = struct.unpack_from("<I", records, position)
            position += 4
        if tag == _PARA_TEXT:
            yield _text(records[position : position + size])
        position += size


def _text(payload: bytes | bytearray) -> str:
    """The text of a PARA_TEXT record: runs of characters between controls.

    Controls are found by searching the bytes, not by making a Python int of every code
    unit: a paragraph of 100 million characters (200 MB of records, within the limit)
    took some 3.6 GB as a tuple of ints.
    """
    end = len(payload) // 2 * 2
    parts: list[str] = []
    i = 0  # a byte offset, always even
    while i < end:
        control = _CONTROL_RE.search(payload, i, end)
        while control is not None and control.start() % 2:  # across two code units
            control = _CONTROL_RE.search(payload, control.start() + 1, end)
        stop = end if control is None else control.start()
        if stop > i:
            parts.append(payload[i:stop].decode("utf-16-le", "replace"))
        if control is None:
            break
        code = payload[stop]
        if code in _ONE_UNIT:
            parts.append(_ONE_UNIT[code])
            i = stop + 2
        else:  # eight units: the code, twelve bytes of data, the code again
            parts.append("\t" if code == _TAB else "")
            i = stop + 16
    return "".join(parts)
