"""Explicit edits 2: the asks of a comparison table (현행 | 개정안 | 사유), one per body
row, with the current text as ``old`` and the proposed text as ``new``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import _Draft
from .scan import _Unit

# --- explicit edits 2: comparison tables (현행 | 개정안 | 사유) -------------------------

# Header cells, lower-cased without spaces or emphasis, that name the current text and
# the proposed text. A column that labels the provision (조문, 구분, #) is neither.
_CURRENT_HEADER_RE = re.compile(
    r"(?:현행|원안|초안|개정전)(?:안|\(안\)|조문|규정|내용)?|"
    r"(?:current|existing|draft|original|present)(?:text|wording|provisions?|version|draft)?"
    r"|textofthedraft|draftedtext|"
    r"(?:rédaction|texte|version)(?:actuelle?|duprojet|initiale?|envigueur)|projet"
)
_PROPOSED_HEADER_RE = re.compile(
    r"(?:개정|수정|변경|신설|제안)(?:안|\(안\)|의견|내용|문안)?|대안|"
    r"(?:proposed|amended|suggested|recommended|revised|new)"
    r"(?:text|wording|amendments?|changes?|provisions?|version|draft)?"
    r"|amendments?|proposals?|suggestions?|"
    r"(?:rédaction|texte|modification|version)proposée?|propositions?|demande.*"
)
_SEPARATOR_CELL_RE = re.compile(r":?-{2,}:?|")
# What a current cell says for a provision that is new, a proposed cell for one that
# goes, and a proposed cell for one that stays as it is.
_NEW_CELL_RE = re.compile(r"[<(\[]?(?:신설|new|nouveau|nouvelle|없음|n/?a|-|—|–)[>)\]]?")
_DELETED_CELL_RE = re.compile(
    r"[<(\[]?(?:삭제|delete[d]?|deletion|strike|struck|supprimée?|supprimer|suppression)[>)\]]?"
)
_SAME_CELL_RE = re.compile(
    r"[<(\[]?(?:현행과같음|현행과동일|좌동|현행유지|동일|unchanged|nochange|sameascurrent"
    r"|asis|inchangée?|sanschangement)[>)\]]?"
)
_CELL_NOISE_RE = re.compile(r"[\s*_`]+")


def _cells(text: str, row: _Unit) -> list[tuple[int, int]]:
    """The cells of a table row, each without the spaces around it."""
    cells = []
    start = row.start + 1  # after the leading "|"
    while start <= row.end:
        bar = text.find("|", start, row.end)
        end = row.end if bar < 0 else bar
        if bar >= 0 or start < row.end:
            s, e = start, end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            cells.append((s, e))
        if bar < 0:
            break
        start = bar + 1
    return cells


def _header_key(text: str, cell: tuple[int, int]) -> str:
    return _CELL_NOISE_RE.sub("", text[cell[0] : cell[1]]).lower()


def _table_asks(text: str, rows: Sequence[_Unit]) -> list[_Draft] | None:
    """A replace, add or delete per body row of a comparison table; None for another table."""
    header = [_header_key(text, c) for c in _cells(text, rows[0])]
    current = next((k for k, h in enumerate(header) if _CURRENT_HEADER_RE.fullmatch(h)), None)
    proposed = next((k for k, h in enumerate(header) if _PROPOSED_HEADER_RE.fullmatch(h)), None)
    if current is None or proposed is None or current == proposed:
        return None
    drafts = []
    for row in rows[1:]:
        cells = _cells(text, row)
        keys = [_header_key(text, c) for c in cells]
        if all(_SEPARATOR_CELL_RE.fullmatch(k) for k in keys) or keys == header:
            continue
        old_cell = cells[current] if current < len(cells) else (row.end, row.end)
        new_cell = cells[proposed] if proposed < len(cells) else (row.end, row.end)
        old, new = text[old_cell[0] : old_cell[1]], text[new_cell[0] : new_cell[1]]
        old_key, new_key = (
            keys[current] if current < len(keys) else "",
            (keys[proposed] if proposed < len(keys) else ""),
        )
        if _SAME_CELL_RE.fullmatch(new_key) or (old_key and old_key == new_key):
            continue
        if not old_key or _NEW_CELL_RE.fullmatch(old_key):
            if new_key and not _NEW_CELL_RE.fullmatch(new_key):
                drafts.append(_Draft(row.start, row.end, "add", None, new))
        elif not new_key or _DELETED_CELL_RE.fullmatch(new_key):
            drafts.append(_Draft(row.start, row.end, "delete", old, None, (old_cell,)))
        else:
            drafts.append(_Draft(row.start, row.end, "replace", old, new, (old_cell,)))
    return drafts
