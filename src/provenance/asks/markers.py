"""What makes a sentence a request: the request markers of English, Korean and French
("please", 주십시오, "nous demandons" ...), imperative verbs, polite questions, and the
per-language rules (:func:`_rules_for`) that choose among them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .courtesies import _not_ask
from .scan import _CLOSERS, _EMPHASIS
from .text import _has_word

# --- what makes a sentence a request -------------------------------------------------
# Lower-cased sentences, quotes blanked out. Each list is what a drafter would call a
# request marker in that language; none is tuned on a benchmark.

# Each pattern starts with the character before the marker's first word: the engine
# then only tries the branches after a space or an opening mark, not at every letter
# (the patterns run over text with a space put in front; see _requests).
_WORD_BEFORE = "[\\s(\\[/*_\\x03\"'‘“«—–]"
_EN_MARKERS = (
    rf"{_WORD_BEFORE}(?:please\b|kindly\b"
    r"|(?:we|i)(?:\s+\w+){0,2}?\s+(?:ask|asking|request|requesting|urge|urging|recommend"
    r"|recommending|propose|proposing|suggest|suggesting|call\s+(?:on|upon|for)|want(?=\s+\w)"
    r"|demand|insist|invite|encourage)\b"
    r"|(?:we|i)(?:'d|’d|\s+would)(?:\s+\w+)?\s+(?:like|prefer|rather)\b"
    r"|(?:asks?|requests?|urges?|recommends?|proposes?|insists?)\s+that\b"
    r"|(?:should|must|shall|ought\s+to|needs?\s+to)\b"
    r"|it\s+(?:is|would\s+be)\s+(?:necessary|essential|important|vital|crucial|imperative)\b"
    r"|it\s+would\s+be\s+(?:better|fairer|fair|sensible|more\s+\w+|helpful|good)\s+(?:if|to)\b"
    r"|the\s+least\s+\w+(?:\s+\w+)?\s+(?:can|could|should)\s+do\s+is\b"
    r"|let\s+(?:us|me|the|tenants|residents|people|citizens|everyone|users)\b"
    r"|our\s+(?:request|recommendation|proposal|suggestion)s?\s+(?:is|are)\b"
    r"|we\s+need\b)"
)
# Grouped by first syllable: the engine then tries few branches at each position.
_KO_MARKERS = (
    r"주(?:십시오|시오|시기|세요|셔야|시면|실|셨으면|시길)|줬으면"
    r"|바(?:랍니다|라며|란다|랍|라오)|기를\s*바|건의|촉구"
    r"|요청(?:합니다|드립니다|드려요|드리며|드리고|하며|하고자|한다|함|해요|하오니|드리오니)"
    r"|제안(?:합니다|드립니다|드리며|하며|한다|함|드려요|하고자|드리고)"
    r"|야\s*(?:합니다|한다|하며|하고|하겠|할\s*것|됩니다|된다|되며|하지\s*않)"
    r"|필요(?:합니다|하다|함|가\s*있)"
    r"|했으면|하였으면|으면\s*(?:합니다|좋겠)|면\s*좋겠"
    r"|도록\s*(?:해|하여|할\s*것|하십시오|합시다|규정|명시)|하라(?:\s|$|[.!])"
    r"|(?:해|어|아|여)\s*달라(?:\s|$|[.!])"
    # "...하는 것이 바람직합니다/자연스럽습니다": a recommendation in evaluative form
    r"|것이\s*(?:더\s*)?(?:좋겠|바람직|타당|자연스럽|적절|합리적|옳|맞겠)"
)
_FR_MARKERS = (
    rf"{_WORD_BEFORE}(?:(?:je|j['’]|nous)\s*(?:\w+\s+){{0,2}}?(?:demande|demandons|propose"
    r"|proposons|suggère|suggérons|recommande|recommandons|souhaite|souhaitons|souhaiterions"
    r"|souhaiterais|voudrais|voudrions|exigeons|exige|appelons|invitons|prions)\b"
    r"|(?:demande|demandent|propose|proposent|recommande|recommandent|souhaite|souhaitent)"
    r"\s+(?:que|qu['’]|à|de|d['’]|cependant|donc|également|aussi|en\s+outre)"
    r"|il\s+(?:faut|faudrait|conviendrait|convient|est\s+(?:nécessaire|indispensable"
    r"|essentiel|urgent|souhaitable)|serait\s+(?:souhaitable|utile|nécessaire|bon))\b"
    r"|(?:doit|doivent|devrait|devraient|devront|devra)\b|veuillez\b"
    r"|merci\s+de\s+(?!votre|vos|l['’]|la\b|le\b|les\b|m['’]|nous\b))"
)
# A sentence ending in a syllable with a final ㄹ and 것 ("공개할 것"): the form of a
# Korean proposal or instruction.
_RIEUL_FINAL = "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == 8)
_KO_ENDING = rf"[{_RIEUL_FINAL}]\s*것\s*[.。]?\s*$"

# Imperative verbs that start a sentence or list item ("Add ...", "Publish ...").
_EN_VERBS = (
    "add adopt allow amend apply bring clarify consider create define delete ensure establish "
    "expand explain extend give guarantee halve include insert introduce keep let lower make "
    "mandate oblige omit prohibit protect provide publish put reduce reject remove rename "
    "replace require restore retain reword rewrite say scrap shorten simplify specify stop "
    "strike strengthen substitute tell withdraw write"
).split()
# Verbs that are as often nouns, which the next word tells apart: "Change is needed",
# "Increase in fees", "Use of force" are no imperatives.
_EN_NOUN_VERBS = (
    "ban cap change cut double drop fix increase limit move offer raise release set share state "
    "update use"
).split()
_NOT_AFTER_VERB = (
    r"(?![-'’])(?!\s+(?:of|is|are|was|were|has|have|had|will|would|can|could|may|might|and|or|as"
)
_EN_IMPERATIVE = (
    rf"(?:(?:do\s+not|don't|don’t|never|{'|'.join(_EN_VERBS)})\b{_NOT_AFTER_VERB})\b)"
    rf"|(?:{'|'.join(_EN_NOUN_VERBS)})\b{_NOT_AFTER_VERB}|in|to|for|on|at)\b))"
)
_FR_STEMS = (
    "ajout supprim remplac publi cré fix relev ramen désign envoy impos précis modifi instaur "
    "mentionn limit exig oblig assur renforc retir insér allong abaiss organis inform associ "
    "réserv intégr consult financ simplifi clarifi expos"
).split()
_FR_VERBS = [s + e for s in _FR_STEMS for e in ("er", "ez")] + (
    "prévoir prévoyez réduire réduisez étendre étendez inclure incluez garantir garantissez "
    "permettre permettez ouvrir ouvrez mettre mettez interdire interdisez rétablir rétablissez "
    "maintenir maintenez raccourcir élargir élargissez soumettre soumettez rendre rendez "
    "exclure excluez traduire traduisez"
).split()
_FR_IMPERATIVE = rf"(?:{'|'.join(_FR_VERBS)})\b"
# Connectives before an imperative ("And please ...", "Also, add ...").
_LEADING_WORD_LIST = (
    "and also so then finally first firstly second secondly third thirdly lastly additionally "
    "instead therefore thus et puis enfin aussi ensuite également in de"
).split()
_LEADING_WORDS = (
    r"(?:(?:and|also|so|then|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly"
    r"|additionally|in\s+addition|instead|therefore|thus|et|puis|enfin|aussi|ensuite"
    r"|de\s+plus|également)[,\s]+)*"
)


_EN_MARKER_RE = re.compile(_EN_MARKERS)
_KO_MARKER_RE = re.compile(_KO_MARKERS)
_KO_ENDING_RE = re.compile(_KO_ENDING)
_FR_MARKER_RE = re.compile(_FR_MARKERS)
_HANGUL_RE = re.compile("[\uac00-\ud7a3]")
_LATIN_RE = re.compile("[a-z]")


@dataclass(frozen=True, slots=True)
class _Rules:
    """How to tell a request: with the marker lists, or (``known`` False, for a language
    without lists) every sentence of the submitter's own that is not a question."""

    known: bool
    imperative: re.Pattern[str] | None = None
    # The first words with which an imperative sentence may start (the verb, "please",
    # a connective): a set lookup before the pattern runs.
    imperative_words: frozenset[str] = frozenset()
    french: bool = False


