"""Match a submission's explicit edits to the edits the final made.

An explicit edit is an ask that says exactly what to change: a diff's ``-``/``+``
lines, a comparison table's row, "replace X with Y", "delete X", "move X". It matches
a change that makes the same edit, whatever its size: a one-word fix counts when the
final made exactly that fix and the draft did not have it. Nothing here measures
similarity; an edit was made or it was not.

Texts are compared *folded*: quote marks straightened and runs of white space as one
space, so that a letter's curly quotes and a diff line's line breaks match the final's.
Case is kept: "GItHub" -> "GitHub" is an edit.

A long replacement (a diff line rewritten) is cut into its word-level pieces, each
with a few words of context from the lines around it; each piece is matched on its
own, so a line whose fix was adopted and whose other words were reworded later still
gets credit for the fix, and an ask of which only some pieces were made is adopted in
part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from .align import word_ops
from .model import Alignment, Change, Op, Span

_CONTEXT_WORDS = 3  # words of context on each side of a piece of a long replacement
_MOVED_SAME = 80.0  # fuzz.ratio (0-100) at which a moved clause is the one an ask names
# A clause number standing alone: "(c)", "3.", "12.1", "iv)", "①", "제3조".
_MARKER_RE = re.compile(
    r"(?<!\S)(?:\(?[0-9A-Za-z]{1,4}(?:\.[0-9]+)*[.)]|[\u2460-\u2473]|제\d+조)(?!\S)"
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded for comparison, and where each of its characters came from."""

    text: str
    origin: tuple[int, ...]  # original offset of each folded character, and the text's end

    @classmethod
    def of(cls, text: str) -> Folded:
        chars: list[str] = []
        origin: list[int] = []
        space = False
        for i, ch in enumerate(text.translate(_QUOTES)):
            if ch.isspace():
                if not space and chars:
                    chars.append(" ")
                    origin.append(i)
                space = True
                continue
            space = False
            chars.append(ch)
            origin.append(i)
        if chars and chars[-1] == " ":
            chars.pop()
            origin.pop()
        origin.append(len(text))
        return cls("".join(chars), tuple(origin))

    def find_all(self, needle: str) -> Iterator[tuple[int, int]]:
        """Original (start, end) of each occurrence of the folded ``needle``."""
        if not needle:
            return
        at = self.text.find(needle)
        while at >= 0:
            end = at + len(needle)
            yield self.origin[at], self.origin[end - 1] + 1
            at = self.text.find(needle, at + 1)


def fold(text: str) -> str:
    """``text`` as :class:`Folded` compares it.

    >>> fold("  The Department “May”\\n inspect ")
    'The Department "May" inspect'
    """
    return Folded.of(text).text


@dataclass(frozen=True, slots=True)
class EditMatch:
    """One explicit edit of an ask that the final made.

    ``final`` is where the edit landed in the final (an empty span at the place of a
    deletion), ``draft`` what it replaced or removed in the draft (None for an
    addition), ``change`` the index of the change in ``alignment.changes``.
    """

    change: int
    final: Span
    draft: Span | None


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """What became of one explicit edit: the pieces made, out of how many."""

    made: tuple[EditMatch, ...]
    pieces: int
    already_in_draft: bool = False


