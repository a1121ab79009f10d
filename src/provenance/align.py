"""Align a draft with its final: which clauses stayed, changed, moved, came or went.

Two levels, as careful redlining does it:

1. Clauses. Each clause's text (spaces collapsed) is mapped to one character and the two
   sequences are diffed with diff-match-patch, as its line mode does with lines. Between
   runs of unchanged clauses lie gaps of deleted and inserted clauses; inside a gap the
   most alike pairs are matched (in order) as modified, and neighbours are joined to them
   when that makes the match closer (a clause split in two, or two merged into one).
   Deleted and inserted clauses left over anywhere are then paired as moves.
2. Words. Inside each matched pair, words are mapped to characters and diffed again,
   then ``diff_cleanupSemantic`` merges the many small edits a reader would see as one.

The result carries an edit script over the whole text, so ``Alignment.apply()`` rebuilds
the final from the draft exactly; that is the invariant the tests hold it to.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import diff_match_patch as dmp_module
from rapidfuzz import fuzz, process, utils

from .model import Alignment, Change, ChangeKind, Clause, Document, Op, Span
from .read import document_from_text
from .segment import segment
from .shingle import CHARACTER_CLASS

# Similarities are rapidfuzz ratios scaled to 0-1: 1.0 = identical, 0.0 = nothing shared.
SIMILAR = 0.6  # clauses at least this alike, in the same place, are one clause edited
MOVED = 0.7  # a deleted and an inserted clause this alike, out of order, are one clause moved
_JOIN_GAIN = 0.05  # a split or merge must bring the pair at least this much closer
_MAX_CELLS = 4_000_000  # similarity matrix size above which only exact matches are paired

# Words; but one character at a time in scripts written without spaces between words
# (so that 제16조에 -> 제17조에 is an edit of the number alone), as in matching.
_TOKEN_RE = re.compile(f"[{CHARACTER_CLASS}]|[^\\W{CHARACTER_CLASS}]+|\\s+|[^\\w\\s]")
_FIRST_CHAR = 0x100  # skip control characters; any code point works for diff-match-patch
_SURROGATES = range(0xD800, 0xE000)


@dataclass(frozen=True, slots=True)
class _Group:
    """Draft clauses ``draft`` became final clauses ``final`` (either range may be empty)."""

    draft: range
    final: range
    same: bool = False  # the clause texts are equal (spaces aside)


def align(
    draft: Document | str,
    final: Document | str,
    *,
    similar: float = SIMILAR,
    moved: float = MOVED,
) -> Alignment:
    """Align two versions of a text into clause changes and an exact edit script.

    Args:
        similar: least similarity (0-1) for a deleted and an inserted clause in the
            same place to count as one modified clause.
        moved: least similarity (0-1) for clauses in different places to count as moved.

    >>> a = align("1. Publish budgets.\\n2. Hold.", "1. Publish budgets monthly.\\n2. Hold.")
    >>> [(c.kind, c.label, [s.text for s in c.new_text]) for c in a.changes]
    [('modified', '1.', ['monthly'])]
    >>> a.apply() == a.final.text
    True
    """
    draft_doc = draft if isinstance(draft, Document) else document_from_text(draft)
    final_doc = final if isinstance(final, Document) else document_from_text(final)
    lang = final_doc.lang if final_doc.lang == draft_doc.lang else draft_doc.lang
    draft_clauses = segment(draft_doc, lang=lang, sentences=False)
    final_clauses = segment(final_doc, lang=lang, sentences=False)
    builder = _Builder(draft_doc.text, final_doc.text, draft_clauses, final_clauses)
    groups = _match_clauses(builder, similar)
    changes, ops = builder.build(groups, moved)
    return Alignment(
        draft=draft_doc,
        final=final_doc,
        draft_clauses=tuple(draft_clauses),
        final_clauses=tuple(final_clauses),
        changes=changes,
        ops=ops,
    )


# --- clause level ----------------------------------------------------------------


def _clause_key(clause: Clause) -> str:
    return " ".join(clause.text.split())


def _similarity(a: str, b: str) -> float:
    return float(fuzz.ratio(a, b, processor=utils.default_process)) / 100


def _match_clauses(builder: _Builder, similar: float) -> list[_Group]:
    """Clause groups in document order: unchanged runs, and gaps matched inside."""
    draft_keys = [_clause_key(c) for c in builder.draft_clauses]
    final_keys = [_clause_key(c) for c in builder.final_clauses]
    codes: dict[str, str] = {}
    draft_chars = _encode(draft_keys, codes)
    final_chars = _encode(final_keys, codes)
    groups: list[_Group] = []
    i = j = 0
    gap_draft: list[int] = []
    gap_final: list[int] = []
    for op, chars in _diff(draft_chars, final_chars):
        if op == 0:
            groups.extend(_match_gap(builder, gap_draft, gap_final, similar))
            gap_draft, gap_final = [], []
            for k in range(len(chars)):
                groups.append(_Group(range(i + k, i + k + 1), range(j + k, j + k + 1), True))
            i += len(chars)
            j += len(chars)
        elif op == -1:
            gap_draft.extend(range(i, i + len(chars)))
            i += len(chars)
        else:
            gap_final.extend(range(j, j + len(chars)))
            j += len(chars)
    groups.extend(_match_gap(builder, gap_draft, gap_final, similar))
    return groups


def _match_gap(
    builder: _Builder, draft_ids: list[int], final_ids: list[int], similar: float
) -> list[_Group]:
    """Match the deleted and inserted clauses of one gap, keeping their order."""
    if not draft_ids or not final_ids:
        return [_Group(range(i, i + 1), range(0)) for i in draft_ids] + [
            _Group(range(0), range(j, j + 1)) for j in final_ids
        ]
    pairs = _monotone_pairs(builder, draft_ids, final_ids, similar)
    pairs = _join_neighbours(builder, pairs, draft_ids, final_ids)
    return _groups_in_order(pairs, draft_ids, final_ids)


def _monotone_pairs(
    builder: _Builder, draft_ids: list[int], final_ids: list[int], similar: float
) -> list[tuple[range, range]]:
    """Most alike pairs first, each kept only if it does not cross one already kept."""
    if len(draft_ids) * len(final_ids) > _MAX_CELLS:
        return []
    scores = process.cdist(
        [builder.draft_clauses[i].text for i in draft_ids],
        [builder.final_clauses[j].text for j in final_ids],
        scorer=fuzz.ratio,
        processor=utils.default_process,
        score_cutoff=similar * 100,
        workers=1,
    )
    candidates = sorted(
        ((-float(scores[a, b]), a, b) for a, b in zip(*scores.nonzero(), strict=True)),
    )
    kept_draft: list[int] = []  # sorted positions in draft_ids
    kept_final: list[int] = []  # the matching positions in final_ids, also sorted
    for _, a, b in candidates:
        at = bisect_left(kept_draft, a)
        if at < len(kept_draft) and kept_draft[at] == a:
            continue
        if b in kept_final:
            continue
        before_ok = at == 0 or kept_final[at - 1] < b
        after_ok = at == len(kept_final) or kept_final[at] > b
        if before_ok and after_ok:
            kept_draft.insert(at, int(a))
            kept_final.insert(at, int(b))
    return [
        (range(draft_ids[a], draft_ids[a] + 1), range(final_ids[b], final_ids[b] + 1))
        for a, b in zip(kept_draft, kept_final, strict=True)
    ]


def _join_neighbours(
    builder: _Builder,
    pairs: list[tuple[range, range]],
    draft_ids: list[int],
    final_ids: list[int],
) -> list[tuple[range, range]]:
    """Grow matched pairs over unmatched neighbours where that makes them closer.

    A clause split in two in the final matches its draft better as a whole than
    either half does, and likewise for two clauses merged into one.
    """
    draft_free = set(draft_ids) - {i for d, _ in pairs for i in d}
    final_free = set(final_ids) - {j for _, f in pairs for j in f}
    grown = []
    for draft_range, final_range in pairs:
        d, f = draft_range, final_range
        best = _similarity(builder.draft_text(d), builder.final_text(f))
        improved = True
        while improved:
            improved = False
            for nd, nf in (
                (d, range(f.start, f.stop + 1)),
                (d, range(f.start - 1, f.stop)),
                (range(d.start, d.stop + 1), f),
                (range(d.start - 1, d.stop), f),
            ):
                added_d = set(nd) - set(d)
                added_f = set(nf) - set(f)
                if not (added_d <= draft_free and added_f <= final_free):
                    continue
                score = _similarity(builder.draft_text(nd), builder.final_text(nf))
                if score >= best + _JOIN_GAIN:
                    draft_free -= added_d
                    final_free -= added_f
                    d, f, best, improved = nd, nf, score, True
                    break
        grown.append((d, f))
    return grown


def _groups_in_order(
    pairs: list[tuple[range, range]], draft_ids: list[int], final_ids: list[int]
) -> list[_Group]:
    """Lay out a gap's matched pairs with the unmatched clauses between them."""
    groups: list[_Group] = []
    d_next, f_next = draft_ids[0], final_ids[0]
    d_end, f_end = draft_ids[-1] + 1, final_ids[-1] + 1
    for d, f in [*pairs, (range(d_end, d_end), range(f_end, f_end))]:
        groups.extend(_Group(range(i, i + 1), range(0)) for i in range(d_next, d.start))
        groups.extend(_Group(range(0), range(j, j + 1)) for j in range(f_next, f.start))
        if d or f:
            groups.append(_Group(d, f))
        d_next, f_next = max(d_next, d.stop), max(f_next, f.stop)
    return groups


