"""The contributors' ledger as a Word document (issue 15).

For a government officer to open, fill in the response column and publish: a title, the
run (id and digest), then a table per contributor (or one for all asks, by clause of the
final) with the columns of the ledger, and the inputs with their SHA-256 at the end.
Headings and labels are in the ledger's language; text from the inputs has its control
characters shown as escapes (XML cannot hold most of them, and none should hide words).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .export import run_digest
from .ledger import (
    LABELS,
    LedgerRow,
    asks_adopted,
    labels,
    ledger_groups,
    ledger_inputs,
    ledger_rows,
    readable,
    without_asks,
)
from .terminal import visible

# Column widths in millimetres on A4 landscape (297 mm less two 15 mm margins).
_WIDTHS = (36, 68, 24, 36, 58, 45)
# What follows w:autoSpaceDN in a paragraph's properties (the schema fixes the order).
_AFTER_AUTOSPACE = (
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_FONTS = {"ko": "Malgun Gothic", "en": "Calibri"}
_LANG_TAGS = {"ko": "ko-KR", "en": "en-GB"}


def ledger_docx(data: Mapping[str, Any], *, lang: str = "en", by: str = "submission") -> bytes:
    """A run's ledger (its ``provenance-attribution/2`` form) as ``.docx`` bytes.

    ``lang`` and ``by`` as for :func:`provenance.ledger_html.ledger_html`.
    """
    if by not in ("submission", "clause"):
        raise ValueError(f"by must be 'submission' or 'clause', not {by!r}")
    lang = lang if lang in LABELS else "en"
    words = labels(lang)
    rows = ledger_rows(data, lang=lang, whole_words=True)
    groups = ledger_groups(data, rows, by=by, lang=lang)
    doc = Document()
    _page_and_fonts(doc, lang)
    doc.core_properties.title = words["title"]
    doc.core_properties.language = _LANG_TAGS[lang]
    doc.add_heading(words["title"], level=0)
    final = ((data.get("inputs") or {}).get("final") or {}).get("path")
    if final:
        doc.add_paragraph(visible(str(final)))
    run = doc.add_paragraph()
    run.add_run(f"{words['run']}: ").bold = True
    run.add_run(str(data.get("run_id") or ""))
    digest = doc.add_paragraph()
    digest.add_run(f"{words['digest']}: ").bold = True
    digest.add_run(str(data.get("digest") or run_digest(data)))
    note = doc.add_paragraph(words["note"])
    note.runs[0].italic = True
    if by == "submission":
        for g in groups:
            doc.add_heading(visible(g.title), level=1)
            score = doc.add_paragraph(asks_adopted(lang, adopted=g.adopted, asks=len(g.rows)))
            score.runs[0].bold = True
            _ask_table(doc, words, [(None, g.rows)])
    else:
        doc.add_heading(words["by_clause"], level=1)
        scores = [asks_adopted(lang, adopted=g.adopted, asks=len(g.rows)) for g in groups]
        titled = [
            (f"{visible(g.title)} ({s})", g.rows) for g, s in zip(groups, scores, strict=True)
        ]
        _ask_table(doc, words, titled)
    missing = without_asks(data, rows)
    if missing:
        doc.add_paragraph(f"{words['no_asks']}: " + ", ".join(visible(i) for i in missing))
    doc.add_heading(words["inputs"], level=1)
    doc.add_paragraph(words["sha256_note"])
    inputs = ledger_inputs(data, lang=lang)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    _header(table.rows[0], [words["role"], words["id"], words["path"], "SHA-256"])
    for item in inputs:
        cells = table.add_row().cells
        for cell, key in zip(cells, ("role", "id", "path", "sha256"), strict=True):
            cell.text = item[key]
        _small(cells[3], 7)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _ask_table(
    doc: Any, words: Mapping[str, str], groups: Sequence[tuple[str | None, Sequence[LedgerRow]]]
) -> None:
    """One table: a header row repeated on every page, then each group's rows (under a
    row naming the group when it has a title)."""
    table = doc.add_table(rows=1, cols=len(_WIDTHS))
    table.style = "Table Grid"
    table.autofit = False
    heads = [words[k] for k in ("submission", "ask", "outcome", "where", "final", "response")]
    _header(table.rows[0], heads)
    for title, rows in groups:
        if title is not None:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = title
            merged.paragraphs[0].runs[0].bold = True
            _shade(merged, "EEF2F6")
        for row in rows:
            r = readable(row)
            cells = table.add_row().cells
            values = (r.submission_id, r.ask, r.outcome_label, r.where, r.final, r.response)
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, _WIDTHS, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, _WIDTHS, strict=False):
            cell.width = Mm(width)


def _header(row: Any, heads: Sequence[str]) -> None:
    """A bold, shaded header row that Word repeats at the top of every page."""
    for cell, text in zip(row.cells, heads, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "F2F4F7")
    tr_pr = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _small(cell: Any, size: int) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def _page_and_fonts(doc: Any, lang: str) -> None:
    """A4 landscape, narrow margins; a font and language tag that cover Korean text."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    for name in ("Normal", "Title", "Heading 1"):
        style = doc.styles[name]
        r_pr = style.element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        for theme in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
            if theme == "w:eastAsiaTheme" or lang == "ko":  # a theme font wins over a name
                fonts.attrib.pop(qn(theme), None)
        fonts.set(qn("w:eastAsia"), _FONTS["ko"])
        if lang == "ko":
            for attr in ("w:ascii", "w:hAnsi"):
                fonts.set(qn(attr), _FONTS["ko"])
        tag = r_pr.find(qn("w:lang"))
        if tag is None:
            tag = OxmlElement("w:lang")
            r_pr.append(tag)
        tag.set(qn("w:val"), _LANG_TAGS[lang])
        tag.set(qn("w:eastAsia"), "ko-KR")
    # No extra space between Hangul and digits or Latin letters ("제8조", not "제 8 조").
    p_pr = doc.styles["Normal"].element.get_or_add_pPr()
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
        off = OxmlElement(name)
        off.set(qn("w:val"), "0")
        p_pr.insert_element_before(off, *_AFTER_AUTOSPACE)
    doc.styles["Normal"].font.size = Pt(9.5)
    doc.styles["Title"].font.color.rgb = RGBColor(0x1F, 0x23, 0x28)
