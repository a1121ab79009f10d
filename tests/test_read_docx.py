import hashlib
import io
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from formats import billion_laughs, lying_about_size, refusal_and_peak, with_part
from test_read import save

from provenance.errors import CorruptDocumentError, EmptyDocumentError
from provenance.numbering import format_number
from provenance.read import read_document
from provenance.read_errors import format_size

# --- fixtures built in the test -----------------------------------------------------------


def add_list(document, levels, *, legal=False) -> str:
    """Add a list definition to the numbering part; return its numId.

    ``levels``: one (numFmt, lvlText, start) per level.
    """
    numbering = document.part.numbering_part.element
    abstract_id = 900 + len(numbering.findall(qn("w:abstractNum")))
    num_ids = [int(num.get(qn("w:numId"))) for num in numbering.findall(qn("w:num"))]
    num_id = max(num_ids, default=0) + 1
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'{"<w:isLgl/>" if legal else ""}<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # the schema puts every abstractNum first
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    return str(num_id)


def add_item(document, text: str, num_id: str, ilvl: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


# --- reading DOCX -------------------------------------------------------------------------


def test_read_docx_structure(tmp_path):
    document = docx.Document()
    document.add_heading("Open Government Plan", level=1)
    document.add_paragraph("Intro paragraph.")
    document.add_heading("Commitments", level=2)
    for text in ("Publish budgets", "Open contracts", "Hold hearings"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Between the lists.")
    for text in ("alpha", "beta"):
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("nested", style="List Bullet 2")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "Name", (0, 1): "Role", (1, 0): "Kim", (1, 1): "Lead"}.items():
        table.cell(row, col).text = text
    document.add_paragraph("After the table.")
    path = save(document, tmp_path, "plan.docx")

    doc = read_document(path)
    assert doc.text == (
        "# Open Government Plan\n\nIntro paragraph.\n\n## Commitments\n\n"
        "1. Publish budgets\n2. Open contracts\n3. Hold hearings\n\n"
        "Between the lists.\n\n- alpha\n- beta\n  - nested\n\n"
        "| Name | Role |\n| Kim | Lead |\n\nAfter the table."
    )
    assert (doc.format, doc.encoding, doc.lang) == ("docx", None, "en")
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_docx_multilevel_numbering(tmp_path):
    document = docx.Document()
    num = add_list(
        document,
        [("decimal", "%1.", 1), ("lowerLetter", "(%2)", 1), ("lowerRoman", "%1.%2.%3.", 1)],
    )
    add_item(document, "A", num)
    add_item(document, "A.a", num, 1)
    add_item(document, "A.b", num, 1)
    add_item(document, "A.b.i", num, 2)
    add_item(document, "A.b.ii", num, 2)
    add_item(document, "B", num)
    add_item(document, "B.a", num, 1)  # a new top item restarts the levels below it
    doc = read_document(save(document, tmp_path))
    assert doc.text == (
        "1. A\n  (a) A.a\n  (b) A.b\n    1.b.i. A.b.i\n    1.b.ii. A.b.ii\n2. B\n  (a) B.a"
    )


def test_docx_legal_numbering_shows_decimal_levels(tmp_path):
    document = docx.Document()
    num = add_list(document, [("upperRoman", "%1.", 1), ("lowerLetter", "%1.%2", 1)], legal=True)
    add_item(document, "Part", num)
    add_item(document, "Sub", num, 1)
    assert read_document(save(document, tmp_path)).text == "I. Part\n  1.a Sub"


@pytest.mark.parametrize(
    "fmt, text, start, expected",
    [
        ("decimal", "%1.", 3, ["3.", "4."]),
        ("upperRoman", "%1.", 1, ["I.", "II."]),
        ("upperLetter", "%1)", 1, ["A)", "B)"]),
        ("ganada", "%1.", 1, ["가.", "나."]),
        ("chosung", "%1)", 1, ["ㄱ)", "ㄴ)"]),
        ("decimalEnclosedCircle", "%1", 1, ["①", "②"]),
        ("decimal", "제%1조", 1, ["제1조", "제2조"]),
        ("bullet", "\uf0b7", 1, ["-", "-"]),
        ("none", "", 1, ["", ""]),
    ],
)
def test_docx_number_formats(tmp_path, fmt, text, start, expected):
    document = docx.Document()
    num = add_list(document, [(fmt, text, start)])
    add_item(document, "one", num)
    add_item(document, "two", num)
    lines = read_document(save(document, tmp_path)).text.split("\n")
    assert lines == [f"{m} {t}".strip() for m, t in zip(expected, ["one", "two"], strict=True)]


def test_docx_headings_tracked_changes_and_skipped_parts(tmp_path):
    document = docx.Document()
    document.styles.add_style("제목 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("총칙", style="제목 1")
    document.add_paragraph(
        "목차 entry", style=document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    )
    paragraph = document.add_paragraph("Kept ")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>inserted</w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a">'
            f"<w:r><w:delText> deleted</w:delText></w:r></w:del>"
        )
    )
    document.add_paragraph("")  # empty paragraphs leave no trace
    tabbed = document.add_paragraph("a")
    tabbed.add_run().add_tab()
    tabbed.add_run("b")
    tabbed.add_run().add_break()
    tabbed.add_run("c")
    doc = read_document(save(document, tmp_path))
    assert doc.text == "# 총칙\n\nKept inserted\n\na b\nc"


