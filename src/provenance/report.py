"""HTML pages: self-contained (inline CSS, no script, no network), escaped by Jinja2."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .export import diff_to_dict
from .model import Alignment, Change
from .redline import summarize

Piece = tuple[str, str]  # ("equal" | "insert" | "delete", text)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("provenance", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def diff_html(alignment: Alignment) -> str:
    """The redline of ``alignment`` as one HTML page that needs nothing else to show."""
    template = _environment().get_template("diff.html")
    data = diff_to_dict(alignment)
    return template.render(
        data=data,
        summary=summarize(alignment),
        changes=[(c, change_pieces(alignment, c)) for c in alignment.changes],
        document=document_pieces(alignment),
    )


def change_pieces(alignment: Alignment, change: Change) -> list[Piece]:
    """A change's clause as runs of kept, deleted and inserted text."""
    if change.final is None:
        return [("delete", change.draft.text)] if change.draft else []
    if change.draft is None:
        return [("insert", change.final.text)]
    return [_piece(alignment, op.kind, op) for op in change.ops]


def document_pieces(alignment: Alignment) -> list[Piece]:
    """The whole final text as runs of kept, deleted and inserted text."""
    return [_piece(alignment, op.kind, op) for op in alignment.ops]


def _piece(alignment: Alignment, kind: str, op: Any) -> Piece:
    if kind == "delete":
        return kind, alignment.draft.text[op.draft_start : op.draft_end]
    return kind, alignment.final.text[op.final_start : op.final_end]
