"""Find the asks of a submission: the edits it proposes and the requests it makes.

An *ask* is one proposal of a submission (DESIGN.md, "Asks matched to changes"):

- an explicit edit: the changed lines of a unified diff, a body row of a comparison
  table (현행 | 개정안 | 사유), or a phrasing such as ``replace "X" with "Y"``;
- a request in free text: a sentence or list item with a request marker ("please",
  "we ask", "should", 주십시오, 바랍니다, "nous demandons" ...) or starting with an
  imperative verb. Consecutive request sentences of one paragraph are one ask.

Questions, greetings, thanks, sign-offs, metadata and background are not asks. Text
the submission quotes (a quoted passage of eight words or more, ``>`` e-mail lines, a
diff's removed lines) is *context* of the ask it stands in: never evidence for it,
and never an ask by itself.

Everything here is regular expressions and string tests, no tokenizer: it runs on
every submission of a consultation, a hundred thousand of them.

The package's modules, each with one job: :mod:`.model` (what an ask is),
:mod:`.scan` (the structure of a submission, quotes and sentences), :mod:`.diffs`,
:mod:`.tables` and :mod:`.phrasings` (the three kinds of explicit edit),
:mod:`.courtesies` and :mod:`.markers` (what is and is not a request), :mod:`.prose`
(from sentences to asks) and :mod:`.text` (small string tests).
"""

from __future__ import annotations

import re

from ..model import Span
from .diffs import _diff_asks, _restates
from .markers import _rules_for
from .model import Ask, AskKind
from .prose import _prose_asks
from .scan import _Hunk, _scan

__all__ = [
    "Ask",
    "AskKind",
    "Proposal",
    "extract_asks",
    "has_edit_cue",
    "own_words",
    "requests",
]


def extract_asks(text: str, *, lang: str = "en") -> tuple[Ask, ...]:
    """The asks of one submission, in text order; ``()`` for one that proposes nothing.

    ``lang`` (an ISO 639-1 code) chooses the request markers: English, Korean and
    French have lists (and each list is tried on every text in those languages, so a
    Korean letter in an English consultation still counts). For other languages every
    sentence of the submission's own text that is not a question is a request.

    >>> letter = '''Dear Council,
    ...
    ... We recommend that "90 days" be replaced with "30 days". Tenants wait too long.
    ...
    ... Section 7 should also cover mould. Please add it to the list.
    ...
    ... Thank you.'''
    >>> [(a.kind, a.old, a.new) for a in extract_asks(letter)]
    [('replace', '90 days', '30 days'), ('request', None, None)]
    >>> extract_asks(letter)[1].span.text
    'Section 7 should also cover mould. Please add it to the list.'
    """
    segments = _scan(text)
    drafts = _prose_asks(text, segments, _rules_for(lang))
    diff = [s for s in segments if isinstance(s, _Hunk)]
    if diff:
        edits = _diff_asks(text, diff)
        # A pull request's description often says in words what its diff does
        # ('replaced "honest" with "focused"'): that is the diff's ask, not another.
        drafts = [d for d in drafts if not any(_restates(d, e) for e in edits)] + edits
    drafts.sort(key=lambda d: d.start)
    return tuple(
        Ask(
            index=i,
            span=Span.of(text, d.start, d.end),
            kind=d.kind,
            old=d.old,
            new=d.new,
            context=tuple(Span.of(text, s, e) for s, e in d.context),
        )
        for i, d in enumerate(drafts)
    )


# ``model.Ask`` is an ask with what became of it; the ask as found here, before it has
# an outcome, is also called a proposal.
Proposal = Ask


def requests(text: str, *, lang: str = "en") -> tuple[tuple[Span, str], ...]:
    """Each request in free text as its span and its own words (see :func:`own_words`)."""
    return tuple(
        (a.span, own_words(a)) for a in extract_asks(text, lang=lang) if a.kind == "request"
    )


def own_words(ask: Ask) -> str:
    """An ask's text with what it quotes blanked out: its own words, to compare by.

    Blanks, not cuts, so that the words on either side of a quote do not join.

    >>> [own_words(a).split() for a in extract_asks('Please extend "the guidelines on '
    ...  'budgeting to every region of the country" by 2027.')]
    [['Please', 'extend', '"', '"', 'by', '2027.']]
    """
    chars = list(ask.span.text)
    for quoted in ask.context:
        start, end = quoted.start - ask.span.start, quoted.end - ask.span.start
        chars[max(0, start) : max(0, end)] = " " * (max(0, end) - max(0, start))
    return "".join(chars)


def has_edit_cue(text: str) -> bool:
    """Whether a submission may hold an explicit edit: a diff hunk, a comparison table,
    an arrow, a quotation or a number next to a word of editing ("replace", "delete",
    "instead", "삭제", "로 변경" ...). Cheap: at scale the engine looks for explicit
    edits only where it is True, since most letters propose in free text.

    >>> has_edit_cue('Please change "may" to "shall".'), has_edit_cue("We like the plan.")
    (True, False)
    >>> has_edit_cue("We ask that the period be cut from 90 days to 30 days.")
    True
    """
    # Plain substring tests first: a regular expression over a whole letter costs ten
    # times more, and this runs on every submission of a docket.
    ascii_only = text.isascii()
    if "@@ -" in text or "->" in text or "=>" in text:
        return True
    if not ascii_only and _ARROW_CUE_RE.search(text):
        return True
    if "|" in text and _TABLE_CUE_RE.search(text):
        return True
    if not _QUOTE_OR_NUMBER_RE.search(text):
        return False
    lowered = text.lower()
    if any(stem in lowered for stem in (_ASCII_CUE_STEMS if ascii_only else _CUE_STEMS)):
        return True
    return _found_at(_ADD_RE, lowered, "add") or _found_at(_FROM_TO_RE, lowered, "from")


def _found_at(pattern: re.Pattern[str], lowered: str, word: str) -> bool:
    """Whether ``pattern`` matches where ``word`` (its first word) stands: ``find`` is
    many times faster than a regular expression searching the whole letter."""
    at = lowered.find(word)
    while at >= 0:
        if pattern.match(lowered, at):
            return True
        at = lowered.find(word, at + len(word))
    return False


_ARROW_CUE_RE = re.compile(r"->|=>|[→⇒➔⟶➜]")
_TABLE_CUE_RE = re.compile(
    r"현행|개정|수정안|원안|current|existing|proposed|amended|suggested|actuel|proposé", re.I
)
# Words of editing: the stems of the edit rules' verbs and of substitution, looked for
# as plain substrings (fast); "add" and "from ... to" need their word boundaries.
_CUE_STEMS = (
    "replac", "substitut", "delet", "remov", "strike", "struck", "omit", "insert", "amend",
    "chang", "instead", "rather than", "should read", "read as", "remplac", "supprim",
    "삭제", "신설", "추가", "대신", "변경", "수정", "개정", "바꾸", "바꿔", "단축", "연장",
    "늘리", "늘려", "줄이", "줄여", "상향", "하향", "조정", "고치", "고쳐", "옮기", "옮겨",
)  # fmt: skip
_ASCII_CUE_STEMS = tuple(stem for stem in _CUE_STEMS if stem.isascii())
_ADD_RE = re.compile(r"\badd\b")
_FROM_TO_RE = re.compile(r"\bfrom\b[^.\n]{0,40}\bto\b")
_QUOTE_OR_NUMBER_RE = re.compile(r"[\"'“”‘’«»「」『』]|\d")
