"""OpenDocument text: headings, numbered lists, tables, notes in order; clear errors.

The files are built here as LibreOffice writes them: a ZIP with ``mimetype`` first,
``content.xml`` (automatic list styles and the body) and ``styles.xml``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from formats import (
    EN_DRAFT,
    EN_FINAL,
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

import provenance.read_odt
from provenance.errors import CorruptDocumentError
from provenance.read import read_document
from provenance.segment import segment

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)
# "L1": 1. / (a) / bullets; "L2" (in styles.xml): 1.1. style, showing two levels.
AUTOMATIC = """<office:automatic-styles><text:list-style style:name="L1">
<text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
<text:list-level-style-number text:level="2" style:num-format="a" style:num-prefix="("
 style:num-suffix=")"/>
<text:list-level-style-bullet text:level="3" text:bullet-char="•"/>
</text:list-style></office:automatic-styles>"""
STYLES = f"""<office:document-styles {NS}><office:styles><text:list-style style:name="L2">
<text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."
 text:start-value="3"/>
<text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="."
 text:display-levels="2"/>
</text:list-style></office:styles></office:document-styles>"""


def content(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>{AUTOMATIC}'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )


def odt(
    body: str, *, mimetype: str = "application/vnd.oasis.opendocument.text", xml: str = ""
) -> bytes:
    """A text document of ``body``, or with ``xml`` as its whole content.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", xml or content(body))
        z.writestr("styles.xml", STYLES)
    return buffer.getvalue()


def item(text: str, inner: str = "") -> str:
    return f"<text:list-item><text:p>{text}</text:p>{inner}</text:list-item>"


def write(tmp_path: Path, data: bytes, name: str = "plan.odt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


PLAN = odt(
    '<text:h text:outline-level="1">National Action Plan</text:h>'
    '<text:h text:outline-level="2">Commitment 1: Open budgets</text:h>'
    "<text:p>The ministry will<text:s text:c=\"2\"/>publish budgets.</text:p>"
    '<text:list text:style-name="L1">'
    + item("Publish monthly data.", '<text:list><text:list-item><text:p>in CSV</text:p>'
           "</text:list-item>" + item("in JSON") + "</text:list>")
    + item("Hold hearings.", "<text:list>" + item("twice a year") + "</text:list>")
    + "</text:list>"
)  # fmt: skip


def test_headings_paragraphs_and_numbered_lists(tmp_path):
    doc = read_document(write(tmp_path, PLAN))
    assert doc.format == "odt" and doc.lang == "en" and doc.encoding is None
    assert doc.text.split("\n\n") == [
        "# National Action Plan",
        "## Commitment 1: Open budgets",
        "The ministry will publish budgets.",
        "1. Publish monthly data.\n  (a) in CSV\n  (b) in JSON\n2. Hold hearings.\n  (a) twice a year",
    ]
    labels = [c.label for c in segment(doc.text)]
    assert "Commitment 1 > 2. > (a)" in labels


def test_list_styles_from_styles_xml_start_and_show_levels(tmp_path):
    data = odt(
        '<text:list text:style-name="L2">'
        + item("Third.", "<text:list>" + item("Sub one.") + item("Sub two.") + "</text:list>")
        + item("Fourth.")
        + "</text:list>"
        + '<text:list text:style-name="L2" text:continue-numbering="true">'
        + item("Fifth.")
        + "</text:list>"
    )
    assert read_document(write(tmp_path, data)).text == (
        "3. Third.\n  3.1. Sub one.\n  3.2. Sub two.\n4. Fourth.\n5. Fifth."
    )


def test_tables_notes_and_what_is_left_out(tmp_path):
    row = "<table:table-row>{}</table:table-row>"
    cell = "<table:table-cell><text:p>{}</text:p></table:table-cell>"
    data = odt(
        "<text:tracked-changes><text:changed-region><text:deletion>"
        "<text:p>Deleted long ago.</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
        "<text:table-of-content><text:index-body><text:p>Contents 1</text:p>"
        "</text:index-body></text:table-of-content>"
        "<text:p>Budgets<text:note><text:note-citation>1</text:note-citation><text:note-body>"
        "<text:p>See the law.</text:p></text:note-body></text:note> are public."
        "<office:annotation><text:p>a reviewer's comment</text:p></office:annotation></text:p>"
        "<table:table><table:table-header-rows>"
        + row.format(cell.format("Year") + cell.format("Budget"))
        + "</table:table-header-rows>"
        + row.format(cell.format("2025") + cell.format("10"))
        + "</table:table>"
        "<text:section><text:p>In a section.</text:p></text:section>"
    )
    assert read_document(write(tmp_path, data)).text.split("\n\n") == [
        "Budgets are public.",
        "See the law.",
        "| Year | Budget |\n| 2025 | 10 |",
        "In a section.",
    ]


def test_a_submission_in_odt_is_credited(tmp_path):
    letter = odt("<text:p>Please open every council meeting to the press.</text:p>")
    assert credited(tmp_path, letter, "ngo.odt", EN_DRAFT, EN_FINAL) == ["ngo"]


def test_sniffed_without_an_extension(tmp_path):
    assert read_document(write(tmp_path, PLAN, "download")).format == "odt"


@pytest.mark.parametrize(
    "data, message",
    [
        (odt("<text:p>x</text:p>", mimetype="application/vnd.oasis.opendocument.spreadsheet"),
         "an OpenDocument spreadsheet, not a text document"),
        (b"not a zip", "not a valid OpenDocument \\(not a ZIP package\\)"),
        (PLAN[:300], "ZIP package cut short"),
        (odt("<text:p>x</text:p>").replace(b"content.xml", b"content.xmz"), "no content.xml"),
        (odt("", xml=f"<office:document-content {NS}><office:body/></office:document-content>"),
         "without a text body"),
    ],
)  # fmt: skip
def test_damaged_files_fail_with_one_line(tmp_path, data, message):
    assert_refused_in_one_line(write(tmp_path, data), message)


def test_unpacking_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance.read_odt, "MAX_XML_BYTES", 1000)
    with pytest.raises(CorruptDocumentError, match="would unpack to"):
        read_document(write(tmp_path, PLAN))


