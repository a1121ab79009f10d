"""Campaign copies: a letter that is another's text with a few lines of its own.

Mass-comment campaigns send one template thousands of times, each copy personalised: a
greeting with the sender's name, a sentence of their own, a name and a town, now and
then a typo. Matching every copy in full costs what the whole docket costs; matching
the template once and each copy's own lines on their own costs what the template and
the personal lines cost.

A copy is found by its lines. Each text that is not itself a copy registers the CRC-32
of its ``KEPT_LINES`` least-hashing long lines not registered before (a MinHash over
lines: copies of one template share them unless those very lines were changed); a later
text holding all of them but one is compared line by line with the text that
registered them, and is its copy when at least half of both texts' characters stand in
equal lines. The comparison
gives a :class:`CopyMap`: which spans of the copy are the template's, unchanged, and
which lines are the copy's own. What the template's text supports is carried to the
copy only where it lies in unchanged lines; the own lines are matched as a text of
their own, so a copy that dropped the adopted paragraph gets no credit for it and a
copy whose typo falls in that paragraph is matched on its own words.
"""

from __future__ import annotations

import bisect
import difflib
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# Lines shorter than this, in bytes of UTF-8 (a greeting, "Yours sincerely,"), are too
# common to find a template by; they still take part in the line-by-line comparison.
MIN_LINE_BYTES = 32
# Lines each template registers. A later text must hold all but one of them to be
# compared: a copy is missed only if it changed two of the three, and a letter that
# merely quotes one of them (an article of the draft) is not compared at all.
KEPT_LINES = 3
# Share of each text's characters that must stand in equal lines. A half is the point
# where the texts are more the template than their own; below it a copy is matched in
# full, which is always correct and only slower.
MIN_SHARED = 0.5
HELD_TEMPLATES = 64  # campaigns whose template text is kept at hand
OWN_SEPARATOR = "\n\n"  # between a copy's own pieces: a paragraph break, as in letters


