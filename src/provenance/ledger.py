"""The contributors' ledger: every submission's asks and what became of each.

One row per ask: who asked, the ask in their own words, its outcome, where in the final
(the clause labels of the changes credited to it), the final's words beside the
submission's, and an empty ``response`` column for the government's reasons. The same
table serves a civil-society organisation as its scorecard and a government as its
reasoned response to the contributions it received.

Built from a run's ``provenance-attribution/2`` JSON form (``AttributionResult.to_dict()``
or ``store.load_result_dict``), so a stored run gives the same ledger as the run did.
Wording is honest: "not found in the final text", never "rejected" (the tool cannot know
why), and a count of asks adopted out of asks made, never a percentage of influence.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from .excerpt import credited_quote, evidence_quote
from .terminal import visible

LEDGER_SCHEMA = "provenance-ledger/1"

# Headings and outcome labels, by language: English and Korean (the documents' language
# by default; anything else reads in English).
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "adopted": "adopted",
        "adopted-in-part": "adopted in part",
        "already-in-draft": "already in the draft",
        "not-found": "not found in the final text",
        "submission": "submission",
        "ask": "ask",
        "kind": "kind",
        "outcome": "outcome",
        "where": "where in the final",
        "final": "final text",
        "evidence": "their words",
        "response": "response",
        "title": "What became of each contribution",
        "asks_adopted": "{adopted} of {asks} ask{s} adopted",  # {s}: "" for 1 ask
        "by_clause": "All asks, by clause of the final",
        "no_clause": "No clause of the final",
        "no_asks": "Submissions in which no ask was found",
        "note": (
            "Each outcome comes from comparing the draft, the final and the submission;"
            " the tool cannot know why an ask was not taken up. The response column is"
            " left empty for the government's reasons."
        ),
        "inputs": "Inputs",
        "role": "role",
        "id": "id",
        "path": "path",
        "draft": "draft",
        "final_document": "final",
        "run": "run",
        "digest": "digest",
        "tool": "tool",
        "sha256_note": "SHA-256 of each file's bytes as read.",
    },
    "ko": {
        "adopted": "반영",
        "adopted-in-part": "일부 반영",
        "already-in-draft": "초안에 이미 있음",
        "not-found": "최종안에서 찾지 못함",
        "submission": "의견 제출자",
        "ask": "제안",
        "kind": "유형",
        "outcome": "결과",
        "where": "최종안 위치",
        "final": "최종안 문구",
        "evidence": "제출 의견 문구",
        "response": "검토 의견",
        "title": "제출 의견별 반영 결과",
        "asks_adopted": "제안 {asks}건 중 {adopted}건 반영",
        "by_clause": "최종안 조항별 제안",
        "no_clause": "최종안에 해당 조항 없음",
        "no_asks": "제안을 찾지 못한 의견서",
        "note": (
            "결과는 초안, 최종안과 제출 의견을 비교하여 얻은 것이며, 제안이 반영되지 않은"
            " 이유는 알 수 없습니다. 검토 의견 칸은 행정기관의 검토 의견을 적도록 비워 두었습니다."
        ),
        "inputs": "입력 파일",
        "role": "구분",
        "id": "식별자",
        "path": "경로",
        "draft": "초안",
        "final_document": "최종안",
        "run": "실행 ID",
        "digest": "다이제스트",
        "tool": "도구",
        "sha256_note": "각 파일을 읽은 그대로의 바이트에 대한 SHA-256.",
    },
}
CSV_COLUMNS = (
    "submission_id",
    "ask_id",
    "kind",
    "ask",
    "proposed_old",
    "proposed_new",
    "outcome",
    "outcome_label",
    "where",
    "change_ids",
    "final",
    "evidence",
    "link_ids",
    "response",
)


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One ask and what became of it; ``final`` and ``evidence`` join the credited passages
    of the final and the submission's matching words with " … "."""

    submission_id: str
    ask_id: str
    kind: str
    ask: str
    proposed_old: str | None
    proposed_new: str | None
    outcome: str
    outcome_label: str
    where: str
    change_ids: tuple[str, ...]
    final: str
    evidence: str
    link_ids: tuple[str, ...]
    response: str = ""


def labels(lang: str) -> dict[str, str]:
    """The headings and outcome labels for ``lang`` (English where there are none).

    >>> labels("ko")["not-found"], labels("fr")["not-found"]
    ('최종안에서 찾지 못함', 'not found in the final text')
    """
    return LABELS.get(lang, LABELS["en"])


