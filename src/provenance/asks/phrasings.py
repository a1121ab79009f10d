"""Explicit edits 3: edits put in words, ``replace "X" with "Y"`` and its kin (delete,
insert, arrows, "from X to Y", the Korean and French phrasings), read from a sentence
with its quotes masked (:func:`_find_edits`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .markers import _HANGUL_RE, _LATIN_RE
from .model import AskKind
from .scan import _OPEN
from .text import _holds_any, _squash

# --- explicit edits 3: "replace X with Y" and its kin --------------------------------
# The patterns read the masked sentence, where a quote is one token: \x02 ... \x03.

_Q = r"\x02[^\x02\x03]*\x03"
# An unquoted number with its unit ("90 days", "ARV 100,000", "30%"), for the asks
# that change one; the unit word is not a word that would go on the sentence.
_NUM = (
    r"(?:(?-i:[A-Z]{2,3})\s?|[$€£₩])?\d[\d,.]*(?:\s?(?:%|percent|per\s+cent)"
    r"|\s(?!(?:to|and|or|with|by|from|instead|rather|in|of|for|per|à|par|de)\b)[^\W\d_]{2,}\b)?"
)
_WORD = r"[^\W\d_][\w'’-]*"
# A Korean number with its unit ("15일 이상", "2만 5천 톤", "6개월 이내"); the unit is
# short and lazy so the particle after it still matches.
_KNUM = (
    r"\d[\d,.]*(?:\s?[만천백억조](?:\s?\d[\d,.]*)?)*(?:\s?[^\W\d_]{1,3}?)?"
    r"(?:\s(?:이상|이하|이내|미만|초과))?"
)
_KO_CHANGE = (
    r"(?:수정|변경|개정|바꾸|바꿔|바꿀|바꾼|바꾸어|단축|연장|늘리|늘려|늘릴|줄이|줄여|줄일|상향|하향"
    r"|조정|고치|고쳐|고칠|대체|대치|낮추|낮춰|낮출|높이|높여|높일|완화|강화|정정"
    r"|해\s*주|하여\s*주|하도록|해야|하여야|할\s*것)"
)
_GAP = r"[^\x02\n]{0,60}?"  # a few words, no other quote
_SHORT_GAP = r"[^\x02\n,;]{0,60}?"
# "delete section 9(3), the sentence "..."": the quotation after a comma names the text.
_APPOSITION = (
    r"(?:,\s*(?:that\s+is\s+|namely\s+|i\.e\.\s+)?(?:the\s+(?:sentence|words?|phrase|text"
    r"|clause|provision)\s*)?:?\s*)?"
)
# "a new milestone", "an additional sentence": what a submission proposes to add.
_NEW_PROVISION = (
    r"\b(?:new|additional|extra|further)\s+(?:milestones?|commitments?|articles?|sections?"
    r"|paragraphs?|sentences?|clauses?|items?|provisions?|subsections?|points?|bullets?"
    r"|lines?|definitions?)\b"
)


@dataclass(frozen=True, slots=True)
class _EditRule:
    """One phrasing of an explicit edit.

    ``triggers``: lower-case strings one of which the sentence must hold (a cheap test
    before the pattern runs). ``loose``: unquoted terms count even outside a request
    (an arrow between two numbers is an edit wherever it stands).
    """

    kind: AskKind
    pattern: re.Pattern[str]
    triggers: tuple[str, ...]
    terms: Literal["quotes", "numbers", "words"]  # the least a term of it may be
    quotes: int  # how many of its terms must be quotations
    loose: bool = False
    swap_for: bool = False  # "substitute Y for X": the first term is the new one


def _rule(
    kind: AskKind, pattern: str, triggers: str, *, loose: bool = False, swap_for: bool = False
) -> _EditRule:
    # A pattern without a term of its own ("move ... to Section 2") counts, like bare
    # words, only in a request.
    terms: Literal["quotes", "numbers", "words"] = (
        "words"
        if _WORD in pattern or "(?P<" not in pattern
        else "numbers"
        if _NUM in pattern or _KNUM in pattern
        else "quotes"
    )
    quotes = pattern.count(f"(?P<old>{_Q})") + pattern.count(f"(?P<new>{_Q})")
    return _EditRule(
        kind,
        re.compile(pattern, re.IGNORECASE),
        tuple(triggers.split()),
        terms,
        quotes,
        loose,
        swap_for,
    )


_ARROWS = "→ -> => ⇒ ➔ ⟶ ➜"
_ARROW_LIST = tuple(_ARROWS.split())
_ARROW_CHAR_RE = re.compile("[>→⇒➔⟶➜]")  # in every arrow
_DIGIT_RE = re.compile(r"\d")
# In order of precedence: where two match the same words, the first wins.
_EDIT_RULES = (
    _rule(
        "replace",
        rf"\b(?:strike|delete|remove)\b{_SHORT_GAP}(?P<old>{_Q}){_GAP}\b(?:and|then)\s+"
        rf"(?:insert|add|substitute|put|write)\b{_SHORT_GAP}(?P<new>{_Q})",
        "strike delete remove",
    ),
    _rule(
        "replace",
        rf"\b(?:replac|substitut|swap|exchang)\w*\b{_SHORT_GAP}(?P<old>{_Q}|{_NUM})\s*,?\s*"
        rf"(?P<by>with|by|for)\s+(?:the\s+(?:words?|phrases?|text|figure|number)\s+)?"
        rf"(?P<new>{_Q}|{_NUM})",
        "replac substitut swap exchang",
        swap_for=True,
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_NUM}){_GAP}\b(?:be|is|are|being|gets?)\s+(?:replaced|substituted"
        rf"|swapped)\s+(?:with|by)\s+(?:the\s+(?:words?|phrases?|text)\s+)?(?P<new>{_Q}|{_NUM})",
        "replaced substituted swapped",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_NUM}){_GAP}\b(?:be|is|are|being)\s+(?:changed|amended|altered"
        rf"|revised|corrected|modified|reduced|increased|extended|shortened|lowered|raised"
        rf"|cut)\s+(?:from\s+(?:{_Q}|{_NUM})\s+)?(?:to|into)\s+(?:read\s+)?(?P<new>{_Q}|{_NUM})",
        "changed amended altered revised corrected modified reduced increased extended "
        "shortened lowered raised cut",
    ),
    _rule(
        "replace",
        rf"\b(?:change|amend|alter|revise|correct|modify|turn|reduce|increase|extend|shorten"
        rf"|lower|raise|cut|bring|move|set)\b{_SHORT_GAP}(?P<old>{_Q})\s+(?:to|into)\s+"
        rf"(?:read\s+)?(?P<new>{_Q}|{_NUM})",
        "change amend alter revise correct modify turn reduce increase extend shorten lower "
        "raise cut bring move set",
    ),
    _rule(
        "replace",
        rf"\bchange\s+(?P<old>{_Q}|{_NUM}|{_WORD})\s+(?:to|into)\s+(?P<new>{_Q}|{_NUM}|{_WORD})",
        "change",
    ),
    _rule(
        "replace",
        rf"\b(?:chang|reduc|increas|extend|shorten|lower|rais|cut|mov|amend|decreas|lengthen"
        rf"|adjust|bring|set|alter|revis|modif)\w*\b[^\x02\n.;]{{0,60}}?\bfrom\s+"
        rf"(?P<old>{_Q}|{_NUM}|{_WORD})\s+(?:to|into)\s+(?P<new>{_Q}|{_NUM}|{_WORD})",
        "from",
    ),
    _rule("replace", rf"\bfrom\s+(?P<old>{_Q})\s+to\s+(?P<new>{_Q})", "from"),
    _rule(
        "replace",
        rf"(?P<old>{_Q})\s+(?:should|shall|must|could|would|ought\s+to|needs?\s+to)\s+"
        rf"(?:instead\s+)?(?:be|read|say|become)\s*:?\s+(?P<new>{_Q})",
        "should shall must could would ought need",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_NUM}|{_WORD})\s*(?:{'|'.join(map(re.escape, _ARROWS.split()))})\s*"
        rf"(?P<new>{_Q}|{_NUM}|{_WORD})",
        _ARROWS,
        loose=True,
    ),
    _rule(
        "replace",
        rf"(?P<new>{_Q}|{_NUM})\s+(?:instead\s+of|rather\s+than|in\s+place\s+of|au\s+lieu\s+de"
        rf"|plutôt\s+que)\s+(?P<old>{_Q}|{_NUM})",
        "instead rather place lieu plutôt",
    ),
    # French
    _rule(
        "replace",
        rf"\bremplac\w*\b{_SHORT_GAP}(?P<old>{_Q}|{_NUM})\s+par\s+(?P<new>{_Q}|{_NUM})",
        "remplac",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_NUM}){_GAP}\bremplacée?s?\s+par\s+(?P<new>{_Q}|{_NUM})",
        "remplac",
    ),
    _rule(
        "replace",
        rf"\b(?:port|ramen|rédui|réduis|pass|modifi|relev|abaiss|allong|raccourc|fix)\w*\b"
        rf"[^\x02\n.;]{{0,60}}?\bde\s+(?P<old>{_Q}|{_NUM})\s+à\s+(?P<new>{_Q}|{_NUM})",
        " de ",
    ),
    # Korean: "X을 Y로 바꿔", "X라고 되어 있는데 Y로 바꿔", "X 대신 Y"
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_KNUM})\s*(?:을|를|은|는|이|가)\s*(?P<new>{_Q}|{_KNUM})\s*(?:으로|로)\s*"
        rf"{_KO_CHANGE}",
        "로",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_KNUM})\s*에서\s*(?P<new>{_Q}|{_KNUM})\s*(?:으로|로)\s*{_KO_CHANGE}",
        "에서",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q})\s*(?:으로|로|라고|이라고|고|라)\s*(?:되어|돼)\s*있[^\x02\n]{{0,40}}?"
        rf"(?P<new>{_Q})\s*(?:으로|로)\s*{_KO_CHANGE}",
        "있",
    ),
    _rule(
        "replace",
        rf"(?P<old>{_Q}|{_KNUM})\s*대신(?:에)?\s*,?\s*(?P<new>{_Q}|{_KNUM})",
        "대신",
    ),
    # Deletions
    _rule(
        "delete",
        rf"\b(?:delete|remove|strike(?:\s+out)?|omit|drop|take\s+out|scrap|supprim\w*)\b"
        rf"{_SHORT_GAP}{_APPOSITION}(?P<old>{_Q})",
        "delete remove strike omit drop take scrap supprim",
    ),
    _rule(
        "delete",
        rf"(?P<old>{_Q}){_GAP}\b(?:be|is|are|soit|soient|être)\s+(?:deleted|removed"
        rf"|struck(?:\s+out)?|omitted|dropped|taken\s+out|scrapped|supprimée?s?)",
        "deleted removed struck omitted dropped taken scrapped supprim",
    ),
    _rule(
        "delete",
        rf"(?P<old>{_Q})\s*(?:(?:이?라는|의)?\s*(?:부분|문구|단어|조항|항목|내용|규정|표현|구절)\s*)?"
        rf"(?:을|를|은|는|이|가)?\s*(?:삭제|빼|없애|제외|지워)",
        "삭제 빼 없애 제외 지워",
    ),
    # Moves: the text stays, its place changes ("move the definition to Section 2",
    # "제16조로 옮기고"). The moved text is named only when it is quoted right away.
    _rule(
        "move",
        rf"\b(?:move|relocate|transfer)\s+(?:the\s+(?:words?|sentence|phrase|text|definition"
        rf"|paragraph|clause|item)\s+)?(?P<old>{_Q})[^\x02\n]{{0,100}}?\b(?:to|into|under"
        rf"|after|before)\b",
        "move relocate transfer",
    ),
    _rule(
        "move",
        r"\b(?:move|relocate|transfer)\b[^\n;]{0,120}?\b(?:to|into|under|after|before)\s+"
        r"(?:the\s+\w+\s+(?:of\s+\w+\s+)?(?:in\s+)?)?(?:section|article|part|chapter|paragraph"
        r"|list|definitions|annex|schedule|clause|subsection|heading|§|\d)",
        "move relocate transfer",
    ),
    _rule(
        "move",
        # to a provision ("제16조의 제2항으로 옮겨"), not "손으로 옮겨 적다"
        r"(?:조|항|호|목|장|절|편|관|칙|표|\))\s*(?:으로|로)\s*(?:옮기|옮겨|옮길|이동(?:하|해|할|시키|시켜))",
        "옮기 옮겨 옮길 이동",
    ),
    # Additions
    _rule(
        "add",
        rf"\b(?:add|insert|include|append|put\s+in|ajout\w*|insér\w*|inscri\w*)\b{_SHORT_GAP}"
        rf"(?P<new>{_Q})",
        "add insert include append put ajout insér inscri",
    ),
    _rule(
        "add",
        rf"(?P<new>{_Q}){_GAP}\b(?:be|is|are|soit|soient|être)\s+(?:added|inserted|included"
        rf"|appended|ajoutée?s?|insérée?s?)",
        "added inserted included appended ajout insér",
    ),
    _rule(
        "add",
        rf"(?P<new>{_Q})\s*(?:(?:이?라는|와\s*같은|을|를|의)\s*)?[^\x02\n.]{{0,30}}?"
        rf"(?:(?:추가|신설|삽입|포함)(?:하|해|할|시켜|토록)|넣(?:어|을|고|으))",
        "추가 신설 넣 삽입 포함",
    ),
    _rule(
        "add",
        rf"{_NEW_PROVISION}[^\x02\n]{{0,60}}?:\s*(?P<new>{_Q})",
        "new additional extra further",
    ),
    # A new wording for a provision the submission names but does not quote.
    _rule(
        "replace",
        rf"\b(?:(?:should|shall|to|must|would|could)\s+(?:now\s+)?(?:read|say)|amended\s+to\s+read"
        rf"|(?:read|worded)\s+as\s+follows|that\b[^\x02\n]{{0,60}}?\b(?:read|say)|rédigée?s?"
        rf"|libellée?s?)"
        rf"\s*:?\s*(?P<new>{_Q})",
        "read say worded rédig libell",
    ),
    _rule("replace", rf"(?P<new>{_Q})\s*(?:으로|로)\s*{_KO_CHANGE}", "로"),
)


@dataclass(frozen=True, slots=True)
class _RuleSet:
    """Edit rules to try on one kind of sentence, indexed by their triggers.

    The triggers are split by script so that a sentence is searched only for those its
    letters could spell.
    """

    rules: tuple[_EditRule, ...]
    hangul: tuple[str, ...]  # triggers with Hangul in them
    latin: tuple[str, ...]  # ... with Latin letters
    symbols: tuple[str, ...]  # ... with neither ("→", "->")
    by_trigger: dict[str, frozenset[int]]

    @classmethod
    def of(cls, rules: Sequence[_EditRule]) -> _RuleSet:
        by_trigger: dict[str, set[int]] = {}
        for k, rule in enumerate(rules):
            for t in rule.triggers:
                by_trigger.setdefault(t, set()).add(k)
        index = {t: frozenset(ks) for t, ks in by_trigger.items()}
        hangul = tuple(t for t in index if _HANGUL_RE.search(t))
        latin = tuple(t for t in index if t not in hangul and _LATIN_RE.search(t))
        symbols = tuple(t for t in index if t not in hangul and t not in latin)
        return cls(tuple(rules), hangul, latin, symbols, index)

    def triggered(self, lowered: str) -> list[_EditRule]:
        """The rules one of whose triggers ``lowered`` holds, in order of precedence."""
        triggers = self.symbols
        if _LATIN_RE.search(lowered):
            triggers += self.latin
        if _HANGUL_RE.search(lowered):
            triggers += self.hangul
        hit: set[int] = set()
        for t in triggers:
            if t in lowered:
                hit |= self.by_trigger[t]
        return [self.rules[k] for k in sorted(hit)]


_ALL_RULES = _RuleSet.of(_EDIT_RULES)  # a sentence with a quotation
_NUMBER_RULES = _RuleSet.of([r for r in _EDIT_RULES if r.terms != "quotes"])  # a request
_WORD_RULES = _RuleSet.of([r for r in _EDIT_RULES if r.terms == "words"])  # ... without digits
_LOOSE_RULES = _RuleSet.of([r for r in _EDIT_RULES if r.loose])  # an arrow anywhere


# "Please do not delete ...": a negated edit asks to keep the text as it is.
_NEGATED_RE = re.compile(r"(?:\bnot|\bnever|n't|n’t|\bne\s+pas|\bpas)\s*$", re.IGNORECASE)
_KO_NEGATED_RE = re.compile(r"\s*(?:하지|지)\s*(?:말|않)")
# Pronouns and articles are not the term a "change X to Y" replaces.
_NOT_TERMS = frozenset(
    "it this that these those them the a an its their our your his her section article "
    "paragraph clause item part rule".split()
)


@dataclass(frozen=True, slots=True)
class _Edit:
    """An explicit edit found in a sentence: the words that say it, the old and new text."""

    start: int
    end: int
    kind: AskKind
    old: str | None
    new: str | None
    old_span: tuple[int, int] | None  # the quoted old text, which is context
    new_span: tuple[int, int] | None


def _find_edits(text: str, masked: str, offset: int, request: bool) -> list[_Edit]:
    """The explicit edits a sentence states, in order; ``offset`` is where it starts."""
    # Unquoted terms count only in a request, or around an arrow: most sentences need
    # no pattern tried at all.
    quotes = masked.count(_OPEN)
    if not (quotes or request or _ARROW_CHAR_RE.search(masked)):
        return []
    if quotes:
        rule_set = _ALL_RULES
    elif request:
        rule_set = _NUMBER_RULES if _DIGIT_RE.search(masked) else _WORD_RULES
    elif _holds_any(masked, _ARROW_LIST):
        rule_set = _LOOSE_RULES
    else:
        return []
    found: list[_Edit] = []
    taken: list[tuple[int, int]] = []
    for rule in rule_set.triggered(masked.lower()):
        if rule.quotes > quotes:
            continue
        for m in rule.pattern.finditer(masked):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            edit = _edit_of(text, masked, offset, m, rule, request)
            if edit is not None:
                found.append(edit)
                taken.append(m.span())
    return sorted(found, key=lambda edit: edit.start)


def _edit_of(
    text: str, masked: str, offset: int, m: re.Match[str], rule: _EditRule, request: bool
) -> _Edit | None:
    if _NEGATED_RE.search(masked, max(0, m.start() - 12), m.start()):
        return None
    if _KO_NEGATED_RE.match(masked, m.end()):
        return None
    groups = m.groupdict()
    terms: dict[str, tuple[int, int] | None] = {}
    for name in ("old", "new"):
        span = m.span(name) if groups.get(name) is not None else None
        terms[name] = span
    quoted = {n: span is not None and masked[span[0]] == _OPEN for n, span in terms.items()}
    present = [n for n, span in terms.items() if span is not None]
    if not rule.loose and not request and not all(quoted[n] for n in present):
        return None
    if rule.loose and not request:
        # Arrows between bare words need a request around them; numbers or quotes do not.
        for n in present:
            span = terms[n]
            assert span is not None
            if not quoted[n] and not any(c.isdigit() for c in masked[span[0] : span[1]]):
                return None
    if rule.swap_for and (groups.get("by") or "").lower() == "for":
        terms["old"], terms["new"] = terms["new"], terms["old"]
        quoted["old"], quoted["new"] = quoted["new"], quoted["old"]
    values: dict[str, str | None] = {}
    spans: dict[str, tuple[int, int] | None] = {}
    for n in ("old", "new"):
        span = terms[n]
        if span is None:
            values[n], spans[n] = None, None
            continue
        s, e = span[0] + offset, span[1] + offset
        if quoted[n]:
            s, e = s + 1, e - 1
        value = text[s:e].strip()
        if not quoted[n]:
            value = value.rstrip(".,;:")
        if not value or (not quoted[n] and value.lower() in _NOT_TERMS):
            return None
        values[n], spans[n] = value, (s, e) if quoted[n] else None
    old, new = values["old"], values["new"]
    if rule.kind == "move":
        new = old  # the text moves as it is
    elif old is not None and new is not None:
        if _squash(old).lower() == _squash(new).lower():
            return None
        old = _narrow(old, new)
    return _Edit(
        m.start() + offset, m.end() + offset, rule.kind, old, new, spans["old"], spans["new"]
    )


_DIGITS_RE = re.compile(r"\d[\d,.]*")


def _narrow(old: str, new: str) -> str:
    """The old term as the new one shapes it.

    A bare number takes the new one's unit ("from 90 to 30 days": old "90 days"); a
    quoted clause gives the part the new number replaces ("...6개월 이내에 공개한다"
    -> "3개월 이내": old "6개월 이내").
    """
    new_number = _DIGITS_RE.search(new)
    if new_number is None:
        return old
    if _DIGITS_RE.fullmatch(old) and new_number.start() == 0:
        return old + new[new_number.end() :]
    if len(old) > len(new):
        pattern = r"\d[\d,.]*".join(map(re.escape, _DIGITS_RE.split(new)))
        found = re.search(pattern, old, re.IGNORECASE)
        if found:
            return found[0]
    return old
