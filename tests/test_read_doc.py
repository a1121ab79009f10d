"""Word 97-2003 (.doc): the main text through its piece table, fields, marks, clear errors.

The files are built here as [MS-DOC] lays them out: a ``WordDocument`` stream opening
with the FIB (only the fields the reader uses are filled), the text in pieces, some
"compressed" (CP1252, a byte a character) and some UTF-16, and a table stream holding
the piece table, in a compound file made by ``compound_file.py``.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from compound_file import compound_file
from formats import (
    EN_DRAFT,
    EN_FINAL,
    assert_refused_in_one_line,
    credited,
    damaged,
    read_or_refuse,
    refusal_and_peak,
)
from hypothesis import given
from hypothesis import strategies as st

import provenance.read_doc
from provenance.read import read_document

TEXT_AT = 0x800  # where the pieces' bytes start in WordDocument, past the FIB


def doc(
    pieces: list[tuple[str, bool]],
    *,
    main: int | None = None,
    flags: int = 0x0200,
    nfib: int = 0x00C1,
    formatting: bytes = b"",
) -> bytes:
    """A .doc of ``pieces`` (text, compressed?); ``main``: ccpText (default: all of it)."""
    body = bytearray()
    cps = [0]
    pcds = b""
    for text, compressed in pieces:
        offset = TEXT_AT + len(body)
        if compressed:
            body += text.encode("cp1252")
            fc = 0x40000000 | (offset * 2)
        else:
            body += text.encode("utf-16-le")
            fc = offset
        cps.append(cps[-1] + len(text))
        pcds += struct.pack("<HIH", 0, fc, 0)
    plc = struct.pack(f"<{len(cps)}I", *cps) + pcds
    clx = formatting + b"\x02" + struct.pack("<I", len(plc)) + plc
    table = bytes(64) + clx  # the piece table need not start the stream
    fib = bytearray(TEXT_AT)
    struct.pack_into("<HH", fib, 0, 0xA5EC, nfib)
    struct.pack_into("<H", fib, 0x0A, flags)
    struct.pack_into("<i", fib, 0x4C, cps[-1] if main is None else main)
    struct.pack_into("<II", fib, 0x01A2, 64, len(clx))
    stream = "1Table" if flags & 0x0200 else "0Table"
    return compound_file({"WordDocument": bytes(fib) + bytes(body), stream: table})


def write(tmp_path: Path, data: bytes, name: str = "draft.doc") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# A WordDocument whose FIB says its table stream is 1Table, in a file without one.
FIB_ONLY = struct.pack("<HH", 0xA5EC, 0xC1) + bytes(6) + struct.pack("<H", 0x0200) + bytes(600)
LETTER = doc(
    [
        ("Article 1. Publish budgets every month.\r", True),
        ("Article 2. Les réunions sont ouvertes — «\u00a0toutes\u00a0».\r", False),
        ("Article 3. Hold hearings.\r", True),
    ]
)


def test_pieces_compressed_and_not_in_order(tmp_path):
    document = read_document(write(tmp_path, LETTER))
    assert document.format == "doc" and document.encoding is None
    assert document.text.split("\n\n") == [
        "Article 1. Publish budgets every month.",
        "Article 2. Les réunions sont ouvertes — « toutes ».",
        "Article 3. Hold hearings.",
    ]


def test_only_the_main_text_and_fields_as_their_result(tmp_path):
    field = '\x13 HYPERLINK "https://example.org/x" \x14the portal\x15'
    nested = "\x13 IF \x13 PAGE \x141\x15 = 1 \x14shown\x15"
    data = doc(
        [
            (f"See {field} now.\x0bNext line.\x07Cell.\x07\r", True),
            (f"Kept {nested} text.\r", False),
            ("Footnote text, not main.\r", True),
        ],
        main=len(f"See {field} now.\x0bNext line.\x07Cell.\x07\r") + len(f"Kept {nested} text.\r"),
        formatting=b"\x01" + struct.pack("<h", 3) + b"abc",  # a Prc before the pieces
    )
    assert read_document(write(tmp_path, data)).text.split("\n\n") == [
        "See the portal now.\nNext line.\nCell.",
        "Kept shown text.",
    ]


def test_table_stream_0table(tmp_path):
    data = doc([("Zero table.\r", True)], flags=0)
    assert read_document(write(tmp_path, data)).text == "Zero table."


def test_a_doc_named_docx_and_one_without_extension_are_read(tmp_path):
    assert read_document(write(tmp_path, LETTER, "draft.docx")).text.startswith("Article 1.")
    assert read_document(write(tmp_path, LETTER, "download")).format == "doc"


def test_a_submission_in_doc_is_credited(tmp_path):
    letter = doc([("Please open every council meeting to the press.\r", True)])
    assert credited(tmp_path, letter, "ngo.doc", EN_DRAFT, EN_FINAL) == ["ngo"]


@pytest.mark.parametrize(
    "data, message",
    [
        (doc([("Secret.\r", True)], flags=0x0300), "password-protected"),
        (doc([("Old.\r", True)], nfib=0x0065), "Word 95 or older"),
        (compound_file({"WordDocument": bytes(600)}), "its WordDocument is not Word's"),
        (compound_file({"Other": b"x"}), "no WordDocument stream"),
        (compound_file({"WordDocument": FIB_ONLY}), "without its 1Table stream"),
        (b"not a compound file", "no compound file"),
        (LETTER[:30] + b"\xff\xff" + LETTER[32:], "its compound-file header is damaged"),
    ],
)  # fmt: skip
def test_unreadable_files_fail_with_one_line(tmp_path, data, message):
    assert_refused_in_one_line(write(tmp_path, data), message)


def repeating(text: str, times: int) -> bytes:
    """A .doc whose piece table shows ``text`` (stored once, compressed) ``times`` times."""
    fib = bytearray(TEXT_AT)
    cps = [len(text) * k for k in range(times + 1)]
    pcds = struct.pack("<HIH", 0, 0x40000000 | (TEXT_AT * 2), 0) * times
    plc = struct.pack(f"<{len(cps)}I", *cps) + pcds
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", fib, 0x0A, 0x0200)
    struct.pack_into("<i", fib, 0x4C, cps[-1])
    struct.pack_into("<II", fib, 0x01A2, 0, len(clx))
    return compound_file({"WordDocument": bytes(fib) + text.encode("cp1252"), "1Table": clx})


@pytest.mark.issue(13)
def test_pieces_repeating_one_text_are_refused(tmp_path):
    # 32 KB of text shown by 100 pieces would read as 3.2 million characters; 2,000 of
    # them over 1 MB, as 2 billion. Each character of a real file is stored once. (The
    # stream is padded to whole 512-byte sectors by compound_file.)
    path = write(tmp_path, repeating("Open every meeting. " * 1600, 100), "echo.doc")
    error, peak = refusal_and_peak(path)
    assert error.cause == (
        "not a valid Word .doc file (its piece table shows 3,200,000 characters, more than "
        "the 34,304 bytes of its WordDocument stream hold)"
    )
    assert peak < 2**20
    assert read_document(write(tmp_path, repeating("Open every meeting.\r", 1))).text == (
        "Open every meeting."
    )


@given(st.integers(0, len(LETTER) - 1), st.integers(1, 255))
def test_a_damaged_byte_is_read_or_refused(position, xor):
    read_or_refuse(provenance.read_doc.read_doc, damaged(LETTER, position, xor))


@given(st.binary(min_size=1, max_size=200), st.integers(0, 40))
def test_damaged_piece_tables_are_read_or_refused(noise, where):
    data = bytearray(LETTER)
    clx = data.index(bytes(64) + b"\x02") + 64  # the table stream: 64 bytes, then the Clx
    data[clx + where : clx + where + len(noise)] = noise
    read_or_refuse(provenance.read_doc.read_doc, bytes(data[: len(LETTER)]))
