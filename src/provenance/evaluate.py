"""Score attribution against a benchmark case's truth (the case form of INTERFACE.md).

Three levels:
- submission: was each submission adopted? (precision/recall/F1 over submissions)
- passage: recall = share of truth passages overlapped by a link to the right
  submission; precision = share of links that overlap a truth passage of their
  submission. Passages listed as ``coincidental_overlap_spans`` count neither way, nor
  do links that credit a deletion (their passage of the final is empty: the case form
  has no way to name the text a deletion removed; they count at submission level).
- ask, when the truth lists each submission's ``asks`` (``{"text": a phrase of the
  submission, "adopted": bool}``): each truth ask is matched to the engine ask whose
  span in the submission holds the phrase (or overlaps it most), and precision, recall
  and F1 are over asks adopted (an engine ask ``adopted`` or ``adopted-in-part``). A
  truth ask no engine ask covers is a miss if adopted, and is counted as ``unfound``.

A case whose truth has no asks gets, in place of the ask level, the submission-level
proxy (:func:`ask_proxy`): does each adopted submission have an adopted ask, each
rejected one none, and each ``partial`` one both adopted and not-found asks?
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotACaseError
from .model import Ask, Link
from .normalize import normalize
from .pipeline import attribute
from .result import AttributionResult


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and the precision, recall and F1 they give (0-1)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class AskScore(Score):
    """Ask-level counts; ``unfound``: truth asks adopted that no engine ask covers
    (also counted in ``fn``)."""

    unfound: int = 0

    def as_dict(self) -> dict[str, float | int]:
        return {**Score.as_dict(self), "unfound": self.unfound}


# The proxy's counts per truth type ("adopted", "rejected", "partial") and "all":
# (submissions where it holds, submissions of that type).
Proxy = Mapping[str, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class CaseScore:
    case: str
    submission: Score
    passage: Score
    links: int
    seconds: float = 0.0
    ask: Score | None = None  # None when the truth has no asks
    proxy: Proxy | None = None  # the ask proxy, for a case whose truth has no asks

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "submission": self.submission.as_dict(),
            "passage": self.passage.as_dict(),
            "ask": self.ask.as_dict() if self.ask is not None else None,
            "ask_proxy": _proxy_dict(self.proxy) if self.proxy is not None else None,
            "links": self.links,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True, slots=True)
class Case:
    """A benchmark case folder: draft, final, submissions/ and truth.json."""

    name: str
    draft: Path
    final: Path
    submissions: Path
    truth: dict[str, Any]


def load_case(folder: str | Path) -> Case:
    """Find a case's files; a missing part is a ``NotACaseError`` naming it."""
    root = Path(folder)

    def one(stem: str) -> Path:
        matches = sorted(p for p in root.glob(f"{stem}.*") if p.is_file())
        if not matches:
            raise NotACaseError(f"{root}: no {stem}.* file; is this a benchmark case folder?")
        return matches[0]

    truth_path = root / "truth.json"
    if not truth_path.is_file():
        raise NotACaseError(f"{root}: no truth.json; is this a benchmark case folder?")
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as e:
        raise NotACaseError(f"{truth_path}: not valid JSON ({e})") from e
    return Case(root.name, one("draft"), one("final"), root / "submissions", truth)


def score_case(case: Case, result: AttributionResult) -> CaseScore:
    """Compare a result with the case's truth."""
    final = result.alignment.final.text
    truth = case.truth.get("submissions", {})
    credited = {s["id"] for s in result.summary() if s["adopted"]}
    ids = set(truth) | {s.id for s in result.submissions}
    adopted = {i for i in ids if truth.get(i, {}).get("adopted")}
    submission = Score(
        tp=len(adopted & credited), fp=len(credited - adopted), fn=len(adopted - credited)
    )
    spans = {i: _locate(final, truth[i].get("final_spans", [])) for i in truth}
    ignored = {i: _locate(final, truth[i].get("coincidental_overlap_spans", [])) for i in truth}
    by_submission: dict[str, list[Link]] = {}
    for link in result.links:
        by_submission.setdefault(link.submission_id, []).append(link)
    tp = fn = fp = 0
    for i, wanted in spans.items():
        links = by_submission.get(i, [])
        for span in wanted:
            if any(_overlaps(link, span) for link in links):
                tp += 1
            else:
                fn += 1
    right = 0
    for link in result.links:
        if link.final.start == link.final.end:
            continue  # a deletion credited: no passage of the final to score it by
        if any(_overlaps(link, s) for s in ignored.get(link.submission_id, [])):
            continue
        if any(_overlaps(link, s) for s in spans.get(link.submission_id, [])):
            right += 1
        else:
            fp += 1
    # Passage precision counts links, recall counts truth passages.
    passage = _PassageScore(tp=tp, fp=fp, fn=fn, right=right)
    if has_asks(case):
        return CaseScore(
            case.name, submission, passage, len(result.links), ask=ask_score(case, result)
        )
    # The proxy splits every submission into asks: only for cases whose truth gives
    # submission types (the reworded form), not for a synthetic docket of 100,000.
    proxy = ask_proxy(case, result) if has_types(case) else None
    return CaseScore(case.name, submission, passage, len(result.links), proxy=proxy)