@dataclass(frozen=True)
class EditIndex:
    """The draft, the final and their edit script, folded once for every ask."""

    alignment: Alignment
    draft: Folded
    final: Folded
    changed_draft: tuple[tuple[int, int], ...]  # draft ranges of delete ops, in order
    changed_final: tuple[tuple[int, int], ...]  # final ranges of insert ops, in order

    @classmethod
    def build(cls, alignment: Alignment) -> EditIndex:
        ops = alignment.ops
        return cls(
            alignment,
            Folded.of(alignment.draft.text),
            Folded.of(alignment.final.text),
            tuple((o.draft_start, o.draft_end) for o in ops if o.kind == "delete"),
            tuple((o.final_start, o.final_end) for o in ops if o.kind == "insert"),
        )

    def match(self, kind: str, old: str | None, new: str | None) -> EditOutcome:
        """The pieces of one explicit edit (``kind`` add, replace, delete or move) that
        the final made."""
        if kind == "move" and old:
            found = self._moved(old)
            return EditOutcome(tuple(found), 1)
        if kind == "add" and new:
            return self._added(new)
        if kind == "delete" and old:
            return self._deleted(old)
        if kind == "replace" and old is not None and new is not None:
            return self._replaced(old, new)
        return EditOutcome((), 0)

    # --- kinds of edit -------------------------------------------------------------

    def _added(self, new: str) -> EditOutcome:
        needle = fold(new)
        if needle and needle in self.draft.text:
            return EditOutcome((), 1, already_in_draft=True)
        made = [
            m
            for start, end in self.final.find_all(needle)
            if _touches(self.changed_final, start, end)
            and (m := self._at_final(start, end, None)) is not None
        ]
        return EditOutcome(tuple(made[:1]), 1)

    def _deleted(self, old: str) -> EditOutcome:
        needle = fold(old)
        if not needle or needle not in self.draft.text:
            return EditOutcome((), 1)
        for start, end in self.draft.find_all(needle):
            if (
                _covered(self.changed_draft, start, end)
                and needle not in self.final.text
                and self._kept_around(start, end)
            ):
                where = self._final_offset(start)
                found = self._at_final(where, where, Span.of(self.alignment.draft.text, start, end))
                if found is not None:
                    return EditOutcome((found,), 1)
        return EditOutcome((), 1)

    def _replaced(self, old: str, new: str) -> EditOutcome:
        pieces = list(_pieces(old, new))
        if not pieces:
            return EditOutcome((), 0)
        if fold(new) and fold(new) in self.draft.text and fold(old) not in self.draft.text:
            return EditOutcome((), len(pieces), already_in_draft=True)
        made = [m for piece in pieces if (m := self._piece(piece)) is not None]
        return EditOutcome(tuple(made), len(pieces))

    def _piece(self, piece: _Piece) -> EditMatch | None:
        """Where the final made one piece of a replacement, if it did.

        Made means: the final holds the piece's new words in their context, the draft
        held its old words in theirs, and the draft did not already hold the new form.
        A piece with no context (a bare "replace X with Y") must also fall on an edit
        of the script: the final's new words inserted where the draft's old ones went.
        """
        after, before = fold(piece.new.text), fold(piece.old.text)
        if after == before or not after or not before:
            return None  # no visible edit, or nothing to find it by
        if before not in self.draft.text:
            return None  # the draft never had the old form
        # With its context, the new form anywhere in the draft means the draft had it
        # already; a bare word ("shall") is judged where it landed (below).
        if not piece.bare and after in self.draft.text:
            return None
        if not piece.new.edited:  # a deletion: the final holds the two sides joined
            return self._piece_deleted(piece)
        final = self.alignment.final.text
        for start, end in _locate(self.final, final, piece.new):
            if not _touches(self.changed_final, start, end):
                continue
            draft = self._draft_near(piece.old, start)
            if draft is None or (piece.bare and not self._replaced_here(draft, (start, end))):
                continue
            found = self._at_final(start, end, draft)
            if found is not None:
                return found
        return None

    def _piece_deleted(self, piece: _Piece) -> EditMatch | None:
        joined = fold(piece.new.context)
        if not joined or joined not in self.final.text or fold(piece.old.text) in self.final.text:
            return None
        draft = self.alignment.draft.text
        for start, end in _locate(self.draft, draft, piece.old):
            if _covered(self.changed_draft, start, end) and self._kept_around(start, end):
                where = self._final_offset(start)
                return self._at_final(where, where, Span.of(draft, start, end))
        return None

    def _moved(self, text: str) -> list[EditMatch]:
        """The moved clause that holds ``text`` (reworded a little on the way, perhaps)."""
        needle = fold(text)
        for n, change in enumerate(self.alignment.changes):
            if change.kind != "moved" or change.final is None or change.draft is None:
                continue
            if _alike(needle, fold(change.draft.text)) and _alike(needle, fold(change.final.text)):
                return [EditMatch(n, change.final, change.draft)]
        return []

    # --- places ----------------------------------------------------------------------

    def _kept_around(self, start: int, end: int) -> bool:
        """The draft's text just before and just after [start, end) stands in the final:
        the deletion was an edit of its own, not a part of rewriting the whole passage
        (where every sentence of the draft is gone, a deletion asked proves nothing)."""
        text = self.alignment.draft.text
        # Clause numbers around it do not count: a deletion renumbers what follows.
        before = _last_words(_MARKER_RE.sub(" ", text[max(0, start - 200) : start]), _CONTEXT_WORDS)
        after = _first_words(_MARKER_RE.sub(" ", text[end : end + 200]), _CONTEXT_WORDS)
        return all(not side or fold(side) in self.final.text for side in (before, after))

    def _replaced_here(self, draft: Span, final: tuple[int, int]) -> bool:
        """The draft's old words went where the final's new ones came: the edit script
        deletes ``draft`` and inserts ``final`` at one place."""
        return _covered(self.changed_draft, draft.start, draft.end) and abs(
            self._final_offset(draft.start) - final[0]
        ) <= max(20, final[1] - final[0])

    def _draft_near(self, side: _Side, final_at: int) -> Span | None:
        """The old words of a piece, at their occurrence in the draft nearest to where
        ``final_at`` came from."""
        home = self._draft_offset(final_at)
        draft = self.alignment.draft.text
        spans = list(_locate(self.draft, draft, side))
        if not spans:
            return None
        start, end = min(spans, key=lambda s: abs(s[0] - home))
        return Span.of(draft, start, end)

    def _draft_offset(self, final_at: int) -> int:
        for op in self.alignment.ops:
            if op.final_start <= final_at <= op.final_end:
                return op.draft_start + (final_at - op.final_start if op.kind == "equal" else 0)
        return 0

    def _final_offset(self, draft_at: int) -> int:
        for op in self.alignment.ops:
            if op.draft_start <= draft_at <= op.draft_end:
                return op.final_start + (draft_at - op.draft_start if op.kind == "equal" else 0)
        return len(self.alignment.final.text)

    def _at_final(self, start: int, end: int, draft: Span | None) -> EditMatch | None:
        """An edit at ``final[start:end]``, with the change it belongs to."""
        n = _change_at(self.alignment.changes, start, end, draft)
        if n is None:
            return None
        return EditMatch(n, Span.of(self.alignment.final.text, start, end), draft)


