"""DOCX to text: the body in document order, with Word's automatic numbering computed.

python-docx unpacks every part of the package into memory, each with ``ZipFile.read``,
which inflates all of an entry's data in one call. So before python-docx sees a package,
the sizes its entries declare are checked against :data:`MAX_UNPACKED_BYTES`, and each
entry is inflated here a chunk at a time, and thrown away, to make sure it unpacks to no
more than it declares: a ZIP bomb is refused in one line, having cost next to nothing.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .blocks import join_blocks
from .errors import CorruptDocumentError
from .normalize import normalize
from .numbering import format_number
from .packages import (
    CHUNK,
    ZIP_ERRORS,
    check_entry_count,
    check_method,
    check_unpacked_size,
    has_dtd,
)
from .read_doc import read_doc
from .read_errors import format_size, one_line

# Every part unpacked, as python-docx holds them: a ZIP bomb stops here. The same limit
# as the other packages (ODT, HWPX); a 200 MB document.xml takes python-docx about 2 GB.
MAX_UNPACKED_BYTES = 200 * 2**20

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _wval(element: Any, path: str) -> str | None:
    """The w:val of the first element at ``path`` ("w:pPr/w:numPr/w:ilvl") or None."""
    found = element.find(path, {"w": _W}) if element is not None else None
    return None if found is None else found.get(_w("val"))


def _wint(element: Any, path: str) -> int | None:
    """The w:val at ``path`` as a whole number (negative too), or None."""
    value = _wval(element, path)
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


_HEADING_STYLE_RE = re.compile(
    r"^(?:heading|제목|titre|überschrift|título|titolo)\s*([1-9])$", re.I
)
_TITLE_STYLES = frozenset({"title", "제목"})
# Word's "List Bullet 2", "List Number 3" styles nest by indentation, not by list level.
_LIST_STYLE_DEPTH_RE = re.compile(r"^list(?: bullet| number| continue| paragraph)? ([2-9])$", re.I)
_TOC_STYLE_RE = re.compile(r"^(?:toc\b|table of contents|목차)", re.I)
# Text inside these is not part of the paragraph's final text: deletions and moves
# away (tracked changes), field codes, the fallback copy of alternate content, text
# boxes (anchored to the paragraph but not in its flow), and formatting properties.
_DOCX_SKIP = frozenset(
    {_w("del"), _w("moveFrom"), _w("instrText"), _w("delInstrText"), _w("txbxContent"),
     _w("pPr"), _w("rPr"), f"{{{_MC}}}Fallback"}
)  # fmt: skip


def read_docx(data: bytes, name: str) -> tuple[str, str | None]:
    """A DOCX file's body text, and None for the encoding (the package sets its own).

    Raises:
        CorruptDocumentError: not a Word package, or one whose body cannot be read.
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # Word wraps a password-protected .docx in the old compound-file container.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise CorruptDocumentError(
                name, "a password-protected Word document; save a copy without the password"
            )
        return read_doc(data, name)  # an old Word .doc file named .docx
    _check_package(data, name)
    document = _open_docx(data, name)
    try:
        text = _DocxReader(document).text()
    except (KeyError, ValueError, AttributeError, TypeError) as e:
        raise CorruptDocumentError(name, f"cannot read the DOCX body ({one_line(e)})") from e
    return normalize(text), None