@dataclass(frozen=True, slots=True)
class CopyMap:
    """How a copy's text stands to its template's.

    ``shared`` holds the runs of equal lines as (start in the template, start in the
    copy, length), in order; ``own`` the copy's own pieces as (start, end) in the copy.
    """

    shared: tuple[tuple[int, int, int], ...]
    own: tuple[tuple[int, int], ...]

    def to_copy(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the template's span ``[start, end)`` stands in the copy, or None if
        any of it lies outside one run of equal lines (changed or dropped)."""
        k = bisect.bisect_right([t for t, _, _ in self.shared], start) - 1
        if k < 0:
            return None
        t, c, size = self.shared[k]
        if end > t + size:
            return None
        return c + start - t, c + end - t

    def own_text(self, copy: str) -> str:
        """The copy's own pieces, joined by a paragraph break: "" if it has none."""
        return OWN_SEPARATOR.join(copy[s:e] for s, e in self.own)

    def from_own(self, start: int, end: int) -> tuple[int, int]:
        """Where the span ``[start, end)`` of ``own_text`` stands in the copy (a span
        across two pieces covers what lies between them in the copy)."""
        return self._own_offset(start, at_end=False), self._own_offset(end, at_end=True)

    def _own_offset(self, offset: int, *, at_end: bool) -> int:
        at = 0
        last = len(self.own) - 1
        for n, (s, e) in enumerate(self.own):
            size = e - s
            if offset < at + size or (offset == at + size and (at_end or n == last)):
                return s + offset - at
            at += size
            if n < last and offset < at + len(OWN_SEPARATOR):  # inside a separator
                return e if at_end else self.own[n + 1][0]
            at += len(OWN_SEPARATOR)
        return self.own[-1][1] if self.own else 0


def _offsets(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each of a text's lines (``text.split("\n")``), without the break."""
    found = []
    start = 0
    for line in lines:
        found.append((start, start + len(line)))
        start += len(line) + 1
    return found


def _hashes(text: str) -> list[int]:
    """CRC-32 of each long line (``MIN_LINE_BYTES`` of UTF-8 or more): the same in every
    process and on every machine. One encoding of the whole text, split in C."""
    return [
        zlib.crc32(line)
        for line in text.encode("utf-8", "surrogatepass").split(b"\n")
        if len(line) >= MIN_LINE_BYTES
    ]


def compare(template: str, copy: str) -> CopyMap | None:
    """The map of ``copy`` onto ``template`` if most of both stand in equal lines."""
    return _Template(template).compare(copy)


class _Template:
    """A template's lines, compared with each copy's."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.strs = text.split("\n")
        self.lines = _offsets(self.strs)

    def _pairs(self, c_strs: list[str]) -> list[int]:
        """The template line each copy line equals, or -1, in order. The lines the two
        begin and end with alike are paired at once (a signed copy differs only at its
        end); ``difflib`` pairs what lies between."""
        t_strs = self.strs
        nt, nc = len(t_strs), len(c_strs)
        head = 0
        while head < nt and head < nc and t_strs[head] == c_strs[head]:
            head += 1
        tail = 0
        while tail < nt - head and tail < nc - head and t_strs[-1 - tail] == c_strs[-1 - tail]:
            tail += 1
        pair = [*range(head), *([-1] * (nc - head - tail)), *range(nt - tail, nt)]
        middle_t, middle_c = t_strs[head : nt - tail], c_strs[head : nc - tail]
        if middle_t and middle_c:
            matcher = difflib.SequenceMatcher(None, middle_c, middle_t, autojunk=False)
            for j, i, size in matcher.get_matching_blocks():
                for k in range(size):
                    pair[head + j + k] = head + i + k
        return pair

    def compare(self, copy: str) -> CopyMap | None:
        c_strs = copy.split("\n")
        c_lines = _offsets(c_strs)
        pair = self._pairs(c_strs)
        # A changed line makes its whole paragraph the copy's own: a sentence wrapped
        # over several lines is matched whole, never from a fragment.
        for first, last in _paragraphs(copy, c_lines):
            if any(pair[k] < 0 for k in range(first, last)):
                for k in range(first, last):
                    pair[k] = -1
        shared: list[tuple[int, int, int]] = []
        own: list[tuple[int, int]] = []
        equal_chars = 0
        t_lines = self.lines
        for k, (s, e) in enumerate(c_lines):
            i = pair[k]
            if i >= 0:
                equal_chars += e - s
                t_start = t_lines[i][0]
                if shared and k > 0 and pair[k - 1] == i - 1:  # the run goes on
                    t0, c0, _ = shared[-1]
                    shared[-1] = (t0, c0, t_lines[i][1] - t0)
                else:
                    shared.append((t_start, s, e - s))
            elif s < e:
                if own and copy[own[-1][1] : s].strip() == "":  # adjacent own lines: one piece
                    own[-1] = (own[-1][0], e)
                else:
                    own.append((s, e))
        if equal_chars < MIN_SHARED * len(copy) or equal_chars < MIN_SHARED * len(self.text):
            return None
        if own and (copy.startswith("@@ ") or "\n@@ " in copy):
            return None  # a diff's added line is a proposal only under its hunk
        return CopyMap(tuple(shared), tuple(own))


def _paragraphs(text: str, lines: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(first, end) line numbers of each run of non-blank lines."""
    first = None
    for k, (s, e) in enumerate(lines):
        blank = not text[s:e].strip()
        if blank and first is not None:
            yield first, k
            first = None
        elif not blank and first is None:
            first = k
    if first is not None:
        yield first, len(lines)


class Templates:
    """The templates seen so far, found again by their lines.

    ``copy_or_add`` gives, for a new text, the number of the template it copies and the
    map, or registers it as a template. Only line hashes are held for every text: a
    template's text is asked of ``text_of`` when a copy of it may have come, and kept
    while its campaign goes on (the last ``HELD_TEMPLATES`` used).
    """

    def __init__(self, text_of: Callable[[int], str]) -> None:
        self._text_of = text_of
        self._by_line: dict[int, int] = {}  # line hash -> number of the registering text
        self._held: OrderedDict[int, _Template] = OrderedDict()  # recently used last
        self._registered = bytearray()  # lines each text registered, by its number

    def copy_or_add(self, number: int, text: str) -> tuple[int, CopyMap] | None:
        """The template ``text`` copies and the map; or None, and ``text`` becomes a
        template, found again as ``number``."""
        hashes = _hashes(text)
        seen: dict[int, int] = {}
        for h in hashes:
            template = self._by_line.get(h)
            if template is not None:
                seen[template] = seen.get(template, 0) + 1
        # The template sharing most of the looked-up lines; ties to the earliest. A text
        # holding fewer of another's registered lines (one quoted article of the draft,
        # say) is not its copy: the comparison is not even tried.
        for template, count in sorted(seen.items(), key=lambda item: (-item[1], item[0])):
            if count < max(1, self._registered[template] - 1):
                continue
            found = self._template(template).compare(text)
            if found is not None:
                return template, found
        self._add(number, hashes)
        return None

    def _add(self, number: int, hashes: list[int]) -> None:
        # Lines another text registered first stay its: they would not find this one.
        kept = [h for h in sorted(set(hashes)) if h not in self._by_line][:KEPT_LINES]
        if len(self._registered) <= number:
            self._registered.extend(bytes(number + 1 - len(self._registered)))
        self._registered[number] = len(kept)
        for h in kept:
            self._by_line[h] = number

    def _template(self, number: int) -> _Template:
        template = self._held.pop(number, None)
        if template is None:
            template = _Template(self._text_of(number))
        self._held[number] = template
        if len(self._held) > HELD_TEMPLATES:
            self._held.popitem(last=False)
        return template