# --- words -------------------------------------------------------------------------


def _encode(items: Sequence[str], codes: dict[str, str]) -> str:
    """Map each distinct item to one character, as diff-match-patch's line mode does."""
    out = []
    for item in items:
        code = codes.get(item)
        if code is None:
            n = _FIRST_CHAR + len(codes)
            if n >= _SURROGATES.start:
                n += len(_SURROGATES)
            code = codes[item] = chr(n)
        out.append(code)
    return "".join(out)


def _diff(a: str, b: str, *, semantic: bool = False) -> list[tuple[int, str]]:
    differ = dmp_module.diff_match_patch()
    # The default timeout (1 s) silently returns a crude diff on large inputs.
    differ.Diff_Timeout = 0
    diffs = differ.diff_main(a, b, False)
    if semantic:
        differ.diff_cleanupSemantic(diffs)
    return [(op, chars) for op, chars in diffs]


def word_ops(draft: str, final: str, draft_start: int = 0, final_start: int = 0) -> Iterator[Op]:
    """Word-level edit script turning ``draft`` into ``final``, offsets shifted by the starts.

    >>> [(o.kind, o.final_start, o.final_end) for o in word_ops("a b c", "a x c")]
    [('equal', 0, 2), ('delete', 2, 2), ('insert', 2, 3), ('equal', 3, 5)]
    """
    if draft == final:
        if draft:
            yield Op(
                "equal",
                draft_start,
                draft_start + len(draft),
                final_start,
                final_start + len(final),
            )
        return
    draft_tokens = _TOKEN_RE.findall(draft)
    final_tokens = _TOKEN_RE.findall(final)
    codes: dict[str, str] = {}
    diffs = _diff(_encode(draft_tokens, codes), _encode(final_tokens, codes), semantic=True)
    i = j = 0  # token positions
    d_pos, f_pos = draft_start, final_start
    for op, chars in diffs:
        n = len(chars)
        if op == 0:
            width = sum(len(t) for t in draft_tokens[i : i + n])
            yield Op("equal", d_pos, d_pos + width, f_pos, f_pos + width)
            i, j, d_pos, f_pos = i + n, j + n, d_pos + width, f_pos + width
        elif op == -1:
            width = sum(len(t) for t in draft_tokens[i : i + n])
            yield Op("delete", d_pos, d_pos + width, f_pos, f_pos)
            i, d_pos = i + n, d_pos + width
        else:
            width = sum(len(t) for t in final_tokens[j : j + n])
            yield Op("insert", d_pos, d_pos, f_pos, f_pos + width)
            j, f_pos = j + n, f_pos + width