def _check_package(data: bytes, name: str) -> None:
    """Refuse a package that would unpack past the limit, before python-docx unpacks it.

    Raises:
        CorruptDocumentError: too many entries, a part packed with bzip2 or LZMA, parts
            declaring more than :data:`MAX_UNPACKED_BYTES` unpacked, a part unpacking past
            the size it declares, or an XML part with a DTD.
    """
    check_entry_count(data, name, "DOCX")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        return  # not a ZIP package: python-docx says so, having unpacked nothing
    parts = archive.infolist()
    for part in parts:
        check_method(part, name, "DOCX")
    check_unpacked_size(parts, name, MAX_UNPACKED_BYTES, what="its contents")
    for part in parts:
        _check_part(archive, part, name)


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """Inflate one part a chunk at a time, keeping nothing: refuse it if it unpacks past
    the size its entry declares, or if it is XML with a DTD (the Open Packaging
    Conventions forbid one, ECMA-376 Part 2, M1.18: entities could expand without end).

    Only parts named as XML are searched for a DTD: an SVG picture or an imported HTML
    chunk may rightly have one, and python-docx does not parse them.
    """
    # zipfile stops at the size an entry declares and checks its CRC there; told of no
    # end, it unpacks whatever the data holds, which is then read no further than a chunk
    # past the declared size.
    probe = copy.copy(part)
    probe.file_size = 2**62
    xml = part.filename.lower().endswith((".xml", ".rels"))
    size, tail = 0, b""
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > part.file_size:
                    raise CorruptDocumentError(
                        name,
                        f"not a valid DOCX ({part.filename} unpacks to more than the "
                        f"{format_size(part.file_size)} its ZIP entry declares)",
                    )
                if xml and has_dtd(tail + chunk):
                    raise CorruptDocumentError(
                        name, f"not a valid DOCX (a DTD in {part.filename}, which DOCX never has)"
                    )
                tail = chunk[-32:]  # a DTD's opening split between two chunks is found too
    except CorruptDocumentError:
        raise
    except ZIP_ERRORS:
        # Damaged or encrypted: python-docx says so when it gets to this part, having
        # unpacked no more than was checked here.
        return


def _open_docx(data: bytes, name: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile) as e:
        cause = str(e)
        if not zipfile.is_zipfile(io.BytesIO(data)):
            # A download or copy cut short keeps the start of the ZIP but not its end.
            cut = data.startswith(b"PK\x03\x04")
            cause = "a ZIP package cut short" if cut else "not a ZIP package"
        raise CorruptDocumentError(
            name, f"not a valid DOCX ({one_line(cause)}); is the file complete?"
        ) from e
    except KeyError as e:
        cause = one_line(e.args[0] if e.args else e)  # str(KeyError) adds quotes
        raise CorruptDocumentError(
            name, f"not a valid DOCX ({cause}); is the file complete?"
        ) from e
    except ValueError as e:  # an XLSX or PPTX package renamed .docx
        match = re.search(r"content type is '([^']+)'", str(e))
        cause = f"its main part is {match.group(1)}" if match else one_line(e)
        raise CorruptDocumentError(name, f"not a Word document ({cause})") from e
    except XMLSyntaxError as e:
        raise CorruptDocumentError(name, f"not a valid DOCX (bad XML: {one_line(e)})") from e
    except (zlib.error, EOFError) as e:  # a part whose compressed bytes are damaged
        raise CorruptDocumentError(
            name, f"not a valid DOCX (damaged data: {one_line(e)}); is the file complete?"
        ) from e
    except (RuntimeError, NotImplementedError) as e:  # an encrypted or exotic ZIP
        raise CorruptDocumentError(name, f"not a readable DOCX ({one_line(e)})") from e


@dataclass(frozen=True, slots=True)
class _Level:
    """One level of a Word list: ``w:numFmt``, ``w:lvlText`` ("%1.%2."), ``w:start``."""

    number_format: str
    text: str
    start: int
    legal: bool = False  # w:isLgl: show every level's number as decimal
    style_id: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass(frozen=True, slots=True)
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: str | None
    outline: str | None


