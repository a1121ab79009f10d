"""A redline as text: each change under its clause label, deletions and insertions marked.

Plain output marks edits as ``[-deleted-]`` and ``{+inserted+}`` (the markers of
``git diff --word-diff``), so it survives copy, paste and e-mail; with ``color=True``
it uses ANSI colours instead, for a terminal. Control characters of the inputs (in
paths, labels and text, but for the text's line breaks) are shown as escapes, so that
the only escape sequences written are those colours. Its words (change kinds, roles,
counts) are in the final document's language where :mod:`provenance.messages` has them
(Korean), else English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import wcwidth

from .messages import message
from .model import Alignment, Change, Document, Op
from .terminal import visible

_RED, _GREEN, _BOLD, _DIM, _RESET = "\x1b[31;9m", "\x1b[32;4m", "\x1b[1m", "\x1b[2m", "\x1b[0m"
_INDENT = "    "
_KEEP = "\n"  # a clause's own line breaks: each line is indented under its change

Piece = tuple[str, str]  # ("equal" | "insert" | "delete", text)


def redline_text(alignment: Alignment, *, color: bool = False) -> str:
    """Render ``alignment`` as a readable redline.

    >>> from provenance.align import align
    >>> print(redline_text(align("Publish budgets.", "Publish budgets monthly.")).splitlines()[-1])
        Publish budgets{+ monthly+}.
    """
    return "\n".join(_lines(alignment, color)) + "\n"


def summarize(alignment: Alignment, *, lang: str | None = None) -> str:
    """One line counting the changes by kind, e.g. ``3 changes: 2 modified, 1 inserted``,
    in ``lang`` (default: the final document's language).

    >>> from provenance.align import align
    >>> summarize(align("Publish budgets.", "Publish budgets monthly."), lang="ko")
    '변경 1건: 수정 1건'
    """
    lang = alignment.final.lang if lang is None else lang
    counts = Counter(c.kind for c in alignment.changes)
    total = len(alignment.changes)
    if not total:
        return message(lang, "diff.no_changes")
    parts = [
        message(lang, "diff.count", n=counts[k], kind=message(lang, k))
        for k in ("modified", "inserted", "deleted", "moved")
        if counts[k]
    ]
    s = "s" if total != 1 else ""
    return message(lang, "diff.total", total=total, s=s, counts=", ".join(parts))


def _lines(alignment: Alignment, color: bool) -> Iterator[str]:
    bold, dim, reset = (_BOLD, _DIM, _RESET) if color else ("", "", "")
    lang = alignment.final.lang
    for name, doc in (("draft", alignment.draft), ("final", alignment.final)):
        yield f"{dim}{message(lang, name)}: {_describe(doc, lang)}{reset}"
    yield f"{bold}{summarize(alignment)}{reset}"
    for change in alignment.changes:
        yield ""
        moved_from = ""
        if change.kind == "moved" and change.draft_label and change.draft_label != change.label:
            moved_from = f"  ({message(lang, 'diff.was', label=visible(change.draft_label))})"
        label = visible(change.label or message(lang, "top"))
        kind = _pad(message(lang, change.kind), 9)
        yield f"{bold}{change.id:<4} {kind}{reset} {label}{moved_from}"
        body = _marked(alignment, change, color)
        yield from (_INDENT + line for line in body.split("\n"))


def _pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` terminal cells (a Hangul character takes two)."""
    return text + " " * max(0, cells - max(wcwidth.wcswidth(text), len(text)))


def _describe(doc: Document, lang: str) -> str:
    where = visible(doc.path or "<text>")
    return message(
        lang, "diff.document", path=where, chars=doc.chars, doc_lang=doc.lang, sha=doc.sha256[:12]
    )


def _marked(alignment: Alignment, change: Change, color: bool) -> str:
    """The clause with its word edits marked."""
    if color:
        marks = {"delete": (_RED, _RESET), "insert": (_GREEN, _RESET), "equal": ("", "")}
    else:
        marks = {"delete": ("[-", "-]"), "insert": ("{+", "+}"), "equal": ("", "")}
    return "".join(
        f"{marks[kind][0]}{visible(text, keep=_KEEP)}{marks[kind][1]}"
        for kind, text in change_pieces(alignment, change)
    )


def change_pieces(alignment: Alignment, change: Change) -> list[Piece]:
    """A change's clause as runs of kept, deleted and inserted text."""
    if change.final is None:
        return [("delete", change.draft.text)] if change.draft else []
    if change.draft is None:
        return [("insert", change.final.text)]
    return [_piece(alignment, op) for op in change.ops]


def document_pieces(alignment: Alignment) -> list[Piece]:
    """The whole final text as runs of kept, deleted and inserted text."""
    return [_piece(alignment, op) for op in alignment.ops]


def _piece(alignment: Alignment, op: Op) -> Piece:
    if op.kind == "delete":
        return op.kind, alignment.draft.text[op.draft_start : op.draft_end]
    return op.kind, alignment.final.text[op.final_start : op.final_end]
