"""Wording shared by the readers' error messages."""

from __future__ import annotations


def one_line(error: object) -> str:
    """An exception's message on one short line."""
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:159] + "…"
