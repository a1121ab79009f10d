"""RTF: visible text only, paragraphs apart, every way RTF writes a character."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats import EN_DRAFT, EN_FINAL, credited, read_or_refuse
from hypothesis import given
from hypothesis import strategies as st

import provenance.read_rtf
from provenance.errors import CorruptDocumentError
from provenance.read import read_document
from provenance.segment import segment

# As a word processor writes it: tables of fonts, colours and styles, document
# information, an optional destination, a field, a picture, a header.
HEAD = (
    r"{\rtf1\ansi\ansicpg1252\deff0\nouicompat{\fonttbl{\f0\fnil\fcharset0 Calibri;}}"
    r"{\colortbl ;\red0\green0\blue255;}{\stylesheet{\s1 heading 1;}}"
    r"{\*\generator Riched20 10.0.19041}{\info{\title Plan}{\author Someone}}"
    r"{\header\pard Running header\par}"
    "\n"
)


def rtf(body: str, head: str = HEAD) -> bytes:
    return (head + body + "}").encode("ascii")


def write(tmp_path: Path, data: bytes, name: str = "letter.rtf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_paragraphs_and_what_is_left_out(tmp_path):
    body = (
        r"\pard\sa200\sl276\slmult1\f0\fs22 Article 1. Publish budgets every month.\par"
        "\n"
        r"Article 2. See {\field{\*\fldinst{HYPERLINK "
        "https://example.org"
        "}}"
        r"{\fldrslt{\ul the portal}}} now.\line Second line.\par"
        r"{\pict\wmetafile8\picw100 0a0b0c0d}Article 3. \b Hold\b0  hearings.\par"
    )
    document = read_document(write(tmp_path, rtf(body)))
    assert document.format == "rtf" and document.encoding == "cp1252"
    assert document.text.split("\n\n") == [
        "Article 1. Publish budgets every month.",
        "Article 2. See the portal now.\nSecond line.",
        "Article 3. Hold hearings.",
    ]
    assert [c.label for c in segment(document.text)] == ["Article 1", "Article 2", "Article 3"]


def test_characters_in_every_form(tmp_path):
    body = (
        r"Caf\'e9 \u8212? \emdash  \ldblquote quoted\rdblquote  "
        r"{\uc2\u-10179\'3f\'3f\u-8704\'3f\'3f} non\~breaking \{braces\} back\\slash\par"
    )
    assert read_document(write(tmp_path, rtf(body))).text == (
        "Café — — “quoted” \U0001f600 non breaking {braces} back\\slash"  # normalised space
    )


def test_korean_in_its_code_page(tmp_path):
    head = r"{\rtf1\ansi\ansicpg949{\fonttbl{\f0 Malgun Gothic;}}"
    korean = "".join(f"\\'{b:02x}" for b in "시장은 회의록을 공개하여야 한다.".encode("cp949"))
    document = read_document(write(tmp_path, rtf(korean + r"\par", head)))
    assert document.text == "시장은 회의록을 공개하여야 한다." and document.encoding == "cp949"


def test_table_cells(tmp_path):
    body = r"\trowd\cellx1000\cellx2000 Year\cell Budget\cell\row\trowd 2025\cell 10\cell\row"
    assert read_document(write(tmp_path, rtf(body))).text.split("\n") == [
        "Year | Budget |",
        "2025 | 10 |",
    ]


def test_a_submission_in_rtf_is_credited(tmp_path):
    letter = rtf(r"Please open every council meeting to the press.\par")
    assert credited(tmp_path, letter, "ngo.rtf", EN_DRAFT, EN_FINAL) == ["ngo"]


def test_sniffed_without_an_extension_and_refused_when_not_rtf(tmp_path):
    assert read_document(write(tmp_path, rtf("Text.\\par"), "download")).format == "rtf"
    with pytest.raises(CorruptDocumentError, match="not an RTF file") as info:
        read_document(write(tmp_path, b"plain words", "fake.rtf"))
    assert "\n" not in str(info.value)


@given(st.text(alphabet="{}\\'abcu0123456789-* ?\n", max_size=200))
def test_any_markup_is_read_or_refused(markup):
    read_or_refuse(provenance.read_rtf.read_rtf, ("{\\rtf1 " + markup).encode("latin-1"))
