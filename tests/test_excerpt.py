"""Passages shown to people start and end at whole words (Korean eojeol included)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.excerpt import inside_word, shorten, whole_word_bounds, whole_words, word_end

# Hangul, Latin, digits, a space, punctuation that sticks to a word (no "…": it is ours).
TEXT = st.text(alphabet="가나다라 abc 12 .,「」()\n", max_size=60)


def test_null_case():
    assert whole_words("", cut_start=True, cut_end=True) == ""
    assert shorten("", 10) == ""
    assert not inside_word("", 0)
    assert word_end("", 0) == 0


@pytest.mark.parametrize(
    "text, offset, expected",
    [
        ("공공데이터 목록을", 3, True),  # 공공데|이터
        ("공공데이터 목록을", 5, False),  # before the space
        ("공공데이터 목록을", 6, False),  # after it
        ("한다.", 2, False),  # a word and its period
        ("activate it", 4, True),
        ("abc", 0, False),
        ("abc", 3, False),
    ],
)
def test_inside_word(text, offset, expected):
    assert inside_word(text, offset) is expected


@pytest.mark.parametrize(
    "text, offset, expected",
    [
        ("시민참여를 활성화하며 행정", 10, 11),  # 활성화하|며 -> after 며
        ("게시하여야 한다.", 9, 9),  # at the period: already after the word
        ("open data", 4, 4),
        ("open data", 6, 9),
    ],
)
def test_word_end(text, offset, expected):
    assert word_end(text, offset) == expected


@pytest.mark.parametrize(
    "passage, cut_start, cut_end, shown",
    [
        ("이터 목록을 반기마다 갱신하고", True, False, "…목록을 반기마다 갱신하고"),
        ("행정의 투명성과 시민참여를 활성화하", False, True, "행정의 투명성과 시민참여를…"),
        ("이터 목록을 게시하", True, True, "…목록을…"),
        ("이터, 목록을", True, False, "…목록을"),  # the part-word's comma goes with it
        ("Publish the budget", False, False, "Publish the budget"),
        ("blish the budget", True, False, "…the budget"),
        # nothing whole to show: the passage as it is
        ("하여야 한", True, True, "하여야 한"),
        ("7", True, True, "7"),
    ],
)
def test_whole_words(passage, cut_start, cut_end, shown):
    assert whole_words(passage, cut_start=cut_start, cut_end=cut_end) == shown


@pytest.mark.parametrize(
    "text, limit, shown",
    [
        ("short enough", 20, "short enough"),
        ("공공데이터 목록을 반기마다 갱신하고, 그 변경 내역을", 20, "공공데이터 목록을 반기마다 …"),
        ("the well-known open-data portal is here", 22, "the well-known …"),  # not "open- …"
        ("a" * 30, 10, "a" * 9 + "…"),  # one word longer than the limit: cut inside it
    ],
)
def test_shorten(text, limit, shown):
    assert shorten(text, limit) == shown


@given(TEXT, st.data())
def test_a_shown_passage_never_starts_or_ends_inside_a_word(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    passage = text[start:end]
    cut_start, cut_end = inside_word(text, start), inside_word(text, end)
    a, b = whole_word_bounds(passage, cut_start=cut_start, cut_end=cut_end)
    shown = whole_words(passage, cut_start=cut_start, cut_end=cut_end)
    if (a, b) == (0, len(passage)):
        # Kept as it is: cut nowhere inside a word, or no whole word between the cuts.
        assert shown == passage
        assert not (cut_start or cut_end) or len(passage.split()) <= cut_start + cut_end
        return
    assert 0 <= a < b <= len(passage)
    assert (a > 0) <= cut_start and (b < len(passage)) <= cut_end
    if a > 0:  # begins after a space, on a word
        assert text[start + a - 1].isspace() and not passage[a].isspace()
    if b < len(passage):  # ends on a word, before a space
        assert text[start + b].isspace() and not passage[b - 1].isspace()
    assert shown == "…" * (a > 0) + passage[a:b] + "…" * (b < len(passage))


@given(st.text(alphabet="가나 ab-", max_size=80), st.integers(3, 40))
def test_a_shortened_text_is_cut_at_a_space_unless_one_word_is_longer_than_the_limit(text, limit):
    shown = shorten(text, limit)
    assert len(shown) <= limit
    if len(text) <= limit:
        assert shown == text
        return
    assert shown.endswith("…")
    head = shown.removesuffix(" …") if shown.endswith(" …") else shown.removesuffix("…")
    assert text.startswith(head)
    cut_at_space = text[len(head)].isspace() and head.rstrip() == head
    first_word_too_long = " " not in text[: limit - 1].strip()
    assert cut_at_space or first_word_too_long, (text, shown)
