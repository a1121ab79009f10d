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
    """The plain loop ``tokenize`` once was: the reference for its faster form."""
    stops = stop_words(lang)
    urls = [m.span() for m in _URL_RE.finditer(text)]
    keys, starts, ends, weights = [], [], [], []
    for match in _TOKEN_RE.finditer(text):
        word = match.group()
        start = match.start() + offset
        if _CHARACTER_SCRIPTS.match(word):
            keys.append(word)
            starts.append(start)
            ends.append(start + 1)
            weights.append(1.0)
            continue
        key = word.casefold()
        keys.append(key)
        starts.append(start)
        ends.append(start + len(word))
        if key in stops or any(s <= match.start() < e for s, e in urls):
            weights.append(STOP_WORD_WEIGHT)
        else:
            weights.append(NUMBER_WEIGHT if key.isdigit() else 1.0)
    return Tokens(tuple(keys), tuple(starts), tuple(ends), tuple(weights))


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
