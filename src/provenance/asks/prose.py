"""Free text: from sentences to asks. Splits the paragraphs and items of a submission
into sentences, tells the requests, joins consecutive requests into one ask, and keeps
with each ask the passages it quotes as context (:func:`_prose_asks`)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .courtesies import _not_ask
from .markers import (
    _EN_MARKER_RE,
    _FR_MARKER_RE,
    _HANGUL_RE,
    _KO_ENDING_RE,
    _KO_MARKER_RE,
    _LATIN_RE,
    _is_question,
    _is_request,
    _polite_request,
    _Rules,
    _starts_imperative,
)
from .model import AskKind, _Draft
from .phrasings import _NEW_PROVISION, _Edit, _find_edits
from .scan import _EMPHASIS, _PASSAGE_WORDS, _Hunk, _mask, _Segment, _sentence_spans, _Unit
from .tables import _table_asks
from .text import _has_word

# --- free text: from sentences to asks -----------------------------------------------


@dataclass(slots=True)
class _Sentence:
    start: int  # offsets into the submission text
    end: int
    masked: str
    request: bool
    edits: list[_Edit]


# A sentence that introduces what follows it ("Please add the following to Section 5:",
# "다음 문장을 추가해 주십시오.", "Nous demandons donc :").
_FOLLOWING_RE = re.compile(
    r"\b(?:following|below|as\s+follows)\b|다음|아래|\b(?:suivante?s?|ci-dessous|comme\s+suit)\b",
    re.IGNORECASE,
)
_ADD_VERB_RE = re.compile(
    r"\b(?:add|adding|added|insert\w*|include\w*|append\w*|put\s+in)\b|넣|새\s*(?:항|조|호|목)"
    rf"|{_NEW_PROVISION}"
    r"|(?:추가|신설|삽입)(?:하|해|할|함|토록|되|돼)"
    r"|\bajout\w*|\binsér\w*|\binscri\w*",
    re.IGNORECASE,
)
_REPLACE_VERB_RE = re.compile(
    r"\b(?:(?:should|shall|to|must|would|could)\s+(?:now\s+)?(?:read|say)|replac\w*|amend\w*"
    r"|reword\w*|rewrit\w*|redraft\w*|substitut\w*|chang\w*|revis\w*)\b|(?:수정|변경|대체|개정)(?:하|해|할|함|토록|되|돼)|바꾸|바꿔|바꿀|고쳐|고칠"
    r"|\bremplac\w*|\bmodifi\w*|\brédig\w*"
    r"|\breformul\w*|\bthat\b[^\n]{0,80}\b(?:read|say)\s*:?\s*$|\bworded\b",
    re.IGNORECASE,
)
_PROPOSAL_NOUN_RE = re.compile(
    r"\b(?:recommendations?|proposals?|suggestions?|requests?|changes|amendments|demands)\b"
    r"|\b(?:demandes|propositions|recommandations|modifications)\b|요청|제안|건의|요구|개선\s*사항",
    re.IGNORECASE,
)
_WHOLLY_QUOTED_RE = re.compile(r"\x02[^\x02\x03]*\x03[.,;:]?")
_QUOTE_LINE_RE = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Text:
    """A submission's text, the same with quotes blanked out (see ``_mask``), and its quotes."""

    text: str
    masked: str
    quotes: Sequence[tuple[int, int]]

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.quotes if start <= s and e <= end]

    def quote_end(self, start: int) -> int | None:
        """The end of the quote that opens at ``start``, if one does."""
        return next((e for s, e in self.quotes if s == start), None)