_MARKER_LANGUAGES = ("en", "ko", "fr")
_RULES: dict[str, _Rules] = {}


def _rules_for(lang: str) -> _Rules:
    code = lang.split("-")[0].split("_")[0].lower()
    if code not in _MARKER_LANGUAGES:
        code = "*"
    if code not in _RULES:
        if code == "*":
            _RULES[code] = _Rules(False)
        else:
            # The marker lists of the three languages are all tried (their words do not
            # collide, and a Korean letter sent to an English consultation still has its
            # requests found); French imperatives only for French, since some of them
            # are English words too.
            french = code == "fr"
            imperatives = [_EN_IMPERATIVE] + ([_FR_IMPERATIVE] if french else [])
            verbs = [*_EN_VERBS, *_EN_NOUN_VERBS, *(_FR_VERBS if french else ())]
            _RULES[code] = _Rules(
                True,
                re.compile(rf"{_LEADING_WORDS}(?:please\s+)?(?:{'|'.join(imperatives)})"),
                frozenset([*verbs, *_LEADING_WORD_LIST, "please", "do", "don't", "don’t", "never"]),
                french,
            )
    return _RULES[code]


# A short label before a colon ("Jalon a) :", "**개정 의견**:", "R1:"): what follows
# it starts the sentence as far as imperatives go.
_LABEL_RE = re.compile(r"[^:\n\x02]{1,40}?\s?:\s+(?=\S)")
# An opening clause before an imperative ("When the work starts, put a sign ...").
_CLAUSE_OPENERS = frozenset(
    "if when where once after before for in on under as until si quand lorsque pour dans".split()
)
_OPENING_CLAUSE_RE = re.compile(rf"(?:{'|'.join(_CLAUSE_OPENERS)})\b[^,\n]{{1,80}},\s+")


