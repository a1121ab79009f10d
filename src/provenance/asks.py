"""Find the asks of a submission: the edits it proposes and the requests it makes.

An *ask* is one proposal of a submission (DESIGN.md, "Asks matched to changes"):

- an explicit edit: the changed lines of a unified diff, a body row of a comparison
  table (현행 | 개정안 | 사유), or a phrasing such as ``replace "X" with "Y"``;
- a request in free text: a sentence or list item with a request marker ("please",
  "we ask", "should", 주십시오, 바랍니다, "nous demandons" ...) or starting with an
  imperative verb. Consecutive request sentences of one paragraph are one ask.

Questions, greetings, thanks, sign-offs, metadata and background are not asks. Text
the submission quotes (a quoted passage of eight words or more, ``>`` e-mail lines, a
diff's removed lines) is *context* of the ask it stands in: never evidence for it,
and never an ask by itself.

Everything here is regular expressions and string tests, no tokenizer: it runs on
every submission of a consultation, a hundred thousand of them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .model import Span

__all__ = [
    "Ask",
    "AskKind",
    "Proposal",
    "extract_asks",
    "has_edit_cue",
    "own_words",
    "requests",
]

AskKind = Literal["add", "replace", "delete", "move", "request"]


@dataclass(frozen=True, slots=True)
class Ask:
    """One proposal of a submission."""

    index: int  # 0-based position among the submission's asks, in text order
    span: Span  # the ask in the submission's own words: offsets into the submission text
    kind: AskKind
    # For replace/delete/move: the text to replace, delete or move, clean (no diff "-"
    # prefixes, no quote marks), or None when the submission does not say.
    old: str | None = None
    new: str | None = None  # for add/replace/move: the proposed text, clean, or None
    # Passages inside ``span`` that quote other text (the draft, a diff's removed
    # lines, an e-mail quote): context for the ask, never evidence for it.
    context: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class _Draft:
    """An ask before it is numbered: offsets into the submission text."""

    start: int
    end: int
    kind: AskKind
    old: str | None = None
    new: str | None = None
    context: tuple[tuple[int, int], ...] = ()


def extract_asks(text: str, *, lang: str = "en") -> tuple[Ask, ...]:
    """The asks of one submission, in text order; ``()`` for one that proposes nothing.

    ``lang`` (an ISO 639-1 code) chooses the request markers: English, Korean and
    French have lists (and each list is tried on every text in those languages, so a
    Korean letter in an English consultation still counts). For other languages every
    sentence of the submission's own text that is not a question is a request.

    >>> letter = '''Dear Council,
    ...
    ... We recommend that "90 days" be replaced with "30 days". Tenants wait too long.
    ...
    ... Section 7 should also cover mould. Please add it to the list.
    ...
    ... Thank you.'''
    >>> [(a.kind, a.old, a.new) for a in extract_asks(letter)]
    [('replace', '90 days', '30 days'), ('request', None, None)]
    >>> extract_asks(letter)[1].span.text
    'Section 7 should also cover mould. Please add it to the list.'
    """
    segments = _scan(text)
    drafts = _prose_asks(text, segments, _rules_for(lang))
    diff = [s for s in segments if isinstance(s, _Hunk)]
    if diff:
        edits = _diff_asks(text, diff)
        # A pull request's description often says in words what its diff does
        # ('replaced "honest" with "focused"'): that is the diff's ask, not another.
        drafts = [d for d in drafts if not any(_restates(d, e) for e in edits)] + edits
    drafts.sort(key=lambda d: d.start)
    return tuple(
        Ask(
            index=i,
            span=Span.of(text, d.start, d.end),
            kind=d.kind,
            old=d.old,
            new=d.new,
            context=tuple(Span.of(text, s, e) for s, e in d.context),
        )
        for i, d in enumerate(drafts)
    )


# ``model.Ask`` is an ask with what became of it; the ask as found here, before it has
# an outcome, is also called a proposal.
Proposal = Ask


def requests(text: str, *, lang: str = "en") -> tuple[tuple[Span, str], ...]:
    """Each request in free text as its span and its own words (see :func:`own_words`)."""
    return tuple(
        (a.span, own_words(a)) for a in extract_asks(text, lang=lang) if a.kind == "request"
    )


def own_words(ask: Ask) -> str:
    """An ask's text with what it quotes blanked out: its own words, to compare by.

    Blanks, not cuts, so that the words on either side of a quote do not join.

    >>> [own_words(a).split() for a in extract_asks('Please extend "the guidelines on '
    ...  'budgeting to every region of the country" by 2027.')]
    [['Please', 'extend', '"', '"', 'by', '2027.']]
    """
    chars = list(ask.span.text)
    for quoted in ask.context:
        start, end = quoted.start - ask.span.start, quoted.end - ask.span.start
        chars[max(0, start) : max(0, end)] = " " * (max(0, end) - max(0, start))
    return "".join(chars)


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


# --- explicit edits 1: unified diffs -------------------------------------------------


@dataclass(slots=True)
class _Block:
    """A run of removed lines and the added lines right after them, in one hunk."""

    removed: list[tuple[int, int]]
    added: list[tuple[int, int]]
    file: int


def _diff_asks(text: str, hunks: Sequence[_Hunk]) -> list[_Draft]:
    """The asks of the diff hunks: a replace, add or delete per block, and moves."""
    blocks: list[_Block] = []
    for hunk in hunks:
        block: _Block | None = None
        for tag, s, e in hunk.lines:
            if tag == " ":
                block = None
                continue
            if block is None or (tag == "-" and block.added):
                block = _Block([], [], hunk.file)
                blocks.append(block)
            (block.removed if tag == "-" else block.added).append((s, e))
    moved_out, moved_in = _moves(text, blocks)
    drafts: list[_Draft] = []
    for block in blocks:
        removed = [line for line in block.removed if line not in moved_out]
        # A line moved in splits its block: the edits before and after it stand apart
        # from the move, so that no two asks overlap.
        run: list[tuple[int, int]] = []
        for line in [*block.added, None]:
            if line is None or line in moved_in:
                drafts += _block_ask(text, removed, run)
                removed, run = [], []
            else:
                run.append(line)
    # Consecutive lines moved in together are one move.
    group: list[tuple[int, int]] = []
    for line in sorted(moved_in):
        if group and not _next_line(group[-1], line):
            drafts.append(_move_ask(text, group))
            group = []
        group.append(line)
    if group:
        drafts.append(_move_ask(text, group))
    return drafts


def _next_line(line: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether diff line ``other`` comes right after ``line`` (after its tag)."""
    return line[1] + 2 == other[0]


