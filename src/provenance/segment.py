"""Cut a document into the clauses its authors numbered, and clauses into sentences.

A clause is a heading, a paragraph or a list item. Its ``label`` is the path of the
document's own numbering down to it (``"Commitment 3 > Milestone 3.2"``,
``"제5조(정의) > ② > 1."``), found with a stack of numbering styles: a marker of a
style already on the stack closes everything opened after that style (``(c)`` after
``(b) > (i)``), a marker of a new style opens a deeper level, and named units
(chapters, articles, commitments) close deeper units by rank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .abbreviations import LEGAL_ABBREVIATIONS, OWN_LISTS
from .model import Clause, Document, Span

if TYPE_CHECKING:
    from spacy.language import Language

LABEL_SEPARATOR = " > "
_HEADING_LABEL_CHARS = 48

# Named units by rank: a lower rank encloses a higher one. Korean units follow the
# hierarchy of Korean statutes: 편 > 장 > 절 > 관 > 조 > 항 > 호 > 목.
_KEYWORD_RANKS = {
    "part": 10,
    "title": 10,
    "편": 10,
    "chapter": 20,
    "장": 20,
    "annex": 20,
    "appendix": 20,
    "schedule": 20,
    "부칙": 20,
    "section": 30,
    "절": 30,
    "관": 35,
    "article": 40,
    "commitment": 40,
    "play": 40,
    "goal": 40,
    "조": 40,
    "§": 40,
    "rule": 40,
    "regulation": 40,
    "principle": 40,
    "objective": 45,
    "milestone": 50,
    "action": 50,
    "activity": 50,
    "step": 50,
}
_ITEM_RANK = 50  # named units this deep (milestones, steps) are items, not sections
_KEYWORDS = "|".join(
    sorted((k for k in _KEYWORD_RANKS if k.isascii() and k.isalpha()), key=len, reverse=True)
)
_ABBREVIATED = {"art": "article", "sec": "section", "ch": "chapter", "para": "paragraph"}

_KEYWORD_RE = re.compile(
    rf"(?P<word>{_KEYWORDS}|art|sec|ch)\.?\s+(?P<num>(?:\d+|[IVXLC]+)(?:\.\d+)*[A-Za-z]?)"
    r"(?=[\s:.)\-–—]|$)",
    re.IGNORECASE,
)
_SECTION_SIGN_RE = re.compile(r"§+\s*(?P<num>\d+[A-Za-z]?(?:\.\d+)*(?:\([0-9A-Za-z]+\))*)")
_KO_UNIT_RE = re.compile(
    r"제\s*(?P<num>\d+)\s*(?P<unit>편|장|절|관|조(?:\s*의\s*\d+)?)(?P<title>\s*\([^)\n]{1,40}\))?"
)
_KO_SUPPLEMENT_RE = re.compile(r"부\s*칙(?:\s*<[^>\n]{1,40}>|\s*\([^)\n]{1,40}\))?")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚"
_CIRCLED_RE = re.compile(f"[{_CIRCLED}]")
_DECIMAL_RE = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3})+)\.?(?=\s)")
_NUMBER_RE = re.compile(r"(?P<open>\()?(?P<num>\d{1,3})(?P<close>[.)])?(?=\s)")
_KO_LETTER_RE = re.compile(r"(?P<open>\()?(?P<num>[가-하])(?P<close>[.)])(?=\s)")
_ROMAN_RE = re.compile(r"(?P<open>\()?(?P<num>[ivxlc]{1,6}|[IVXLC]{1,6})(?P<close>[.)])(?=\s)")
_LETTER_RE = re.compile(r"(?P<open>\()?(?P<num>[A-Za-z])(?P<close>[.)])(?=\s)")
_BULLET_RE = re.compile(r"[-*+•·▪◦‣](?=\s)")
# Markdown may hold raw HTML; a line opening a block element starts a clause.
_HTML_BLOCK_RE = re.compile(
    r"</?(?:li|p|h[1-6]|ul|ol|div|tr|table|blockquote|section|article|dt|dd)\b", re.IGNORECASE
)
_HEADING_RE = re.compile(r"(?P<hashes>#{1,6})\s+")
_EMPHASIS_RE = re.compile(r"(\*\*|__)")
_ROMAN_VALUE = re.compile(r"^(?=[ivxlc])m{0,3}(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")


@dataclass(frozen=True, slots=True)
class _Marker:
    """The numbering at the start of a line."""

    style: str  # what makes two markers siblings, e.g. "(a)" or "article"
    text: str  # as written, e.g. "(b)"
    label: str  # as shown in the clause label, e.g. "Article 5"
    rank: int | None = None  # for named units; None for list numbering


@dataclass(frozen=True, slots=True)
class _Level:
    style: str
    label: str
    rank: int | None
    heading_level: int | None = None
    count: int = 1  # bullets have no number: they are labelled by position


def segment(
    document: Document | str, *, lang: str | None = None, sentences: bool = True
) -> list[Clause]:
    """Split a document into labelled clauses, each with its sentences.

    With ``sentences=False`` the clauses carry no sentences and spaCy is not used,
    which is all that aligning two versions needs.

    >>> [c.label for c in segment("Article 1 Purpose.\\n(1) One.\\n(2) Two.")]
    ['Article 1', 'Article 1 > (1)', 'Article 1 > (2)']
    """
    text = document if isinstance(document, str) else document.text
    if lang is None:
        lang = "en" if isinstance(document, str) else document.lang
    clauses = list(_label(text, _blocks(text)))
    return _with_sentences(text, clauses, lang) if sentences else clauses


@dataclass(frozen=True, slots=True)
class _Block:
    start: int
    end: int
    indent: int  # spaces before the first line
    title: bool  # a heading, or a line naming a chapter-like unit alone
    marker: _Marker | None


def _blocks(text: str) -> Iterable[_Block]:
    """Yield each clause's extent, trimmed of surrounding spaces.

    A clause starts at a blank line, at a heading, after a heading, at a line that
    starts with numbering, and at a table row; other lines continue the clause above.
    """
    current: _Block | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        body = line.strip()
        if not body:
            if current is not None:
                yield current
                current = None
            continue
        indent = len(line) - len(line.lstrip())
        body_start = line_start + indent
        marker = _marker(body, indent)
        title = _is_title(body, marker)
        opens = title or marker is not None or body.startswith("|") or _HTML_BLOCK_RE.match(body)
        if current is not None and (opens or current.title):
            yield current
            current = None
        if current is None:
            current = _Block(body_start, body_start + len(body), indent, title, marker)
        else:
            current = replace(current, end=body_start + len(body))
    if current is not None:
        yield current


def _is_title(body: str, marker: _Marker | None) -> bool:
    """A markdown heading, or a short line naming a part, chapter or section alone."""
    if _HEADING_RE.match(body):
        return True
    return (
        marker is not None
        and marker.rank is not None
        and marker.rank <= _KEYWORD_RANKS["section"]
        and len(body) <= 60
        and not body.endswith((".", "다"))
    )


def _label(text: str, blocks: Iterable[_Block]) -> Iterable[Clause]:
    blocks = list(blocks)
    title_index = _document_title(text, blocks)
    stack: list[_Level] = []
    paragraphs: dict[str, int] = {}
    for index, block in enumerate(blocks):
        start, end, marker = block.start, block.end, block.marker
        body = text[start:end]
        heading_level = _heading_level(body)
        if index == title_index:
            # The document's title would prefix every label; it says nothing there.
            stack = []
            yield Clause(index, start, end, body, _heading_title(body), "", heading=True)
            continue
        if heading_level is not None:
            stack = _open_heading(stack, body, marker, heading_level)
        elif marker is not None:
            stack = _open(stack, marker)
            # Korean articles often start their first paragraph on the same line:
            # "제3조(책무) ① 시장은 ..."
            rest = body[len(_strip_decoration(body)[0]) + len(marker.text) :].lstrip()
            if marker.style == "조" and (inner := _circled_marker(rest)) is not None:
                stack = _open(stack, inner)
        elif not block.indent:
            # An unnumbered paragraph after a list belongs to the section, not the item.
            while (
                stack
                and stack[-1].heading_level is None
                and (stack[-1].rank is None or stack[-1].rank >= _ITEM_RANK)
            ):
                stack.pop()
        path = LABEL_SEPARATOR.join(level.label for level in stack)
        if marker is None and heading_level is None:
            # Unnumbered paragraphs are numbered within their section: "Commitment 3 > ¶2".
            paragraphs[path] = paragraphs.get(path, 0) + 1
            number = f"¶{paragraphs[path]}"
            label = f"{path}{LABEL_SEPARATOR}{number}" if path else number
        else:
            label = path
        yield Clause(
            index=index,
            start=start,
            end=end,
            text=body,
            label=label,
            marker=marker.text if marker else "",
            heading=heading_level is not None or block.title,
        )


def _document_title(text: str, blocks: Sequence[_Block]) -> int | None:
    """Index of the block that is the document's title: its only level-1 heading."""
    levels = [_heading_level(text[b.start : b.end]) for b in blocks]
    return levels.index(1) if levels.count(1) == 1 else None