def _is_question(masked: str) -> bool:
    return masked.rstrip(_CLOSERS + " .").endswith(("?", "？"))


# A request put as a question ("Could you keep the vans away from the school?",
# "...해 주실 수 있을까요?"): a question, but one that asks for an action, not for an
# answer ("Could you tell me why?" asks for an answer).
_POLITE_VERBS = "|".join(sorted(set(_EN_VERBS + _EN_NOUN_VERBS) - {"say", "tell", "explain"}))
_POLITE_REQUEST_RE = re.compile(
    rf"{_LEADING_WORDS}(?:could|would|can|will)\s+you\s+"
    rf"(?:(?:please|kindly|just|also|perhaps|not)\s+)*(?:{_POLITE_VERBS})\b"
    r"|(?:would|is)\s+it\s+be\s+possible\s+to\b|is\s+it\s+possible\s+to\b"
)
_KO_POLITE_REQUEST_RE = re.compile(
    r"주실\s*수\s*(?:있|없)|주시면\s*안\s*될까|주시겠(?:어요|습니까|나요)|주시지\s*않(?:겠|을)"
    r"|줄\s*수\s*(?:있|없)(?:을까|나요|습니까)"
)


def _polite_request(core: str) -> bool:
    """Whether a question (lower-cased, quotes blanked out) asks for an action."""
    return _POLITE_REQUEST_RE.match(core) is not None or (
        _HANGUL_RE.search(core) is not None and _KO_POLITE_REQUEST_RE.search(core) is not None
    )


def _is_request(masked: str, rules: _Rules) -> bool:
    """Whether a sentence (quotes blanked out) asks for something."""
    if not _has_word(masked):  # quote marks and filler are not \w
        return False
    core = masked.strip(_EMPHASIS).lower()
    if _is_question(masked):
        return rules.known and _polite_request(core) and not _not_ask(core)
    if not rules.known:
        return True
    request = (
        _EN_MARKER_RE.search(f" {core}") is not None
        or (_HANGUL_RE.search(core) is not None and _KO_MARKER_RE.search(core) is not None)
        or _KO_ENDING_RE.search(core) is not None
        or (rules.french and _FR_MARKER_RE.search(f" {core}") is not None)
        or _starts_imperative(core, 0, len(core), rules)
    )
    return request and not _not_ask(core)


def _starts_imperative(low: str, start: int, end: int, rules: _Rules) -> bool:
    """Whether ``low[start:end]`` starts with an imperative, maybe after a label or an
    opening clause."""
    assert rules.imperative is not None
    space = low.find(" ", start, end)
    first = low[start : end if space < 0 else space].rstrip(",:;.")
    if first in rules.imperative_words and rules.imperative.match(low, start, end):
        return True
    colon = low.find(":", start, min(end, start + 45))
    if colon >= 0:
        label = _LABEL_RE.match(low, start, end)
        if label and len(label[0].split()) <= 4 and rules.imperative.match(low, label.end(), end):
            return True
    if first in _CLAUSE_OPENERS and "," in low[start:end]:
        clause = _OPENING_CLAUSE_RE.match(low, start, end)
        return clause is not None and rules.imperative.match(low, clause.end(), end) is not None
    return False