# --- assembling the result ---------------------------------------------------------


class _Builder:
    """Holds both texts and their clauses while groups become changes and ops."""

    def __init__(
        self,
        draft: str,
        final: str,
        draft_clauses: Sequence[Clause],
        final_clauses: Sequence[Clause],
    ) -> None:
        self.draft = draft
        self.final = final
        self.draft_clauses = draft_clauses
        self.final_clauses = final_clauses
        self.draft_tiles = _tiles(draft, draft_clauses)
        self.final_tiles = _tiles(final, final_clauses)

    def draft_text(self, ids: range) -> str:
        return " ".join(self.draft_clauses[i].text for i in ids)

    def final_text(self, ids: range) -> str:
        return " ".join(self.final_clauses[j].text for j in ids)

    def build(
        self, groups: list[_Group], moved: float
    ) -> tuple[tuple[Change, ...], tuple[Op, ...]]:
        ops: list[Op] = []
        entries: list[tuple[tuple[int, int], _Group]] = []  # (final pos, draft pos), group
        d_pos = f_pos = 0
        for group in groups:
            d_start, d_end = _tile_range(self.draft_tiles, group.draft, d_pos)
            f_start, f_end = _tile_range(self.final_tiles, group.final, f_pos)
            ops.extend(
                word_ops(self.draft[d_start:d_end], self.final[f_start:f_end], d_start, f_start)
            )
            if not group.same:
                entries.append(((f_start, d_start), group))
            d_pos, f_pos = d_end, f_end
        # Text outside every clause (leading spaces of an all-blank text) is kept too.
        if d_pos < len(self.draft) or f_pos < len(self.final):
            ops.extend(word_ops(self.draft[d_pos:], self.final[f_pos:], d_pos, f_pos))
        moves = self._moves(
            [g.draft.start for _, g in entries if not g.final],
            [g.final.start for _, g in entries if not g.draft],
            moved,
        )
        changes = self._changes(entries, moves)
        return changes, tuple(_merge_ops(ops))

    def _moves(self, deleted: list[int], inserted: list[int], moved: float) -> dict[int, int]:
        """Pair deleted with inserted clauses that are alike enough to be one clause moved."""
        pairs: dict[int, int] = {}
        by_key: dict[str, list[int]] = {}
        for i in deleted:
            by_key.setdefault(_clause_key(self.draft_clauses[i]), []).append(i)
        left: list[int] = []
        for j in inserted:
            same = by_key.get(_clause_key(self.final_clauses[j]))
            if same:
                pairs[same.pop(0)] = j
            else:
                left.append(j)
        rest = [i for i in deleted if i not in pairs]
        if not rest or not left or len(rest) * len(left) > _MAX_CELLS:
            return pairs
        scores = process.cdist(
            [self.draft_clauses[i].text for i in rest],
            [self.final_clauses[j].text for j in left],
            scorer=fuzz.ratio,
            processor=utils.default_process,
            score_cutoff=moved * 100,
            workers=1,
        )
        taken: set[int] = set()
        for _, a, b in sorted(
            (-float(scores[a, b]), a, b) for a, b in zip(*scores.nonzero(), strict=True)
        ):
            if rest[a] not in pairs and left[b] not in taken:
                pairs[rest[a]] = left[b]
                taken.add(left[b])
        return pairs

    def _changes(
        self, entries: list[tuple[tuple[int, int], _Group]], moves: dict[int, int]
    ) -> tuple[Change, ...]:
        moved_final = {j: i for i, j in moves.items()}
        found: list[tuple[tuple[int, int], ChangeKind, range, range]] = []
        for position, group in entries:
            if not group.final and group.draft.start in moves:
                continue  # reported once, where the clause now stands
            if not group.draft and group.final.start in moved_final:
                i = moved_final[group.final.start]
                found.append((position, "moved", range(i, i + 1), group.final))
            elif not group.draft:
                found.append((position, "inserted", group.draft, group.final))
            elif not group.final:
                found.append((position, "deleted", group.draft, group.final))
            else:
                found.append((position, "modified", group.draft, group.final))
        found.sort(key=lambda item: item[0])
        return tuple(
            self._change(f"c{n}", kind, d, f) for n, (_, kind, d, f) in enumerate(found, 1)
        )

    def _change(self, change_id: str, kind: ChangeKind, d: range, f: range) -> Change:
        draft_span = _clauses_span(self.draft, self.draft_clauses, d)
        final_span = _clauses_span(self.final, self.final_clauses, f)
        ops: tuple[Op, ...] = ()
        new_text: tuple[Span, ...] = ()
        if draft_span is not None and final_span is not None:
            ops = tuple(
                word_ops(draft_span.text, final_span.text, draft_span.start, final_span.start)
            )
            new_text = _new_spans(self.final, ops)
        elif final_span is not None:
            new_text = _new_spans(
                self.final, (Op("insert", 0, 0, final_span.start, final_span.end),)
            )
        return Change(
            id=change_id,
            kind=kind,
            draft=draft_span,
            final=final_span,
            new_text=new_text,
            label=self.final_clauses[f.start].label if f else self.draft_clauses[d.start].label,
            draft_label=self.draft_clauses[d.start].label if d else None,
            ops=ops,
        )