@pytest.mark.issue(13)
def test_entity_expansion_is_refused(tmp_path):
    for encoding in ("utf-8", "utf-16"):
        head = billion_laughs("office:document-content", NS).encode(encoding)
        bomb = with_part(PLAN, "content.xml", head=head)
        error, _ = refusal_and_peak(write(tmp_path, bomb))
        assert error.cause == (
            "not a valid OpenDocument (a DTD in content.xml, which OpenDocument never has)"
        )


@pytest.mark.issue(13)
def test_content_unpacking_past_its_declared_size_is_not_unpacked(tmp_path):
    head, body, tail = content("").encode().partition(b"<office:text>")
    bomb = with_part(PLAN, "content.xml", head=head + body, unit=b"<text:p>x</text:p>",
                     size=64 * 2**20, tail=tail)  # fmt: skip
    bomb = lying_about_size(bomb, "content.xml", 1000)
    error, peak = refusal_and_peak(write(tmp_path, bomb))
    assert error.cause.startswith("not a valid OpenDocument (damaged content.xml: Bad CRC-32")
    assert peak < 8 * 2**20


@pytest.mark.issue(13)
def test_mimetype_bomb_is_not_unpacked(tmp_path):
    # Only the first bytes of "mimetype" say anything; a 64 MB one is not unpacked whole.
    bomb = with_part(PLAN, "mimetype", head=b"application/vnd.oasis.opendocument.text",
                     unit=b" ", size=64 * 2**20)  # fmt: skip
    path = write(tmp_path, bomb)
    import tracemalloc

    tracemalloc.start()
    try:
        assert read_document(path, max_bytes=path.stat().st_size).format == "odt"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20


@pytest.mark.issue(13)
def test_part_packed_with_another_method_is_refused(tmp_path):
    xml = zipfile.ZipFile(io.BytesIO(PLAN)).read("content.xml")
    data = with_part(PLAN, "content.xml", head=xml, method=zipfile.ZIP_LZMA)
    error, _ = refusal_and_peak(write(tmp_path, data))
    assert error.cause == (
        "not a valid OpenDocument (content.xml is packed with ZIP method 14, "
        "which OpenDocument never uses)"
    )


@pytest.mark.issue(13)
def test_package_listing_too_many_entries_is_refused(tmp_path, monkeypatch):
    import provenance.packages

    monkeypatch.setattr(provenance.packages, "MAX_ENTRIES", 2)
    error, _ = refusal_and_peak(write(tmp_path, PLAN))  # mimetype, content.xml, styles.xml
    assert error.cause == (
        "not a valid OpenDocument (its ZIP directory lists 3 entries, over the limit of 2)"
    )


@given(st.integers(0, len(PLAN) - 1), st.integers(1, 255))
def test_a_damaged_byte_is_read_or_refused(position, xor):
    read_or_refuse(provenance.read_odt.read_odt, damaged(PLAN, position, xor))
