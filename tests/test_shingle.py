from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.language import stop_words
from provenance.shingle import (
    _CHARACTER_SCRIPTS,
    _TOKEN_RE,
    _URL_RE,
    NUMBER_WEIGHT,
    STOP_WORD_WEIGHT,
    Tokens,
    token_keys,
    tokenize,
)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_token_keys_of_ascii_text_are_those_of_tokenize(text):
    # token_keys takes a faster regular expression for ASCII text.
    assert tuple(token_keys(text)) == tokenize(text, "en").keys


@given(st.text())
def test_token_keys_are_those_of_tokenize(text):
    assert tuple(token_keys(text)) == tokenize(text, "en").keys


def _tokenize_one_by_one(text: str, lang: str, offset: int) -> Tokens:
    """What ``tokenize`` means, one token at a time: the reference for its faster form."""
    stops = stop_words(lang)
    urls = [m.span() for m in _URL_RE.finditer(text)]
    rows = []
    for m in _TOKEN_RE.finditer(text):
        alone = _CHARACTER_SCRIPTS.fullmatch(m.group()) is not None  # a Hangul syllable...
        key = m.group() if alone else m.group().casefold()
        in_url = any(start <= m.start() < end for start, end in urls)
        if alone:
            weight = 1.0
        elif key in stops or in_url:
            weight = STOP_WORD_WEIGHT
        else:
            weight = NUMBER_WEIGHT if key.isdigit() else 1.0
        rows.append((key, m.start() + offset, m.end() + offset, weight))
    return Tokens(*(tuple(column) for column in zip(*rows))) if rows else Tokens((), (), (), ())


# Words, stop words, numbers, Hangul and web addresses, in any mix.
_PIECES = st.sampled_from(
    [
        "The",
        "budget",
        "of",
        "2025",
        "시장은",
        "공개",
        "https://example.org/open-data",
        "www.gov.kr",
        "ÉTAT",
        "straße",
        "٣",
        " ",
        "  ",
        ", ",
        ".\n",
        "_",
        "-",
    ]
)


@given(
    st.one_of(st.text(), st.lists(_PIECES, max_size=30).map("".join)),
    st.sampled_from(["en", "ko", "de"]),
    st.integers(0, 50),
)
def test_tokenize_is_the_one_by_one_loop(text, lang, offset):
    assert tokenize(text, lang, offset=offset) == _tokenize_one_by_one(text, lang, offset)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_keys_are_the_words_of_the_regular_expression(text: str) -> None:
    import re

    assert token_keys(text) == re.findall(r"\w+", text.lower(), re.ASCII)