def _prose_asks(text: str, segments: Sequence[_Segment], rules: _Rules) -> list[_Draft]:
    """The asks of everything but the diff: tables, paragraphs, list items, headings."""
    doc = _Text(text, *_mask(text))
    drafts: list[_Draft] = []
    i, n = 0, len(segments)
    while i < n:
        unit = segments[i]
        if isinstance(unit, _Hunk) or unit.kind == "quote":
            i += 1
            continue
        if unit.kind == "row":
            j = i + 1
            while j < n and _next_row(text, segments[j - 1], segments[j]):
                j += 1
            rows = [u for u in segments[i:j] if isinstance(u, _Unit)]
            table = _table_asks(text, rows)
            if table is None:  # not a comparison: its cells are text like any other
                for row in rows:
                    drafts += _runs(doc, _sentences(doc, row, rules))
            else:
                drafts += table
            i = j
            continue
        sentences = _sentences(doc, unit, rules)
        consumed = 0
        if sentences and _announces_table(doc, segments, i, sentences[-1]):
            sentences[-1].request = False  # "아래와 같이 고쳐 주십시오." over the rows
        elif sentences:
            lead = _lead_in(doc, segments, i, sentences[-1])
            if isinstance(lead, _Edit):
                sentences[-1].edits = [lead]
                sentences[-1].end = lead.end
                consumed = _consumed(segments, i, lead.end)
            elif lead is not None:
                # The items carry the requests; a sentence that only announced them
                # ("We ask for the following:", "Nous demandons donc :") is no ask.
                if _only_announces(sentences[-1].masked):
                    sentences[-1].request = False
                for k in lead:
                    item = segments[k]
                    assert isinstance(item, _Unit)
                    item_drafts = _runs(doc, _sentences(doc, item, rules))
                    if not item_drafts and not _is_question(doc.masked[item.start : item.end]):
                        item_drafts = [_Draft(item.start, item.end, "request")]
                    drafts += item_drafts
                consumed = len(lead)
        drafts += _runs(doc, sentences)
        i += 1 + consumed
    return drafts


def _announces_table(doc: _Text, segments: Sequence[_Segment], i: int, last: _Sentence) -> bool:
    """Whether the last sentence of unit ``i`` only announces the comparison table after
    it: the table's rows are the asks."""
    if not (last.request and i + 1 < len(segments) and _only_announces(last.masked)):
        return False
    nxt = segments[i + 1]
    if not (isinstance(nxt, _Unit) and nxt.kind == "row"):
        return False
    j = i + 2
    while j < len(segments) and _next_row(doc.text, segments[j - 1], segments[j]):
        j += 1
    rows = [u for u in segments[i + 1 : j] if isinstance(u, _Unit)]
    return _table_asks(doc.text, rows) is not None


def _next_row(text: str, row: _Segment, other: _Segment) -> bool:
    """Whether ``other`` is a table row on the line right after table row ``row``."""
    if not (isinstance(row, _Unit) and isinstance(other, _Unit) and other.kind == "row"):
        return False
    return row.kind == "row" and text.count("\n", row.end, other.start) == 1


def _consumed(segments: Sequence[_Segment], i: int, end: int) -> int:
    """How many segments after ``i`` end by ``end``."""
    k = i + 1
    while k < len(segments) and isinstance(u := segments[k], _Unit) and u.end <= end:
        k += 1
    return k - i - 1


def _sentences(doc: _Text, unit: _Unit, rules: _Rules) -> list[_Sentence]:
    """The sentences of a unit, each classified."""
    masked = doc.masked[unit.start : unit.end]
    if unit.kind == "heading":
        spans = [(0, len(masked))] if masked.strip() else []
    else:
        spans = _sentence_spans(masked, row=unit.kind == "row")
    sentences = []
    for (s, e), request in zip(spans, _requests(masked, spans, rules), strict=True):
        piece = masked[s:e]
        question = not request and _is_question(piece)
        edits = [] if question else _find_edits(doc.text, piece, unit.start + s, request)
        sentences.append(_Sentence(unit.start + s, unit.start + e, piece, request, edits))
    return sentences


