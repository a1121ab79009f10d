"""Wording shared by the readers' error messages."""

from __future__ import annotations

from .errors import DocumentTooLargeError

# DocumentTooLargeError lives in errors.py with its siblings; readers import it from here too.
__all__ = ["DocumentTooLargeError", "format_size", "one_line"]


def one_line(error: object) -> str:
    """An exception's message on one short line."""
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:159] + "…"


def format_size(size: int) -> str:
    """A byte count for a message: ``"200 MB"``, ``"1.5 MB"``, ``"900 bytes"`` (MB = 2**20).

    >>> format_size(200 * 2**20), format_size(3 * 2**19), format_size(900)
    ('200 MB', '1.5 MB', '900 bytes')
    """
    if size < 2**20:
        return f"{size:,} bytes"
    megabytes = size / 2**20
    return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"
