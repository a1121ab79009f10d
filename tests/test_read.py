import codecs
import hashlib
import html
import logging
import random
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import (
    BinaryDocumentError,
    CorruptDocumentError,
    EmptyDocumentError,
    UnreadableDocumentError,
    UnsupportedFormatError,
)
from provenance.read import (
    READABLE_SUFFIXES,
    decode_bytes,
    document_from_text,
    format_number,
    html_to_text,
    read_document,
)

KOREAN = "제5조(정의) 이 조례에서 사용하는 용어의 뜻은 다음과 같다. 시민 참여를 확대한다."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- PDF and DOCX fixtures built in the test -----------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: each string one Helvetica text line, each list one page."""
    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
    ]
    for i, lines in enumerate(pages):
        ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        stream = "\n".join([*ops, "ET"]).encode("cp1252") if lines else b""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypt_pdf(data: bytes, tmp_path: Path, *, user: str, owner: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(write(tmp_path, "plain.pdf", data)).pages:
        writer.add_page(page)
    writer.encrypt(user, owner_password=owner)
    target = tmp_path / "encrypted.pdf"
    with open(target, "wb") as f:
        writer.write(f)
    return target.read_bytes()


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


def save(document, tmp_path: Path, name: str = "doc.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


# --- plain text and encodings ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, codec, encoding",
    [
        ("plain ascii", "utf-8", "utf-8"),
        ("UTF-8 café 시민", "utf-8", "utf-8"),
        ("with BOM 시민", "utf-8-sig", "utf-8-sig"),
        ("UTF-16 with BOM 시민", "utf-16", "utf-16"),
        ("UTF-32 with BOM 시민", "utf-32", "utf-32"),
        ("no BOM, little end", "utf-16-le", "utf-16-le"),
        ("no BOM, big end", "utf-16-be", "utf-16-be"),
        ("시민 참여를 확대한다.", "utf-16-le", "utf-16-le"),
        ("시민 참여를 확대한다.", "utf-16-be", "utf-16-be"),
        (KOREAN, "cp949", "cp949"),
        (KOREAN, "euc-kr", "cp949"),
        ("똠방각하 펲시 믜", "cp949", "cp949"),  # syllables only CP949 (UHC) has
        ("시민 참여", "cp949", "cp949"),
        ("The “plan” costs €5 — déjà vu.", "cp1252", "cp1252"),
        ("“quoted”", "cp1252", "cp1252"),
        ("¿Qué pasa, señora Muñoz?", "cp1252", "cp1252"),
        ("Le café est très bon. Ça coûte 5 £.", "latin-1", "cp1252"),
        ("Die Straße ist schön und groß.", "latin-1", "cp1252"),
        ("Правительство опубликует план.", "cp1251", "cp1251"),
        ("Rząd opublikuje plan i budżet.", "cp1250", "cp1250"),
        ("日本語の文章です。政府は計画を公表する。", "shift_jis", "cp932"),
        ("政府应当公开预算和计划，接受公众监督。", "gbk", "gb18030"),
    ],
)
def test_decode_bytes(text, codec, encoding):
    assert decode_bytes(text.encode(codec), name="x.txt") == (text, encoding)


def test_decode_utf16_big_endian_with_bom():
    data = codecs.BOM_UTF16_BE + "UTF-16 BE 시민".encode("utf-16-be")
    assert decode_bytes(data, name="x.txt") == ("UTF-16 BE 시민", "utf-16")


def test_decode_bytes_of_nothing():
    assert decode_bytes(b"", name="x.txt") == ("", "utf-8")


@pytest.mark.parametrize(
    "data, cause",
    [
        (b"text\x00\x01\x02\x03binary" * 3, "NUL bytes at offset 4"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\x01\x02\x03\x04\x05 not much text \x06\x07\x08\x0e\x0f", "control characters"),
        (codecs.BOM_UTF16_LE + b"odd", "not valid UTF-16 despite its byte-order mark"),
        (bytes(b or 1 for b in random.Random(3).randbytes(2000)), "binary data"),
    ],
)
def test_binary_data_is_refused(tmp_path, data, cause):
    path = write(tmp_path, "scan.txt", data)
    with pytest.raises(BinaryDocumentError) as info:
        read_document(path)
    assert cause in str(info.value)
    assert str(info.value).startswith(f"{path}: ")


def test_read_text_file(tmp_path):
    data = "\ufeffTitle\r\n\r\n\r\n• first  item\r\nsecond line of it\r\n".encode()
    path = write(tmp_path, "draft.txt", data)
    doc = read_document(path)
    # plain text keeps its lines: the segmenter joins wrapped paragraphs itself
    assert doc.text == "Title\n\n- first item\nsecond line of it"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.path, doc.format, doc.encoding, doc.lang) == (str(path), "txt", "utf-8-sig", "en")


def test_read_korean_cp949_file(tmp_path):
    path = write(tmp_path, "조례안.txt", KOREAN.encode("cp949"))
    doc = read_document(path)
    assert (doc.text, doc.encoding, doc.lang) == (KOREAN, "cp949", "ko")


def test_read_markdown_keeps_its_markup(tmp_path):
    path = write(tmp_path, "plan.md", b"# Plan\n\n## Goals\n\n1. Open data\n   more text\n")
    doc = read_document(path)
    assert doc.text == "# Plan\n\n## Goals\n\n1. Open data\n   more text"
    assert doc.format == "md"


def test_lang_is_given_or_detected(tmp_path):
    path = write(tmp_path, "a.txt", b"Le gouvernement doit publier le plan pour les citoyens.")
    assert read_document(path).lang == "fr"
    assert read_document(path, lang="de").lang == "de"


def test_path_is_kept_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "final.txt", b"text")
    assert read_document("final.txt").path == "final.txt"
    assert read_document(Path("final.txt")).path == "final.txt"


@pytest.mark.parametrize(
    "name, data, fmt",
    [
        ("notes.rst", b"Plain *text* in an unknown extension", "txt"),
        ("README", b"No extension at all", "txt"),
        ("download", make_pdf([["A PDF saved without its extension"]]), "pdf"),
        ("page.php", b"<!DOCTYPE html><html><body><p>Served page</p></body></html>", "html"),
    ],
)
def test_unknown_extensions_are_sniffed(tmp_path, name, data, fmt):
    doc = read_document(write(tmp_path, name, data))
    assert doc.format == fmt
    assert "<" not in doc.text and doc.text


def test_docx_without_extension_is_sniffed(tmp_path):
    document = docx.Document()
    document.add_paragraph("A Word file saved as 'download'")
    source = save(document, tmp_path)
    path = write(tmp_path, "download", source.read_bytes())
    doc = read_document(path)
    assert (doc.format, doc.text) == ("docx", "A Word file saved as 'download'")


def test_readable_suffixes():
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= set(READABLE_SUFFIXES)


# --- documents from strings --------------------------------------------------------------


def test_document_from_text():
    text = "Article 1\r\nThe  plan.\u00a0"
    doc = document_from_text(text, path="inline")
    assert doc.text == "Article 1\nThe plan."
    assert doc.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert (doc.path, doc.lang, doc.format, doc.encoding) == ("inline", "en", "txt", "utf-8")


def test_document_from_text_detects_or_takes_lang():
    assert document_from_text(KOREAN).lang == "ko"
    assert document_from_text(KOREAN, lang="en").lang == "en"


def test_document_from_empty_text_is_allowed():
    doc = document_from_text("")
    assert (doc.text, doc.path, doc.sha256) == ("", None, hashlib.sha256(b"").hexdigest())


@given(st.text(max_size=100))
def test_document_from_text_hashes_the_given_text(text):
    doc = document_from_text(text)
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    assert "\r" not in doc.text


# --- HTML ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup, expected",
    [
        ("", ""),
        ("just text", "just text"),
        ("draft.html", "draft.html"),  # looks like a file name to bs4: still markup
        (
            "<html><head><title>Tab title</title><style>p {color: red}</style></head>"
            "<body><p>Visible</p><script>alert('x')</script><noscript>no js</noscript>"
            "<template><p>tpl</p></template><svg><text>svg</text></svg>"
            "<iframe>frame</iframe></body></html>",
            "Visible",
        ),
        ("<p>a &amp; b &lt;c&gt; &eacute;&#233;&#x2014;</p>", "a & b <c> éé—"),
        ("<p>Some   <b>bold</b>\n   and <a href='#'>linked</a> <span>text</span>.</p>",
         "Some bold and linked text."),
        ("<p>one</p><p>two</p><div>three</div>", "one\n\ntwo\n\nthree"),
        ("<p>line<br>break<br/>again</p>", "line\nbreak\nagain"),
        ("<h1>Plan</h1><h2>Goals</h2><h3>Sub <em>goal</em></h3><p>Body</p>",
         "# Plan\n\n## Goals\n\n### Sub goal\n\nBody"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("<ol><li>one<li>two</ol>", "1. one\n2. two"),
        ("<ol start='4'><li>four</li><li>five</li></ol>", "4. four\n5. five"),
        ("<ol><li>one</li><li value='7'>seven</li><li>eight</li></ol>",
         "1. one\n7. seven\n8. eight"),
        ("<ol type='a'><li>x</li><li>y</li></ol><ol type='I'><li>x</li></ol>",
         "a. x\nb. y\n\nI. x"),
        ("<ul><li>top<ul><li>nested<ol><li>deep</li></ol></li></ul></li><li>next</li></ul>",
         "- top\n  - nested\n    1. deep\n- next"),
        ("<ul><li><p>para one</p><p>para two</p></li></ul>", "- para one\n  para two"),
        ("<ul><li></li><li>after an empty item</li></ul>", "- after an empty item"),
        ("<table><tr><th>Name</th><th>Role</th></tr><tr><td>Kim</td><td><p>Lead</p>"
         "<p>writer</p></td></tr><tr><td></td><td></td></tr></table>",
         "| Name | Role |\n| Kim | Lead writer |"),
        ("<table><tr><td>a</td><td><table><tr><td>n1</td><td>n2</td></tr></table></td></tr>"
         "</table>", "| a | n1 n2 |"),
        ("<pre>  code   block\n    indented</pre>", "  code   block\n    indented"),
        ("<dl><dt>Term</dt><dd>Meaning</dd></dl>", "Term\nMeaning"),
        ("<p>shown</p><p hidden>secret</p><!-- a comment -->", "shown"),
    ],
)  # fmt: skip
def test_html_to_text(markup, expected):
    assert html_to_text(markup) == expected


@pytest.mark.parametrize(
    "markup, expected",
    [
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),
        ("<img src=x onerror=alert(1)><p>after</p>", "after"),
        ("<p>unclosed <b>bold <i>italic", "unclosed bold italic"),
        ("</p></div>stray closing tags", "stray closing tags"),
        ("<div>" * 5000 + "deep" + "</div>" * 5000, "deep"),
        ("<ul>" * 300 + "<li>deep item", "- deep item"),  # indented 299 levels
        ("<scr<script>ipt>alert(1)</script>", "ipt>alert(1)"),
        ("<![CDATA[cdata]]><?php echo 1; ?><p>text</p>", "text"),
    ],
)
def test_hostile_html_is_just_text(markup, expected):
    assert html_to_text(markup).strip() == expected


@given(st.text(alphabet="ab <>&\"';#/é가\n\t", max_size=60))
def test_html_text_round_trips_through_escaping(text):
    expected = re.sub(r"[ \t\n\r\f]+", " ", text).strip()
    assert html_to_text(f"<p>{html.escape(text)}</p>") == expected


def test_read_html_file(tmp_path):
    markup = (
        "<!DOCTYPE html><html><head><meta charset='euc-kr'><title>t</title></head><body>"
        "<h1>조례안</h1><p>시민&nbsp;참여를   확대한다.</p><ul><li>공개</li></ul></body></html>"
    )
    path = write(tmp_path, "page.html", markup.encode("euc-kr"))
    doc = read_document(path)
    assert doc.text == "# 조례안\n\n시민 참여를 확대한다.\n\n- 공개"
    assert (doc.format, doc.encoding, doc.lang) == ("html", "cp949", "ko")


def test_html_declared_charset_loses_to_valid_utf8(tmp_path):
    # Pages often declare Latin-1 while serving UTF-8; bytes that are valid UTF-8 win.
    markup = "<meta charset='iso-8859-1'><p>café</p>".encode()
    doc = read_document(write(tmp_path, "page.htm", markup))
    assert (doc.text, doc.encoding) == ("café", "utf-8")


def test_html_without_visible_text_is_empty(tmp_path):
    path = write(tmp_path, "blank.html", b"<html><head><title>t</title></head><body> </body>")
    with pytest.raises(EmptyDocumentError, match="no visible text"):
        read_document(path)


# --- DOCX ------------------------------------------------------------------------------------


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


# --- PDF -------------------------------------------------------------------------------------

WIDE = "The national action plan shall be published on the government portal and"


def test_read_pdf(tmp_path, caplog):
    data = make_pdf(
        [
            [
                "1. Introduction",
                WIDE,
                "kept up to date by the ministry, which shall give access to infor-",
                "mation on request.",
                "Page 1 of 2",
            ],
            [
                "(a) The first commitment of the plan is to publish every contract",
                "in full.",
                "- 2 -",
            ],
        ]
    )
    path = write(tmp_path, "final.pdf", data)
    with caplog.at_level(logging.DEBUG):
        doc = read_document(path)
    assert doc.text == (
        "1. Introduction\n\n"
        f"{WIDE} kept up to date by the ministry, which shall give access to information on "
        "request.\n"
        "(a) The first commitment of the plan is to publish every contract in full."
    )
    assert (doc.format, doc.encoding, doc.lang) == ("pdf", None, "en")
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored


def test_pdf_running_headers_are_dropped(tmp_path):
    pages = [[f"Draft Action Plan {2024}", f"Body text of page {n}.", str(n)] for n in range(1, 5)]
    doc = read_document(write(tmp_path, "draft.pdf", make_pdf(pages)))
    assert "Draft Action Plan" not in doc.text
    assert doc.text.split() == " ".join(f"Body text of page {n}." for n in range(1, 5)).split()


def test_pdf_non_ascii_text(tmp_path):
    doc = read_document(write(tmp_path, "fr.pdf", make_pdf([["Le café coûte 5 €."]])))
    assert doc.text == "Le café coûte 5 €."


def test_pdf_without_text_layer(tmp_path):
    path = write(tmp_path, "scan.pdf", make_pdf([[], ["2"]]))  # only a page number
    with pytest.raises(EmptyDocumentError) as info:
        read_document(path)
    assert "scanned" in str(info.value) and "OCR" in str(info.value) and "2 page" in str(info.value)


def test_pdf_with_user_password(tmp_path):
    data = encrypt_pdf(make_pdf([["secret text"]]), tmp_path, user="pw", owner="owner")
    with pytest.raises(CorruptDocumentError, match="encrypted PDF.*decrypt it first"):
        read_document(write(tmp_path, "locked.pdf", data))


def test_pdf_with_owner_password_only_is_read(tmp_path):
    data = encrypt_pdf(make_pdf([["restricted but readable"]]), tmp_path, user="", owner="owner")
    assert read_document(write(tmp_path, "restricted.pdf", data)).text == "restricted but readable"


# --- errors: one line, naming the file -------------------------------------------------


def _truncated_pdf() -> bytes:
    return make_pdf([["hello there"]])[:150]


def _error_cases(tmp_path: Path) -> list[tuple[Path, type[Exception], str]]:
    document = docx.Document()
    document.add_paragraph("text")
    real_docx = save(document, tmp_path, "real.docx").read_bytes()
    no_document_xml = tmp_path / "nodoc.zip"
    with zipfile.ZipFile(no_document_xml, "w") as z:
        z.writestr("hello.txt", "hi")
    return [
        (tmp_path / "missing.txt", UnreadableDocumentError, "No such file"),
        (tmp_path, UnreadableDocumentError, "is a folder"),
        (write(tmp_path, "empty.txt", b""), EmptyDocumentError, "empty file (0 bytes)"),
        (write(tmp_path, "blank.md", b" \r\n\t\xef\xbb\xbf\xe2\x80\x8b\n"), EmptyDocumentError,
         "only whitespace"),
        (write(tmp_path, "nul.txt", b"ab\x00\x00\x00\x07cd\x00"), BinaryDocumentError,
         "NUL bytes at offset 2"),
        (write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0"), UnsupportedFormatError,
         "save it as .docx"),
        (write(tmp_path, "law.hwp", b"HWP Document File"), UnsupportedFormatError, "HWP"),
        (write(tmp_path, "photo.jpg", b"\xff\xd8\xff"), UnsupportedFormatError, "OCR"),
        (write(tmp_path, "random.docx", bytes(range(256)) * 4), CorruptDocumentError,
         "not a valid DOCX (not a ZIP package); is the file complete?"),
        (write(tmp_path, "half.docx", real_docx[: len(real_docx) // 2]), CorruptDocumentError,
         "not a valid DOCX"),
        (write(tmp_path, "nodoc.docx", no_document_xml.read_bytes()), CorruptDocumentError,
         "not a valid DOCX"),
        (write(tmp_path, "ole.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
         CorruptDocumentError, "old Word .doc"),
        (write(tmp_path, "cut.pdf", _truncated_pdf()), CorruptDocumentError,
         "is the file complete?"),
        (write(tmp_path, "fake.pdf", b"<html>not a pdf</html>"), CorruptDocumentError,
         "no %PDF header"),
        (write(tmp_path, "scan.pdf", make_pdf([[]])), EmptyDocumentError, "OCR"),
    ]  # fmt: skip


def test_error_messages(tmp_path):
    for path, error, cause in _error_cases(tmp_path):
        with pytest.raises(error) as info:
            read_document(path)
        message = str(info.value)
        assert cause in message, message
        assert "\n" not in message, message
        assert message.startswith(f"{path}: "), message
        assert info.value.path == str(path)


def test_errors_are_oserrors_and_provenance_errors(tmp_path):
    from provenance.errors import ProvenanceError

    with pytest.raises(OSError):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(ProvenanceError):
        read_document(write(tmp_path, "cut.pdf", _truncated_pdf()))


def test_unreadable_file(tmp_path, monkeypatch):
    # chmod cannot lock root out, so the refusal is simulated.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path, "secret.txt", b"text")
    monkeypatch.setattr("provenance.read.open", refuse, raising=False)
    with pytest.raises(UnreadableDocumentError) as info:
        read_document(path)
    assert str(info.value) == f"{path}: cannot open it: Permission denied"