def _moves(
    text: str, blocks: Sequence[_Block]
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The removed lines that reappear as added lines in another block of the same file.

    Returns the removed lines moved away and the added lines moved in. Only a line
    removed once and added once in its file is a move: a line that repeats (a heading
    such as "Key questions", a blank line) cannot say where it went.
    """
    removed: dict[tuple[int, str], list[tuple[int, tuple[int, int]]]] = {}
    added: dict[tuple[int, str], list[tuple[int, tuple[int, int]]]] = {}
    for k, block in enumerate(blocks):
        for lines, found in ((block.removed, removed), (block.added, added)):
            for line in lines:
                squashed = _squash(text[line[0] : line[1]])
                if _has_word(squashed):
                    found.setdefault((block.file, squashed), []).append((k, line))
    moved_out: set[tuple[int, int]] = set()
    moved_in: set[tuple[int, int]] = set()
    for key, sources in removed.items():
        targets = added.get(key)
        if len(sources) == 1 and targets is not None and len(targets) == 1:
            (k_out, line_out), (k_in, line_in) = sources[0], targets[0]
            # Removed and added in the same block is a rewrite that kept the line.
            if k_out != k_in:
                moved_out.add(line_out)
                moved_in.add(line_in)
    return moved_out, moved_in


def _block_ask(
    text: str, removed: Sequence[tuple[int, int]], added: Sequence[tuple[int, int]]
) -> list[_Draft]:
    old = _joined(text, removed)
    new = _joined(text, added)
    if old is None and new is None:
        return []
    if old is not None and new is not None and _squash(old) == _squash(new):
        return []  # only spaces changed: nothing a reader would see
    lines = sorted([*removed, *added])
    context = tuple(line for line in removed if _has_word(text[line[0] : line[1]]))
    kind: AskKind = "replace" if old and new else "add" if new else "delete"
    # The span starts at the diff tag of the first line, so it holds whole lines.
    return [_Draft(lines[0][0] - 1, lines[-1][1], kind, old, new, context)]


def _restates(ask: _Draft, edit: _Draft) -> bool:
    """Whether explicit edit ``ask`` (from words) says what diff ask ``edit`` does."""
    if ask.kind == "request" or (ask.old is None and ask.new is None):
        return False
    for mine, theirs in ((ask.old, edit.old), (ask.new, edit.new)):
        if mine is not None and (
            theirs is None or _squash(mine).lower() not in _squash(theirs).lower()
        ):
            return False
    return True


def _move_ask(text: str, lines: Sequence[tuple[int, int]]) -> _Draft:
    moved = "\n".join(text[s:e] for s, e in lines)
    return _Draft(lines[0][0] - 1, lines[-1][1], "move", moved, moved)


def _joined(text: str, lines: Sequence[tuple[int, int]]) -> str | None:
    """The lines' text joined with ``\\n``, without blank lines at either end; None if blank."""
    joined = "\n".join(text[s:e] for s, e in lines).strip("\n")
    return joined if joined.strip() else None


_WORD_RE = re.compile(r"\w")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _has_word(text: str) -> bool:
    return _WORD_RE.search(text) is not None


# --- explicit edits 2: comparison tables (현행 | 개정안 | 사유) -------------------------

# Header cells, lower-cased without spaces or emphasis, that name the current text and
# the proposed text. A column that labels the provision (조문, 구분, #) is neither.
_CURRENT_HEADER_RE = re.compile(
    r"(?:현행|원안|초안|개정전)(?:안|\(안\)|조문|규정|내용)?|"
    r"(?:current|existing|draft|original|present)(?:text|wording|provisions?|version|draft)?"
    r"|textofthedraft|draftedtext|"
    r"(?:rédaction|texte|version)(?:actuelle?|duprojet|initiale?|envigueur)|projet"
)
_PROPOSED_HEADER_RE = re.compile(
    r"(?:개정|수정|변경|신설|제안)(?:안|\(안\)|의견|내용|문안)?|대안|"
    r"(?:proposed|amended|suggested|recommended|revised|new)"
    r"(?:text|wording|amendments?|changes?|provisions?|version|draft)?"
    r"|amendments?|proposals?|suggestions?|"
    r"(?:rédaction|texte|modification|version)proposée?|propositions?|demande.*"
)
_SEPARATOR_CELL_RE = re.compile(r":?-{2,}:?|")
# What a current cell says for a provision that is new, a proposed cell for one that
# goes, and a proposed cell for one that stays as it is.
_NEW_CELL_RE = re.compile(r"[<(\[]?(?:신설|new|nouveau|nouvelle|없음|n/?a|-|—|–)[>)\]]?")
_DELETED_CELL_RE = re.compile(
    r"[<(\[]?(?:삭제|delete[d]?|deletion|strike|struck|supprimée?|supprimer|suppression)[>)\]]?"
)
_SAME_CELL_RE = re.compile(
    r"[<(\[]?(?:현행과같음|현행과동일|좌동|현행유지|동일|unchanged|nochange|sameascurrent"
    r"|asis|inchangée?|sanschangement)[>)\]]?"
)
_CELL_NOISE_RE = re.compile(r"[\s*_`]+")


def _cells(text: str, row: _Unit) -> list[tuple[int, int]]:
    """The cells of a table row, each without the spaces around it."""
    cells = []
    start = row.start + 1  # after the leading "|"
    while start <= row.end:
        bar = text.find("|", start, row.end)
        end = row.end if bar < 0 else bar
        if bar >= 0 or start < row.end:
            s, e = start, end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            cells.append((s, e))
        if bar < 0:
            break
        start = bar + 1
    return cells


def _header_key(text: str, cell: tuple[int, int]) -> str:
    return _CELL_NOISE_RE.sub("", text[cell[0] : cell[1]]).lower()


def _table_asks(text: str, rows: Sequence[_Unit]) -> list[_Draft] | None:
    """A replace, add or delete per body row of a comparison table; None for another table."""
    header = [_header_key(text, c) for c in _cells(text, rows[0])]
    current = next((k for k, h in enumerate(header) if _CURRENT_HEADER_RE.fullmatch(h)), None)
    proposed = next((k for k, h in enumerate(header) if _PROPOSED_HEADER_RE.fullmatch(h)), None)
    if current is None or proposed is None or current == proposed:
        return None
    drafts = []
    for row in rows[1:]:
        cells = _cells(text, row)
        keys = [_header_key(text, c) for c in cells]
        if all(_SEPARATOR_CELL_RE.fullmatch(k) for k in keys) or keys == header:
            continue
        old_cell = cells[current] if current < len(cells) else (row.end, row.end)
        new_cell = cells[proposed] if proposed < len(cells) else (row.end, row.end)
        old, new = text[old_cell[0] : old_cell[1]], text[new_cell[0] : new_cell[1]]
        old_key, new_key = (
            keys[current] if current < len(keys) else "",
            (keys[proposed] if proposed < len(keys) else ""),
        )
        if _SAME_CELL_RE.fullmatch(new_key) or (old_key and old_key == new_key):
            continue
        if not old_key or _NEW_CELL_RE.fullmatch(old_key):
            if new_key and not _NEW_CELL_RE.fullmatch(new_key):
                drafts.append(_Draft(row.start, row.end, "add", None, new))
        elif not new_key or _DELETED_CELL_RE.fullmatch(new_key):
            drafts.append(_Draft(row.start, row.end, "delete", old, None, (old_cell,)))
        else:
            drafts.append(_Draft(row.start, row.end, "replace", old, new, (old_cell,)))
    return drafts


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


# --- what makes a sentence a request -------------------------------------------------
# Lower-cased sentences, quotes blanked out. Each list is what a drafter would call a
# request marker in that language; none is tuned on a benchmark.

# Each pattern starts with the character before the marker's first word: the engine
# then only tries the branches after a space or an opening mark, not at every letter
# (the patterns run over text with a space put in front; see _requests).
_WORD_BEFORE = "[\\s(\\[/*_\\x03\"'‘“«—–]"
_EN_MARKERS = (
    rf"{_WORD_BEFORE}(?:please\b|kindly\b"
    r"|(?:we|i)(?:\s+\w+){0,2}?\s+(?:ask|asking|request|requesting|urge|urging|recommend"
    r"|recommending|propose|proposing|suggest|suggesting|call\s+(?:on|upon|for)|want(?=\s+\w)"
    r"|demand|insist|invite|encourage)\b"
    r"|(?:we|i)(?:'d|’d|\s+would)(?:\s+\w+)?\s+(?:like|prefer|rather)\b"
    r"|(?:asks?|requests?|urges?|recommends?|proposes?|insists?)\s+that\b"
    r"|(?:should|must|shall|ought\s+to|needs?\s+to)\b"
    r"|it\s+(?:is|would\s+be)\s+(?:necessary|essential|important|vital|crucial|imperative)\b"
    r"|it\s+would\s+be\s+(?:better|fairer|fair|sensible|more\s+\w+|helpful|good)\s+(?:if|to)\b"
    r"|the\s+least\s+\w+(?:\s+\w+)?\s+(?:can|could|should)\s+do\s+is\b"
    r"|let\s+(?:us|me|the|tenants|residents|people|citizens|everyone|users)\b"
    r"|our\s+(?:request|recommendation|proposal|suggestion)s?\s+(?:is|are)\b"
    r"|we\s+need\b)"
)
# Grouped by first syllable: the engine then tries few branches at each position.
_KO_MARKERS = (
    r"주(?:십시오|시오|시기|세요|셔야|시면|실|셨으면|시길)|줬으면"
    r"|바(?:랍니다|라며|란다|랍|라오)|기를\s*바|건의|촉구"
    r"|요청(?:합니다|드립니다|드려요|드리며|드리고|하며|하고자|한다|함|해요|하오니|드리오니)"
    r"|제안(?:합니다|드립니다|드리며|하며|한다|함|드려요|하고자|드리고)"
    r"|야\s*(?:합니다|한다|하며|하고|하겠|할\s*것|됩니다|된다|되며|하지\s*않)"
    r"|필요(?:합니다|하다|함|가\s*있)"
    r"|했으면|하였으면|으면\s*(?:합니다|좋겠)|면\s*좋겠"
    r"|도록\s*(?:해|하여|할\s*것|하십시오|합시다|규정|명시)|하라(?:\s|$|[.!])"
    r"|(?:해|어|아|여)\s*달라(?:\s|$|[.!])"
    # "...하는 것이 바람직합니다/자연스럽습니다": a recommendation in evaluative form
    r"|것이\s*(?:더\s*)?(?:좋겠|바람직|타당|자연스럽|적절|합리적|옳|맞겠)"
)
_FR_MARKERS = (
    rf"{_WORD_BEFORE}(?:(?:je|j['’]|nous)\s*(?:\w+\s+){{0,2}}?(?:demande|demandons|propose"
    r"|proposons|suggère|suggérons|recommande|recommandons|souhaite|souhaitons|souhaiterions"
    r"|souhaiterais|voudrais|voudrions|exigeons|exige|appelons|invitons|prions)\b"
    r"|(?:demande|demandent|propose|proposent|recommande|recommandent|souhaite|souhaitent)"
    r"\s+(?:que|qu['’]|à|de|d['’]|cependant|donc|également|aussi|en\s+outre)"
    r"|il\s+(?:faut|faudrait|conviendrait|convient|est\s+(?:nécessaire|indispensable"
    r"|essentiel|urgent|souhaitable)|serait\s+(?:souhaitable|utile|nécessaire|bon))\b"
    r"|(?:doit|doivent|devrait|devraient|devront|devra)\b|veuillez\b"
    r"|merci\s+de\s+(?!votre|vos|l['’]|la\b|le\b|les\b|m['’]|nous\b))"
)
# A sentence ending in a syllable with a final ㄹ and 것 ("공개할 것"): the form of a
# Korean proposal or instruction.
_RIEUL_FINAL = "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == 8)
_KO_ENDING = rf"[{_RIEUL_FINAL}]\s*것\s*[.。]?\s*$"

# Imperative verbs that start a sentence or list item ("Add ...", "Publish ...").
_EN_VERBS = (
    "add adopt allow amend apply bring clarify consider create define delete ensure establish "
    "expand explain extend give guarantee halve include insert introduce keep let lower make "
    "mandate oblige omit prohibit protect provide publish put reduce reject remove rename "
    "replace require restore retain reword rewrite say scrap shorten simplify specify stop "
    "strike strengthen substitute tell withdraw write"
).split()
# Verbs that are as often nouns, which the next word tells apart: "Change is needed",
# "Increase in fees", "Use of force" are no imperatives.
_EN_NOUN_VERBS = (
    "ban cap change cut double drop fix increase limit move offer raise release set share state "
    "update use"
).split()
_NOT_AFTER_VERB = (
    r"(?![-'’])(?!\s+(?:of|is|are|was|were|has|have|had|will|would|can|could|may|might|and|or|as"
)
_EN_IMPERATIVE = (
    rf"(?:(?:do\s+not|don't|don’t|never|{'|'.join(_EN_VERBS)})\b{_NOT_AFTER_VERB})\b)"
    rf"|(?:{'|'.join(_EN_NOUN_VERBS)})\b{_NOT_AFTER_VERB}|in|to|for|on|at)\b))"
)
_FR_STEMS = (
    "ajout supprim remplac publi cré fix relev ramen désign envoy impos précis modifi instaur "
    "mentionn limit exig oblig assur renforc retir insér allong abaiss organis inform associ "
    "réserv intégr consult financ simplifi clarifi expos"
).split()
_FR_VERBS = [s + e for s in _FR_STEMS for e in ("er", "ez")] + (
    "prévoir prévoyez réduire réduisez étendre étendez inclure incluez garantir garantissez "
    "permettre permettez ouvrir ouvrez mettre mettez interdire interdisez rétablir rétablissez "
    "maintenir maintenez raccourcir élargir élargissez soumettre soumettez rendre rendez "
    "exclure excluez traduire traduisez"
).split()
_FR_IMPERATIVE = rf"(?:{'|'.join(_FR_VERBS)})\b"
# Connectives before an imperative ("And please ...", "Also, add ...").
_LEADING_WORD_LIST = (
    "and also so then finally first firstly second secondly third thirdly lastly additionally "
    "instead therefore thus et puis enfin aussi ensuite également in de"
).split()
_LEADING_WORDS = (
    r"(?:(?:and|also|so|then|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly"
    r"|additionally|in\s+addition|instead|therefore|thus|et|puis|enfin|aussi|ensuite"
    r"|de\s+plus|également)[,\s]+)*"
)
# Greetings, thanks, sign-offs, requests for a reply, prefaces ("I want to say ...")
# and commit titles naming a file: never a proposal. In three parts, for speed: what
# starts a sentence, what ends one, and what stands anywhere (tried only when one of
# its words is there).
_NOT_ASK_START_RE = re.compile(
    r"(?:dear|to\s+whom)\b|to\b[^.!?]{0,80}[,:]$"
    r"|(?:hello|hi|hey|good\s+(?:morning|afternoon|evening|day)|greetings)\b"
    r"|(?:thank|thanks|many\s+thanks|with\s+(?:thanks|gratitude|best|kind|warm)|we\s+thank"
    r"|i\s+thank|we\s+are\s+grateful|i\s+am\s+grateful|sincerely|regards|best\s+regards"
    r"|kind\s+regards|yours|respectfully|in\s+solidarity|cheers)\b"
    r"|(?:update|edit|create|add|delete|rename|fix|change)\s+[\w./-]+\.(?:md|markdown|txt|html?"
    r"|rst|adoc|docx?|json|ya?ml)$"
    r"|안녕하십니까|안녕하세요|존경하는"
    r"|(?:madame|monsieur|mesdames|messieurs|bonjour|bonsoir|cher|chère|chers)\b"
    r"|(?:merci|je\s+vous\s+remercie|nous\s+vous\s+remercions|nous\s+remercions"
    r"|avec\s+mes\s+remerciements|cordialement|bien\s+à\s+vous|salutations"
    r"|bonne\s+(?:journée|continuation))\b"
)
# How a Korean greeting line or signature ends ("담당자님께", "홍길동 드림"), and
# thanks that end a sentence (but "...해 주시면 감사하겠습니다" asks).
_KO_CLOSINGS = ("님", "께", "귀하", "귀중", "드림", "올림", "배상")
_KO_THANKS = ("감사합니다", "감사드립니다", "감사드려요", "감사해요", "고맙습니다")
_NOT_ASK_ANYWHERE_RE = re.compile(
    r"(?:look\s+forward\s+to|await)\s+(?:your|a|the)\s+(?:reply|response|answer)"
    r"|please\s+(?:reply|respond|answer|confirm\s+receipt|let\s+(?:me|us)\s+know)\b"
    r"|(?:want|wish|like)\s+to\s+(?:know|ask|understand|hear|learn|say|comment|raise|share"
    r"|express|note|point|thank|write|tell\s+you|submit|offer|add\s+(?:something|a\s+(?:word"
    r"|note|few))|make\s+(?:a|some|two|three)\s+(?:comments?|points?))\b"
    r"|(?:답변|회신|답장|답)\s*(?:을|를)?\s*(?:부탁|바랍|주시|주십|요청)"
    r"|veuillez\s+(?:agréer|croire|recevoir)|(?:je|nous)\s+vous\s+pri(?:e|ons)\s+d"
)
# Words that _NOT_ASK_ANYWHERE_RE needs: a cheap test before the pattern runs.
_NOT_ASK_HINTS = (
    "reply",
    "respon",
    "answer",
    "receipt",
    "want to",
    "wish to",
    "like to",
    "답",
    "회신",
    "veuillez",
    "vous pri",
)


def _not_ask(core: str) -> bool:
    """Whether a lower-cased sentence greets, thanks, signs off or prefaces (see above)."""
    if _NOT_ASK_START_RE.match(core) is not None:
        return True
    tail = core.rstrip(" .!,:;")
    if tail.endswith(_KO_CLOSINGS):
        return True
    if tail.endswith(_KO_THANKS):
        before = tail[: tail.rfind("감사" if "감사" in tail[-6:] else "고맙")].rstrip()
        if not before.endswith("면"):
            return True
    return _holds_any(core, _NOT_ASK_HINTS) and _NOT_ASK_ANYWHERE_RE.search(core) is not None


_EN_MARKER_RE = re.compile(_EN_MARKERS)
_KO_MARKER_RE = re.compile(_KO_MARKERS)
_KO_ENDING_RE = re.compile(_KO_ENDING)
_FR_MARKER_RE = re.compile(_FR_MARKERS)
_HANGUL_RE = re.compile("[\uac00-\ud7a3]")
_LATIN_RE = re.compile("[a-z]")


@dataclass(frozen=True, slots=True)
class _Rules:
    """How to tell a request: with the marker lists, or (``known`` False, for a language
    without lists) every sentence of the submitter's own that is not a question."""

    known: bool
    imperative: re.Pattern[str] | None = None
    # The first words with which an imperative sentence may start (the verb, "please",
    # a connective): a set lookup before the pattern runs.
    imperative_words: frozenset[str] = frozenset()
    french: bool = False


_MARKER_LANGUAGES = ("en", "ko", "fr")
_RULES: dict[str, _Rules] = {}


def _rules_for(lang: str) -> _Rules:
    code = lang.split("-")[0].split("_")[0].lower()
    if code not in _MARKER_LANGUAGES:
        code = "*"
    if code not in _RULES:
        if code == "*":
            _RULES[code] = _Rules(False)
        else:
            # The marker lists of the three languages are all tried (their words do not
            # collide, and a Korean letter sent to an English consultation still has its
            # requests found); French imperatives only for French, since some of them
            # are English words too.
            french = code == "fr"
            imperatives = [_EN_IMPERATIVE] + ([_FR_IMPERATIVE] if french else [])
            verbs = [*_EN_VERBS, *_EN_NOUN_VERBS, *(_FR_VERBS if french else ())]
            _RULES[code] = _Rules(
                True,
                re.compile(rf"{_LEADING_WORDS}(?:please\s+)?(?:{'|'.join(imperatives)})"),
                frozenset([*verbs, *_LEADING_WORD_LIST, "please", "do", "don't", "don’t", "never"]),
                french,
            )
    return _RULES[code]


# A short label before a colon ("Jalon a) :", "**개정 의견**:", "R1:"): what follows
# it starts the sentence as far as imperatives go.
_LABEL_RE = re.compile(r"[^:\n\x02]{1,40}?\s?:\s+(?=\S)")
# An opening clause before an imperative ("When the work starts, put a sign ...").
_CLAUSE_OPENERS = frozenset(
    "if when where once after before for in on under as until si quand lorsque pour dans".split()
)
_OPENING_CLAUSE_RE = re.compile(rf"(?:{'|'.join(_CLAUSE_OPENERS)})\b[^,\n]{{1,80}},\s+")
_EMPHASIS = " \t*_#>[]"


def _is_question(masked: str) -> bool:
    return masked.rstrip(_CLOSERS + " .").endswith(("?", "？"))


# A request put as a question ("Could you keep the vans away from the school?",
# "...해 주실 수 있을까요?"): a question, but one that asks for an action, not for an
# answer ("Could you tell me why?" asks for an answer).
_POLITE_VERBS = "|".join(sorted(set(_EN_VERBS + _EN_NOUN_VERBS) - {"say", "tell", "explain"}))
_POLITE_REQUEST_RE = re.compile(
    rf"{_LEADING_WORDS}(?:could|would|can|will)\s+you\s+"
    rf"(?:(?:please|kindly|just|also|perhaps|not)\s+)*(?:{_POLITE_VERBS})\b"
    r"|(?:would|is)\s+it\s+be\s+possible\s+to\b|is\s+it\s+possible\s+to\b"
)
_KO_POLITE_REQUEST_RE = re.compile(
    r"주실\s*수\s*(?:있|없)|주시면\s*안\s*될까|주시겠(?:어요|습니까|나요)|주시지\s*않(?:겠|을)"
    r"|줄\s*수\s*(?:있|없)(?:을까|나요|습니까)"
)


def _polite_request(core: str) -> bool:
    """Whether a question (lower-cased, quotes blanked out) asks for an action."""
    return _POLITE_REQUEST_RE.match(core) is not None or (
        _HANGUL_RE.search(core) is not None and _KO_POLITE_REQUEST_RE.search(core) is not None
    )


def _is_request(masked: str, rules: _Rules) -> bool:
    """Whether a sentence (quotes blanked out) asks for something."""
    if not _has_word(masked):  # quote marks and filler are not \w
        return False
    core = masked.strip(_EMPHASIS).lower()
    if _is_question(masked):
        return rules.known and _polite_request(core) and not _not_ask(core)
    if not rules.known:
        return True
    request = (
        _EN_MARKER_RE.search(f" {core}") is not None
        or (_HANGUL_RE.search(core) is not None and _KO_MARKER_RE.search(core) is not None)
        or _KO_ENDING_RE.search(core) is not None
        or (rules.french and _FR_MARKER_RE.search(f" {core}") is not None)
        or _starts_imperative(core, 0, len(core), rules)
    )
    return request and not _not_ask(core)


def _starts_imperative(low: str, start: int, end: int, rules: _Rules) -> bool:
    """Whether ``low[start:end]`` starts with an imperative, maybe after a label or an
    opening clause."""
    assert rules.imperative is not None
    space = low.find(" ", start, end)
    first = low[start : end if space < 0 else space].rstrip(",:;.")
    if first in rules.imperative_words and rules.imperative.match(low, start, end):
        return True
    colon = low.find(":", start, min(end, start + 45))
    if colon >= 0:
        label = _LABEL_RE.match(low, start, end)
        if label and len(label[0].split()) <= 4 and rules.imperative.match(low, label.end(), end):
            return True
    if first in _CLAUSE_OPENERS and "," in low[start:end]:
        clause = _OPENING_CLAUSE_RE.match(low, start, end)
        return clause is not None and rules.imperative.match(low, clause.end(), end) is not None
    return False


# --- explicit edits 3: "replace X with Y" and its kin --------------------------------
# The patterns read the masked sentence, where a quote is one token: \x02 ... \x03.

_Q = r"\x02[^\x02\x03]*\x03"
# An unquoted number with its unit ("90 days", "ARV 100,000", "30%"), for the asks
# that change one; the unit word is not a word that would go on the sentence.
_NUM = (
    r"(?:(?-i:[A-Z]{2,3})\s?|[$€£₩])?\d[\d,.]*(?:\s?(?:%|percent|per\s+cent)"
    r"|\s(?!(?:to|and|or|with|by|from|instead|rather|in|of|for|per|à|par|de)\b)[^\W\d_]{2,}\b)?"
)
_WORD = r"[^\W\d_][\w'’-]*"
# A Korean number with its unit ("15일 이상", "2만 5천 톤", "6개월 이내"); the unit is
# short and lazy so the particle after it still matches.
_KNUM = (
    r"\d[\d,.]*(?:\s?[만천백억조](?:\s?\d[\d,.]*)?)*(?:\s?[^\W\d_]{1,3}?)?"
    r"(?:\s(?:이상|이하|이내|미만|초과))?"
)
_KO_CHANGE = (
    r"(?:수정|변경|개정|바꾸|바꿔|바꿀|바꾼|바꾸어|단축|연장|늘리|늘려|늘릴|줄이|줄여|줄일|상향|하향"
    r"|조정|고치|고쳐|고칠|대체|대치|낮추|낮춰|낮출|높이|높여|높일|완화|강화|정정"
    r"|해\s*주|하여\s*주|하도록|해야|하여야|할\s*것)"
)
_GAP = r"[^\x02\n]{0,60}?"  # a few words, no other quote
_SHORT_GAP = r"[^\x02\n,;]{0,60}?"
# "delete section 9(3), the sentence "..."": the quotation after a comma names the text.
_APPOSITION = (
    r"(?:,\s*(?:that\s+is\s+|namely\s+|i\.e\.\s+)?(?:the\s+(?:sentence|words?|phrase|text"
    r"|clause|provision)\s*)?:?\s*)?"
)
# "a new milestone", "an additional sentence": what a submission proposes to add.
_NEW_PROVISION = (
    r"\b(?:new|additional|extra|further)\s+(?:milestones?|commitments?|articles?|sections?"
    r"|paragraphs?|sentences?|clauses?|items?|provisions?|subsections?|points?|bullets?"
    r"|lines?|definitions?)\b"
)


@dataclass(frozen=True, slots=True)
class _EditRule:
    """One phrasing of an explicit edit.

    ``triggers``: lower-case strings one of which the sentence must hold (a cheap test
    before the pattern runs). ``loose``: unquoted terms count even outside a request
    (an arrow between two numbers is an edit wherever it stands).
    """

    kind: AskKind
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]
    terms: Literal["quotes", "numbers", "words"]  # the least a term of it may be
    quotes: int  # how many of its terms must be quotations
    loose: bool = False
    swap_for: bool = False  # "substitute Y for X": the first term is the new one