def _requests(masked: str, spans: Sequence[tuple[int, int]], rules: _Rules) -> list[bool]:
    """Which sentences of a unit (quotes blanked out) are requests.

    The marker patterns run once over the whole unit and each sentence looks up the
    markers that fall inside it: one pass of the engine instead of one per sentence.
    """
    low = masked.lower()
    if not rules.known or len(low) != len(masked):  # lower() changed a length: rare
        return [_is_request(masked[s:e], rules) for s, e in spans]
    # Each language's markers only where its script is.
    latin = _LATIN_RE.search(low) is not None
    # With a space in front, a match starts where its marker starts in ``low``.
    spaced = f" {low}"
    hits = [m.start() for m in _EN_MARKER_RE.finditer(spaced)] if latin else []
    if _HANGUL_RE.search(low):
        hits += [m.start() for m in _KO_MARKER_RE.finditer(low)]
    if rules.french and latin:
        hits += [m.start() for m in _FR_MARKER_RE.finditer(spaced)]
    hits.sort()
    flags = []
    for s, e in spans:
        piece = low[s:e]
        if not _has_word(piece):
            flags.append(False)
            continue
        start = s + len(piece) - len(piece.lstrip(_EMPHASIS))
        if _is_question(piece):
            core = low[start:e].rstrip(_EMPHASIS)
            flags.append(_polite_request(core) and not _not_ask(core))
            continue
        k = bisect.bisect_left(hits, s)
        request = (
            (k < len(hits) and hits[k] < e)
            or (piece.rstrip(" .。").endswith("것") and _KO_ENDING_RE.search(piece) is not None)
            # Imperatives are listed for languages in the Latin script only.
            or (low[start : start + 1] < "\u0250" and _starts_imperative(low, start, e, rules))
        )
        flags.append(request and not _not_ask(low[start:e].rstrip(_EMPHASIS)))
    return flags


def _lead_in(
    doc: _Text, segments: Sequence[_Segment], i: int, last: _Sentence
) -> _Edit | list[int] | None:
    """What the last sentence of unit ``i`` introduces, if it is a request that does.

    An edit (``add`` or ``replace``) whose new text is the quotation, provision or list
    items after it; or the indexes of the list items that make up its request; or None.
    """
    unit = segments[i]
    assert isinstance(unit, _Unit)
    masked = last.masked
    if last.edits or unit.kind == "row":
        return None
    colon = masked.rstrip(" *_").endswith(":")
    if not last.request:
        # Not a request itself, but it may name what follows as proposals: a heading
        # over proposed wording, or "Our recommendations:" over a list.
        heading = _proposal_heading(doc, segments, i, last)
        if heading is not None or not (colon and _PROPOSAL_NOUN_RE.search(masked)):
            return heading
        block, _, shape = _block_after(doc, segments, i, plain=False)
        return block if shape == "items" else None
    following = _FOLLOWING_RE.search(masked) is not None
    if not (colon or following):
        return None
    kind: AskKind | None = None
    if _ADD_VERB_RE.search(masked):
        kind = "add"
    elif _REPLACE_VERB_RE.search(masked):
        kind = "replace"
    block, new, shape = _block_after(doc, segments, i, plain=kind is not None)
    if not block:
        return None
    if kind is not None and (following or shape != "items"):
        first, end = segments[block[0]], segments[block[-1]]
        assert isinstance(first, _Unit) and isinstance(end, _Unit)
        return _Edit(last.start, end.end, kind, None, new, None, (first.start, end.end))
    if shape == "items":
        return block
    return None


# A heading or label that names what follows as proposed text ("Proposed addition to
# Section 13", "개정 의견", "Rédaction proposée").
_PROPOSAL_HEADING_RE = re.compile(
    r"\b(?:proposed|suggested|recommended|new)\s+(?:addition|amendment|change|text|wording"
    r"|sentence|paragraph|section|clause|provision|article|subsection|milestone|commitment"
    r"|definition|item)s?\b|개정\s*(?:의견|안|문안)|수정\s*(?:의견|안|문안)|제안\s*(?:문구|내용|조문)"
    r"|추가\s*(?:문구|조항|의견)|신설\s*(?:의견|조항)|rédaction\s+proposée|proposition\s+de"
    r"\s+rédaction|amendement\s+proposé",
    re.IGNORECASE,
)
_ADDITION_RE = re.compile(r"\badd|추가|신설|ajout|\bnew\b", re.IGNORECASE)


