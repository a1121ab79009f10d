"""The structure of a submission and of its free text: diff hunks, paragraphs, list
items, table rows, quote blocks and headings (:func:`_scan`); quoted passages blanked
out (:func:`_mask`); and sentence spans (:func:`_sentence_spans`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .courtesies import _NOT_ASK_START_RE

# --- the structure of a submission: diffs, tables, paragraphs, list items -----------


@dataclass(slots=True)
class _Hunk:
    """The lines of one diff hunk: (tag, start, end) with tag "-", "+" or " ".

    ``start`` is the offset of the line's first character after the tag; ``file`` counts
    the file headers (``--- a/x``) seen before, so moves are found within one file.
    """

    lines: list[tuple[str, int, int]]
    file: int


@dataclass(slots=True)
class _Unit:
    """A paragraph, list item, table row, ``>`` quote block or heading: offsets."""

    kind: Literal["para", "item", "row", "quote", "heading"]
    start: int  # where its text starts, after any list marker
    end: int
    indent: int = 0  # spaces before the list marker of an item
    marker: str = ""  # the kind of an item's marker: see _marker_kind


_Segment = _Hunk | _Unit

_HUNK_RE = re.compile(r"@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_HEADING_RE = re.compile(r" {0,3}#{1,6}(?:\s+|$)")
# The markers that start a list item: bullets (including those ``normalize`` turns
# into "- "), numbers, letters, roman numerals and Korean 가. 나. ①.
_ITEM_RE = re.compile(
    r"""([ ]*)(?:
        [-*+•◦▪●○■□‣⁃◆◇►▸➢※ㆍ·](?:\s+|$)
      | \(?(?:\d{1,3}|[a-zA-Z]|[ivx]{1,5}|[IVX]{1,5}|[가나다라마바사아자차카타파하])[.)](?:\s+|$)
      | \((?:\d{1,3}|[a-zA-Z]|[ivx]{1,5}|[가나다라마바사아자차카타파하])\)\s*
      | \d{1,3}(?:\.\d{1,3})+\.?\s+
      | [①-⑳㉑-㉟]\s*
    )""",
    re.VERBOSE,
)
# Metadata lines of a pull request or an e-mail ("title: ...", "From: ...", "Objet :").
# A paragraph made only of them is not the submitter's text.
_HEADER_RE = re.compile(
    r"(?:id|type|repository|number|title|author|date|note|url|state|labels?|description"
    r"|from|to|cc|bcc|sent|subject|re|reply-to|de|à|objet|copie|pièces? jointes?"
    r"|제목|수신|발신|참조|날짜|일시|작성자|보낸\s?사람|받는\s?사람)\s?:(?:\s|$)",
    re.IGNORECASE,
)


def _is_header(
    text: str, lines: Sequence[tuple[int, int]], para: Sequence[int], *, first: bool
) -> bool:
    """Whether a paragraph is metadata: every line a ``key: value`` header line, and
    several lines, or the text's first paragraph, or a bare label ("Description:").
    A lone "Note: the fee should go." further down is the submitter's own text."""
    if not all(_HEADER_RE.match(text, *lines[k]) for k in para):
        return False
    if len(para) > 1 or first:
        return True
    s, e = lines[para[0]]
    return text[s:e].rstrip().endswith(":")