def _rule(
    kind: AskKind, pattern: str, triggers: str, *, loose: bool = False, swap_for: bool = False
) -> _EditRule:
    # A pattern without a term of its own ("move ... to Section 2") counts, like bare
    # words, only in a request.
    terms: Literal["quotes", "numbers", "words"] = (
        "words"
        if _WORD in pattern or "(?P<" not in pattern
        else "numbers"
        if _NUM in pattern or _KNUM in pattern
        else "quotes"
    )
    quotes = pattern.count(f"(?P<old>{_Q})") + pattern.count(f"(?P<new>{_Q})")
    return _EditRule(
        kind,
        re.compile(pattern, re.IGNORECASE),
        tuple(triggers.split()),
        terms,
        quotes,
        loose,
        swap_for,
    )


_ARROWS = "→ -> => ⇒ ➔ ⟶ ➜"
_ARROW_LIST = tuple(_ARROWS.split())
_ARROW_CHAR_RE = re.compile("[>→⇒➔⟶➜]")  # in every arrow
_DIGIT_RE = re.compile(r"\d")
# In order of precedence: where two match the same words, the first wins.
_EDIT_RULES = (
    _rule(
        "replace",
        rf"\b(?:strike|delete|remove)\b{_SHORT_GAP}(?P<old>{_Q}){_GAP}\b(?:and|then)\s+"
        rf"(?:insert|add|substitute|put|write)\b{_SHORT_GAP}(?P<new>{_Q})",
        "strike delete remove",
    ),
    _rule(
        "replace",
        rf"\b(?:replac|substitut|swap|exchang)\w*\b{_SHORT_GAP}(?P<old>{_Q}|{_NUM})\s*,?\s*"
        rf"(?P<by>with|by|for)\s+(?:the\s+(?:words?|phrases?|text|figure|number)\s+)?"
        rf"(?P<new>{_Q}|{_NUM})",
        "replac substitut swap exchang",
        swap_for=True,
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_NUM}){_GAP}\b(?:be|is|are|being|gets?)\s+(?:replaced|substituted"
        rf"|swapped)\s+(?:with|by)\s+(?:the\s+(?:words?|phrases?|text)\s+)?(?P<new>{_Q}|{_NUM})",
        "replaced substituted swapped",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_NUM}){_GAP}\b(?:be|is|are|being)\s+(?:changed|amended|altered"
        rf"|revised|corrected|modified|reduced|increased|extended|shortened|lowered|raised"
        rf"|cut)\s+(?:from\s+(?:{_Q}|{_NUM})\s+)?(?:to|into)\s+(?:read\s+)?(?P<new>{_Q}|{_NUM})",
        "changed amended altered revised corrected modified reduced increased extended "
        "shortened lowered raised cut",
    ),
    _rule(
        "replace",
        rf"\b(?:change|amend|alter|revise|correct|modify|turn|reduce|increase|extend|shorten"
        rf"|lower|raise|cut|bring|move|set)\b{_SHORT_GAP}(?P<old>{_Q})\s+(?:to|into)\s+"
        rf"(?:read\s+)?(?P<new>{_Q}|{_NUM})",
        "change amend alter revise correct modify turn reduce increase extend shorten lower "
        "raise cut bring move set",
    ),
    _rule(
        "replace",
        rf"\bchange\s+(?P<old>{_Q}|{_NUM}|{_WORD})\s+(?:to|into)\s+(?P<new>{_Q}|{_NUM}|{_WORD})",
        "change",
    ),
    _rule(
        "replace",
        rf"\b(?:chang|reduc|increas|extend|shorten|lower|rais|cut|mov|amend|decreas|lengthen"
        rf"|adjust|bring|set|alter|revis|modif)\w*\b[^\x02\n.;]{{0,60}}?\bfrom\s+"
        rf"(?P<old>{_Q}|{_NUM}|{_WORD})\s+(?:to|into)\s+(?P<new>{_Q}|{_NUM}|{_WORD})",
        "from",
    ),
    _rule("replace", rf"\bfrom\s+(?P<old>{_Q})\s+to\s+(?P<new>{_Q})", "from"),
    _rule(
        "replace",
        rf"(?P<old>{_Q})\s+(?:should|shall|must|could|would|ought\s+to|needs?\s+to)\s+"
        rf"(?:instead\s+)?(?:be|read|say|become)\s*:?\s+(?P<new>{_Q})",
        "should shall must could would ought need",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_NUM}|{_WORD})\s*(?:{'|'.join(map(re.escape, _ARROWS.split()))})\s*"
        rf"(?P<new>{_Q}|{_NUM}|{_WORD})",
        _ARROWS,
        loose=True,
    ),
    _rule(
        "replace",
        rf"(?P<new>{_Q}|{_NUM})\s+(?:instead\s+of|rather\s+than|in\s+place\s+of|au\s+lieu\s+de"
        rf"|plutôt\s+que)\s+(?P<old>{_Q}|{_NUM})",
        "instead rather place lieu plutôt",
    ),
    # French
    _rule(
        "replace",
        rf"\bremplac\w*\b{_SHORT_GAP}(?P<old>{_Q}|{_NUM})\s+par\s+(?P<new>{_Q}|{_NUM})",
        "remplac",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_NUM}){_GAP}\bremplacée?s?\s+par\s+(?P<new>{_Q}|{_NUM})",
        "remplac",
    ),
    _rule(
        "replace",
        rf"\b(?:port|ramen|rédui|réduis|pass|modifi|relev|abaiss|allong|raccourc|fix)\w*\b"
        rf"[^\x02\n.;]{{0,60}}?\bde\s+(?P<old>{_Q}|{_NUM})\s+à\s+(?P<new>{_Q}|{_NUM})",
        " de ",
    ),
    # Korean: "X을 Y로 바꿔", "X라고 되어 있는데 Y로 바꿔", "X 대신 Y"
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_KNUM})\s*(?:을|를|은|는|이|가)\s*(?P<new>{_Q}|{_KNUM})\s*(?:으로|로)\s*"
        rf"{_KO_CHANGE}",
        "로",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_KNUM})\s*에서\s*(?P<new>{_Q}|{_KNUM})\s*(?:으로|로)\s*{_KO_CHANGE}",
        "에서",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q})\s*(?:으로|로|라고|이라고|고|라)\s*(?:되어|돼)\s*있[^\x02\n]{{0,40}}?"
        rf"(?P<new>{_Q})\s*(?:으로|로)\s*{_KO_CHANGE}",
        "있",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_KNUM})\s*대신(?:에)?\s*,?\s*(?P<new>{_Q}|{_KNUM})",
        "대신",
    ),
    # Deletions
    _rule(
        "delete",
        rf"\b(?:delete|remove|strike(?:\s+out)?|omit|drop|take\s+out|scrap|supprim\w*)\b"
        rf"{_SHORT_GAP}{_APPOSITION}(?P<old>{_Q})",
        "delete remove strike omit drop take scrap supprim",
    ),
    _rule(
        "delete",
        rf"(?P<old>{_Q}){_GAP}\b(?:be|is|are|soit|soient|être)\s+(?:deleted|removed"
        rf"|struck(?:\s+out)?|omitted|dropped|taken\s+out|scrapped|supprimée?s?)",
        "deleted removed struck omitted dropped taken scrapped supprim",
    ),
    _rule(
        "delete",
        rf"(?P<old>{_Q})\s*(?:(?:이?라는|의)?\s*(?:부분|문구|단어|조항|항목|내용|규정|표현|구절)\s*)?"
        rf"(?:을|를|은|는|이|가)?\s*(?:삭제|빼|없애|제외|지워)",
        "삭제 빼 없애 제외 지워",
    ),
    # Moves: the text stays, its place changes ("move the definition to Section 2",
    # "제16조로 옮기고"). The moved text is named only when it is quoted right away.
    _rule(
        "move",
        rf"\b(?:move|relocate|transfer)\s+(?:the\s+(?:words?|sentence|phrase|text|definition"
        rf"|paragraph|clause|item)\s+)?(?P<old>{_Q})[^\x02\n]{{0,100}}?\b(?:to|into|under"
        rf"|after|before)\b",
        "move relocate transfer",
    ),
    _rule(
        "move",
        r"\b(?:move|relocate|transfer)\b[^\n;]{0,120}?\b(?:to|into|under|after|before)\s+"
        r"(?:the\s+\w+\s+(?:of\s+\w+\s+)?(?:in\s+)?)?(?:section|article|part|chapter|paragraph"
        r"|list|definitions|annex|schedule|clause|subsection|heading|§|\d)",
        "move relocate transfer",
    ),
    _rule(
        "move",
        # to a provision ("제16조의 제2항으로 옮겨"), not "손으로 옮겨 적다"
        r"(?:조|항|호|목|장|절|편|관|칙|표|\))\s*(?:으로|로)\s*(?:옮기|옮겨|옮길|이동(?:하|해|할|시키|시켜))",
        "옮기 옮겨 옮길 이동",
    ),
    # Additions
    _rule(
        "add",
        rf"\b(?:add|insert|include|append|put\s+in|ajout\w*|insér\w*|inscri\w*)\b{_SHORT_GAP}"
        rf"(?P<new>{_Q})",
        "add insert include append put ajout insér inscri",
    ),
    _rule(
        "add",
        rf"(?P<new>{_Q}){_GAP}\b(?:be|is|are|soit|soient|être)\s+(?:added|inserted|included"
        rf"|appended|ajoutée?s?|insérée?s?)",
        "added inserted included appended ajout insér",
    ),
    _rule(
        "add",
        rf"(?P<new>{_Q})\s*(?:(?:이?라는|와\s*같은|을|를|의)\s*)?[^\x02\n.]{{0,30}}?"
        rf"(?:(?:추가|신설|삽입|포함)(?:하|해|할|시켜|토록)|넣(?:어|을|고|으))",
        "추가 신설 넣 삽입 포함",
    ),
    _rule(
        "add",
        rf"{_NEW_PROVISION}[^\x02\n]{{0,60}}?:\s*(?P<new>{_Q})",
        "new additional extra further",
    ),
    # A new wording for a provision the submission names but does not quote.
    _rule(
        "replace",
        rf"\b(?:(?:should|shall|to|must|would|could)\s+(?:now\s+)?(?:read|say)|amended\s+to\s+read"
        rf"|(?:read|worded)\s+as\s+follows|that\b[^\x02\n]{{0,60}}?\b(?:read|say)|rédigée?s?"
        rf"|libellée?s?)"
        rf"\s*:?\s*(?P<new>{_Q})",
        "read say worded rédig libell",
    ),
    _rule("replace", rf"(?P<new>{_Q})\s*(?:으로|로)\s*{_KO_CHANGE}", "로"),
)