def _open(stack: list[_Level], marker: _Marker) -> list[_Level]:
    """The stack after a clause that starts with ``marker``."""
    styles = [level.style for level in stack]
    count = 1
    if marker.style in styles:
        cut = len(styles) - 1 - styles[::-1].index(marker.style)
        count = stack[cut].count + 1
        stack = stack[:cut]
    elif marker.rank is not None:
        stack = _close_below(stack, marker.rank)
    label = f"•{count}" if marker.style.startswith("bullet") else marker.label
    return [*stack, _Level(marker.style, label, marker.rank, count=count)]


def _open_heading(
    stack: list[_Level], body: str, marker: _Marker | None, level: int
) -> list[_Level]:
    """The stack after a markdown heading of ``level`` (1 for ``#``)."""
    kept = [s for s in stack if s.heading_level is not None and s.heading_level < level]
    named = marker is not None and marker.rank is not None
    label = marker.label if named and marker is not None else _heading_title(body)
    style = marker.style if marker is not None else f"h{level}"
    return [*kept, _Level(style, label, level, heading_level=level)]


def _heading_title(body: str) -> str:
    """The words of a markdown heading, shortened to fit in a label."""
    title = _EMPHASIS_RE.sub("", _HEADING_RE.sub("", body, count=1).strip().strip("#").strip())
    if len(title) <= _HEADING_LABEL_CHARS:
        return title
    return title[: _HEADING_LABEL_CHARS - 1].rstrip() + "…"