def _tiles(text: str, clauses: Sequence[Clause]) -> list[tuple[int, int]]:
    """Each clause with the spaces after it, so that the tiles cover ``text`` end to end."""
    starts = [0, *(c.start for c in clauses[1:])]
    ends = [*(c.start for c in clauses[1:]), len(text)]
    return list(zip(starts, ends, strict=True)) if clauses else []


def _tile_range(tiles: list[tuple[int, int]], ids: range, default: int) -> tuple[int, int]:
    if not ids:
        return default, default
    return tiles[ids.start][0], tiles[ids.stop - 1][1]


def _clauses_span(text: str, clauses: Sequence[Clause], ids: range) -> Span | None:
    if not ids:
        return None
    return Span.of(text, clauses[ids.start].start, clauses[ids.stop - 1].end)


def _new_spans(final: str, ops: Sequence[Op]) -> tuple[Span, ...]:
    """Inserted passages of the final, joined across spaces, trimmed, holding a word."""
    spans: list[tuple[int, int]] = []
    for op in ops:
        if op.kind != "insert":
            continue
        start, end = op.final_start, op.final_end
        while start < end and final[start].isspace():
            start += 1
        while end > start and final[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        if spans and not final[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(Span.of(final, s, e) for s, e in spans if any(ch.isalnum() for ch in final[s:e]))


def _merge_ops(ops: Sequence[Op]) -> Iterator[Op]:
    """Join neighbouring ops of one kind, and drop empty ones."""
    current: Op | None = None
    for op in ops:
        if op.draft_start == op.draft_end and op.final_start == op.final_end:
            continue
        if current is not None and current.kind == op.kind:
            current = Op(
                op.kind, current.draft_start, op.draft_end, current.final_start, op.final_end
            )
            continue
        if current is not None:
            yield current
        current = op
    if current is not None:
        yield current