def _proposal_heading(
    doc: _Text, segments: Sequence[_Segment], i: int, last: _Sentence
) -> _Edit | None:
    """The quotation after a heading or label that names it a proposal, as an edit."""
    unit = segments[i]
    assert isinstance(unit, _Unit)
    if unit.kind != "heading" and not last.masked.rstrip(" *_").endswith(":"):
        return None
    if not _PROPOSAL_HEADING_RE.search(last.masked):
        return None
    block, new, shape = _block_after(doc, segments, i, plain=False)
    if shape != "quote":
        return None
    first, end = segments[block[0]], segments[block[-1]]
    assert isinstance(first, _Unit) and isinstance(end, _Unit)
    kind: AskKind = "add" if _ADDITION_RE.search(last.masked) else "replace"
    return _Edit(last.start, end.end, kind, None, new, None, (first.start, end.end))


def _only_announces(masked: str) -> bool:
    """Whether a sentence before a list says nothing but that the list follows."""
    words = [w for w in masked.split() if _has_word(w)]
    return _FOLLOWING_RE.search(masked) is not None or len(words) <= 3


# The start of a provision written out in full: "제○조(...)", "①", "Article 5", "§ 3".
_PROVISION_RE = re.compile(
    r"제\s*[\d○]+\s*조|[①-⑳]|\(\d{1,3}\)|(?:article|section|art\.|sec\.|§)\s*[\d○]",
    re.IGNORECASE,
)


def _block_after(
    doc: _Text, segments: Sequence[_Segment], i: int, *, plain: bool
) -> tuple[list[int], str, str]:
    """The segments right after unit ``i`` that hold text it introduces, that text, and
    the block's shape: "quote" or "items".

    A ``>`` quote block; paragraphs that make up one quotation; the list items that
    follow (under unit ``i`` if that is an item itself); and with ``plain``, the next
    paragraph whatever it is, with the provisions on the lines right after it.
    """
    none: tuple[list[int], str, str] = ([], "", "")
    unit = segments[i]
    assert isinstance(unit, _Unit)
    if i + 1 >= len(segments) or not isinstance(nxt := segments[i + 1], _Unit):
        return none
    text = doc.text
    if nxt.kind == "quote":
        body = _QUOTE_LINE_RE.sub("", text[nxt.start : nxt.end]).strip()
        return [i + 1], _unquoted(body), "quote"
    close = doc.quote_end(nxt.start)
    if close is not None:
        # A quotation, maybe over several paragraphs or items, up to its closing mark.
        for k in range(i + 1, len(segments)):
            u = segments[k]
            if not isinstance(u, _Unit) or u.kind in ("quote", "heading", "row"):
                break
            if u.end >= close:
                if doc.masked[close : u.end].strip(" .,;:"):
                    break
                return list(range(i + 1, k + 1)), _unquoted(text[nxt.start : u.end]), "quote"
        return none
    if nxt.kind == "item" and _under(unit, nxt):
        block = [i + 1]
        for k in range(i + 2, len(segments)):
            u = segments[k]
            if not (isinstance(u, _Unit) and u.kind == "item" and _under(unit, u)):
                break
            # The list goes on with items of its first item's kind, or deeper ones.
            if u.indent <= nxt.indent and u.marker != nxt.marker:
                break
            block.append(k)
        items = [u for k in block if isinstance(u := segments[k], _Unit)]
        return block, "\n".join(_item_text(text, u) for u in items), "items"
    if not plain or nxt.kind != "para":
        return none
    block = [i + 1]
    for k in range(i + 2, len(segments)):
        u, before = segments[k], segments[k - 1]
        if not (isinstance(u, _Unit) and isinstance(before, _Unit) and u.kind in ("item", "para")):
            break
        if text.count("\n", before.end, u.start) != 1 or not _starts_provision(text, u):
            break
        block.append(k)
    end = segments[block[-1]]
    assert isinstance(end, _Unit)
    return block, text[nxt.start : end.end].strip(), "plain"


def _item_text(text: str, item: _Unit) -> str:
    """A list item as proposed text: a number it has is part of it ("(4) ..."), a
    bullet is not, and neither are quote marks around it."""
    body = _unquoted(text[item.start : item.end].strip())
    if item.marker == "bullet" or body != text[item.start : item.end].strip():
        return body
    return text[text.rfind("\n", 0, item.start) + 1 + item.indent : item.end].strip()