def _close_below(stack: list[_Level], rank: int) -> list[_Level]:
    """Drop list levels and named units at or below ``rank`` from the top of the stack."""
    stack = list(stack)
    while (
        stack
        and stack[-1].heading_level is None
        and (stack[-1].rank is None or stack[-1].rank >= rank)
    ):
        stack.pop()
    return stack


def _heading_level(body: str) -> int | None:
    match = _HEADING_RE.match(body)
    return len(match.group("hashes")) if match else None


def _strip_decoration(body: str) -> tuple[str, str]:
    """Split leading markdown decoration (``## ``, ``**``) from the line."""
    match = re.match(r"(?:#{1,6}\s+)?(?:\*\*|__)?", body)
    cut = match.end() if match else 0
    return body[:cut], body[cut:]


def _marker(body: str, indent: int = 0) -> _Marker | None:
    """The numbering that starts ``body``, if any."""
    _, rest = _strip_decoration(body)
    if not rest:
        return None
    if match := _KO_UNIT_RE.match(rest):
        unit = re.sub(r"\s+", "", match.group("unit"))
        title = (match.group("title") or "").strip()
        label = f"제{match.group('num')}{unit}{title}"
        return _Marker(unit[0], match.group(0), label, _KEYWORD_RANKS[unit[0]])
    if match := _KO_SUPPLEMENT_RE.match(rest):
        return _Marker("부칙", match.group(0), match.group(0), _KEYWORD_RANKS["부칙"])
    if match := _KEYWORD_RE.match(rest):
        word = match.group("word").lower()
        word = _ABBREVIATED.get(word, word)
        label = f"{word.capitalize()} {match.group('num')}"
        return _Marker(word, match.group(0), label, _KEYWORD_RANKS.get(word))
    if match := _SECTION_SIGN_RE.match(rest):
        return _Marker("§", match.group(0), "§ " + match.group("num"), _KEYWORD_RANKS["§"])
    if circled := _circled_marker(rest):
        return circled
    if match := _DECIMAL_RE.match(rest):
        depth = match.group("num").count(".") + 1
        return _Marker(f"decimal{depth}", match.group(0), match.group("num"))
    for pattern, kind in ((_NUMBER_RE, "1"), (_KO_LETTER_RE, "가")):
        if (match := pattern.match(rest)) and (match.group("open") or match.group("close")):
            return _enclosed_marker(match, kind)
    if (match := _ROMAN_RE.match(rest)) and _ROMAN_VALUE.match(match.group("num").lower()):
        # "i." alone is ambiguous with the letter i; a roman numeral list starts at i.
        return _enclosed_marker(match, "i" if match.group("num").islower() else "I")
    if match := _LETTER_RE.match(rest):
        return _enclosed_marker(match, "a" if match.group("num").islower() else "A")
    if match := _BULLET_RE.match(rest):
        return _Marker(f"bullet{indent // 2}", match.group(0), "•")
    return None


