"""Text from the inputs made safe to show on a terminal.

File names, submission ids, reasons and passages come from the inputs, and may hold
control characters: a newline breaks a table line, an escape sequence (``ESC ]0;``)
retitles the terminal or worse, and a bidi override (U+202E) shows text reversed.
Every human form of the output passes such text through :func:`visible`, which shows
those characters as escapes; JSON and CSV keep the data as it is.
"""

from __future__ import annotations

import re

__all__ = ["visible"]

# C0 controls, DEL, C1 controls, and the bidi embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, *, keep: str = "") -> str:
    """``text`` with control and bidi characters (except those in ``keep``) as escapes.

    Backslashes are left as they are, so that Windows paths read as usual: the output
    is for people, not to be parsed back.

    >>> visible("evil\\n\\x1b]0;owned\\x07.txt")
    'evil\\\\n\\\\x1b]0;owned\\\\x07.txt'
    >>> print(visible("abc\\u202edcba"))
    abc\\u202edcba
    """
    if not _UNSAFE.search(text):  # the common case: nothing to do
        return text
    return _UNSAFE.sub(lambda m: _escape(m.group(), keep), text)


def _escape(char: str, keep: str) -> str:
    if char in keep:
        return char
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
