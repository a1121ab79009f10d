"""What an ask is: :class:`Ask`, its kinds, and :class:`_Draft`, an ask before it is
numbered (offsets into the submission text, no spans yet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Span

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
