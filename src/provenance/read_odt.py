"""OpenDocument text (``.odt``, LibreOffice and many governments' office suites) to text.

The body is ``content.xml``: headings (``text:h``, written ``#`` per outline level, as the
DOCX and HTML readers write them), paragraphs (``text:p``), lists (``text:list``, each item
with its number computed from the list style, as Word's are), tables (rows as
``| a | b |``) and sections. Footnotes and text boxes follow the paragraph that holds them.
Deleted text kept for tracked changes and comments are not part of the document: left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from .blocks import Block, join_blocks
from .errors import CorruptDocumentError
from .normalize import normalize
from .numbering import format_number
from .packages import check_unpacked_size, local_name, open_package, read_part, read_xml

MAX_XML_BYTES = 200 * 2**20  # content.xml and styles.xml unpacked: a ZIP bomb stops here
_TEXT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
# OpenDocument number formats, as the Word formats ``format_number`` renders.
_FORMATS = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
    "가": "ganada",
    "ㄱ": "chosung",
    "①": "decimalEnclosedCircle",
}
# Inline elements left out: comments, the place of a deletion, a note's own number.
_SKIPPED = {"annotation", "annotation-end", "change", "note-citation", "soft-page-break"}


@dataclass(frozen=True, slots=True)
class _Level:
    number_format: str | None  # None: a bullet
    prefix: str
    suffix: str
    start: int
    shown: int  # how many levels' numbers the label shows ("1.2.")


def read_odt(data: bytes, name: str) -> tuple[str, str | None]:
    """An OpenDocument text's body in reading order, and None for the encoding.

    Raises:
        CorruptDocumentError: not an OpenDocument text, damaged, or unpacking too large.
    """
    archive = open_package(data, name, "OpenDocument")
    mimetype = b""
    if "mimetype" in archive.namelist():
        # Its first bytes say all there is to say, however large it claims to be.
        part = archive.getinfo("mimetype")
        mimetype = read_part(archive, part, name, "OpenDocument", limit=len(_TEXT_MIMETYPE) + 64)
    if mimetype and not mimetype.startswith(_TEXT_MIMETYPE):
        kind = mimetype.decode("ascii", "replace").rpartition(".")[2]
        raise CorruptDocumentError(
            name, f"an OpenDocument {kind}, not a text document; save it as .odt, .docx or PDF"
        )
    parts = [info for info in archive.infolist() if info.filename in ("content.xml", "styles.xml")]
    if not any(info.filename == "content.xml" for info in parts):
        raise CorruptDocumentError(name, "not an OpenDocument text (no content.xml)")
    check_unpacked_size(parts, name, MAX_XML_BYTES)
    roots = {info.filename: read_xml(archive, info, name, "OpenDocument") for info in parts}
    styles = _list_styles(roots.values())
    body = next(
        (
            text
            for part in roots["content.xml"]
            if local_name(part) == "body"
            for text in part
            if local_name(text) == "text"
        ),
        None,
    )
    if body is None:
        raise CorruptDocumentError(name, "an OpenDocument without a text body")
    return normalize(join_blocks(list(_Reader(styles).blocks(body)))), None


def _list_styles(roots: Iterable[ElementTree.Element]) -> dict[str, dict[int, _Level]]:
    """Each list style's levels, from the automatic and common styles."""
    found: dict[str, dict[int, _Level]] = {}
    for root in roots:
        for style in root.iter(f"{{{_TEXT_NS}}}list-style"):
            levels: dict[int, _Level] = {}
            for level in style:
                kind = local_name(level)
                depth = int(level.get(f"{{{_TEXT_NS}}}level", "1") or 1)
                if kind == "list-level-style-number":
                    fmt = level.get(f"{{{_STYLE_NS}}}num-format", "1")
                    levels[depth] = _Level(
                        _FORMATS.get(fmt or "", "decimal") if fmt else None,
                        level.get(f"{{{_STYLE_NS}}}num-prefix", ""),
                        level.get(f"{{{_STYLE_NS}}}num-suffix", ""),
                        _int(level.get(f"{{{_TEXT_NS}}}start-value"), 1),
                        _int(level.get(f"{{{_TEXT_NS}}}display-levels"), 1),
                    )
                elif kind == "list-level-style-bullet":
                    levels[depth] = _Level(None, "", "", 1, 1)
            found[style.get(f"{{{_STYLE_NS}}}name", "")] = levels
    return found


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value)) if value else default
    except ValueError:
        return default


