"""Find the parts of a submission that quote other text rather than propose any.

A submission often repeats text it comments on. Quotes of the draft are masked by the
draft's shingles anyway, but some quotes are of text that is *not* in the draft and
so would look like proposals:
- a proposal sent as a unified diff (a patch, a GitHub pull request): its context
  lines (`` ``) and removed lines (``-``) quote the text as it stood when the patch
  was made, which may already hold later edits by others; only ``+`` lines propose;
- an e-mail reply: lines starting with ``>`` quote an earlier message.
"""

from __future__ import annotations

import re

_HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@")


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that quote other text (end-exclusive, in order).

    >>> patch = "Why.\\n@@ -1,2 +1,2 @@\\n keep\\n-old\\n+new\\n"
    >>> [patch[s:e] for s, e in quoted_ranges(patch)]
    ['@@ -1,2 +1,2 @@\\n keep\\n-old\\n']
    """
    ranges: list[tuple[int, int]] = []
    in_hunk = False
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if _HUNK_RE.match(line):
            in_hunk = True
            ranges.append((start, pos))
            continue
        if in_hunk and (line[:1] in (" ", "-", "\\") or not line.strip()):
            ranges.append((start, pos))
            continue
        if in_hunk and line[:1] == "+":
            continue
        in_hunk = False
        if line.lstrip(" ").startswith(">"):
            ranges.append((start, pos))
    return _merge(ranges)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