ADOPTED = frozenset({"adopted", "adopted-in-part"})


def has_types(case: Case) -> bool:
    """Does the case's truth give submission types (paraphrase, partial, near-miss ...)?"""
    return any("type" in s for s in case.truth.get("submissions", {}).values())


def has_asks(case: Case) -> bool:
    """Does the case's truth list asks (for any submission)?"""
    return any("asks" in s for s in case.truth.get("submissions", {}).values())


def ask_score(case: Case, result: AttributionResult) -> AskScore:
    """Ask-level counts over asks adopted (see the module's docstring)."""
    truth = case.truth.get("submissions", {})
    texts = {s.id: s.text for s in result.submissions}
    engine: dict[str, list[Ask]] = {}
    for ask in result.asks:
        engine.setdefault(ask.submission_id, []).append(ask)
    tp = fn = unfound = 0
    # Where each truth ask stands in its submission: (start, end, adopted).
    located: dict[str, list[tuple[int, int, bool]]] = {}
    for sid, entry in truth.items():
        for truth_ask in entry.get("asks", []):
            adopted = bool(truth_ask.get("adopted"))
            span = _find(texts.get(sid, ""), str(truth_ask.get("text", "")))
            if span is not None:
                located.setdefault(sid, []).append((*span, adopted))
            if not adopted:
                continue
            match = _match(engine.get(sid, []), span) if span is not None else None
            if match is None:
                fn += 1
                unfound += 1
            elif match.outcome in ADOPTED:
                tp += 1
            else:
                fn += 1
    fp = 0
    for sid, asks in engine.items():
        for ask in asks:
            if ask.outcome not in ADOPTED:
                continue
            start, end = ask.submission.start, ask.submission.end
            near = [a for s, e, a in located.get(sid, []) if start < e and s < end]
            if not any(near):  # overlaps no truth ask, or only asks not adopted
                fp += 1
    return AskScore(tp=tp, fp=fp, fn=fn, unfound=unfound)


def _find(text: str, phrase: str) -> tuple[int, int] | None:
    for needle in (phrase, normalize(phrase)):
        start = text.find(needle) if needle else -1
        if start >= 0:
            return start, start + len(needle)
    return None


def _match(asks: Sequence[Ask], span: tuple[int, int]) -> Ask | None:
    """The engine ask whose span holds ``span``, else the one overlapping it most."""
    start, end = span
    best, most = None, 0
    for ask in asks:
        s, e = ask.submission.start, ask.submission.end
        if s <= start and end <= e:
            return ask
        overlap = min(e, end) - max(s, start)
        if overlap > most:
            best, most = ask, overlap
    return best


def _proxy_type(entry: Mapping[str, Any]) -> str:
    if (entry.get("type") or entry.get("pattern")) == "partial":
        return "partial"
    return "adopted" if entry.get("adopted") else "rejected"


def ask_proxy(case: Case, result: AttributionResult) -> dict[str, tuple[int, int]]:
    """The submission-level proxy for ask truth, for a case whose truth has no asks.

    It holds for an adopted submission with at least one ask adopted (or adopted in
    part), a rejected one with none, and a ``partial`` one (truth type) with both an
    ask adopted and one not found. Returns, for each of "adopted", "rejected",
    "partial" and "all", (submissions where it holds, submissions).
    """
    truth = case.truth.get("submissions", {})
    outcomes: dict[str, set[str]] = {}
    for ask in result.asks:
        outcomes.setdefault(ask.submission_id, set()).add(ask.outcome)
    counts = {kind: [0, 0] for kind in ("adopted", "rejected", "partial", "all")}
    for sid, entry in truth.items():
        kind = _proxy_type(entry)
        found = outcomes.get(sid, set())
        adopted = bool(found & ADOPTED)
        if kind == "partial":
            holds = adopted and "not-found" in found
        else:
            holds = adopted == (kind == "adopted")
        for k in (kind, "all"):
            counts[k][0] += holds
            counts[k][1] += 1
    return {k: (held, total) for k, (held, total) in counts.items()}