class _Reader:
    """Renders the body in order, counting list numbers per list style as it goes."""

    def __init__(self, styles: dict[str, dict[int, _Level]]) -> None:
        self.styles = styles
        self.counters: dict[str, list[int]] = {}  # list style -> number at each depth

    def blocks(self, container: ElementTree.Element) -> Iterator[Block]:
        for child in container:
            kind = local_name(child)
            if kind == "h":
                level = _int(child.get(f"{{{_TEXT_NS}}}outline-level"), 1)
                yield from self._paragraph(child, "heading", "#" * level + " ")
            elif kind == "p":
                yield from self._paragraph(child, "paragraph", "")
            elif kind == "list":
                yield from self._list(child, child.get(f"{{{_TEXT_NS}}}style-name", ""), 0)
            elif kind == "table":
                yield from self._table(child)
            elif kind == "section":
                yield from self.blocks(child)
            # Anything else is left out: a table of contents (it repeats the headings),
            # the text that tracked changes deleted, forms and the like.

    def _paragraph(self, p: ElementTree.Element, kind: str, label: str) -> Iterator[Block]:
        held: list[Block] = []
        text = self._inline(p, held).strip()
        if text:
            yield kind, label + text
        yield from held

    def _inline(self, element: ElementTree.Element, held: list[Block]) -> str:
        parts = [element.text or ""]
        for child in element:
            kind = local_name(child)
            if kind == "s":
                parts.append(" " * _int(child.get(f"{{{_TEXT_NS}}}c"), 1))
            elif kind == "tab":
                parts.append("\t")
            elif kind == "line-break":
                parts.append("\n")
            elif kind == "note":  # a footnote's body follows the paragraph
                for body in child:
                    if local_name(body) == "note-body":
                        held.extend(self.blocks(body))
            elif kind == "frame":  # a text box's paragraphs follow too
                for box in child.iter():
                    if local_name(box) == "text-box":
                        held.extend(self.blocks(box))
            elif kind not in _SKIPPED:
                parts.append(self._inline(child, held))
            parts.append(child.tail or "")
        return "".join(parts)

    def _list(self, lst: ElementTree.Element, style: str, depth: int) -> Iterator[Block]:
        style = lst.get(f"{{{_TEXT_NS}}}style-name", style)
        counters = self.counters.setdefault(style, [])
        if depth or lst.get(f"{{{_TEXT_NS}}}continue-numbering") != "true":
            del counters[depth:]  # a list starts again, unless it says it goes on
        for item in lst:
            if local_name(item) not in ("list-item", "list-header"):
                continue
            label = ""
            if local_name(item) == "list-item":
                label = self._label(style, depth, counters, item)
            first = True
            for child in item:
                kind = local_name(child)
                if kind == "list":
                    yield from self._list(child, style, depth + 1)
                elif kind in ("p", "h"):
                    held: list[Block] = []
                    text = self._inline(child, held).strip()
                    if text:
                        mark = label if first else ""
                        yield "item", "  " * depth + (f"{mark} " if mark else "") + text
                        first = False
                    yield from held

    def _label(self, style: str, depth: int, counters: list[int], item: ElementTree.Element) -> str:
        level = self.styles.get(style, {}).get(depth + 1)
        counters.extend([0] * (depth + 1 - len(counters)))
        del counters[depth + 1 :]  # deeper levels start again under this item
        restart = item.get(f"{{{_TEXT_NS}}}start-value")
        if restart:
            counters[depth] = _int(restart, 1)
        elif counters[depth] == 0:
            counters[depth] = level.start if level else 1
        else:
            counters[depth] += 1
        if level is None or level.number_format is None:
            return "-"
        numbers = []
        for d in range(max(0, depth - level.shown + 1), depth + 1):
            shown = self.styles.get(style, {}).get(d + 1)
            fmt = shown.number_format if shown and shown.number_format else "decimal"
            numbers.append(format_number(counters[d] if d < len(counters) else 1, fmt))
        return f"{level.prefix}{'.'.join(numbers)}{level.suffix}"

    def _table(self, table: ElementTree.Element) -> Iterator[Block]:
        for row in _rows(table):
            cells = []
            for cell in row:
                if local_name(cell) == "table-cell":
                    texts = [text for _, text in self.blocks(cell)]
                    cells.append(" ".join(" ".join(text.split()) for text in texts))
            if any(cells):
                yield "row", "| " + " | ".join(cells) + " |"


def _rows(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """A table's rows, in header, body and row groups too, not those of tables in cells."""
    for child in element:
        kind = local_name(child)
        if kind == "table-row":
            yield child
        elif kind in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _rows(child)
