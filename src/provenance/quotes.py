"""Find the parts of a submission that quote other text rather than propose any.

A submission often repeats text it comments on. Quotes of the draft are masked by the
draft's shingles anyway, but some quotes are of text that is *not* in the draft and
so would look like proposals:
- a proposal sent as a unified diff (a patch, a GitHub pull request): its context
  lines (`` ``) and removed lines (``-``) quote the text as it stood when the patch
  was made, which may already hold later edits by others; and a ``+`` line that
  rewrites a ``-`` line repeats the words it keeps: only the words it adds propose;
- an e-mail reply: lines starting with ``>`` quote an earlier message.
"""

from __future__ import annotations

import re

from .align import word_ops

_WORD_RE = re.compile(r"\w+")
_HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@")


def quoted_ranges(text: str, *, kept_words: bool = True) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that quote other text (end-exclusive, in order).

    With ``kept_words=False``, only whole quoting lines: a ``+`` line is the patch's
    proposal even where it keeps the words of the line it replaces.

    >>> patch = "Why.\\n@@ -1,2 +1,2 @@\\n keep\\n-old\\n+new\\n"
    >>> [patch[s:e] for s, e in quoted_ranges(patch)]
    ['@@ -1,2 +1,2 @@\\n keep\\n-old\\n', '\\n']
    >>> edit = "@@ -1 +1 @@\\n-spikes traffic\\n+spikes in traffic\\n"
    >>> [edit[s:e] for s, e in quoted_ranges(edit)]
    ['@@ -1 +1 @@\\n-spikes traffic\\n', 'spikes ', 'traffic\\n']
    """
    ranges: list[tuple[int, int]] = []
    in_hunk = False
    removed: list[tuple[int, int]] = []  # bodies of the "-" lines before the "+" lines
    added: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if in_hunk and line[:1] == "+":
            added.append((start + 1, pos))
            continue
        if added:
            if kept_words:
                ranges += _kept_words(text, removed, added)
            removed, added = [], []
        if _HUNK_RE.match(line):
            in_hunk = True
            ranges.append((start, pos))
            continue
        if in_hunk and (line[:1] in (" ", "-", "\\") or not line.strip()):
            ranges.append((start, pos))
            if line[:1] == "-":
                removed.append((start + 1, pos))
            else:
                removed = []
            continue
        in_hunk = False
        removed = []
        if line.lstrip(" ").startswith(">"):
            ranges.append((start, pos))
    if added and kept_words:
        ranges += _kept_words(text, removed, added)
    return _merge(sorted(ranges))


def _kept_words(
    text: str, removed: list[tuple[int, int]], added: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Ranges of the added lines that repeat words of the removed lines they replace.

    The words meeting where the patch only deletes stay unquoted: they are what it
    proposes ("Which [-source code-] version control" proposes "which version").
    """
    if not removed:
        return []
    old = "".join(text[s:e] for s, e in removed)
    new = "".join(text[s:e] for s, e in added)
    where = [i for s, e in added for i in range(s, e)]  # offset in text of each char of new
    ops = list(word_ops(old, new))
    kept = []
    for k, op in enumerate(ops):
        if op.kind != "equal":
            continue
        start, end = op.final_start, op.final_end
        if k + 1 < len(ops) and ops[k + 1].kind == "delete":
            end = _last_word_start(new, start, end)
        if k > 0 and ops[k - 1].kind == "delete":
            start = _first_word_end(new, start, end)
        kept += [(where[i], where[i] + 1) for i in range(start, end)]
    return kept


def _last_word_start(text: str, start: int, end: int) -> int:
    words = list(_WORD_RE.finditer(text, start, end))
    return words[-1].start() if words else end


def _first_word_end(text: str, start: int, end: int) -> int:
    words = list(_WORD_RE.finditer(text, start, end))
    return words[0].end() if words else start


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