def marker_end(text: str) -> int:
    """Where ``text`` goes on after the clause number or bullet it opens with, if any.

    >>> [marker_end(t) for t in ("2. Ask them.", "(a) Ask.", "- Ask.", "Ask.")]
    [3, 4, 2, 0]
    """
    decoration, rest = _strip_decoration(text)
    marker = _marker(text)
    if marker is None or not rest.startswith(marker.text):
        return 0
    end = len(decoration) + len(marker.text)
    while end < len(text) and text[end].isspace():
        end += 1
    return end


def _circled_marker(text: str) -> _Marker | None:
    if match := _CIRCLED_RE.match(text):
        return _Marker("①", match.group(0), match.group(0))
    return None


def _enclosed_marker(match: re.Match[str], kind: str) -> _Marker:
    opening = match.group("open") or ""
    closing = ")" if opening else (match.group("close") or "")
    text = f"{opening}{match.group('num')}{closing}"
    return _Marker(f"{opening}{kind}{closing}", match.group(0), text)


# --- sentences -------------------------------------------------------------------


@lru_cache(maxsize=16)
def sentence_pipeline(lang: str) -> Language:
    """A blank spaCy pipeline with a sentencizer: offline, for any language spaCy knows."""
    import spacy
    from spacy.symbols import ORTH

    own = OWN_LISTS.get(lang, ())
    try:
        if lang == "ko":
            # Plain blank("ko") needs mecab; the rule-based tokenizer needs nothing.
            config = {"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}
            nlp = spacy.blank("ko", config=config)
        else:
            # Where spaCy's own pipeline takes seconds to build, the multilingual one
            # with our list of the language's abbreviations (see abbreviations.py).
            nlp = spacy.blank("xx" if own else lang)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    # Some languages' tokenizers (Chinese, Japanese, Thai) take no special cases; their
    # texts do not abbreviate with periods anyway.
    if hasattr(nlp.tokenizer, "add_special_case"):
        for abbreviation in (*LEGAL_ABBREVIATIONS, *own):
            nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return nlp


def split_sentences(text: str, *, lang: str = "en", offset: int = 0) -> tuple[Span, ...]:
    """The sentences of ``text`` as spans, shifted by ``offset``."""
    return _sentence_spans(text, sentence_pipeline(lang)(text), offset)


def split_many(
    pieces: Iterable[tuple[str, int]], *, lang: str = "en"
) -> Iterator[tuple[Span, ...]]:
    """``split_sentences`` of each (text, offset), in one spaCy stream: far fewer calls."""
    pieces = list(pieces)
    docs = sentence_pipeline(lang).pipe(text for text, _ in pieces)
    for (text, offset), doc in zip(pieces, docs, strict=True):
        yield _sentence_spans(text, doc, offset)


def _with_sentences(text: str, clauses: Sequence[Clause], lang: str) -> list[Clause]:
    docs = sentence_pipeline(lang).pipe(c.text for c in clauses)
    return [
        replace(clause, sentences=_sentence_spans(clause.text, doc, clause.start))
        for clause, doc in zip(clauses, docs, strict=True)
    ]


def _sentence_spans(text: str, doc: object, offset: int) -> tuple[Span, ...]:
    """Spans of the sentences of ``doc`` (made from ``text``), trimmed, shifted by ``offset``."""
    bounds: list[tuple[int, int]] = []
    pending: int | None = None  # start of a fragment with no words ("1.", "(a)")
    for sent in doc.sents:  # type: ignore[attr-defined]
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end <= start:
            continue
        if pending is not None:
            start, pending = pending, None
        if _is_fragment(text[start:end]):
            pending = start
            continue
        bounds.append((start, end))
    if pending is not None:
        if bounds:
            bounds[-1] = (bounds[-1][0], len(text.rstrip()))
        else:
            bounds.append((pending, len(text.rstrip())))
    return tuple(Span(offset + s, offset + e, text[s:e]) for s, e in bounds)


def _is_fragment(sentence: str) -> bool:
    """A "sentence" that is only numbering or punctuation, like "1." or "(a)"."""
    return (len(sentence) <= 6 and _marker(sentence + " ") is not None) or not any(
        ch.isalpha() for ch in sentence
    )