@dataclass(frozen=True, slots=True)
class _RuleSet:
    """Edit rules to try on one kind of sentence, indexed by their triggers.

    The triggers are split by script so that a sentence is searched only for those its
    letters could spell.
    """

    rules: tuple[_EditRule, ...]
    hangul: tuple[str, ...]  # triggers with Hangul in them
    latin: tuple[str, ...]  # ... with Latin letters
    symbols: tuple[str, ...]  # ... with neither ("→", "->")
    by_trigger: dict[str, frozenset[int]]

    @classmethod
    def of(cls, rules: Sequence[_EditRule]) -> _RuleSet:
        by_trigger: dict[str, set[int]] = {}
        for k, rule in enumerate(rules):
            for t in rule.triggers:
                by_trigger.setdefault(t, set()).add(k)
        index = {t: frozenset(ks) for t, ks in by_trigger.items()}
        hangul = tuple(t for t in index if _HANGUL_RE.search(t))
        latin = tuple(t for t in index if t not in hangul and _LATIN_RE.search(t))
        symbols = tuple(t for t in index if t not in hangul and t not in latin)
        return cls(tuple(rules), hangul, latin, symbols, index)

    def triggered(self, lowered: str) -> list[_EditRule]:
        """The rules one of whose triggers ``lowered`` holds, in order of precedence."""
        triggers = self.symbols
        if _LATIN_RE.search(lowered):
            triggers += self.latin
        if _HANGUL_RE.search(lowered):
            triggers += self.hangul
        hit: set[int] = set()
        for t in triggers:
            if t in lowered:
                hit |= self.by_trigger[t]
        return [self.rules[k] for k in sorted(hit)]


