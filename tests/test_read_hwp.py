"""HWP 5 (Hangul's binary format): paragraphs in order, controls, encrypted files refused.

The files are built here: records as Hancom's format description lays them out, in
section streams (deflated or not) of a compound file made by ``compound_file.py``.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import olefile
import pytest
from compound_file import compound_file
from formats import (
    KO_DRAFT,
    KO_FINAL,
    assert_credits_like_text,
    assert_refused_in_one_line,
    credited,
    damaged,
    read_or_refuse,
    refusal_and_peak,
)
from hypothesis import given
from hypothesis import strategies as st

import provenance.read_hwp
from provenance.errors import CorruptDocumentError
from provenance.read import read_document
from provenance.segment import segment

PARA_HEADER, PARA_TEXT, LIST_HEADER = 66, 67, 72
TAB, TABLE, FOOTNOTE = 9, 11, 17  # eight-unit controls


def record(tag: int, payload: bytes, level: int = 0) -> bytes:
    size = len(payload)
    if size < 0xFFF:
        return struct.pack("<I", tag | level << 10 | size << 20) + payload
    return struct.pack("<II", tag | level << 10 | 0xFFF << 20, size) + payload


def control(code: int) -> str:
    """An eight-unit control: the code, twelve bytes of data, the code again."""
    return chr(code) + "\x01" * 6 + chr(code)


def paragraph(text: str, level: int = 0) -> bytes:
    units = (text + "\r").encode("utf-16-le")  # a paragraph's text ends with code 13
    return record(PARA_HEADER, bytes(22), level) + record(PARA_TEXT, units, level)


def hwp(*sections: bytes, flags: int = 1, extra: dict[str, bytes] | None = None) -> bytes:
    """An HWP 5 file of ``sections`` (record bytes), deflated when ``flags`` has bit 0."""
    header = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05010100, flags)
    streams = {"FileHeader": header.ljust(256, b"\0"), "DocInfo": b""}
    for n, records in enumerate(sections):
        if flags & 1:
            deflater = zlib.compressobj(wbits=-15)
            records = deflater.compress(records) + deflater.flush()
        streams[f"BodyText/Section{n}"] = records
    return compound_file({**streams, **(extra or {})})


def write(tmp_path: Path, data: bytes, name: str = "의견서.hwp") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


ORDINANCE = hwp(
    paragraph("한빛시 공공데이터 조례")
    + paragraph("제1조(목적) 이 조례는 공공데이터의 개방에 관한 사항을 규정한다.")
    + paragraph("제2조(정의) ① 이 조례에서 사용하는 용어의 뜻은 다음과 같다."),
    paragraph("제3조(책무) 시장은 데이터를 공개하여야 한다."),
)


def test_the_fixture_is_a_compound_file_olefile_reads():
    ole = olefile.OleFileIO(io.BytesIO(ORDINANCE))
    assert ["BodyText", "Section1"] in ole.listdir()
    assert ole.openstream("FileHeader").read(17) == b"HWP Document File"
    # Streams over many sectors, and over a FAT sector's 128, read back whole.
    streams = {
        "A": bytes(range(256)) * 3,
        "S/B": b"xyz" * 7000,
        "S/C": bytes(i % 251 for i in range(100_000)),
    }
    ole = olefile.OleFileIO(io.BytesIO(compound_file(streams)))
    for path, data in streams.items():
        assert ole.openstream(path).read()[: len(data)] == data


@pytest.mark.parametrize("flags", [0, 1])  # sections stored as they are, or deflated
def test_paragraphs_of_every_section_in_order(tmp_path, flags):
    data = (
        ORDINANCE
        if flags
        else hwp(paragraph("제1조(목적) 공개한다."), paragraph("제2조(정의) 뜻."), flags=0)
    )
    doc = read_document(write(tmp_path, data))
    assert doc.format == "hwp" and doc.lang == "ko" and doc.encoding is None
    if flags:
        assert doc.text.split("\n\n") == [
            "한빛시 공공데이터 조례",
            "제1조(목적) 이 조례는 공공데이터의 개방에 관한 사항을 규정한다.",
            "제2조(정의) ① 이 조례에서 사용하는 용어의 뜻은 다음과 같다.",
            "제3조(책무) 시장은 데이터를 공개하여야 한다.",
        ]
        assert "제2조(정의) > ①" in [c.label for c in segment(doc.text, lang="ko")]
    else:
        assert doc.text == "제1조(목적) 공개한다.\n\n제2조(정의) 뜻."


def test_controls_become_text_or_nothing(tmp_path):
    cells = record(LIST_HEADER, bytes(8), 1) + paragraph("구분", 1) + paragraph("의견", 1)
    note = record(LIST_HEADER, bytes(8), 1) + paragraph("법 제2조 참조.", 1)
    long = "가" * 3000  # a record over 4,094 bytes gives its size in a second word
    data = hwp(
        paragraph(f"표 1{control(TABLE)}.{control(TAB)}조문별 의견") + cells
        + paragraph(f"첫 줄\n둘째 줄{control(FOOTNOTE)}") + note
        + paragraph(long)
    )  # fmt: skip
    assert read_document(write(tmp_path, data)).text.split("\n\n") == [
        "표 1. 조문별 의견",  # a tab, made a space by normalising
        "구분",
        "의견",
        "첫 줄\n둘째 줄",
        "법 제2조 참조.",
        long,
    ]


def test_a_submission_in_hwp_is_credited(tmp_path):
    letter = hwp(paragraph("회의록을 14일 이내에 공개할 것을 제안합니다."))
    assert credited(tmp_path, letter, "의견서.hwp", KO_DRAFT, KO_FINAL) == ["의견서"]


def test_sniffed_without_an_extension(tmp_path):
    assert read_document(write(tmp_path, ORDINANCE, "download")).format == "hwp"


@pytest.mark.parametrize(
    "data, message",
    [
        (hwp(paragraph("비밀"), flags=0b11), "password-protected"),
        (hwp(paragraph("배포"), flags=0b101), "distribution HWP file"),
        (hwp(paragraph("보안"), flags=0b10001), "DRM-protected"),
        (b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05" + bytes(100), "an HWP 3 file"),
        (b"plain text, not HWP", "no HWP 5 container"),
        (compound_file({"WordDocument": b"x"}), "without FileHeader"),
        (compound_file({"FileHeader": b"something else"}), "FileHeader is not HWP's"),
        (hwp(), "without body text"),
    ],
)
def test_unreadable_files_fail_with_one_line(tmp_path, data, message):
    assert_refused_in_one_line(write(tmp_path, data), message)


def test_unpacking_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance.read_hwp, "MAX_TEXT_BYTES", 1000)
    big = hwp(b"".join(paragraph("가나다라마바사") for _ in range(100)))
    with pytest.raises(CorruptDocumentError, match="would unpack to over"):
        read_document(write(tmp_path, big))


@pytest.mark.issue(13)
def test_section_bomb_is_refused_unpacking_no_further_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance.read_hwp, "MAX_TEXT_BYTES", 8 * 2**20)
    deflater = zlib.compressobj(wbits=-15)
    block = paragraph("가나다라마바사아자차카타파하") * 10_000
    stream = b"".join(deflater.compress(block) for _ in range(200)) + deflater.flush()
    header = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05010100, 1)
    bomb = compound_file({"FileHeader": header.ljust(256, b"\0"), "BodyText/Section0": stream})
    error, peak = refusal_and_peak(write(tmp_path, bomb, "bomb.hwp"))  # 66 MB unpacked
    assert error.cause == "its text would unpack to over 8 MB"
    assert peak < 12 * 2**20  # what the limit lets through, and no copy of it


@pytest.mark.issue(13)
def test_one_huge_paragraph_is_read_without_a_python_int_for_each_character(tmp_path):
    # Two million characters in one PARA_TEXT record: read as a tuple of ints, they took
    # 72 MB (an int object for each character above U+00FF); as text they take 4 MB.
    import tracemalloc

    data = hwp(paragraph("가" * 2_000_000))
    tracemalloc.start()
    try:
        text, _ = provenance.read_hwp.read_hwp(data, "huge.hwp")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text == "가" * 2_000_000
    assert peak < 40 * 2**20


@pytest.mark.issue(13)
def test_compound_file_with_an_impossible_sector_size_is_refused_in_plain_words(tmp_path):
    # olefile computed 2 ** 65535 and failed formatting it for a log message, which made
    # the reason "Exceeds the limit (4300 digits) for integer string conversion".
    data = bytearray(ORDINANCE)
    data[30:32] = b"\xff\xff"
    assert_refused_in_one_line(
        write(tmp_path, bytes(data)),
        r"not a valid HWP file \(its compound-file header is damaged\); is it complete\?",
    )


def reference_text(payload: bytes) -> str:
    """The text of a PARA_TEXT record, a code unit at a time, as the format description
    says (the reader finds the controls faster)."""
    units = struct.unpack(f"<{len(payload) // 2}H", payload[: len(payload) // 2 * 2])
    parts, i = [], 0
    while i < len(units):
        if units[i] >= 32:
            start = i
            while i < len(units) and units[i] >= 32:
                i += 1
            parts.append(payload[2 * start : 2 * i].decode("utf-16-le", "replace"))
        elif units[i] in provenance.read_hwp._ONE_UNIT:
            parts.append(provenance.read_hwp._ONE_UNIT[units[i]])
            i += 1
        else:
            parts.append("\t" if units[i] == TAB else "")
            i += 8
    return "".join(parts)


UNITS = st.sampled_from([0, 1, 9, 10, 11, 13, 24, 30, 31, 0x20, 0x41, 0x100, 0x0A00, 0x1F00,
                         0xAC00, 0xD800, 0xDC00, 0xFFFF])  # fmt: skip


@given(st.lists(UNITS, max_size=60), st.booleans())
def test_record_text_is_read_as_the_format_description_says(units, odd):
    payload = struct.pack(f"<{len(units)}H", *units) + (b"\x01" if odd else b"")
    assert provenance.read_hwp._text(payload) == reference_text(payload)


@given(st.binary(max_size=600))
def test_any_bytes_read_or_refused(data):
    read_or_refuse(provenance.read_hwp.read_hwp, data)
    read_or_refuse(provenance.read_hwp.read_hwp, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + data)


@given(st.integers(0, len(ORDINANCE) - 1), st.integers(1, 255))
def test_a_damaged_byte_is_read_or_refused(position, xor):
    read_or_refuse(provenance.read_hwp.read_hwp, damaged(ORDINANCE, position, xor))


@given(st.binary(max_size=300))
def test_damaged_records_are_read_or_refused(records):
    read_or_refuse(provenance.read_hwp.read_hwp, hwp(records, flags=0))


def test_the_korean_corpus_case_from_hwp_credits_the_same(tmp_path, corpus):
    """The ordinance and its final as Hangul would save them: one paragraph a line."""
    case = corpus / "ordinance-ko"
    paths = []
    for name in ("draft", "final"):
        lines = (case / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        records = b"".join(paragraph(line) for line in lines if line.strip())
        paths.append(write(tmp_path, hwp(records), f"{name}.hwp"))
    assert_credits_like_text(case, *paths)