def asks_adopted(lang: str, *, adopted: int, asks: int) -> str:
    """A scorecard's count in ``lang``: asks adopted (in full or in part) of asks made.

    >>> asks_adopted("en", adopted=1, asks=1), asks_adopted("en", adopted=2, asks=3)
    ('1 of 1 ask adopted', '2 of 3 asks adopted')
    >>> asks_adopted("ko", adopted=2, asks=3)
    '제안 3건 중 2건 반영'
    """
    s = "" if asks == 1 else "s"  # English's plural; Korean counts with 건 and has none
    return labels(lang)["asks_adopted"].format(adopted=adopted, asks=asks, s=s)


def ledger_rows(
    data: Mapping[str, Any], *, lang: str = "en", whole_words: bool = False
) -> list[LedgerRow]:
    """One row per ask of a run (its ``provenance-attribution/2`` form), in run order.

    With ``whole_words`` (for pages and documents, not for CSV and JSON, which keep the
    stored passages exact), passages cut inside a word are quoted from whole word to whole
    word, as the proof report quotes them (:mod:`provenance.excerpt`).
    """
    words = labels(lang)
    changes = {c["id"]: c for c in data.get("changes", [])}
    links = {k["id"]: k for k in data.get("links", []) if "id" in k}  # /1 links have none
    final_words, evidence = _final_words, _evidence
    if whole_words:
        final_words = functools.partial(_final_quote, changes)
        evidence = functools.partial(_evidence_quote, changes)
    rows = []
    for ask in data.get("asks", []):
        credited = [links[i] for i in ask.get("link_ids", []) if i in links]
        change_ids = tuple(dict.fromkeys(k["change_id"] for k in credited))
        # An ask made of a link's evidence alone is shown as that evidence is.
        as_evidence = {k["submission"]["text"]: evidence(k) for k in credited}
        rows.append(
            LedgerRow(
                submission_id=ask["submission_id"],
                ask_id=ask["id"],
                kind=ask["kind"],
                ask=as_evidence.get(ask["submission"]["text"], ask["submission"]["text"]),
                proposed_old=ask["proposed"]["old"],
                proposed_new=ask["proposed"]["new"],
                outcome=ask["outcome"],
                outcome_label=words.get(ask["outcome"], ask["outcome"]),
                where="; ".join(changes[c].get("label") or c for c in change_ids if c in changes),
                change_ids=change_ids,
                final=" … ".join(_distinct(final_words(k) for k in credited)),
                evidence=" … ".join(_distinct(evidence(k) for k in credited)),
                link_ids=tuple(k["id"] for k in credited),
            )
        )
    return rows


def _distinct(texts: Iterable[str]) -> list[str]:
    """``texts`` in order without those another one holds (an edit and the verbatim match
    inside it credit the same words twice).

    >>> _distinct(["a b c", "b", "d", "a b c"])
    ['a b c', 'd']
    """
    items = list(dict.fromkeys(t for t in texts if t))
    return [t for t in items if not any(t != u and t in u for u in items)]


def _final_words(link: Mapping[str, Any]) -> str:
    """The final's words a link credits; for a deletion, the draft's words it removed."""
    if link["final"]["text"] or not link.get("draft"):
        return str(link["final"]["text"])
    return f"[-{link['draft']['text']}-]"


def _evidence(link: Mapping[str, Any]) -> str:
    return str(link["submission"]["text"])


def _in_change(changes: Mapping[str, Any], link: Mapping[str, Any]) -> tuple[str, int, int]:
    """The text of the link's change in the final and the link's offsets into it: enough
    to tell whether its passage begins or ends inside a word."""
    final = (changes.get(link["change_id"]) or {}).get("final")
    start, end = link["final"]["start"], link["final"]["end"]
    if final and final["start"] <= start <= end <= final["end"]:
        return str(final["text"]), start - final["start"], end - final["start"]
    return str(link["final"]["text"]), 0, end - start


def _final_quote(changes: Mapping[str, Any], link: Mapping[str, Any]) -> str:
    if not link["final"]["text"]:
        return _final_words(link)
    return credited_quote(*_in_change(changes, link))


def _evidence_quote(changes: Mapping[str, Any], link: Mapping[str, Any]) -> str:
    return evidence_quote(_evidence(link), *_in_change(changes, link))


def scorecard(rows: Sequence[LedgerRow]) -> dict[str, dict[str, int]]:
    """Per submission: asks made and asks adopted (in full or in part), never a share."""
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        entry = counts.setdefault(row.submission_id, {"asks": 0, "adopted": 0})
        entry["asks"] += 1
        entry["adopted"] += row.outcome in ("adopted", "adopted-in-part")
    return counts