_ALL_RULES = _RuleSet.of(_EDIT_RULES)  # a sentence with a quotation
_NUMBER_RULES = _RuleSet.of([r for r in _EDIT_RULES if r.terms != "quotes"])  # a request
_WORD_RULES = _RuleSet.of([r for r in _EDIT_RULES if r.terms == "words"])  # ... without digits
_LOOSE_RULES = _RuleSet.of([r for r in _EDIT_RULES if r.loose])  # an arrow anywhere


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(needle in text for needle in needles)


# "Please do not delete ...": a negated edit asks to keep the text as it is.
_NEGATED_RE = re.compile(r"(?:\bnot|\bnever|n't|n’t|\bne\s+pas|\bpas)\s*$", re.IGNORECASE)
_KO_NEGATED_RE = re.compile(r"\s*(?:하지|지)\s*(?:말|않)")
# Pronouns and articles are not the term a "change X to Y" replaces.
_NOT_TERMS = frozenset(
    "it this that these those them the a an its their our your his her section article "
    "paragraph clause item part rule".split()
)


@dataclass(frozen=True, slots=True)
class _Edit:
    """An explicit edit found in a sentence: the words that say it, the old and new text."""

    start: int
    end: int
    kind: AskKind
    old: str | None
    new: str | None
    old_span: tuple[int, int] | None  # the quoted old text, which is context
    new_span: tuple[int, int] | None