class _DocxReader:
    """Renders a DOCX body in document order, computing Word's automatic numbering."""

    def __init__(self, document: Any) -> None:
        self.body = document.element.body
        self.styles = _docx_styles(document)
        self.default_style = next(
            (sid for sid, s in self.styles.items() if s.name.lower() == "normal"), None
        )
        self.abstract_of: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.levels: dict[str, dict[int, _Level]] = {}
        self._load_numbering(document)
        self.counters: dict[str, dict[int, int]] = {}

    def text(self) -> str:
        blocks: list[tuple[str, str]] = []  # (kind, text); kind decides the separator
        for element in self._blocks(self.body):
            if element.tag == _w("tbl"):
                blocks.extend(("row", row) for row in self._table_rows(element))
            else:
                block = self._paragraph(element)
                if block is not None:
                    blocks.append(block)
        return join_blocks(blocks)

    def _blocks(self, container: Any) -> Iterator[Any]:
        """Paragraphs and tables in order, looking inside content controls."""
        for child in container:
            if child.tag in (_w("p"), _w("tbl")):
                yield child
            elif child.tag == _w("sdt"):
                gallery = _wval(child, "w:sdtPr/w:docPartObj/w:docPartGallery") or ""
                content = child.find(_w("sdtContent"))
                if "table of contents" not in gallery.lower() and content is not None:
                    yield from self._blocks(content)
            elif child.tag in (_w("customXml"), _w("ins")):
                yield from self._blocks(child)

    def _paragraph(self, p: Any) -> tuple[str, str] | None:
        style_id = _wval(p, "w:pPr/w:pStyle") or self.default_style
        chain = self._style_chain(style_id)
        if chain and _TOC_STYLE_RE.match(chain[0].name):
            return None
        marker = self._marker(p, style_id, chain)
        text = _paragraph_text(p).strip()
        if not text:
            return None
        heading = self._heading_level(p, chain)
        if heading is not None:
            number = f"{marker[0]} " if marker and marker[0] != "-" else ""
            return "heading", "#" * heading + " " + number + text
        if marker is None:
            return "paragraph", text
        label, level = marker
        label = f"{label} " if label else ""
        named = next((m for s in chain if (m := _LIST_STYLE_DEPTH_RE.match(s.name))), None)
        depth = max(level, int(named.group(1)) - 1 if named else 0)
        return "item", "  " * depth + label + text

    def _style_chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            chain.append(self.styles[style_id])
            style_id = chain[-1].based_on
        return chain

    def _heading_level(self, p: Any, chain: Sequence[_Style]) -> int | None:
        for style in chain:
            name = style.name.strip().lower()
            if match := _HEADING_STYLE_RE.match(name):
                return int(match.group(1))
            if name in _TITLE_STYLES:
                return 1
        outline = _wval(p, "w:pPr/w:outlineLvl") or next(
            (s.outline for s in chain if s.outline is not None), None
        )
        if outline is not None and outline.isdigit() and int(outline) < 6:
            return int(outline) + 1  # 9 is "body text"
        return None

    # numbering

    def _load_numbering(self, document: Any) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            return  # no numbering part: no lists
        links: dict[str, str] = {}  # abstractNumId -> numbering style it links to
        for abstract in root.findall(_w("abstractNum")):
            aid = abstract.get(_w("abstractNumId"))
            if aid is None:
                continue
            link = _wval(abstract, "w:numStyleLink")
            if link:
                links[aid] = link
            self.levels[aid] = {
                int(lvl.get(_w("ilvl"), "0")): _parse_level(lvl)
                for lvl in abstract.findall(_w("lvl"))
            }
        for num in root.findall(_w("num")):
            nid, aid = num.get(_w("numId")), _wval(num, "w:abstractNumId")
            if nid is None or aid is None:
                continue
            self.abstract_of[nid] = aid
            for override in num.findall(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                start = _wint(override, "w:startOverride")
                if start is not None:
                    self.overrides[(nid, ilvl)] = start
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    self.levels.setdefault(f"num:{nid}", {})[ilvl] = _parse_level(lvl)
        # A list style ("numStyleLink") defines its levels through the num of that style.
        for aid, style_id in links.items():
            style = self.styles.get(style_id)
            target = self.abstract_of.get(style.num_id or "") if style else None
            if target is not None and target != aid and target in self.levels:
                self.levels[aid] = self.levels[target]

    def _level(self, num_id: str, ilvl: int) -> _Level | None:
        own = self.levels.get(f"num:{num_id}", {})
        if ilvl in own:
            return own[ilvl]
        aid = self.abstract_of.get(num_id)
        return None if aid is None else self.levels.get(aid, {}).get(ilvl)

    def _marker(
        self, p: Any, style_id: str | None, chain: Sequence[_Style]
    ) -> tuple[str, int] | None:
        """The rendered number ("3.", "(b)", "-") and level of a list paragraph, or None.

        The numbering comes from the paragraph's own w:numPr or from its style's; the
        level from the paragraph, the style, or the list level bound to the style.
        """
        num_id = _wval(p, "w:pPr/w:numPr/w:numId")
        ilvl_text = _wval(p, "w:pPr/w:numPr/w:ilvl")
        for style in chain:
            if num_id is None:
                num_id = style.num_id
            if ilvl_text is None:
                ilvl_text = style.ilvl
        if num_id is None or num_id == "0" or num_id not in self.abstract_of:
            return None
        if ilvl_text is not None and ilvl_text.isdigit():
            ilvl = int(ilvl_text)
        else:
            levels = self.levels.get(self.abstract_of[num_id], {})
            ilvl = next((i for i, lvl in levels.items() if lvl.style_id == style_id), 0)
        level = self._level(num_id, ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(num_id, {})
        start = self.overrides.get((num_id, ilvl), level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        if level.number_format == "bullet":
            return "-", ilvl
        if level.number_format == "none":
            return "", ilvl

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            other = self._level(num_id, k)
            if other is None:
                return ""
            value = counters.get(k, self.overrides.get((num_id, k), other.start))
            fmt = "decimal" if level.legal and k < ilvl else other.number_format
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", number, level.text).strip(), ilvl

    def _table_rows(self, tbl: Any) -> Iterator[str]:
        for tr in tbl.iterfind(_w("tr")):
            cells = []
            for tc in tr.iterfind(_w("tc")):
                merge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
                if merge is not None and merge.get(_w("val"), "continue") == "continue":
                    cells.append("")  # continues the cell above: its text is said once
                else:
                    cells.append(self._cell_text(tc))
            if any(cells):
                yield "| " + " | ".join(cells) + " |"

    def _cell_text(self, tc: Any) -> str:
        parts: list[str] = []
        for element in self._blocks(tc):
            if element.tag == _w("tbl"):
                parts.extend(self._table_rows(element))
            else:
                parts.append(" ".join(_paragraph_text(element).split()))
        return " ".join(part for part in parts if part)


def _parse_level(lvl: Any) -> _Level:
    start = _wint(lvl, "w:start")
    return _Level(
        number_format=_wval(lvl, "w:numFmt") or "decimal",
        text=_wval(lvl, "w:lvlText") or "",
        start=1 if start is None else start,
        legal=lvl.find(_w("isLgl")) is not None and _wval(lvl, "w:isLgl") not in ("0", "false"),
        style_id=_wval(lvl, "w:pStyle"),
    )


def _docx_styles(document: Any) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    try:
        root = document.styles.element
    except (KeyError, AttributeError):
        return styles
    for style in root.iterfind(_w("style")):
        sid = style.get(_w("styleId"))
        if sid is None:
            continue
        styles[sid] = _Style(
            name=_wval(style, "w:name") or sid,
            based_on=_wval(style, "w:basedOn"),
            num_id=_wval(style, "w:pPr/w:numPr/w:numId"),
            ilvl=_wval(style, "w:pPr/w:numPr/w:ilvl"),
            outline=_wval(style, "w:pPr/w:outlineLvl"),
        )
    return styles


def _paragraph_text(p: Any) -> str:
    """The text of a w:p as the reader sees it with tracked changes accepted."""
    out: list[str] = []
    stack = [p]
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in _DOCX_SKIP:
            continue
        if tag == _w("t"):
            out.append(element.text or "")
        elif tag == _w("tab"):
            out.append("\t")
        elif tag in (_w("br"), _w("cr")):
            # Page and column breaks separate nothing inside a paragraph's text.
            out.append("\n" if element.get(_w("type"), "textWrapping") == "textWrapping" else " ")
        elif tag == _w("noBreakHyphen"):
            out.append("-")
        stack.extend(reversed(element))
    return "".join(out)
