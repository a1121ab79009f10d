"""An attribution result as text for people (a table) and for spreadsheets (CSV).

The table shows text from the inputs through :func:`provenance.terminal.visible`, so
that no control character in a file name or passage reaches the terminal; the CSV
keeps every value as it is. The table's words are in the run's language where
:mod:`provenance.messages` has them (Korean), else English; the CSV stays in English.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import wcwidth

from .excerpt import credited_quote, quoted, shorten
from .messages import message, term
from .model import Link, Span
from .result import AttributionResult
from .terminal import visible

_QUOTE_CHARS = 110  # passages longer than this are shortened in the table
# A summary stays readable at scale: a form letter's thousand senders are not a thousand
# lines, nor are a hundred thousand submissions. JSON and CSV always list everything.
_SAME_EVIDENCE_SHOWN = 3  # senders shown of a group with the same evidence, when over 5
_SUBMISSIONS_SHOWN = 100


def attribution_table(result: AttributionResult) -> str:
    """Each credited passage with its contributors, then a line per submission."""
    lang = str(result.params.get("lang", "en"))
    lines = []
    for role, doc in (("draft", result.alignment.draft), ("final", result.alignment.final)):
        lines.append(
            message(
                lang,
                "table.document",
                role=message(lang, role),
                path=visible(doc.path or "<text>"),
                sha=doc.sha256[:12],
            )
        )
    adopted = [s for s in result.summary() if s["adopted"]]
    lines.append(
        message(
            lang,
            "table.counts",
            changes=len(result.changes),
            links=len(result.links),
            adopted=len(adopted),
            submissions=len(result.submissions),
            run=result.run_id,
            changes_s=_plural(len(result.changes)),
            submissions_s=_plural(len(result.submissions)),
            links_s=_plural(len(result.links)),
        )
    )
    lines.append(message(lang, "table.digest", digest=result.digest))
    texts = _Texts.of(result)
    by_change = defaultdict(list)
    for link in result.links:
        by_change[link.change_id].append(link)
    for change in result.changes:
        links = by_change.get(change.id)
        if not links:
            continue
        lines.append("")
        label = visible(change.label or message(lang, "top"))
        lines.append(f"{change.id} {message(lang, change.kind)}  {label}")
        passages: dict[tuple[int, int], list[Link]] = defaultdict(list)
        for link in links:
            passages[(link.final.start, link.final.end)].append(link)
        for group in passages.values():
            lines.append(_passage_line(group[0], lang, texts))
            lines.extend(_contributor_lines(group, lang, texts))
    lines.append("")
    lines.extend(_submission_lines(result, lang))
    if result.skipped:
        lines.append("")
        lines.append(message(lang, "table.skipped", n=len(result.skipped)))
        lines.extend(f"  {visible(s.path)}: {visible(s.reason)}" for s in result.skipped)
    return "\n".join(lines) + "\n"


def _plural(n: int) -> str:
    """English's plural "s" for a message's ``..._s`` field; Korean's messages have none."""
    return "" if n == 1 else "s"


def _passage_line(link: Link, lang: str, texts: _Texts) -> str:
    """The credited passage: new text, an edit (what it replaced), or a deletion."""
    if link.draft is not None and not link.final.text:
        return message(lang, "table.deleted", draft=_short(texts.draft, link.draft))
    final = _short(texts.final, link.final, credited=True)
    if link.draft is not None:
        return message(lang, "table.final_was", final=final, draft=_short(texts.draft, link.draft))
    return message(lang, "table.final", final=final)


def _contributor_lines(group: list[Link], lang: str, texts: _Texts) -> list[str]:
    """A line per link to one passage, strongest first; many with one evidence folded."""
    same: dict[tuple[float, str, str, str], list[Link]] = defaultdict(list)
    for link in sorted(group, key=lambda lk: (-lk.score, lk.submission_id)):
        same[(link.score, link.confidence, link.method, link.submission.text)].append(link)
    lines = []
    for links in same.values():
        shown = links if len(links) <= 5 else links[:_SAME_EVIDENCE_SHOWN]
        for link in shown:
            lines.append(
                message(
                    lang,
                    "table.contributor",
                    id=visible(link.submission_id),
                    score=link.score,
                    confidence=term(lang, "confidence", link.confidence),
                    method=term(lang, "method", link.method),
                    evidence=_short(texts.submissions[link.submission_id], link.submission),
                )
            )
        if len(shown) < len(links):
            lines.append(message(lang, "table.same_evidence", n=len(links) - len(shown)))
    return lines


def _submission_lines(result: AttributionResult, lang: str) -> list[str]:
    """A line per submission; past ``_SUBMISSIONS_SHOWN``, every adopted one first, then
    the others up to that many lines, and one line counting the rest (none adopted)."""
    rows = result.summary()
    hidden = 0
    if len(rows) > _SUBMISSIONS_SHOWN:
        adopted = [row for row in rows if row["adopted"]]  # input order kept
        others = [row for row in rows if not row["adopted"]]
        room = max(0, _SUBMISSIONS_SHOWN - len(adopted))
        rows, hidden = adopted + others[:room], len(others) - room
    lines = [
        _pad(message(lang, "table.submission"), _ID_COLUMN)
        + _pad(message(lang, "table.adopted"), _ADOPTED_COLUMN)
        + message(lang, "table.links")
    ]
    yes, no = message(lang, "table.yes"), message(lang, "table.no")
    for row in rows:
        shown = _pad(_cut(visible(row["id"]), _ID_COLUMN - 1), _ID_COLUMN)
        lines.append(f"{shown}{_pad(yes if row['adopted'] else no, _ADOPTED_COLUMN)}{row['links']}")
    if hidden:
        lines.append(message(lang, "table.more", n=hidden))
    return lines


def links_csv(result: AttributionResult) -> str:
    """One row a link, with the change label and both passages."""
    records = result.to_records()
    out = io.StringIO()
    fields = (
        list(records[0])
        if records
        else [
            "change_id",
            "change_kind",
            "label",
            "submission_id",
            "score",
            "confidence",
            "method",
            "final_start",
            "final_end",
            "final_text",
            "submission_start",
            "submission_end",
            "submission_text",
        ]
    )
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _short(text: str, span: Span, *, credited: bool = False) -> str:
    """``span`` of ``text`` on one line, from whole word to whole word (a credited
    passage also without a clause number's remnant), cut at a space to ``_QUOTE_CHARS``."""
    quote = (credited_quote if credited else quoted)(text, span.start, span.end)
    return shorten(visible(" ".join(quote.split())), _QUOTE_CHARS)


@dataclass(frozen=True, slots=True)
class _Texts:
    """The texts a run's spans point into, to tell whether a passage starts inside a word."""

    draft: str
    final: str
    submissions: Mapping[str, str]

    @classmethod
    def of(cls, result: AttributionResult) -> _Texts:
        return cls(
            result.alignment.draft.text,
            result.alignment.final.text,
            {s.id: s.document.text for s in result.submissions},
        )


_ID_COLUMN = 40  # terminal cells for a submission id and its padding
_ADOPTED_COLUMN = 9  # terminal cells for "adopted" (반영) and its padding


def _cut(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells: a Hangul or Han character takes
    two, so counting characters would push the next column out of line."""
    out = []
    used = 0
    for ch in text:
        width = max(wcwidth.wcwidth(ch), 0)
        if used + width > cells:
            break
        out.append(ch)
        used += width
    return "".join(out)


def _pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` terminal cells."""
    return text + " " * max(0, cells - max(wcwidth.wcswidth(text), len(text)))
