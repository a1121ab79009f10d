"""HTML to text: the visible text of a page, its structure kept as plain markdown."""

from __future__ import annotations

import codecs
import contextlib
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .encoding import decode_bytes, has_bom
from .normalize import normalize
from .numbering import format_number

if TYPE_CHECKING:
    from bs4.element import Tag

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: browsers decode these labels as their Windows supersets.
_HTML_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def read_html(data: bytes, name: str) -> tuple[str, str | None]:
    """An HTML file's visible text, and the encoding it was decoded from."""
    text, encoding = _decode_html(data, name)
    return normalize(html_to_text(text)), encoding


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    """BOM, then UTF-8, then the charset the page declares, then detection."""
    if not has_bom(data):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-8"), "utf-8"
        match = _META_CHARSET_RE.search(data[:4096])
        if match:
            label = match.group(1).decode("ascii").lower()
            encoding = _HTML_CHARSET_ALIASES.get(label, label)
            with contextlib.suppress(UnicodeDecodeError, LookupError):
                return data.decode(encoding), codecs.lookup(encoding).name
    return decode_bytes(data, name=name)


_HTML_DROP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe",
     "object", "embed", "canvas"}
)  # fmt: skip
_HTML_PARAGRAPHS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
     "blockquote", "figure", "form", "fieldset", "address", "details", "dl", "hr",
     "center", "body"}
)  # fmt: skip
_HTML_LINES = frozenset({"dt", "dd", "figcaption", "caption", "summary", "legend", "option"})
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_WHITESPACE_RE = re.compile(r"[ \t\n\r\f]+")
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
             "I": "upperRoman"}  # fmt: skip


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, with its structure kept as plain markdown.

    Scripts, styles and other invisible elements are dropped; block elements end lines,
    paragraphs are separated by a blank line; ``<h2>`` becomes ``"## "``; list items
    become ``"- item"`` or ``"1. item"`` (nested lists indented two spaces a level);
    table rows become ``"| cell | cell |"``. Whitespace collapses except in ``<pre>``.

    >>> html_to_text("<h2>Goals</h2><p>Open <b>data</b>.</p><ol><li>One<li>Two</ol>")
    '## Goals\\n\\nOpen data.\\n\\n1. One\\n2. Two'
    """
    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        # bs4 warns when markup looks like a file name or URL; here it is always markup.
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(markup, "html.parser")
    renderer = _HtmlRenderer()
    renderer.render(soup)
    return "\n".join(renderer.lines).strip("\n")


@dataclass
class _HtmlList:
    ordered: bool
    number_format: str = "decimal"
    next_number: int = 1


@dataclass
class _HtmlRenderer:
    """Walks the tree without recursion: hostile pages nest thousands of elements."""

    lines: list[str] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)  # text of the line being built
    prefix: str | None = None  # marker or heading hashes owed to the next line
    lists: list[_HtmlList] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # cells of each open table row
    cell_starts: list[int] = field(default_factory=list)  # first line of each open cell
    pre_depth: int = 0

    def render(self, root: Tag) -> None:
        from bs4.element import NavigableString, PreformattedString, Tag

        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self._leave(node)
            elif isinstance(node, Tag):
                if node.name in _HTML_DROP or node.has_attr("hidden"):
                    continue
                self._enter(node)
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
            elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
                # PreformattedString: comments, doctypes, CDATA, processing instructions.
                self.inline.append(str(node))
        self._flush()

    @property
    def _indent(self) -> str:
        return "  " * len(self.lists)

    def _flush(self) -> None:
        raw = "".join(self.inline)
        self.inline = []
        if self.pre_depth:
            text = raw.strip("\n")
            if not text.strip():
                return
            body = text.split("\n")
        else:
            text = _HTML_WHITESPACE_RE.sub(" ", raw).strip()
            if not text:
                return
            body = [text]
        first = self.prefix if self.prefix is not None else self._indent
        self.prefix = None
        self.lines.append(first + body[0])
        self.lines.extend(body[1:])

    def _paragraph_break(self) -> None:
        self._flush()
        # Inside lists and table cells a paragraph is one more line of the same item.
        if self.lists or self.cell_starts:
            return
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def _enter(self, tag: Tag) -> None:
        name = tag.name
        if name == "br":
            if self.pre_depth:
                self.inline.append("\n")
            else:
                self._flush()
        elif name in ("ul", "ol", "menu"):
            self._paragraph_break()
            self.lists.append(_html_list(tag))
        elif name == "li":
            self._flush()
            self.prefix = self._list_marker(tag)
        elif name in _HTML_HEADINGS:
            self._paragraph_break()
            if not self.cell_starts:
                self.prefix = "#" * _HTML_HEADINGS[name] + " "
        elif name == "pre":
            self._paragraph_break()
            self.pre_depth += 1
        elif name == "table":
            self._paragraph_break()
        elif name == "tr":
            self._flush()
            self.rows.append([])
        elif name in ("td", "th"):
            self._flush()
            self.cell_starts.append(len(self.lines))
        elif name in _HTML_PARAGRAPHS:
            self._paragraph_break()
        elif name in _HTML_LINES:
            self._flush()

    def _leave(self, tag: Tag) -> None:
        name = tag.name
        if name in ("ul", "ol", "menu"):
            self._flush()
            self.lists.pop()
            self._paragraph_break()
        elif name == "li":
            self._flush()
            self.prefix = None  # an empty item owes nothing to the next line
        elif name in _HTML_HEADINGS:
            self._flush()
            self.prefix = None
            self._paragraph_break()
        elif name == "pre":
            self._flush()
            self.pre_depth -= 1
            self._paragraph_break()
        elif name in ("td", "th") and self.cell_starts:
            self._flush()
            start = self.cell_starts.pop()
            cell = " ".join(line.strip() for line in self.lines[start:] if line.strip())
            del self.lines[start:]
            if self.rows:
                self.rows[-1].append(cell)
            elif cell:
                self.lines.append(cell)
        elif name == "tr" and self.rows:
            self._flush()
            cells = self.rows.pop()
            if self.cell_starts:  # a table inside a cell: its rows are just text there
                self.lines.append(" ".join(cell for cell in cells if cell))
            elif any(cells):
                self.lines.append(self._indent + "| " + " | ".join(cells) + " |")
        elif name == "table" or name in _HTML_PARAGRAPHS:
            self._paragraph_break()
        elif name in _HTML_LINES:
            self._flush()

    def _list_marker(self, li: Tag) -> str:
        if not self.lists:
            return "- "
        current = self.lists[-1]
        indent = "  " * (len(self.lists) - 1)
        if not current.ordered:
            return indent + "- "
        value = _int_attr(li, "value")
        number = value if value is not None else current.next_number
        current.next_number = number + 1
        return f"{indent}{format_number(number, current.number_format)}. "


def _html_list(tag: Tag) -> _HtmlList:
    if tag.name != "ol":
        return _HtmlList(ordered=False)
    kind = tag.get("type")
    start = _int_attr(tag, "start")
    return _HtmlList(
        ordered=True,
        number_format=_OL_TYPES.get(kind if isinstance(kind, str) else "1", "decimal"),
        next_number=1 if start is None else start,
    )


def _int_attr(tag: Tag, name: str) -> int | None:
    value = tag.get(name)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        return int(value)
    return None
