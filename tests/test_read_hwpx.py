"""HWPX (Hangul's open format): paragraphs in order, tables as rows, notes, and clear errors.

The files are built here as OWPML packages: a ZIP with the ``mimetype`` entry first and
section XML in the 2011 namespaces, as Hancom Office writes them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from formats import (
    KO_DRAFT,
    KO_FINAL,
    assert_credits_like_text,
    assert_refused_in_one_line,
    billion_laughs,
    credited,
    damaged,
    lying_about_size,
    read_or_refuse,
    refusal_and_peak,
    with_part,
)
from hypothesis import given
from hypothesis import strategies as st

import provenance.read_hwpx
from provenance.errors import (
    CorruptDocumentError,
    EmptyDocumentError,
)
from provenance.read import read_document
from provenance.segment import segment

HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS = "http://www.hancom.co.kr/hwpml/2011/section"


def para(*runs: str) -> str:
    """A paragraph of runs; each run is the XML inside ``hp:run``."""
    return "<hp:p>" + "".join(f"<hp:run>{r}</hp:run>" for r in runs) + "</hp:p>"


def t(text: str) -> str:
    return f"<hp:t>{text}</hp:t>"


def section(*paragraphs: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}">'
        + "".join(paragraphs)
        + "</hs:sec>"
    )


def hwpx(*sections: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("Contents/header.xml", "<head/>")
        for n, xml in enumerate(sections):
            z.writestr(f"Contents/section{n}.xml", xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "의견서.hwpx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


ORDINANCE = hwpx(
    section(
        para(t("한빛시 공공데이터 조례")),
        para(t("제1조(목적) 이 조례는 공공데이터의 개방에 관한 사항을 규정한다.")),
        para(t("제2조(정의) ① 이 조례에서 사용하는 용어의 뜻은 다음과 같다.")),
    ),
    section(para(t("제3조(책무) 시장은 데이터를 공개하여야 한다."))),
)


def test_paragraphs_of_every_section_in_order(tmp_path):
    doc = read_document(write(tmp_path, ORDINANCE))
    assert doc.format == "hwpx" and doc.lang == "ko" and doc.encoding is None
    assert doc.text.split("\n\n") == [
        "한빛시 공공데이터 조례",
        "제1조(목적) 이 조례는 공공데이터의 개방에 관한 사항을 규정한다.",
        "제2조(정의) ① 이 조례에서 사용하는 용어의 뜻은 다음과 같다.",
        "제3조(책무) 시장은 데이터를 공개하여야 한다.",
    ]
    labels = [c.label for c in segment(doc.text, lang="ko")]
    assert "제2조(정의) > ①" in labels and "제3조(책무)" in labels


def test_runs_join_and_inline_marks_become_text(tmp_path):
    data = hwpx(
        section(
            para(t("공공"), t("데이터를 <hp:tab/>공개"), t("한다.<hp:lineBreak/>둘째 줄")),
            para(t("")),  # an empty paragraph gives no line
            para(t("A&amp;B")),
        )
    )
    assert read_document(write(tmp_path, data)).text.split("\n\n") == [
        "공공데이터를 공개한다.\n둘째 줄",
        "A&B",
    ]


def cell(text: str) -> str:
    return f"<hp:tc><hp:subList>{para(t(text))}</hp:subList></hp:tc>"


def test_tables_are_rows_after_their_paragraph(tmp_path):
    table = (
        "<hp:tbl>"
        f"<hp:tr>{cell('구분')}{cell('의견')}</hp:tr>"
        f"<hp:tr>{cell('제5조')}{cell('공청회를 연 2회 개최할 것')}</hp:tr>"
        "</hp:tbl>"
    )
    data = hwpx(section(para(t("표 1. 조문별 의견"), table), para(t("이상입니다."))))
    assert read_document(write(tmp_path, data)).text.split("\n\n") == [
        "표 1. 조문별 의견",
        "| 구분 | 의견 |\n| 제5조 | 공청회를 연 2회 개최할 것 |",  # rows of a table together
        "이상입니다.",
    ]


def test_footnotes_are_read_once(tmp_path):
    note = (
        "<hp:ctrl><hp:footNote><hp:subList>"
        + para(t("「공공데이터법」 제2조 참조."))
        + "</hp:subList></hp:footNote></hp:ctrl>"
    )
    data = hwpx(section(para(t("정의는 법률에 따른다."), note)))
    assert read_document(write(tmp_path, data)).text.split("\n\n") == [
        "정의는 법률에 따른다.",
        "「공공데이터법」 제2조 참조.",
    ]


def test_a_submission_in_hwpx_is_credited(tmp_path):
    letter = hwpx(section(para(t("회의록을 14일 이내에 공개할 것을 제안합니다."))))
    assert credited(tmp_path, letter, "의견서.hwpx", KO_DRAFT, KO_FINAL) == ["의견서"]


def test_sniffed_without_an_extension(tmp_path):
    assert read_document(write(tmp_path, ORDINANCE, "download")).format == "hwpx"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"HWP Document File" + bytes(100), "old binary HWP file named .hwpx"),
        (b"not a zip at all", "not a ZIP package"),
        (ORDINANCE[:200], "ZIP package cut short"),
        (hwpx(), "no Contents/section0.xml"),
        (hwpx(section(para(t("x"))) + "<unclosed"), "bad XML in Contents/section0.xml"),
    ],
)
def test_damaged_files_fail_with_one_line(tmp_path, data, message):
    assert_refused_in_one_line(write(tmp_path, data), message)


def test_entity_expansion_is_refused(tmp_path):
    entities = "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "aaaaaaaaaa"}">' for i in range(9)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE sec [{entities}]><sec><p><run><t>&e8;</t></run></p></sec>'
    )
    with pytest.raises(CorruptDocumentError, match="a DTD in Contents/section0.xml"):
        read_document(write(tmp_path, hwpx(bomb)))


@pytest.mark.issue(13)
def test_entity_expansion_in_utf16_is_refused(tmp_path):
    bomb = hwpx(section(para(t("x"))))
    bomb = with_part(bomb, "Contents/section0.xml", head=billion_laughs("sec").encode("utf-16"))
    error, _ = refusal_and_peak(write(tmp_path, bomb))
    assert error.cause == "not a valid HWPX (a DTD in Contents/section0.xml, which HWPX never has)"


@pytest.mark.issue(13)
def test_section_unpacking_past_its_declared_size_is_not_unpacked(tmp_path):
    xml = section(para(t("x"))).encode()
    head, _, tail = xml.partition(b"<hp:p>")
    bomb = with_part(ORDINANCE, "Contents/section0.xml", head=head,
                     unit=para(t("가나다")).encode(), size=64 * 2**20, tail=tail)  # fmt: skip
    bomb = lying_about_size(bomb, "Contents/section0.xml", 1000)
    error, peak = refusal_and_peak(write(tmp_path, bomb))
    assert isinstance(error, CorruptDocumentError)
    assert error.cause.startswith("not a valid HWPX (damaged Contents/section0.xml: Bad CRC-32")
    assert peak < 8 * 2**20  # no more than the 1,000 bytes it declares were unpacked


@pytest.mark.issue(13)
def test_section_packed_with_another_method_is_refused(tmp_path):
    xml = section(para(t("가나다"))).encode()
    data = with_part(ORDINANCE, "Contents/section0.xml", head=xml, method=zipfile.ZIP_BZIP2)
    error, _ = refusal_and_peak(write(tmp_path, data))
    assert error.cause == (
        "not a valid HWPX (Contents/section0.xml is packed with ZIP method 12, "
        "which HWPX never uses)"
    )


def test_no_text_is_empty(tmp_path):
    with pytest.raises(EmptyDocumentError):
        read_document(write(tmp_path, hwpx(section(para(t(" "))))))


def test_unpacking_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance.read_hwpx, "MAX_XML_BYTES", 1000)
    big = hwpx(section(*(para(t("가나다라마바사")) for _ in range(100))))
    with pytest.raises(CorruptDocumentError, match="would unpack to .* over the limit"):
        read_document(write(tmp_path, big))


@given(st.binary(max_size=600))
def test_any_bytes_read_or_refused(data):
    read_or_refuse(provenance.read_hwpx.read_hwpx, data)
    read_or_refuse(provenance.read_hwpx.read_hwpx, b"PK\x03\x04" + data)


@given(st.integers(0, len(ORDINANCE) - 1), st.integers(1, 255))
def test_a_damaged_byte_is_read_or_refused(position, xor):
    read_or_refuse(provenance.read_hwpx.read_hwpx, damaged(ORDINANCE, position, xor))


def test_the_korean_corpus_case_from_hwpx_credits_the_same(tmp_path, corpus):
    """The ordinance and its final as Hangul would save them: one paragraph a line."""
    case = corpus / "ordinance-ko"
    paths = []
    for name in ("draft", "final"):
        lines = (case / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        xml = section(*(para(t(escape(line))) for line in lines if line.strip()))
        paths.append(write(tmp_path, hwpx(xml), f"{name}.hwpx"))
    assert_credits_like_text(case, *paths)