def test_docx_table_merged_cells(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row in range(3):
        for col in range(3):
            table.cell(row, col).text = f"r{row}c{col}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "wide"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "tall"
    doc = read_document(save(document, tmp_path))
    # a merged cell is said once: no cell text repeats across rows or columns
    assert doc.text == "| wide | r0c2 |\n| r1c0 | r1c1 | tall |\n| r2c0 | r2c1 | |"


@pytest.mark.parametrize(
    "n, fmt, expected",
    [
        (1, "decimal", "1"),
        (7, "decimalZero", "07"),
        (28, "lowerLetter", "bb"),
        (4, "upperLetter", "D"),
        (1994, "upperRoman", "MCMXCIV"),
        (9, "lowerRoman", "ix"),
        (15, "ganada", "가"),
        (14, "chosung", "ㅎ"),
        (21, "decimalEnclosedCircle", "㉑"),
        (60, "decimalEnclosedCircle", "60"),
        (3, "decimalEnclosedParen", "⑶"),
        (12, "decimalFullWidth", "１２"),
        (23, "chineseCounting", "二十三"),
        (10, "ideographDigital", "一〇"),
        (12, "koreanDigital", "십이"),
        (5, "noSuchFormat", "5"),
        (0, "lowerLetter", "0"),
    ],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_empty_docx(tmp_path):
    path = save(docx.Document(), tmp_path, "blank.docx")
    with pytest.raises(EmptyDocumentError, match="no text in the document body"):
        read_document(path)


# --- hostile packages (issue 13): refused in one line, before they are unpacked ------------

PARAGRAPH = b"<w:p><w:r><w:t>Every municipality will hold open hearings.</w:t></w:r></w:p>"


def letter() -> bytes:
    document = docx.Document()
    document.add_paragraph("Every municipality should hold open hearings on its budget.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_body(size: int, *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A .docx whose body is PARAGRAPH repeated to ``size`` bytes of XML."""
    package = letter()
    xml = zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml")
    head, body, tail = xml.partition(b"<w:body>")
    return with_part(
        package, "word/document.xml", head=head + body, unit=PARAGRAPH, size=size, tail=tail,
        method=method,
    )  # fmt: skip


@pytest.mark.issue(13)
def test_docx_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(with_body(256 * 2**20))  # 256 MB of XML in 2 MB
    assert bomb.stat().st_size < 2 * 2**20
    error, peak = refusal_and_peak(bomb)
    assert isinstance(error, CorruptDocumentError)
    size = sum(info.file_size for info in zipfile.ZipFile(bomb).infolist())
    assert (
        error.cause == f"its contents would unpack to {format_size(size)}, over the limit of 200 MB"
    )
    assert peak < 8 * 2**20  # refused from the sizes its ZIP entries declare


@pytest.mark.issue(13)
def test_docx_part_unpacking_past_its_declared_size_is_refused(tmp_path):
    # The entry says 1,000 bytes; its data inflates to 64 MB. Nothing past what the
    # entry declares is ever unpacked.
    bomb = tmp_path / "liar.docx"
    bomb.write_bytes(lying_about_size(with_body(64 * 2**20), "word/document.xml", 1000))
    error, peak = refusal_and_peak(bomb)
    assert error.cause == (
        "not a valid DOCX (word/document.xml unpacks to more than the 1,000 bytes "
        "its ZIP entry declares)"
    )
    assert peak < 8 * 2**20


@pytest.mark.issue(13)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_docx_with_a_dtd_is_refused(tmp_path, encoding):
    # Entity expansion needs a DTD, and the Open Packaging Conventions forbid one in
    # any part (ECMA-376 Part 2, M1.18). UTF-16 is the other encoding a part may use.
    xml = billion_laughs("w:document", nsdecls("w")).replace('<?xml version="1.0"?>', "")
    bomb = with_part(letter(), "word/document.xml", head=xml.encode(encoding))
    path = tmp_path / "laughs.docx"
    path.write_bytes(bomb)
    error, _ = refusal_and_peak(path)
    assert error.cause == "not a valid DOCX (a DTD in word/document.xml, which DOCX never has)"


@pytest.mark.issue(13)
def test_docx_part_packed_with_another_method_is_refused(tmp_path):
    # zipfile unpacks bzip2 and LZMA members in one unbounded call; Word never uses them.
    path = tmp_path / "bzip2.docx"
    path.write_bytes(with_body(10_000, method=zipfile.ZIP_BZIP2))
    error, _ = refusal_and_peak(path)
    assert error.cause == (
        "not a valid DOCX (word/document.xml is packed with ZIP method 12, which DOCX never uses)"
    )


@pytest.mark.issue(13)
def test_docx_just_under_the_limit_is_read(tmp_path, monkeypatch):
    import provenance.read_docx

    data = with_body(200_000)
    size = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(provenance.read_docx, "MAX_UNPACKED_BYTES", size)
    path = tmp_path / "big.docx"
    path.write_bytes(data)
    assert read_document(path).text.count("Every municipality will hold open hearings.") > 1000
    monkeypatch.setattr(provenance.read_docx, "MAX_UNPACKED_BYTES", size - 1)
    error, _ = refusal_and_peak(path)
    assert error.cause.startswith("its contents would unpack to ")


def with_entries(package: bytes, total: int) -> bytes:
    """``package`` with empty entries added until it has ``total``."""
    buffer = io.BytesIO(package)
    with zipfile.ZipFile(buffer, "a") as archive:
        for i in range(total - len(archive.infolist())):
            archive.writestr(f"customXml/empty{i}.bin", b"")
    return buffer.getvalue()


@pytest.mark.issue(13)
@pytest.mark.parametrize("entries", [1_001, 70_000])  # 70,000 needs the ZIP64 record's count
def test_docx_listing_too_many_entries_is_refused(tmp_path, monkeypatch, entries):
    # zipfile makes an object of some 500 bytes for each entry it lists: a 50 MB file of
    # a million entries took 570 MB to open. The limit is lowered to keep the test small.
    import provenance.packages

    monkeypatch.setattr(provenance.packages, "MAX_ENTRIES", 1_000)
    path = tmp_path / "crowd.docx"
    path.write_bytes(with_entries(letter(), entries))
    error, _ = refusal_and_peak(path)
    assert error.cause == (
        f"not a valid DOCX (its ZIP directory lists {entries:,} entries, over the limit of 1,000)"
    )
    path.write_bytes(with_entries(letter(), 1_000))
    assert read_document(path).text.startswith("Every municipality")