def _line_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its ``\\n``."""
    offsets = []
    pos = 0
    for line in text.split("\n"):
        offsets.append((pos, pos + len(line)))
        pos += len(line) + 1
    return offsets


def _scan(text: str) -> list[_Segment]:
    """The diff hunks and text units of ``text``, in order.

    Table rows are units of kind ``"row"``, one per line; consecutive rows form a table.
    """
    lines = _line_offsets(text)
    segments: list[_Segment] = []
    para: list[int] = []  # indexes of the lines of the open paragraph
    file = 0
    i, n = 0, len(lines)

    def close() -> None:
        if para:
            s, e = lines[para[0]][0], lines[para[-1]][1]
            if not _is_header(text, lines, para, first=not segments):
                segments.append(_Unit("para", s + _indent(text, s, e), e))
            para.clear()

    while i < n:
        s, e = lines[i]
        line = text[s:e]
        head = _HUNK_RE.match(line) if line.startswith("@@") else None
        if head:
            close()
            hunk, i = _read_hunk(text, lines, i + 1, head, file)
            segments.append(hunk)
            continue
        if _file_header(text, lines, i):
            close()
            file += 1
            i += 2
            continue
        stripped = line.strip()
        if not stripped:
            close()
        elif stripped[0] == "|":
            close()
            segments.append(_Unit("row", s + line.index("|"), s + len(line.rstrip())))
        elif stripped[0] == ">":
            close()
            last = segments[-1] if segments else None
            if isinstance(last, _Unit) and last.kind == "quote" and last.end == s - 1:
                last.end = s + len(line.rstrip())
            else:
                segments.append(_Unit("quote", s + line.index(">"), s + len(line.rstrip())))
        elif stripped[0] == "#" and (heading := _HEADING_RE.match(line)):
            close()
            segments.append(_Unit("heading", s + heading.end(), s + len(line.rstrip())))
        elif _may_start_item(stripped) and (item := _ITEM_RE.match(line)):
            close()
            kind = _marker_kind(item[0].strip())
            end = s + len(line.rstrip())
            segments.append(_Unit("item", min(s + item.end(), end), end, len(item[1]), kind))
        elif (
            not para
            and segments
            and isinstance(last := segments[-1], _Unit)
            and last.kind == "item"
            and last.end >= lines[i - 1][0]
        ):
            last.end = s + len(line.rstrip())  # the item goes on on this line
        else:
            para.append(i)
        i += 1
    close()
    return [u for u in segments if not isinstance(u, _Unit) or u.end > u.start]


_ITEM_FIRST = frozenset("-*+•◦▪●○■□‣⁃◆◇►▸➢※ㆍ·(①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")


def _may_start_item(stripped: str) -> bool:
    """A cheap test before _ITEM_RE: could this line start with a list marker?"""
    first = stripped[0]
    return (
        first in _ITEM_FIRST
        or first.isdigit()
        or stripped[1:2] in (".", ")")
        or first in "ivxIVX"
        or "㉑" <= first <= "㉟"
    )


def _marker_kind(marker: str) -> str:
    """What numbers a list item: "bullet", "number", "letter", "hangul", "circled", "paren"."""
    first = marker[:1]
    if first == "(":
        return "paren"
    if "①" <= first <= "⑳" or "㉑" <= first <= "㉟":
        return "circled"  # before isdigit(), which is true of them
    if first.isdigit():
        return "number"
    if "가" <= first <= "힣":
        return "hangul"
    if first.isalpha():
        return "letter"
    return "bullet"


def _indent(text: str, start: int, end: int) -> int:
    """How many spaces start ``text[start:end]``."""
    k = start
    while k < end and text[k] == " ":
        k += 1
    return k - start


def _file_header(text: str, lines: Sequence[tuple[int, int]], i: int) -> bool:
    """Whether line ``i`` starts a diff's file header (``--- a/x`` then ``+++ b/x``)."""
    return (
        i + 1 < len(lines)
        and text.startswith("--- ", lines[i][0])
        and text.startswith("+++ ", lines[i + 1][0])
    )


def _read_hunk(
    text: str, lines: list[tuple[int, int]], i: int, head: re.Match[str], file: int
) -> tuple[_Hunk, int]:
    """The hunk whose header ``head`` ends at line ``i``; and the line after it."""
    # The header's counts say where the hunk ends; normalised text may have lost blank
    # lines, so where they are not used up the hunk goes on while lines look like one.
    old_left = 1 if head[1] is None else int(head[1])
    new_left = 1 if head[2] is None else int(head[2])
    hunk = _Hunk([], file)
    n = len(lines)
    while i < n:
        s, e = lines[i]
        tag = text[s:e][:1]
        if old_left <= 0 and new_left <= 0 and tag not in ("+", "-", "\\"):
            break
        if _file_header(text, lines, i):
            break
        if tag == "+":
            new_left -= 1
        elif tag == "-":
            old_left -= 1
        elif tag == " " or s == e:
            old_left -= 1
            new_left -= 1
            tag = " "
        elif tag != "\\":  # "\ No newline at end of file" is neither side's text
            break
        if tag != "\\":
            hunk.lines.append((tag, s + 1 if s < e else s, e))
        i += 1
    return hunk, i