def _find_edits(text: str, masked: str, offset: int, request: bool) -> list[_Edit]:
    """The explicit edits a sentence states, in order; ``offset`` is where it starts."""
    # Unquoted terms count only in a request, or around an arrow: most sentences need
    # no pattern tried at all.
    quotes = masked.count(_OPEN)
    if not (quotes or request or _ARROW_CHAR_RE.search(masked)):
        return []
    if quotes:
        rule_set = _ALL_RULES
    elif request:
        rule_set = _NUMBER_RULES if _DIGIT_RE.search(masked) else _WORD_RULES
    elif _holds_any(masked, _ARROW_LIST):
        rule_set = _LOOSE_RULES
    else:
        return []
    found: list[_Edit] = []
    taken: list[tuple[int, int]] = []
    for rule in rule_set.triggered(masked.lower()):
        if rule.quotes > quotes:
            continue
        for m in rule.pattern.finditer(masked):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            edit = _edit_of(text, masked, offset, m, rule, request)
            if edit is not None:
                found.append(edit)
                taken.append(m.span())
    return sorted(found, key=lambda edit: edit.start)


def _edit_of(
    text: str, masked: str, offset: int, m: re.Match[str], rule: _EditRule, request: bool
) -> _Edit | None:
    if _NEGATED_RE.search(masked, max(0, m.start() - 12), m.start()):
        return None
    if _KO_NEGATED_RE.match(masked, m.end()):
        return None
    groups = m.groupdict()
    terms: dict[str, tuple[int, int] | None] = {}
    for name in ("old", "new"):
        span = m.span(name) if groups.get(name) is not None else None
        terms[name] = span
    quoted = {n: span is not None and masked[span[0]] == _OPEN for n, span in terms.items()}
    present = [n for n, span in terms.items() if span is not None]
    if not rule.loose and not request and not all(quoted[n] for n in present):
        return None
    if rule.loose and not request:
        # Arrows between bare words need a request around them; numbers or quotes do not.
        for n in present:
            span = terms[n]
            assert span is not None
            if not quoted[n] and not any(c.isdigit() for c in masked[span[0] : span[1]]):
                return None
    if rule.swap_for and (groups.get("by") or "").lower() == "for":
        terms["old"], terms["new"] = terms["new"], terms["old"]
        quoted["old"], quoted["new"] = quoted["new"], quoted["old"]
    values: dict[str, str | None] = {}
    spans: dict[str, tuple[int, int] | None] = {}
    for n in ("old", "new"):
        span = terms[n]
        if span is None:
            values[n], spans[n] = None, None
            continue
        s, e = span[0] + offset, span[1] + offset
        if quoted[n]:
            s, e = s + 1, e - 1
        value = text[s:e].strip()
        if not quoted[n]:
            value = value.rstrip(".,;:")
        if not value or (not quoted[n] and value.lower() in _NOT_TERMS):
            return None
        values[n], spans[n] = value, (s, e) if quoted[n] else None
    old, new = values["old"], values["new"]
    if rule.kind == "move":
        new = old  # the text moves as it is
    elif old is not None and new is not None:
        if _squash(old).lower() == _squash(new).lower():
            return None
        old = _narrow(old, new)
    return _Edit(
        m.start() + offset, m.end() + offset, rule.kind, old, new, spans["old"], spans["new"]
    )


_DIGITS_RE = re.compile(r"\d[\d,.]*")


def _narrow(old: str, new: str) -> str:
    """The old term as the new one shapes it.

    A bare number takes the new one's unit ("from 90 to 30 days": old "90 days"); a
    quoted clause gives the part the new number replaces ("...6개월 이내에 공개한다"
    -> "3개월 이내": old "6개월 이내").
    """
    new_number = _DIGITS_RE.search(new)
    if new_number is None:
        return old
    if _DIGITS_RE.fullmatch(old) and new_number.start() == 0:
        return old + new[new_number.end() :]
    if len(old) > len(new):
        pattern = r"\d[\d,.]*".join(map(re.escape, _DIGITS_RE.split(new)))
        found = re.search(pattern, old, re.IGNORECASE)
        if found:
            return found[0]
    return old


# --- free text: from sentences to asks -----------------------------------------------


@dataclass(slots=True)
class _Sentence:
    start: int  # offsets into the submission text
    end: int
    masked: str
    request: bool
    edits: list[_Edit]


# A sentence that introduces what follows it ("Please add the following to Section 5:",
# "다음 문장을 추가해 주십시오.", "Nous demandons donc :").
_FOLLOWING_RE = re.compile(
    r"\b(?:following|below|as\s+follows)\b|다음|아래|\b(?:suivante?s?|ci-dessous|comme\s+suit)\b",
    re.IGNORECASE,
)
_ADD_VERB_RE = re.compile(
    r"\b(?:add|adding|added|insert\w*|include\w*|append\w*|put\s+in)\b|넣|새\s*(?:항|조|호|목)"
    rf"|{_NEW_PROVISION}"
    r"|(?:추가|신설|삽입)(?:하|해|할|함|토록|되|돼)"
    r"|\bajout\w*|\binsér\w*|\binscri\w*",
    re.IGNORECASE,
)
_REPLACE_VERB_RE = re.compile(
    r"\b(?:(?:should|shall|to|must|would|could)\s+(?:now\s+)?(?:read|say)|replac\w*|amend\w*"
    r"|reword\w*|rewrit\w*|redraft\w*|substitut\w*|chang\w*|revis\w*)\b|(?:수정|변경|대체|개정)(?:하|해|할|함|토록|되|돼)|바꾸|바꿔|바꿀|고쳐|고칠"
    r"|\bremplac\w*|\bmodifi\w*|\brédig\w*"
    r"|\breformul\w*|\bthat\b[^\n]{0,80}\b(?:read|say)\s*:?\s*$|\bworded\b",
    re.IGNORECASE,
)
_PROPOSAL_NOUN_RE = re.compile(
    r"\b(?:recommendations?|proposals?|suggestions?|requests?|changes|amendments|demands)\b"
    r"|\b(?:demandes|propositions|recommandations|modifications)\b|요청|제안|건의|요구|개선\s*사항",
    re.IGNORECASE,
)
_WHOLLY_QUOTED_RE = re.compile(r"\x02[^\x02\x03]*\x03[.,;:]?")
_QUOTE_LINE_RE = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Text:
    """A submission's text, the same with quotes blanked out (see ``_mask``), and its quotes."""

    text: str
    masked: str
    quotes: Sequence[tuple[int, int]]

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.quotes if start <= s and e <= end]

    def quote_end(self, start: int) -> int | None:
        """The end of the quote that opens at ``start``, if one does."""
        return next((e for s, e in self.quotes if s == start), None)


