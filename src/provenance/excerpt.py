"""Passages as people read them: from a whole word to a whole word.

The engine matches Korean by character 4-grams, so a credited passage may begin or end
inside an eojeol (the run of characters between two spaces: "공공데|이터 목록을",
"활성화하|며"). Stored spans stay exact; only what a page or a table quotes of them is
cut back to whole words, with an ellipsis where words were left out, and a mark that
follows a passage goes after the word it ends in. The rules hold for any text written
with spaces between words; English passages already begin and end at words.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"

# What is left of a clause number when a passage starts inside it: "1:" of "13.1:",
# "1." of "2.1.", a lone ":" or ".", "(a)", "a)". A passage is shown from the next word.
_MARKER_REMNANT = re.compile(
    r"(?:\d{1,3}(?:\.\d{1,3})*[.:)]|\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})\)|[a-z]\)|[.:)])"
    r"\s+(?=\S)"
)


def shown_passage(text: str) -> str:
    """A credited passage as shown to people: without a leading remnant of a clause number.

    The stored span is not changed; only what a page or a table quotes of it.

    >>> shown_passage("1: Publish the budget every month.")
    'Publish the budget every month.'
    >>> shown_passage("(a) Publish it."), shown_passage("2024 budgets are due.")
    ('Publish it.', '2024 budgets are due.')
    """
    remnant = _MARKER_REMNANT.match(text)
    return text[remnant.end() :] if remnant else text


def _in_word(ch: str) -> bool:
    # Letters, digits and combining marks: a cut between two of them splits a word;
    # a cut beside punctuation or a space does not ("한다|." is fine).
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def inside_word(text: str, offset: int) -> bool:
    """Whether ``offset`` falls between two characters of one word of ``text``.

    >>> inside_word("공공데이터", 3), inside_word("한다.", 2), inside_word("a b", 1)
    (True, False, False)
    """
    return 0 < offset < len(text) and _in_word(text[offset - 1]) and _in_word(text[offset])


def word_end(text: str, offset: int) -> int:
    """``offset``, moved on to the end of the word it falls inside (itself between words).

    >>> word_end("활성화하며 행정", 4)
    5
    """
    while inside_word(text, offset):
        offset += 1
    return offset


def whole_word_bounds(passage: str, *, cut_start: bool, cut_end: bool) -> tuple[int, int]:
    """The part of ``passage`` to show: without the part-eojeol at an end cut inside a
    word (with any punctuation attached to it, and the spaces after it).

    ``(0, len(passage))`` when nothing is cut, or when nothing whole would be left
    (a passage inside one or two part-words is shown as it is).
    """
    start, end = 0, len(passage)
    if cut_start:
        while start < end and not passage[start].isspace():
            start += 1
        while start < end and passage[start].isspace():
            start += 1
    if cut_end:
        while end > start and not passage[end - 1].isspace():
            end -= 1
        while end > start and passage[end - 1].isspace():
            end -= 1
    return (start, end) if start < end else (0, len(passage))


def whole_words(passage: str, *, cut_start: bool = False, cut_end: bool = False) -> str:
    """``passage`` from its first whole word to its last, an ellipsis for each part-word
    left out; ``cut_start``/``cut_end`` say whether it was cut inside a word there.

    >>> whole_words("이터 목록을 반기마다 갱신하", cut_start=True, cut_end=True)
    '…목록을 반기마다…'
    """
    start, end = whole_word_bounds(passage, cut_start=cut_start, cut_end=cut_end)
    return ELLIPSIS * (start > 0) + passage[start:end] + ELLIPSIS * (end < len(passage))


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a space with " …" after it; a first
    word longer than the limit is cut inside (nothing else would be shown).

    >>> shorten("공공데이터 목록을 반기마다 갱신하고", 15)
    '공공데이터 목록을 …'
    """
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit - len(" " + ELLIPSIS) + 1)
    head = text[:space].rstrip() if space > 0 else ""
    if head:
        return f"{head} {ELLIPSIS}"
    return text[: limit - len(ELLIPSIS)] + ELLIPSIS


def quoted(text: str, start: int, end: int) -> str:
    """The passage ``text[start:end]`` as a page or a table quotes it: from its first
    whole word to its last.

    >>> quoted("공공데이터 목록을 반기마다 갱신하고", 3, 17)
    '…목록을 반기마다…'
    """
    return whole_words(
        text[start:end], cut_start=inside_word(text, start), cut_end=inside_word(text, end)
    )


def credited_quote(text: str, start: int, end: int) -> str:
    """A credited passage of the final as quoted: ``quoted``, and without a leading
    remnant of a clause number (:func:`shown_passage`).

    >>> credited_quote("Milestone 13.1: Publish it monthly", 13, 34)
    'Publish it monthly'
    """
    passage = text[start:end]
    shown = shown_passage(passage)
    if shown != passage:  # now from a word's start
        return whole_words(shown, cut_end=inside_word(text, end))
    return quoted(text, start, end)


def eojeol_edges(text: str) -> tuple[str, str]:
    """The first and the last run of non-space characters of ``text`` ("" for none).

    >>> eojeol_edges("이터 목록을 갱신하"), eojeol_edges(" ")
    (('이터', '갱신하'), ('', ''))
    """
    runs = text.split()
    return (runs[0], runs[-1]) if runs else ("", "")


def evidence_quote(evidence: str, text: str, start: int, end: int) -> str:
    """A submission's passage ``evidence``, matched to the passage ``text[start:end]`` of
    the final, from its first whole word to its last.

    The submission's own text is not at hand (a run's JSON holds only its passages), so
    where it was cut is judged from the final's, matched on the same characters: an end
    of it is cut inside a word where the final's is and both passages have the same
    part-word there.

    >>> evidence_quote("이터 목록을 분기마다 갱신하", "공공데이터 목록을 반기마다 갱신하고", 3, 18)
    '…목록을 분기마다…'
    """
    passage = text[start:end]
    shown = shown_passage(passage)
    ours, theirs = eojeol_edges(evidence), eojeol_edges(shown)
    return whole_words(
        evidence,
        cut_start=shown == passage and inside_word(text, start) and ours[0] == theirs[0],
        cut_end=inside_word(text, end) and ours[1] == theirs[1],
    )