# --- free text: quotes, sentences, requests ------------------------------------------

# Quoted passages, straight or curly, double or single, « », 「」, 『』 and `code`.
# A single quote opens only where no letter stands before it and closes only where
# none follows, so apostrophes ("don't", "tenants'") are not quotes; single-quoted
# passages are bounded in length so that a stray quote costs little.
_QUOTE_RE = re.compile(
    # Within a paragraph; else, for a quotation of several paragraphs, up to the next
    # quote mark that ends a line.
    r'"(?:[^"\n]|\n(?![ \t]*\n))+"|"[^"]+"(?=[ \t]*(?:\n|$))'
    r"|“(?:[^“”\n]|\n(?![ \t]*\n))+”|“[^“”]+”(?=[ \t]*(?:\n|$))"
    r"|«(?:[^«»\n]|\n(?![ \t]*\n))+»|«[^«»]+»(?=[ \t]*(?:\n|$))"
    r"|「[^「」\n]+」|『[^『』\n]+』|`[^`\n]+`"
    # A single quote opens where no letter stands before it (checked after the mark, so
    # that every branch starts with a quote mark and the engine skips to those fast).
    r"|‘(?:[^‘’\n]|’(?=\w)){1,400}’(?!\w)"
    r"|'(?<![\w'’].)(?:[^'\n]|'(?=\w)){1,400}'(?!\w)"
)
_PASSAGE_WORDS = 8  # a quote this long quotes a passage (of the draft, of a law)
_OPEN, _FILL, _CLOSE = "\x02", "\x00", "\x03"
_ANY_QUOTE_RE = re.compile("[\"“«「『`'‘]")


