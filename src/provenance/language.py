"""Guess the language of a text, offline and deterministically, with nothing but spaCy.

First by Unicode script: most scripts name their language outright (Hangul is Korean,
Thai is Thai). Where several languages share a script (Latin, Cyrillic, Arabic,
Devanagari, Ethiopic), the words of the text are counted against spaCy's own stop-word
lists, so the answer is always a language ``spacy.blank`` knows.

A code a caller gives instead (``lang="ko"``, ``--lang ko``) is checked by
:func:`check_language`: ``"auto"`` or a language spaCy knows, else an
:class:`~provenance.errors.UnknownLanguageError`.
"""

from __future__ import annotations

import bisect
import importlib
import importlib.util
import math
import re
import runpy
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .errors import UnknownLanguageError

AUTO = "auto"  # the lang that asks for detection
DEFAULT_LANGUAGE = "en"
UNKNOWN_LANGUAGE = "xx"  # spaCy's multi-language code, for scripts it has no language for
SAMPLE_CHARS = 20_000  # only the start is read: enough to decide, cheap on large files

# (first, last, script) code point ranges, sorted by first.
_SCRIPT_RANGES: Sequence[tuple[int, int, str]] = (
    (0x0041, 0x024F, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0700, 0x074F, "other"),  # Syriac
    (0x0750, 0x077F, "arabic"),
    (0x0780, 0x07BF, "other"),  # Thaana
    (0x08A0, 0x08FF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "other"),  # Gurmukhi
    (0x0A80, 0x0AFF, "gujarati"),
    (0x0B00, 0x0B7F, "other"),  # Oriya
    (0x0B80, 0x0BFF, "tamil"),
    (0x0C00, 0x0C7F, "telugu"),
    (0x0C80, 0x0CFF, "kannada"),
    (0x0D00, 0x0D7F, "malayalam"),
    (0x0D80, 0x0DFF, "sinhala"),
    (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "other"),  # Lao
    (0x0F00, 0x0FFF, "tibetan"),
    (0x1000, 0x109F, "other"),  # Myanmar
    (0x10A0, 0x10FF, "other"),  # Georgian
    (0x1100, 0x11FF, "hangul"),
    (0x1200, 0x139F, "ethiopic"),
    (0x1C80, 0x1C8F, "cyrillic"),
    (0x1E00, 0x1EFF, "latin"),
    (0x1F00, 0x1FFF, "greek"),
    (0x2C60, 0x2C7F, "latin"),
    (0x2DE0, 0x2DFF, "cyrillic"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hangul"),
    (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xA640, 0xA69F, "cyrillic"),
    (0xA720, 0xA7FF, "latin"),
    (0xA960, 0xA97F, "hangul"),
    (0xAC00, 0xD7FF, "hangul"),
    (0xF900, 0xFAFF, "han"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0xFF21, 0xFF5A, "latin"),  # full-width Latin, common in CJK documents
    (0xFF66, 0xFF9F, "kana"),  # half-width katakana
    (0x20000, 0x3FFFF, "han"),
)
_RANGE_STARTS = [first for first, _, _ in _SCRIPT_RANGES]

_SCRIPT_LANGUAGE = {
    "greek": "el",
    "armenian": "hy",
    "hebrew": "he",
    "bengali": "bn",
    "gujarati": "gu",
    "tamil": "ta",
    "telugu": "te",
    "kannada": "kn",
    "malayalam": "ml",
    "sinhala": "si",
    "thai": "th",
    "tibetan": "bo",
    "other": UNKNOWN_LANGUAGE,
}
# Scripts several languages share; the first is the answer when no stop word decides.
# "ms" is left out: spaCy's Malay stop words are its Indonesian ones, so "id" answers.
_STOP_WORD_CANDIDATES = {
    "latin": (
        "en",
        "fr",
        "de",
        "es",
        "pt",
        "it",
        "nl",
        "sv",
        "da",
        "nb",
        "fi",
        "pl",
        "cs",
        "sk",
        "ro",
        "hu",
        "tr",
        "id",
        "tl",
        "ca",
        "hr",
        "sl",
        "lt",
        "lv",
        "et",
        "af",
        "sq",
        "eu",
        "ga",
        "is",
        "lb",
        "az",
        "vi",
    ),  # fmt: skip
    "cyrillic": ("ru", "uk", "bg", "sr", "mk"),
    "arabic": ("ar", "fa", "ur"),
    "devanagari": ("hi", "mr", "ne", "sa"),
    "ethiopic": ("am", "ti"),
}
# Letters that only one of the languages sharing a script uses; each occurrence counts
# as one stop-word hit. They settle close calls such as Portuguese against Spanish,
# whose stop-word lists overlap most.
_LETTER_HINTS = {
    "pt": "ãõ",
    "es": "ñ¿¡",
    "de": "ß",
    "pl": "ąęłśźż",
    "cs": "řěů",
    "sk": "ľĺŕ",
    "hu": "őű",
    "tr": "ğı",
    "ro": "ățș",
    "is": "ðþ",
    "lv": "āēīķļņģ",
    "lt": "ėųį",
    "az": "ə",
    "vi": "ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
    "uk": "іїєґ",
    "sr": "ђћ",
    "mk": "ѓќѕ",
    "ur": "ٹڈڑںے",
}
# What a spaCy language code looks like: ISO 639-1 (en) or 639-3 (grc, hsb, kmr). Checked
# before the file system is asked, so no path can be smuggled in as a code.
_CODE_RE = re.compile("[a-z]{2,3}")
_CJK_WEIGHT = 2  # a syllable or ideograph carries about as much as two Latin letters
_MIN_STOP_WORDS = 2  # fewer stop words than this is too little evidence: keep the default
# A word: a run of anything but spaces, digits and punctuation. Not [^\W\d_]+, which
# would cut Devanagari and Thai words at every combining vowel sign.
_WORD_RE = re.compile(r"[^\s\d!-/:-@\[-`{-~\u2000-\u206f\u3000-\u303f«»¡¿।॥،؛؟]+")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is most likely written in.

    Deterministic and offline. Returns ``"en"`` for text too short to tell and ``"xx"``
    (spaCy's multi-language code) for scripts spaCy has no language for.

    >>> detect_language("The ministry shall publish the plan and the budget.")
    'en'
    >>> detect_language("제5조(정의) 이 법에서 사용하는 용어의 뜻은 다음과 같다.")
    'ko'
    """
    sample = text[:SAMPLE_CHARS]
    scripts = _script_counts(sample)
    if not scripts:
        return DEFAULT_LANGUAGE
    cjk = scripts["hangul"] + scripts["kana"] + scripts["han"]
    groups = Counter({s: n for s, n in scripts.items() if s not in ("hangul", "kana", "han")})
    groups["cjk"] = cjk * _CJK_WEIGHT
    script = max(groups, key=lambda s: (groups[s], s))
    if script == "cjk":
        return _cjk_language(scripts["hangul"], scripts["kana"], cjk)
    if script in _STOP_WORD_CANDIDATES:
        return _by_stop_words(sample, _STOP_WORD_CANDIDATES[script])
    return _SCRIPT_LANGUAGE[script]


def _script_counts(sample: str) -> Counter[str]:
    """How many letters of each script ``sample`` holds."""
    counts: Counter[str] = Counter()
    # Classify each distinct character once: a text has few, and Counter runs in C.
    for ch, n in Counter(sample).items():
        if not ch.isalpha():
            continue
        cp = ord(ch)
        i = bisect.bisect_right(_RANGE_STARTS, cp) - 1
        if i >= 0 and cp <= _SCRIPT_RANGES[i][1]:
            counts[_SCRIPT_RANGES[i][2]] += n
    return counts


def _cjk_language(hangul: int, kana: int, cjk: int) -> str:
    # Korean texts may cite Hanja and Japanese texts are mostly kanji, so the share of
    # the script only one language uses decides, not the majority.
    if hangul >= 0.3 * cjk:
        return "ko"
    if kana >= 0.05 * cjk:
        return "ja"
    return "zh"


def _by_stop_words(sample: str, candidates: Sequence[str]) -> str:
    """The candidate whose stop words the sample uses most.

    A word on the lists of n candidates counts 1/sqrt(n) for each, so the words the
    languages share ("a", "de", "die") weigh less than those one language owns, yet a
    long list of shared words still counts (Portuguese "de", "para", "os", "que").
    """
    words = Counter(_WORD_RE.findall(sample.lower()))
    lists = {code: stop_words(code) for code in candidates}
    scores = dict.fromkeys(candidates, 0.0)
    hits = dict.fromkeys(candidates, 0)
    for word, count in words.items():
        owners = [code for code in candidates if word in lists[code]]
        for code in owners:
            scores[code] += count / math.sqrt(len(owners))
            hits[code] += count
    for code in candidates:
        letters = _LETTER_HINTS.get(code, "")
        scores[code] += sum(sample.count(letter) for letter in letters)
    best = max(candidates, key=lambda code: scores[code])  # the first wins ties
    return best if hits[best] >= _MIN_STOP_WORDS or scores[best] >= 3 else candidates[0]


@cache
def stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words for ``code``; empty if this spaCy has none."""
    # Importing spacy.lang.<code> runs the language package's __init__, which for some
    # languages compiles tokenizer rules for seconds (French: ~5 s). The stop-word
    # module imports nothing, so it is run on its own.
    spec = importlib.util.find_spec("spacy")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            path = Path(location) / "lang" / code / "stop_words.py"
            if path.is_file():
                words = runpy.run_path(str(path)).get("STOP_WORDS", ())
                return frozenset(w.lower() for w in words)
    try:
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(w.lower() for w in getattr(module, "STOP_WORDS", ()))


def check_language(code: str, *, name: str = "lang") -> str:
    """``code`` if it is ``"auto"`` or a language spaCy knows, else an error.

    ``name`` is how the caller calls the argument in the message (``--lang`` in the
    command line). ``"xx"``, spaCy's multi-language code, is a language here: detection
    answers it for scripts spaCy has no language for.

    >>> check_language("ko")
    'ko'
    >>> try:
    ...     check_language("zz")
    ... except UnknownLanguageError as e:
    ...     print(e)
    lang zz: not a language spaCy knows; give an ISO 639-1 code such as en, ko, fr, or auto

    Raises:
        UnknownLanguageError: any other ``code``; the one-line message says what to give.
    """
    if code == AUTO or (isinstance(code, str) and is_known_language(code)):
        return code
    if isinstance(code, str) and code != code.lower() and is_known_language(code.lower()):
        raise UnknownLanguageError(
            f"{name} {code}: language codes are lower case; give {code.lower()}"
        )
    # repr for what would not show as itself: empty, padded, control characters.
    printable = isinstance(code, str) and code.isprintable() and code.strip() == code != ""
    shown = code if printable else repr(code)
    raise UnknownLanguageError(
        f"{name} {shown}: not a language spaCy knows;"
        " give an ISO 639-1 code such as en, ko, fr, or auto"
    )


@cache
def is_known_language(code: str) -> bool:
    """Whether spaCy has a language ``code`` (``spacy.lang.<code>``), ``"xx"`` included.

    Looks for the package's folder without importing spaCy, which takes about half a
    second: the command line checks ``--lang`` before it does any work.
    """
    if not _CODE_RE.fullmatch(code):
        return False
    spec = importlib.util.find_spec("spacy")
    if spec is None:
        return False
    locations = [Path(p) / "lang" for p in spec.submodule_search_locations or ()]
    if any(folder.is_dir() for folder in locations):
        return any((folder / code / "__init__.py").is_file() for folder in locations)
    try:  # spaCy installed without folders (in a zip): ask the import system
        return importlib.util.find_spec(f"spacy.lang.{code}") is not None
    except ImportError:
        return False