@dataclass(frozen=True, slots=True)
class _Side:
    """One side of a piece: the edited words with the words around them, as the ask
    writes them (a slice of its text), and where the edited words stand in it."""

    text: str
    start: int  # the edited words are text[start:end]
    end: int

    @property
    def edited(self) -> str:
        return self.text[self.start : self.end]

    @property
    def context(self) -> str:
        """The words around the edited ones, as they stand joined once those are gone."""
        return f"{self.text[: self.start].rstrip()} {self.text[self.end :].lstrip()}".strip()

    @property
    def has_context(self) -> bool:
        return bool(self.text[: self.start].strip() or self.text[self.end :].strip())


@dataclass(frozen=True, slots=True)
class _Piece:
    """One word-level piece of a replacement: old words -> new words, each side with
    the words around it on its own side (mostly the same words)."""

    old: _Side
    new: _Side
    bare: bool = False  # the whole edit, with no words around it (a bare "X -> Y")


def _pieces(old: str, new: str) -> Iterator[_Piece]:
    """The word-level pieces turning ``old`` into ``new``, each with up to
    ``_CONTEXT_WORDS`` words of context on both sides, as the ask writes them (so that
    "17:00" -> "20:00" is looked for as written, colon and all).

    A piece without words around it on either side is left out unless it is the whole
    edit (a bare "replace X with Y"): inside a longer passage, a word matched with no
    context could be any occurrence of it.
    """
    runs: list[list[Op]] = []
    for op in word_ops(old, new):
        if op.kind == "equal":
            runs.append([])
        elif runs and runs[-1]:
            runs[-1].append(op)
        else:
            runs.append([op])
    for run in (r for r in runs if r):
        piece = _Piece(
            _side(old, run[0].draft_start, run[-1].draft_end),
            _side(new, run[0].final_start, run[-1].final_end),
        )
        if fold(piece.old.text) == fold(old) and fold(piece.new.text) == fold(new):
            yield replace(piece, bare=True)
        elif piece.old.has_context and piece.new.has_context:
            yield piece


