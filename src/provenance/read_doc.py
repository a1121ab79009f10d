"""Word 97–2003 (``.doc``) to text: the main document's characters, through its piece table.

Governments still publish drafts as ``.doc``. The file is an OLE compound file (read with
olefile). Its ``WordDocument`` stream opens with the FIB, which gives the length of the
main text (``ccpText``), which table stream holds the rest (``0Table`` or ``1Table``),
and where in it the piece table is (``fcClx``, ``lcbClx``). The piece table maps runs of
character positions to bytes of ``WordDocument``: UTF-16LE, or one byte a character
(CP1252) for a "compressed" piece. In the text, paragraph and cell marks become line
breaks, and of a field (``{ HYPERLINK "…" }title``) only the result is kept.

The layout is that of Microsoft's published description ([MS-DOC]). Encrypted files and
Word 95 or older are refused.
"""

from __future__ import annotations

import io
import itertools
import struct
from typing import Any

from .compound import check_header
from .errors import CorruptDocumentError
from .normalize import normalize
from .read_errors import one_line

_WORD_MAGIC = 0xA5EC
_OLDEST_NFIB = 0x00C1  # Word 97
# FIB offsets (bytes into WordDocument).
_FLAGS, _CCP_TEXT, _FC_CLX = 0x0A, 0x4C, 0x01A2
_ENCRYPTED, _TABLE_1 = 0x0100, 0x0200
# Characters with a meaning in Word's text, and what each becomes.
_MARKS = {
    "\r": "\n\n",  # end of paragraph
    "\x07": "\n",  # end of a table cell or row
    "\x0b": "\n",  # line break
    "\x0c": "\n\n",  # page or section break
    "\x1e": "-",  # non-breaking hyphen
    "\x1f": "",  # optional hyphen
    "\x01": "",  # picture
    "\x08": "",  # drawn object
    "\x05": "",  # comment anchor
    "\x02": "",  # footnote reference
}
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"


def read_doc(data: bytes, name: str) -> tuple[str, str | None]:
    """A Word 97–2003 file's main text, and None for the encoding.

    Raises:
        CorruptDocumentError: not a Word file, encrypted, too old, or damaged.
    """
    import olefile

    if not olefile.isOleFile(io.BytesIO(data)):
        raise CorruptDocumentError(name, "not a Word .doc file (no compound file); is it complete?")
    check_header(data, name, "Word .doc file")
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            text = _main_text(ole, name)
    except CorruptDocumentError:
        raise
    except (OSError, ValueError, struct.error, EOFError, IndexError) as e:
        raise CorruptDocumentError(name, f"not a valid Word .doc file ({one_line(e)})") from e
    return normalize(_visible(text)), None


def _main_text(ole: Any, name: str) -> str:
    if not ole.exists("WordDocument"):
        raise CorruptDocumentError(name, "not a Word .doc file (no WordDocument stream)")
    word = ole.openstream("WordDocument").read()
    magic, nfib = struct.unpack_from("<HH", word, 0)
    if magic != _WORD_MAGIC:
        raise CorruptDocumentError(name, "not a Word .doc file (its WordDocument is not Word's)")
    if nfib < _OLDEST_NFIB:
        raise CorruptDocumentError(name, "a Word 95 or older file; save it as .docx")
    (flags,) = struct.unpack_from("<H", word, _FLAGS)
    if flags & _ENCRYPTED:
        raise CorruptDocumentError(
            name, "a password-protected Word document; save a copy without the password"
        )
    (ccp_text,) = struct.unpack_from("<i", word, _CCP_TEXT)
    fc_clx, lcb_clx = struct.unpack_from("<II", word, _FC_CLX)
    table_name = "1Table" if flags & _TABLE_1 else "0Table"
    if not ole.exists(table_name):
        raise CorruptDocumentError(name, f"a Word .doc file without its {table_name} stream")
    clx = ole.openstream(table_name).read()[fc_clx : fc_clx + lcb_clx]
    plc = _piece_table(clx, name)
    _check_piece_lengths(word, plc, max(0, ccp_text), name)
    return _pieces_text(word, plc, max(0, ccp_text))


def _piece_table(clx: bytes, name: str) -> bytes:
    """The PlcPcd of a Clx: first skip its formatting runs (Prc)."""
    position = 0
    while position < len(clx) and clx[position] == 0x01:
        (size,) = struct.unpack_from("<h", clx, position + 1)
        position += 3 + max(0, size)
    if position >= len(clx) or clx[position] != 0x02:
        raise CorruptDocumentError(name, "a Word .doc file whose piece table is missing")
    (size,) = struct.unpack_from("<I", clx, position + 1)
    return clx[position + 5 : position + 5 + size]


def _check_piece_lengths(word: bytes, plc: bytes, length: int, name: str) -> None:
    """Refuse a piece table that shows more characters than WordDocument can hold.

    Each character of a real file is stored once, in at least a byte of WordDocument;
    pieces pointing at the same bytes again and again would make a small file read as
    gigabytes of text (2,000 pieces over 1 MB: 2 billion characters).
    """
    pieces = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{pieces + 1}I", plc, 0)
    shown = 0
    for start, end in itertools.pairwise(cps):
        if start >= min(end, length):
            break  # where _pieces_text stops
        shown += min(end, length) - start
    if shown > len(word):
        raise CorruptDocumentError(
            name,
            f"not a valid Word .doc file (its piece table shows {shown:,} characters, "
            f"more than the {len(word):,} bytes of its WordDocument stream hold)",
        )


def _pieces_text(word: bytes, plc: bytes, length: int) -> str:
    """The first ``length`` characters of the document, piece by piece."""
    pieces = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{pieces + 1}I", plc, 0)
    parts: list[str] = []
    for k in range(pieces):
        start, end = cps[k], min(cps[k + 1], length)
        if start >= end:
            break
        (fc,) = struct.unpack_from("<I", plc, 4 * (pieces + 1) + 8 * k + 2)
        count = end - start
        if fc & 0x40000000:  # compressed: one byte a character
            offset = (fc & 0x3FFFFFFF) // 2
            parts.append(word[offset : offset + count].decode("cp1252", "replace"))
        else:
            parts.append(word[fc : fc + 2 * count].decode("utf-16-le", "replace"))
    return "".join(parts)


def _visible(text: str) -> str:
    """Word's text as a reader sees it: marks made line breaks, fields made their result."""
    out: list[str] = []
    in_code: list[bool] = []  # for each open field: still in its code (before its result)?
    for char in text:
        if char == _FIELD_BEGIN:
            in_code.append(True)
        elif char == _FIELD_SEPARATOR and in_code:
            in_code[-1] = False
        elif char == _FIELD_END and in_code:
            in_code.pop()
        elif not any(in_code):
            out.append(_MARKS.get(char, char))
    return "".join(out)
