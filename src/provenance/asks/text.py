"""Small string tests the other modules share: whether a text has a word, whether it
holds any of some substrings, and its whitespace squashed."""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"\w")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _has_word(text: str) -> bool:
    return _WORD_RE.search(text) is not None


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(needle in text for needle in needles)