def _side(text: str, start: int, end: int) -> _Side:
    """``text[start:end]`` with up to ``_CONTEXT_WORDS`` words on each side of it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    before = [m.start() for m in re.finditer(r"\S+", text[:start])]
    after = [m.end() for m in re.finditer(r"\S+", text[end:])]
    left = (
        before[-_CONTEXT_WORDS]
        if len(before) >= _CONTEXT_WORDS
        else (before[0] if before else start)
    )
    right = end + (
        after[_CONTEXT_WORDS - 1] if len(after) >= _CONTEXT_WORDS else (after[-1] if after else 0)
    )
    return _Side(text[left:right], start - left, end - left)


def _alike(a: str, b: str) -> bool:
    """The same clause, give or take a few words (a whole or a part of the other)."""
    return max(fuzz.ratio(a, b), fuzz.partial_ratio(a, b)) >= _MOVED_SAME


def _last_words(text: str, n: int) -> str:
    words = text.split()
    return " ".join(words[-n:]) if words and n else ""


def _first_words(text: str, n: int) -> str:
    words = text.split()
    return " ".join(words[:n]) if words and n else ""


def _locate(doc: Folded, source: str, side: _Side) -> Iterator[tuple[int, int]]:
    """Where ``side`` stands in the folded document ``doc`` (of ``source``): for each
    occurrence of the whole side, the original offsets of its edited words."""
    folded = Folded.of(side.text)
    needle = folded.text
    if not needle:
        return
    # The edited words' place in the folded side: the first folded characters at or
    # after their start and end in the side's own text.
    first = next((i for i, at in enumerate(folded.origin) if at >= side.start), len(needle))
    last = next((i for i, at in enumerate(folded.origin) if at >= side.end), len(needle))
    at = doc.text.find(needle)
    while at >= 0:
        start = doc.origin[at + first] if at + first < len(doc.text) else len(source)
        end = doc.origin[at + last - 1] + 1 if last > first else start
        yield start, end
        at = doc.text.find(needle, at + 1)


def _touches(ranges: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Some range of ``ranges`` (sorted) overlaps [start, end), or touches it when empty."""
    for a, b in ranges:
        if a > end:
            break
        if a < end and start < b or (start == end and a <= start <= b):
            return True
    return False


def _covered(ranges: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Most of [start, end) lies in ``ranges``: it was deleted or replaced."""
    inside = sum(max(0, min(b, end) - max(a, start)) for a, b in ranges if a < end and start < b)
    return inside * 2 > end - start


def _change_at(changes: Sequence[Change], start: int, end: int, draft: Span | None) -> int | None:
    """The change whose final side holds [start, end), or, for a deletion (an empty
    final span), first the change whose draft side held ``draft``."""
    by_draft = [
        n
        for n, change in enumerate(changes)
        if draft is not None
        and change.draft is not None
        and change.draft.start <= draft.start < change.draft.end
    ]
    if start == end and by_draft:
        return by_draft[0]
    for n, change in enumerate(changes):
        if change.final is not None and change.final.start <= start and end <= change.final.end:
            return n
    return by_draft[0] if by_draft else None
