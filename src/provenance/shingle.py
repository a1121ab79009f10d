"""Matching units ("tokens") and their n-grams ("shingles"), with offsets into the text.

A token is a word, casefolded. In scripts written without reliable spaces between
words (Hangul, kana, Han, Thai), each character is a token instead, so that a Korean
word matches across its particles (시장은 / 시장이) and n-grams of characters do what
word n-grams do elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .language import stop_words as _spacy_stop_words

CHARACTER_CLASS = (
    "\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
_CHARACTER_SCRIPTS = re.compile(f"[{CHARACTER_CLASS}]")
# One character of those scripts, or a run of other word characters: in "제17조" the
# "17" is one token (a number), not two syllable-like tokens.
_TOKEN_RE = re.compile(f"[{CHARACTER_CLASS}]|[^\\W{CHARACTER_CLASS}]+")
_ASCII_TOKEN_RE = re.compile(r"\w+", re.ASCII)  # the same tokens in ASCII text, 2x faster
_ASCII_NON_WORD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_") or c.isupper()}
)
CHARACTER_LANGUAGES = frozenset({"ko", "ja", "zh", "th"})
STOP_WORD_WEIGHT = 0.2  # a stop word is some evidence, but far less than a content word
NUMBER_WEIGHT = 0.5  # numbers (dates, counts, renumbered articles) are weak evidence alone
# The values every open-government text names, in the letters that praise a plan and in
# the sentences a government adds about itself: shared, they are no evidence that one
# proposed the other ("transparency, accountability and participation"), so they weigh
# like stop words. Measured on corpus/: sub F1 0.833 -> 0.838, no adoption lost.
_VALUE_WORDS = {
    # Single words only, and none that also names a thing ("open data", "government").
    "en": (
        "transparency transparent accountability accountable participation participatory "
        "openness integrity inclusion inclusive engagement"
    ),
    "fr": (
        "transparence transparent redevabilité responsabilité participation participative "
        "citoyenne ouverture intégrité inclusion"
    ),
}


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The words that weigh little as evidence: spaCy's stop words and the values of
    open government (``_VALUE_WORDS``), for ``lang``."""
    return _spacy_stop_words(lang) | frozenset(_VALUE_WORDS.get(lang, "").split())


# Web addresses share hosts and paths across unrelated links: their words weigh like stop words.
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text: matching keys, offsets (end-exclusive) and weights."""

    keys: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    weights: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.keys)


def ngram_size(lang: str) -> int:
    """Shingle length: 3 words, or 4 characters where each character is a token."""
    return 4 if lang in CHARACTER_LANGUAGES else 3


def tokens_per_word(lang: str) -> float:
    """About how many tokens make one word: 1, or 2 where each character is a token."""
    return 2.0 if lang in CHARACTER_LANGUAGES else 1.0


def tokenize(text: str, lang: str = "en", *, offset: int = 0) -> Tokens:
    """Tokens of ``text``, their offsets shifted by ``offset``.

    >>> tokenize("Publish the budgets", "en").keys
    ('publish', 'the', 'budgets')
    >>> tokenize("시장은 공개", "ko").keys
    ('시', '장', '은', '공', '개')
    """
    stops = stop_words(lang)
    lowered = text.lower()
    urls = _url_spans(text, lowered)
    if _CHARACTER_SCRIPTS.search(text):
        return _tokenize_by_character(text, stops, urls, offset)
    # No character is a token on its own: whole-list steps, about twice as fast as a
    # Python step per token. This runs on every submission sharing new wording with
    # the final, and on more of them the more there are.
    if text.isascii():  # the same tokens; lower() is casefold() there
        spans = [m.span() for m in _ASCII_TOKEN_RE.finditer(text)]
        keys = _ASCII_TOKEN_RE.findall(lowered)
    else:
        spans = [m.span() for m in _TOKEN_RE.finditer(text)]
        keys = [text[start:end].casefold() for start, end in spans]
    weights = [
        STOP_WORD_WEIGHT if key in stops else NUMBER_WEIGHT if key.isdigit() else 1.0
        for key in keys
    ]
    if urls:
        for i, (start, _) in enumerate(spans):
            if _inside(start, urls):
                weights[i] = STOP_WORD_WEIGHT
    starts, ends = zip(*spans, strict=True) if spans else ((), ())
    if offset:
        starts = tuple(start + offset for start in starts)
        ends = tuple(end + offset for end in ends)
    return Tokens(tuple(keys), starts, ends, tuple(weights))


def _url_spans(text: str, lowered: str) -> list[tuple[int, int]]:
    # Most texts hold no address: two substring tests spare the regular expression.
    if "://" not in text and "www." not in lowered:
        return []
    return [m.span() for m in _URL_RE.finditer(text)]


def _tokenize_by_character(
    text: str, stops: frozenset[str], urls: list[tuple[int, int]], offset: int
) -> Tokens:
    """``tokenize`` for text holding characters that are tokens on their own."""
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    weights: list[float] = []
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
        if key in stops or (urls and _inside(match.start(), urls)):
            weights.append(STOP_WORD_WEIGHT)
        else:
            weights.append(NUMBER_WEIGHT if key.isdigit() else 1.0)
    return Tokens(tuple(keys), tuple(starts), tuple(ends), tuple(weights))


def token_keys(text: str) -> list[str]:
    """The keys of ``tokenize(text).keys``, without offsets or weights: much faster.

    >>> token_keys("Publish the Budgets 시장")
    ['publish', 'the', 'budgets', '시', '장']
    """
    if text.isascii():  # lower() is casefold() there; no character is a token on its own
        # The tokens of \w+ in ASCII: every other character made a space, then split,
        # a quarter faster than the regular expression on every letter of a docket.
        return text.lower().translate(_ASCII_NON_WORD).split()
    return [word.casefold() for word in _TOKEN_RE.findall(text)]


def content_keys(keys: Iterable[str], lang: str) -> set[str]:
    """The distinct ``keys`` (of ``token_keys``) that are neither stop words nor numbers."""
    stops = stop_words(lang)
    return {k for k in set(keys) - stops if not k.isdigit()}


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def shingles(tokens: Tokens, n: int) -> list[str]:
    """The n-gram starting at each token position; one shorter gram if there are fewer than n.

    >>> shingles(tokenize("a b c d"), 3)
    ['a b c', 'b c d']
    """
    keys = tokens.keys
    if not keys:
        return []
    if len(keys) < n:
        return [" ".join(keys)]
    return [" ".join(keys[i : i + n]) for i in range(len(keys) - n + 1)]