def _prose_asks(text: str, segments: Sequence[_Segment], rules: _Rules) -> list[_Draft]:
    """The asks of everything but the diff: tables, paragraphs, list items, headings."""
    doc = _Text(text, *_mask(text))
    drafts: list[_Draft] = []
    i, n = 0, len(segments)
    while i < n:
        unit = segments[i]
        if isinstance(unit, _Hunk) or unit.kind == "quote":
            i += 1
            continue
        if unit.kind == "row":
            j = i + 1
            while j < n and _next_row(text, segments[j - 1], segments[j]):
                j += 1
            rows = [u for u in segments[i:j] if isinstance(u, _Unit)]
            table = _table_asks(text, rows)
            if table is None:  # not a comparison: its cells are text like any other
                for row in rows:
                    drafts += _runs(doc, _sentences(doc, row, rules))
            else:
                drafts += table
            i = j
            continue
        sentences = _sentences(doc, unit, rules)
        consumed = 0
        if sentences and _announces_table(doc, segments, i, sentences[-1]):
            sentences[-1].request = False  # "아래와 같이 고쳐 주십시오." over the rows
        elif sentences:
            lead = _lead_in(doc, segments, i, sentences[-1])
            if isinstance(lead, _Edit):
                sentences[-1].edits = [lead]
                sentences[-1].end = lead.end
                consumed = _consumed(segments, i, lead.end)
            elif lead is not None:
                # The items carry the requests; a sentence that only announced them
                # ("We ask for the following:", "Nous demandons donc :") is no ask.
                if _only_announces(sentences[-1].masked):
                    sentences[-1].request = False
                for k in lead:
                    item = segments[k]
                    assert isinstance(item, _Unit)
                    item_drafts = _runs(doc, _sentences(doc, item, rules))
                    if not item_drafts and not _is_question(doc.masked[item.start : item.end]):
                        item_drafts = [_Draft(item.start, item.end, "request")]
                    drafts += item_drafts
                consumed = len(lead)
        drafts += _runs(doc, sentences)
        i += 1 + consumed
    return drafts


def _announces_table(doc: _Text, segments: Sequence[_Segment], i: int, last: _Sentence) -> bool:
    """Whether the last sentence of unit ``i`` only announces the comparison table after
    it: the table's rows are the asks."""
    if not (last.request and i + 1 < len(segments) and _only_announces(last.masked)):
        return False
    nxt = segments[i + 1]
    if not (isinstance(nxt, _Unit) and nxt.kind == "row"):
        return False
    j = i + 2
    while j < len(segments) and _next_row(doc.text, segments[j - 1], segments[j]):
        j += 1
    rows = [u for u in segments[i + 1 : j] if isinstance(u, _Unit)]
    return _table_asks(doc.text, rows) is not None


def _next_row(text: str, row: _Segment, other: _Segment) -> bool:
    """Whether ``other`` is a table row on the line right after table row ``row``."""
    if not (isinstance(row, _Unit) and isinstance(other, _Unit) and other.kind == "row"):
        return False
    return row.kind == "row" and text.count("\n", row.end, other.start) == 1


def _consumed(segments: Sequence[_Segment], i: int, end: int) -> int:
    """How many segments after ``i`` end by ``end``."""
    k = i + 1
    while k < len(segments) and isinstance(u := segments[k], _Unit) and u.end <= end:
        k += 1
    return k - i - 1


def _sentences(doc: _Text, unit: _Unit, rules: _Rules) -> list[_Sentence]:
    """The sentences of a unit, each classified."""
    masked = doc.masked[unit.start : unit.end]
    if unit.kind == "heading":
        spans = [(0, len(masked))] if masked.strip() else []
    else:
        spans = _sentence_spans(masked, row=unit.kind == "row")
    sentences = []
    for (s, e), request in zip(spans, _requests(masked, spans, rules), strict=True):
        piece = masked[s:e]
        question = not request and _is_question(piece)
        edits = [] if question else _find_edits(doc.text, piece, unit.start + s, request)
        sentences.append(_Sentence(unit.start + s, unit.start + e, piece, request, edits))
    return sentences


def _requests(masked: str, spans: Sequence[tuple[int, int]], rules: _Rules) -> list[bool]:
    """Which sentences of a unit (quotes blanked out) are requests.

    The marker patterns run once over the whole unit and each sentence looks up the
    markers that fall inside it: one pass of the engine instead of one per sentence.
    """
    low = masked.lower()
    if not rules.known or len(low) != len(masked):  # lower() changed a length: rare
        return [_is_request(masked[s:e], rules) for s, e in spans]
    # Each language's markers only where its script is.
    latin = _LATIN_RE.search(low) is not None
    # With a space in front, a match starts where its marker starts in ``low``.
    spaced = f" {low}"
    hits = [m.start() for m in _EN_MARKER_RE.finditer(spaced)] if latin else []
    if _HANGUL_RE.search(low):
        hits += [m.start() for m in _KO_MARKER_RE.finditer(low)]
    if rules.french and latin:
        hits += [m.start() for m in _FR_MARKER_RE.finditer(spaced)]
    hits.sort()
    flags = []
    for s, e in spans:
        piece = low[s:e]
        if not _has_word(piece):
            flags.append(False)
            continue
        start = s + len(piece) - len(piece.lstrip(_EMPHASIS))
        if _is_question(piece):
            core = low[start:e].rstrip(_EMPHASIS)
            flags.append(_polite_request(core) and not _not_ask(core))
            continue
        k = bisect.bisect_left(hits, s)
        request = (
            (k < len(hits) and hits[k] < e)
            or (piece.rstrip(" .。").endswith("것") and _KO_ENDING_RE.search(piece) is not None)
            # Imperatives are listed for languages in the Latin script only.
            or (low[start : start + 1] < "\u0250" and _starts_imperative(low, start, e, rules))
        )
        flags.append(request and not _not_ask(low[start:e].rstrip(_EMPHASIS)))
    return flags


def _lead_in(
    doc: _Text, segments: Sequence[_Segment], i: int, last: _Sentence
) -> _Edit | list[int] | None:
    """What the last sentence of unit ``i`` introduces, if it is a request that does.

    An edit (``add`` or ``replace``) whose new text is the quotation, provision or list
    items after it; or the indexes of the list items that make up its request; or None.
    """
    unit = segments[i]
    assert isinstance(unit, _Unit)
    masked = last.masked
    if last.edits or unit.kind == "row":
        return None
    colon = masked.rstrip(" *_").endswith(":")
    if not last.request:
        # Not a request itself, but it may name what follows as proposals: a heading
        # over proposed wording, or "Our recommendations:" over a list.
        heading = _proposal_heading(doc, segments, i, last)
        if heading is not None or not (colon and _PROPOSAL_NOUN_RE.search(masked)):
            return heading
        block, _, shape = _block_after(doc, segments, i, plain=False)
        return block if shape == "items" else None
    following = _FOLLOWING_RE.search(masked) is not None
    if not (colon or following):
        return None
    kind: AskKind | None = None
    if _ADD_VERB_RE.search(masked):
        kind = "add"
    elif _REPLACE_VERB_RE.search(masked):
        kind = "replace"
    block, new, shape = _block_after(doc, segments, i, plain=kind is not None)
    if not block:
        return None
    if kind is not None and (following or shape != "items"):
        first, end = segments[block[0]], segments[block[-1]]
        assert isinstance(first, _Unit) and isinstance(end, _Unit)
        return _Edit(last.start, end.end, kind, None, new, None, (first.start, end.end))
    if shape == "items":
        return block
    return None


# A heading or label that names what follows as proposed text ("Proposed addition to
# Section 13", "개정 의견", "Rédaction proposée").
_PROPOSAL_HEADING_RE = re.compile(
    r"\b(?:proposed|suggested|recommended|new)\s+(?:addition|amendment|change|text|wording"
    r"|sentence|paragraph|section|clause|provision|article|subsection|milestone|commitment"
    r"|definition|item)s?\b|개정\s*(?:의견|안|문안)|수정\s*(?:의견|안|문안)|제안\s*(?:문구|내용|조문)"
    r"|추가\s*(?:문구|조항|의견)|신설\s*(?:의견|조항)|rédaction\s+proposée|proposition\s+de"
    r"\s+rédaction|amendement\s+proposé",
    re.IGNORECASE,
)
_ADDITION_RE = re.compile(r"\badd|추가|신설|ajout|\bnew\b", re.IGNORECASE)


def _proposal_heading(
    doc: _Text, segments: Sequence[_Segment], i: int, last: _Sentence
) -> _Edit | None:
    """The quotation after a heading or label that names it a proposal, as an edit."""
    unit = segments[i]
    assert isinstance(unit, _Unit)
    if unit.kind != "heading" and not last.masked.rstrip(" *_").endswith(":"):
        return None
    if not _PROPOSAL_HEADING_RE.search(last.masked):
        return None
    block, new, shape = _block_after(doc, segments, i, plain=False)
    if shape != "quote":
        return None
    first, end = segments[block[0]], segments[block[-1]]
    assert isinstance(first, _Unit) and isinstance(end, _Unit)
    kind: AskKind = "add" if _ADDITION_RE.search(last.masked) else "replace"
    return _Edit(last.start, end.end, kind, None, new, None, (first.start, end.end))


def _only_announces(masked: str) -> bool:
    """Whether a sentence before a list says nothing but that the list follows."""
    words = [w for w in masked.split() if _has_word(w)]
    return _FOLLOWING_RE.search(masked) is not None or len(words) <= 3


# The start of a provision written out in full: "제○조(...)", "①", "Article 5", "§ 3".
_PROVISION_RE = re.compile(
    r"제\s*[\d○]+\s*조|[①-⑳]|\(\d{1,3}\)|(?:article|section|art\.|sec\.|§)\s*[\d○]",
    re.IGNORECASE,
)