def _under(lead: _Unit, item: _Unit) -> bool:
    """Whether ``item`` is in a list under ``lead``: any list after a paragraph, a
    deeper one or one numbered otherwise after an item."""
    if lead.kind != "item":
        return True
    return item.indent > lead.indent or (item.indent == lead.indent and item.marker != lead.marker)


def _starts_provision(text: str, unit: _Unit) -> bool:
    if unit.kind == "item":
        return unit.marker in ("circled", "paren")
    return _PROVISION_RE.match(text, unit.start) is not None


def _unquoted(passage: str) -> str:
    """A passage without the quote marks around it."""
    masked, quotes = _mask(passage)
    if len(quotes) == 1 and _WHOLLY_QUOTED_RE.fullmatch(masked.strip()):
        s, e = quotes[0]
        return passage[s + 1 : e - 1].strip()
    return passage


def _runs(doc: _Text, sentences: Sequence[_Sentence]) -> list[_Draft]:
    """The asks of one unit: each run of consecutive request or edit sentences."""
    drafts: list[_Draft] = []
    run: list[_Sentence] = []
    before: _Sentence | None = None
    for sentence in [*sentences, None]:
        if sentence is not None and (sentence.request or sentence.edits):
            # "Please add them to the list": the sentence before says what "them" is.
            if not run and before is not None and _refers_back(sentence.masked):
                run.append(before)
            run.append(sentence)
            continue
        if run:
            drafts += _run_asks(doc, run)
            run = []
        before = sentence
    return drafts


# A pronoun early in a request that stands for what the sentence before said.
_BACK_REFERENCE_RE = re.compile(
    r"\b(?:them|these|those|this|such)\b|^(?:please\s+)?[^\W\d_]+\s+it\b"  # "Make it 60 days."
    r"|이것|이를|그것|그를|이\s*(?:내용|부분|점|문제)|그\s*(?:내용|부분|점|문제)|이러한|이런"
    r"|\b(?:cela|ceci|celles?-ci|ceux-ci)\b",
    re.IGNORECASE,
)


def _refers_back(masked: str) -> bool:
    return _BACK_REFERENCE_RE.search(masked, 0, 50) is not None


def _run_asks(doc: _Text, run: Sequence[_Sentence]) -> list[_Draft]:
    """One request for a run without explicit edits; else one ask per edit.

    The request sentences around an edit explain it, so they belong to its ask: those
    before the first edit and after the last go with it, and those between two edits
    with the one before.
    """
    start, end = run[0].start, run[-1].end
    edits = [(k, edit) for k, sentence in enumerate(run) for edit in sentence.edits]
    if not edits:
        return [_Draft(start, end, "request", context=_passages(doc, start, end))]
    bounds = [start]
    for (k0, e0), (k1, _) in zip(edits, edits[1:], strict=False):
        bounds.append(run[k1].start if k1 != k0 else e0.end)
    bounds.append(end)
    drafts = []
    for (_, edit), s, e in zip(edits, bounds, bounds[1:], strict=False):
        s, e = _trimmed(doc.text, s, e)
        context = [] if edit.old_span is None else [edit.old_span]
        context += [
            q for q in _passages(doc, s, e) if q != edit.old_span and not _within(q, edit.new_span)
        ]
        drafts.append(_Draft(s, e, edit.kind, edit.old, edit.new, tuple(sorted(set(context)))))
    return drafts


def _passages(doc: _Text, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The quoted passages (eight words or more) between ``start`` and ``end``: inner text.

    A shorter quote is a term the submitter uses in its own sentence ("may", "90 days").
    """
    return tuple(
        (s + 1, e - 1)
        for s, e in doc.quotes_in(start, end)
        if len(doc.text[s + 1 : e - 1].split()) >= _PASSAGE_WORDS
    )


def _within(span: tuple[int, int], outer: tuple[int, int] | None) -> bool:
    return outer is not None and outer[0] <= span[0] and span[1] <= outer[1]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
