"""HWPX (Hancom Office's OWPML package, KS X 6101) to text.

Korean public bodies and many Korean organisations write in Hangul; since the standard
became open, its documents are HWPX: a ZIP of XML parts. The text is in
``Contents/section0.xml``, ``section1.xml`` ...: paragraphs (``p``) of runs (``run``) of
text (``t``); tables (``tbl`` > ``tr`` > ``tc``), footnotes and text boxes hold their own
paragraphs in sub-lists (``subList``). Tags are matched by local name, so every version
of the namespaces reads alike. Numbers that the word processor draws itself (automatic
paragraph numbering) are not in the text; Korean ordinances type theirs ("제1조", "①").

The older binary ``.hwp`` format (HWP 5) is read by :mod:`provenance.read_hwp`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree import ElementTree

from .blocks import Block, join_blocks
from .errors import CorruptDocumentError
from .normalize import normalize
from .packages import check_unpacked_size, local_name, open_package, read_xml

_SECTION_RE = re.compile(r"Contents/section(\d+)\.xml")
# The XML of one document, unpacked: a ZIP bomb stops here, not in memory.
MAX_XML_BYTES = 200 * 2**20
# Inline elements of a ``t`` that stand for text.
_INLINE = {"tab": "\t", "lineBreak": "\n", "nbSpace": "\u00a0", "fwSpace": " ", "hyphen": "-"}


def read_hwpx(data: bytes, name: str) -> tuple[str, str | None]:
    """An HWPX file's text in reading order, and None for the encoding (XML sets its own).

    Raises:
        CorruptDocumentError: not an HWPX package, damaged, or unpacking too large.
    """
    if data.startswith((b"HWP Document File", b"\xd0\xcf\x11\xe0")):
        raise CorruptDocumentError(
            name, "an old binary HWP file named .hwpx; save it as .hwpx, .docx or PDF"
        )
    archive = open_package(data, name, "HWPX")
    sections = sorted(
        (
            (int(match[1]), info)
            for info in archive.infolist()
            if (match := _SECTION_RE.fullmatch(info.filename))
        ),
        key=lambda numbered: numbered[0],  # a damaged archive can name a section twice
    )
    if not sections:
        raise CorruptDocumentError(name, "not an HWPX document (no Contents/section0.xml)")
    check_unpacked_size([info for _, info in sections], name, MAX_XML_BYTES)
    blocks: list[Block] = []
    for _, info in sections:
        root = read_xml(archive, info, name, "HWPX")
        blocks.extend(_paragraphs(root))
    return normalize(join_blocks(blocks)), None


def _paragraphs(container: ElementTree.Element) -> Iterator[Block]:
    """(kind, text) of the paragraphs directly in ``container`` (a section or sub-list)
    and of what they hold: kind "paragraph" or "row" (of a table)."""
    for child in container:
        if local_name(child) == "p":
            yield from _paragraph(child)


def _paragraph(p: ElementTree.Element) -> Iterator[Block]:
    """A paragraph's own text, then what it holds: tables as ``| a | b |`` rows,
    footnotes and text boxes as their paragraphs."""
    text: list[str] = []
    held: list[Block] = []
    for run in p:
        if local_name(run) != "run":
            continue
        for item in run:
            kind = local_name(item)
            if kind == "t":
                text.append(_text(item))
            elif kind == "tbl":
                held.extend(_table_rows(item))
            else:
                for sub_list in _sub_lists(item):
                    held.extend(_paragraphs(sub_list))
    line = "".join(text)
    if line.strip():
        yield "paragraph", line
    yield from held


def _text(t: ElementTree.Element) -> str:
    parts = [t.text or ""]
    for inline in t:
        parts.append(_INLINE.get(local_name(inline), ""))
        parts.append(inline.tail or "")
    return "".join(parts)


def _table_rows(tbl: ElementTree.Element) -> Iterator[Block]:
    for tr in tbl:
        if local_name(tr) != "tr":
            continue
        cells = []
        for tc in tr:
            if local_name(tc) == "tc":
                blocks = [text for sub in _sub_lists(tc) for _, text in _paragraphs(sub)]
                cells.append(" ".join(" ".join(text.split()) for text in blocks))
        if any(cells):
            yield "row", "| " + " | ".join(cells) + " |"


def _sub_lists(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The sub-lists under ``element``, not those inside them (their own paragraphs
    reach theirs)."""
    for child in element:
        if local_name(child) == "subList":
            yield child
        else:
            yield from _sub_lists(child)