def _share(counts: tuple[int, int]) -> float | None:
    held, total = counts
    return held / total if total else None


def _proxy_dict(proxy: Proxy) -> dict[str, dict[str, float | int | None]]:
    return {
        k: {
            "share": None if (v := _share(counts)) is None else round(v, 4),
            "holds": counts[0],
            "submissions": counts[1],
        }
        for k, counts in proxy.items()
    }


@dataclass(frozen=True, slots=True)
class _PassageScore(Score):
    right: int = 0  # links that overlap a truth passage of their submission

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.fp) if self.right + self.fp else 1.0


def _locate(text: str, passages: Iterable[str]) -> list[tuple[int, int]]:
    """Where each truth passage stands in the normalised final (all occurrences)."""
    found = []
    for passage in passages:
        for needle in (passage, normalize(passage)):
            start = text.find(needle)
            if start >= 0:
                while start >= 0:
                    found.append((start, start + len(needle)))
                    start = text.find(needle, start + 1)
                break
    return found


def _overlaps(link: Link, span: tuple[int, int]) -> bool:
    return link.final.start < span[1] and span[0] < link.final.end


def evaluate(
    folders: Sequence[str | Path],
    *,
    run: Callable[[Case], AttributionResult] | None = None,
    **options: Any,
) -> list[CaseScore]:
    """Run attribution on each case folder and score it; ``options`` go to ``attribute``."""
    scores = []
    for folder in folders:
        case = load_case(folder)
        started = time.perf_counter()
        result = (
            run(case)
            if run is not None
            else attribute(case.draft, case.final, [case.submissions], **options)
        )
        seconds = time.perf_counter() - started
        scores.append(dataclasses.replace(score_case(case, result), seconds=seconds))
    return scores


def mean_f1(scores: Sequence[CaseScore]) -> tuple[float, float]:
    """Mean submission-level and passage-level F1 over cases."""
    if not scores:
        return 0.0, 0.0
    n = len(scores)
    return (sum(s.submission.f1 for s in scores) / n, sum(s.passage.f1 for s in scores) / n)


def mean_ask_f1(scores: Sequence[CaseScore]) -> float | None:
    """Mean ask-level F1 over the cases whose truth has asks (None if none has)."""
    asks = [s.ask.f1 for s in scores if s.ask is not None]
    return sum(asks) / len(asks) if asks else None


def scores_dict(scores: Sequence[CaseScore]) -> dict[str, Any]:
    """The scores per case and their mean, as the JSON of ``provenance evaluate``."""
    submission_f1, passage_f1 = mean_f1(scores)
    ask_f1 = mean_ask_f1(scores)
    return {
        "cases": [s.as_dict() for s in scores],
        "mean": {
            "submission_f1": round(submission_f1, 4),
            "passage_f1": round(passage_f1, 4),
            "ask_f1": None if ask_f1 is None else round(ask_f1, 4),
        },
    }


def scores_table(scores: Sequence[CaseScore]) -> str:
    """Scores per case and their mean, as a fixed-width table."""
    header = (
        f"{'case':<36}{'sub P':>7}{'sub R':>7}{'sub F1':>8}"
        f"{'pas P':>7}{'pas R':>7}{'pas F1':>8}{'ask P':>7}{'ask R':>7}{'ask F1':>8}"
        f"{'proxy':>7}{'links':>7}{'secs':>7}"
    )
    lines = [header, "-" * len(header)]
    for s in scores:
        if s.ask is not None:
            ask = f"{s.ask.precision:7.3f}{s.ask.recall:7.3f}{s.ask.f1:8.3f}"
        else:
            ask = f"{'-':>7}{'-':>7}{'-':>8}"
        share = _share(s.proxy["all"]) if s.proxy is not None else None
        proxy = f"{share:7.3f}" if share is not None else f"{'-':>7}"
        lines.append(
            f"{s.case[:35]:<36}{s.submission.precision:7.3f}{s.submission.recall:7.3f}"
            f"{s.submission.f1:8.3f}{s.passage.precision:7.3f}{s.passage.recall:7.3f}"
            f"{s.passage.f1:8.3f}{ask}{proxy}{s.links:7d}{s.seconds:7.2f}"
        )
    submission_f1, passage_f1 = mean_f1(scores)
    ask_f1 = mean_ask_f1(scores)
    mean_ask = f"{ask_f1:8.3f}" if ask_f1 is not None else f"{'-':>8}"
    lines.append("-" * len(header))
    lines.append(
        f"{'mean F1':<36}{'':>14}{submission_f1:8.3f}{'':>14}{passage_f1:8.3f}{'':>14}{mean_ask}"
    )
    return "\n".join(lines) + "\n"