def _block_after(
    doc: _Text, segments: Sequence[_Segment], i: int, *, plain: bool
) -> tuple[list[int], str, str]:
    """The segments right after unit ``i`` that hold text it introduces, that text, and
    the block's shape: "quote" or "items".

    A ``>`` quote block; paragraphs that make up one quotation; the list items that
    follow (under unit ``i`` if that is an item itself); and with ``plain``, the next
    paragraph whatever it is, with the provisions on the lines right after it.
    """
    none: tuple[list[int], str, str] = ([], "", "")
    unit = segments[i]
    assert isinstance(unit, _Unit)
    if i + 1 >= len(segments) or not isinstance(nxt := segments[i + 1], _Unit):
        return none
    text = doc.text
    if nxt.kind == "quote":
        body = _QUOTE_LINE_RE.sub("", text[nxt.start : nxt.end]).strip()
        return [i + 1], _unquoted(body), "quote"
    close = doc.quote_end(nxt.start)
    if close is not None:
        # A quotation, maybe over several paragraphs or items, up to its closing mark.
        for k in range(i + 1, len(segments)):
            u = segments[k]
            if not isinstance(u, _Unit) or u.kind in ("quote", "heading", "row"):
                break
            if u.end >= close:
                if doc.masked[close : u.end].strip(" .,;:"):
                    break
                return list(range(i + 1, k + 1)), _unquoted(text[nxt.start : u.end]), "quote"
        return none
    if nxt.kind == "item" and _under(unit, nxt):
        block = [i + 1]
        for k in range(i + 2, len(segments)):
            u = segments[k]
            if not (isinstance(u, _Unit) and u.kind == "item" and _under(unit, u)):
                break
            # The list goes on with items of its first item's kind, or deeper ones.
            if u.indent <= nxt.indent and u.marker != nxt.marker:
                break
            block.append(k)
        items = [u for k in block if isinstance(u := segments[k], _Unit)]
        return block, "\n".join(_item_text(text, u) for u in items), "items"
    if not plain or nxt.kind != "para":
        return none
    block = [i + 1]
    for k in range(i + 2, len(segments)):
        u, before = segments[k], segments[k - 1]
        if not (isinstance(u, _Unit) and isinstance(before, _Unit) and u.kind in ("item", "para")):
            break
        if text.count("\n", before.end, u.start) != 1 or not _starts_provision(text, u):
            break
        block.append(k)
    end = segments[block[-1]]
    assert isinstance(end, _Unit)
    return block, text[nxt.start : end.end].strip(), "plain"


def _item_text(text: str, item: _Unit) -> str:
    """A list item as proposed text: a number it has is part of it ("(4) ..."), a
    bullet is not, and neither are quote marks around it."""
    body = _unquoted(text[item.start : item.end].strip())
    if item.marker == "bullet" or body != text[item.start : item.end].strip():
        return body
    return text[text.rfind("\n", 0, item.start) + 1 + item.indent : item.end].strip()


def _under(lead: _Unit, item: _Unit) -> bool:
    """Whether ``item`` is in a list under ``lead``: any list after a paragraph, a
    deeper one or one numbered otherwise after an item."""
    if lead.kind != "item":
        return True
    return item.indent > lead.indent or (item.indent == lead.indent and item.marker != lead.marker)


def _starts_provision(text: str, unit: _Unit) -> bool:
    if unit.kind == "item":
        return unit.marker in ("circled", "paren")
    return _PROVISION_RE.match(text, unit.start) is not None


def _unquoted(passage: str) -> str:
    """A passage without the quote marks around it."""
    masked, quotes = _mask(passage)
    if len(quotes) == 1 and _WHOLLY_QUOTED_RE.fullmatch(masked.strip()):
        s, e = quotes[0]
        return passage[s + 1 : e - 1].strip()
    return passage


def _runs(doc: _Text, sentences: Sequence[_Sentence]) -> list[_Draft]:
    """The asks of one unit: each run of consecutive request or edit sentences."""
    drafts: list[_Draft] = []
    run: list[_Sentence] = []
    before: _Sentence | None = None
    for sentence in [*sentences, None]:
        if sentence is not None and (sentence.request or sentence.edits):
            # "Please add them to the list": the sentence before says what "them" is.
            if not run and before is not None and _refers_back(sentence.masked):
                run.append(before)
            run.append(sentence)
            continue
        if run:
            drafts += _run_asks(doc, run)
            run = []
        before = sentence
    return drafts


# A pronoun early in a request that stands for what the sentence before said.
_BACK_REFERENCE_RE = re.compile(
    r"\b(?:them|these|those|this|such)\b|^(?:please\s+)?[^\W\d_]+\s+it\b"  # "Make it 60 days."
    r"|이것|이를|그것|그를|이\s*(?:내용|부분|점|문제)|그\s*(?:내용|부분|점|문제)|이러한|이런"
    r"|\b(?:cela|ceci|celles?-ci|ceux-ci)\b",
    re.IGNORECASE,
)


def _refers_back(masked: str) -> bool:
    return _BACK_REFERENCE_RE.search(masked, 0, 50) is not None


def _run_asks(doc: _Text, run: Sequence[_Sentence]) -> list[_Draft]:
    """One request for a run without explicit edits; else one ask per edit.

    The request sentences around an edit explain it, so they belong to its ask: those
    before the first edit and after the last go with it, and those between two edits
    with the one before.
    """
    start, end = run[0].start, run[-1].end
    edits = [(k, edit) for k, sentence in enumerate(run) for edit in sentence.edits]
    if not edits:
        return [_Draft(start, end, "request", context=_passages(doc, start, end))]
    bounds = [start]
    for (k0, e0), (k1, _) in zip(edits, edits[1:], strict=False):
        bounds.append(run[k1].start if k1 != k0 else e0.end)
    bounds.append(end)
    drafts = []
    for (_, edit), s, e in zip(edits, bounds, bounds[1:], strict=False):
        s, e = _trimmed(doc.text, s, e)
        context = [] if edit.old_span is None else [edit.old_span]
        context += [
            q for q in _passages(doc, s, e) if q != edit.old_span and not _within(q, edit.new_span)
        ]
        drafts.append(_Draft(s, e, edit.kind, edit.old, edit.new, tuple(sorted(set(context)))))
    return drafts


def _passages(doc: _Text, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The quoted passages (eight words or more) between ``start`` and ``end``: inner text.

    A shorter quote is a term the submitter uses in its own sentence ("may", "90 days").
    """
    return tuple(
        (s + 1, e - 1)
        for s, e in doc.quotes_in(start, end)
        if len(doc.text[s + 1 : e - 1].split()) >= _PASSAGE_WORDS
    )


def _within(span: tuple[int, int], outer: tuple[int, int] | None) -> bool:
    return outer is not None and outer[0] <= span[0] and span[1] <= outer[1]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def has_edit_cue(text: str) -> bool:
    """Whether a submission may hold an explicit edit: a diff hunk, a comparison table,
    an arrow, a quotation or a number next to a word of editing ("replace", "delete",
    "instead", "삭제", "로 변경" ...). Cheap: at scale the engine looks for explicit
    edits only where it is True, since most letters propose in free text.

    >>> has_edit_cue('Please change "may" to "shall".'), has_edit_cue("We like the plan.")
    (True, False)
    >>> has_edit_cue("We ask that the period be cut from 90 days to 30 days.")
    True
    """
    if "@@ -" in text or _ARROW_CUE_RE.search(text):
        return True
    if "|" in text and _TABLE_CUE_RE.search(text):
        return True
    if not _QUOTE_OR_NUMBER_RE.search(text):
        return False
    lowered = text.lower()
    if any(stem in lowered for stem in _CUE_STEMS) or _ADD_RE.search(lowered):
        return True
    return "from" in lowered and bool(_FROM_TO_RE.search(lowered))


_ARROW_CUE_RE = re.compile(r"->|=>|[→⇒➔⟶➜]")
_TABLE_CUE_RE = re.compile(
    r"현행|개정|수정안|원안|current|existing|proposed|amended|suggested|actuel|proposé", re.I
)
# Words of editing: the stems of the edit rules' verbs and of substitution, looked for
# as plain substrings (fast); "add" and "from ... to" need their word boundaries.
_CUE_STEMS = (
    "replac", "substitut", "delet", "remov", "strike", "struck", "omit", "insert", "amend",
    "chang", "instead", "rather than", "should read", "read as", "remplac", "supprim",
    "삭제", "신설", "추가", "대신", "변경", "수정", "개정", "바꾸", "바꿔", "단축", "연장",
    "늘리", "늘려", "줄이", "줄여", "상향", "하향", "조정", "고치", "고쳐", "옮기", "옮겨",
)  # fmt: skip
_ADD_RE = re.compile(r"\badd\b")
_FROM_TO_RE = re.compile(r"\bfrom\b[^.\n]{0,40}\bto\b")
_QUOTE_OR_NUMBER_RE = re.compile(r"[\"'“”‘’«»「」『』]|\d")
