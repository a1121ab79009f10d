"""Explicit edits 1: the asks of a unified diff, one per block of changed lines, and
the moves among them (a block removed here and added there)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import AskKind, _Draft
from .scan import _Hunk
from .text import _has_word, _squash

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