def _mask(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every quoted passage blanked out, and the quotes (with their marks).

    A quote becomes ``\\x02``, filler and ``\\x03`` (same length, so offsets hold); a
    ``.``, ``!`` or ``?`` ending the quoted sentence stays visible before ``\\x03`` so a
    sentence can end there. The patterns below read a quote as one token, and request
    markers inside a quote (the draft's "shall") are not the submitter's.
    """
    if not _ANY_QUOTE_RE.search(text):
        return text, []
    pieces = []
    quotes = []
    pos = 0
    for m in _QUOTE_RE.finditer(text):
        s, e = m.span()
        pieces.append(text[pos:s])
        last = text[e - 2]
        inner = e - s - 2
        if last in ".!?。" and inner > 1:
            pieces.append(_OPEN + _FILL * (inner - 1) + last + _CLOSE)
        else:
            pieces.append(_OPEN + _FILL * inner + _CLOSE)
        quotes.append((s, e))
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces), quotes


_CLOSERS = "\x03\"'”’»)\\]*_」』"
# A period after these is not a sentence end ("e.g.", "No. 5", "Art. 3", "B. Okafor").
_ABBREVIATIONS = (
    "e.g i.e etc No Nos Art Arts art Sec Secs sec Para Paras para paras cf Cf Ch Chap chap Reg "
    "Mr Mrs Ms Dr Prof St vs p pp vol Vol Inc Ltd Co Corp Dept Govt approx incl Jan Feb Mar Apr "
    "Jun Jul Aug Sep Sept Oct Nov Dec env ex c.-à-d p.ex M MM Mme Mmes Mlle al n° fig op cit ibid"
).split() + list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ABBREVIATION_SET = frozenset(_ABBREVIATIONS)
# Sentence ends: terminal punctuation (and what closes after it) before a space, a
# colon ending a line, and every line break (kept only after a line that ends a
# sentence: see _line_ends_sentence).
# Each pattern starts with one character of a set, which lets the engine skip to the
# candidates fast; the branches then check what came first with a look-behind.
_TERMINAL = rf"(?<=[.!?。！？])[.!?。！？]*[{_CLOSERS}]*(?=\s|$)"
_END_RE = re.compile(rf"[.!?。！？:\n](?:{_TERMINAL}|(?<=:)[{_CLOSERS}]*(?=[ \t]*\n)|(?<=\n))")
_ROW_END_RE = re.compile(rf"[.!?。！？|](?:{_TERMINAL}|(?<=\|))")
# A line ending like this ends its sentence even without punctuation: Korean
# sentence-final syllables, and a heading in capitals is tested apart.
_KOREAN_END = frozenset("다요까음함임것죠")


def _sentence_spans(masked: str, *, row: bool = False) -> list[tuple[int, int]]:
    """The sentences of a unit: (start, end) in ``masked``, without surrounding spaces.

    In a table row, the cell bars end sentences too and belong to none.
    """
    bounds = [0]
    for m in (_ROW_END_RE if row else _END_RE).finditer(masked):
        s = m.start()
        first = masked[s]
        if first == "\n":
            if _line_ends_sentence(masked, s):
                bounds.append(s)
        elif first == "|":
            bounds += [s, s + 1]
        elif first != "." or m.end() - s > 1 or not _after_abbreviation(masked, s):
            if _CLOSE in m[0] and masked[m.end() : m.end() + 2].strip()[:1].islower():
                continue  # a quoted sentence the submitter's own sentence goes on after
            bounds.append(m.end())
    bounds.append(len(masked))
    spans = []
    for s, e in zip(bounds, bounds[1:], strict=False):
        piece = masked[s:e]
        if row and piece == "|":
            continue
        body = piece.strip()
        if body:
            start = s + piece.index(body[0])
            spans.append((start, start + len(body)))
    return spans


def _after_abbreviation(masked: str, period: int) -> bool:
    """Whether the period at ``masked[period]`` ends an abbreviation, not a sentence."""
    if not masked[period - 1 : period].isascii():  # "다." ends a Korean sentence
        return False
    start = max(masked.rfind(" ", 0, period), masked.rfind("\n", 0, period))
    word = masked[start + 1 : period].lstrip("([")
    if word in _ABBREVIATION_SET:
        return True
    # "§ 5." and "§5.": a section number, not a sentence end.
    return word.isdigit() and masked[max(0, start - 1) : start + 2].strip(" 0123456789") == "§"


# A line ending like this goes on on the next one, whatever that starts with.
_CONTINUES_RE = re.compile(
    r"(?:[,;(\-–—/&]|\b(?:and|or|of|the|to|in|for|a|an|with|by|from|on|at|as|that|which"
    r"|who|et|ou|de|des|du|la|le|les|à|au|aux|en|pour|par)\s*)$",
    re.IGNORECASE,
)


def _line_ends_sentence(masked: str, newline: int) -> bool:
    """Whether the line before ``masked[newline]`` ends a sentence without punctuation.

    It does after a Korean sentence-final syllable, a heading in capitals and a
    salutation ("Dear Council,"), and before a line that starts with a capital letter
    where nothing says the sentence goes on (a title line of a commit message, a name
    under a sign-off).
    """
    line = masked[masked.rfind("\n", 0, newline) + 1 : newline].rstrip()
    if not line:
        return False
    if line[-1] in _KOREAN_END or _is_capitals(line):
        return True
    if line[-1] in ",:" and _NOT_ASK_START_RE.match(line.lstrip(_EMPHASIS).lower()):
        return True  # "Hello," or "Dear Council," on its own line
    rest = masked[newline + 1 : newline + 80].lstrip()
    return bool(rest) and rest[0].isupper() and not _CONTINUES_RE.search(line)


def _is_capitals(line: str) -> bool:
    """A line in capitals (a heading such as "LET US BE THERE"), with two letters or more."""
    return line.upper() == line and line.lower() != line and sum(c.isalpha() for c in line) > 1


# Spaces and markdown marks around a line or sentence, stripped before its words are read.
_EMPHASIS = " \t*_#>[]"
