"""A document read as blocks (heading, paragraph, list item, table row), joined into text
the way the segmenter reads it: a blank line between paragraphs, one line break between
the items of a list or the rows of a table, which belong together."""

from __future__ import annotations

from collections.abc import Sequence

Block = tuple[str, str]  # (kind: "heading", "paragraph", "item" or "row"; text)


def join_blocks(blocks: Sequence[Block]) -> str:
    """
    >>> join_blocks([("heading", "# Plan"), ("item", "1. a"), ("item", "2. b"), ("row", "| x |")])
    '# Plan\\n\\n1. a\\n2. b\\n\\n| x |'
    """
    out: list[str] = []
    for i, (kind, text) in enumerate(blocks):
        if i:
            tight = kind == blocks[i - 1][0] and kind in ("item", "row")
            out.append("\n" if tight else "\n\n")
        out.append(text)
    return "".join(out)