@dataclass(frozen=True, slots=True)
class LedgerGroup:
    """The rows under one heading of a ledger: one contributor's asks, or one clause's.

    ``key`` is the submission id or the clause label ("" for asks in no clause of the
    final); ``title`` is what the heading shows.
    """

    key: str
    title: str
    rows: tuple[LedgerRow, ...]

    @property
    def adopted(self) -> int:
        """Asks adopted, in full or in part."""
        return sum(r.outcome in ("adopted", "adopted-in-part") for r in self.rows)


def ledger_groups(
    data: Mapping[str, Any], rows: Sequence[LedgerRow], *, by: str = "submission", lang: str = "en"
) -> list[LedgerGroup]:
    """``rows`` under one heading per contributor (``by="submission"``, in run order) or per
    clause of the final (``by="clause"``, in the final's order; asks found in no clause last).

    >>> row = LedgerRow("s1", "a1", "request", "Stream it.", None, None, "not-found",
    ...                 "not found in the final text", "", (), "", "", ())
    >>> [(g.key, g.title, g.adopted) for g in ledger_groups({}, [row], by="clause")]
    [('', 'No clause of the final', 0)]
    """
    groups: dict[str, list[LedgerRow]] = {}
    if by == "clause":
        order = {str(c["id"]): n for n, c in enumerate(data.get("changes", []))}
        first = len(order)
        for row in sorted(
            rows, key=lambda r: min((order.get(c, first) for c in r.change_ids), default=first + 1)
        ):
            groups.setdefault(row.where, []).append(row)
        none = labels(lang)["no_clause"]
        return [LedgerGroup(k, k or none, tuple(v)) for k, v in groups.items()]
    for row in rows:
        groups.setdefault(row.submission_id, []).append(row)
    return [LedgerGroup(k, k, tuple(v)) for k, v in groups.items()]


def without_asks(data: Mapping[str, Any], rows: Sequence[LedgerRow]) -> list[str]:
    """Ids of the run's submissions in which no ask was found, sorted."""
    asked = {r.submission_id for r in rows}
    ids = {str(s["id"]) for s in (data.get("inputs") or {}).get("submissions") or []}
    return sorted(ids - asked)


def readable(row: LedgerRow) -> LedgerRow:
    """``row`` for a page or a document: control and bidi characters in its text shown as
    escapes (line breaks and tabs kept), so that none can hide or reorder words."""
    return replace(
        row,
        submission_id=_shown(row.submission_id),
        ask=_shown(row.ask),
        where=_shown(row.where),
        final=_shown(row.final),
        evidence=_shown(row.evidence),
    )


def ledger_inputs(data: Mapping[str, Any], *, lang: str = "en") -> list[dict[str, str]]:
    """The run's inputs for a page or document: role (in ``lang``), id, path and SHA-256."""
    words = labels(lang)
    inputs = data.get("inputs") or {}
    out = []
    for role, name in (("draft", words["draft"]), ("final", words["final_document"])):
        doc = inputs.get(role) or {}
        out.append({"role": name, "id": "", "path": doc.get("path"), "sha256": doc.get("sha256")})
    for s in sorted(inputs.get("submissions") or [], key=lambda s: str(s["id"])):
        out.append(
            {
                "role": words["submission"],
                "id": s["id"],
                "path": s.get("path"),
                "sha256": s.get("sha256"),
            }
        )
    return [{k: _shown(str(v or "")) for k, v in row.items()} for row in out]


def _shown(text: str) -> str:
    return visible(text, keep="\n\t")


def ledger_dict(data: Mapping[str, Any], rows: Sequence[LedgerRow]) -> dict[str, Any]:
    """The ledger as JSON: the run it comes from, and one entry per ask."""
    counts = scorecard(rows)
    return {
        "schema": LEDGER_SCHEMA,
        "run_id": data.get("run_id"),
        "digest": data.get("digest"),
        "tool": data.get("tool"),
        "inputs": data.get("inputs"),
        # Every submission, those that asked nothing too (0 of 0): a reader sees them all.
        "submissions": [
            {"id": s["id"], **counts.get(s["id"], {"asks": 0, "adopted": 0})}
            for s in data.get("submissions", [])
        ],
        "asks": [
            {**asdict(row), "change_ids": list(row.change_ids), "link_ids": list(row.link_ids)}
            for row in rows
        ],
    }


def ledger_csv(rows: Sequence[LedgerRow]) -> str:
    """One CSV row per ask, with an empty ``response`` column to fill in."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = asdict(row)
        values["change_ids"] = " ".join(row.change_ids)
        values["link_ids"] = " ".join(row.link_ids)
        writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
    return out.getvalue()
