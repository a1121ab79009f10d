"""Score attribution against a benchmark case's truth (the case form of INTERFACE.md).

Two levels:
- submission: was each submission adopted? (precision/recall/F1 over submissions)
- passage: recall = share of truth passages overlapped by a link to the right
  submission; precision = share of links that overlap a truth passage of their
  submission. Passages listed as ``coincidental_overlap_spans`` count neither way, nor
  do links that credit a deletion (their passage of the final is empty: the case form
  has no way to name the text a deletion removed; they count at submission level).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotACaseError
from .model import Link
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
class CaseScore:
    case: str
    submission: Score
    passage: Score
    links: int
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "submission": self.submission.as_dict(),
            "passage": self.passage.as_dict(),
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
    return CaseScore(case.name, submission, passage, len(result.links))


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
        score = score_case(case, result)
        scores.append(CaseScore(score.case, score.submission, score.passage, score.links, seconds))
    return scores


def mean_f1(scores: Sequence[CaseScore]) -> tuple[float, float]:
    """Mean submission-level and passage-level F1 over cases."""
    if not scores:
        return 0.0, 0.0
    n = len(scores)
    return (sum(s.submission.f1 for s in scores) / n, sum(s.passage.f1 for s in scores) / n)


def scores_dict(scores: Sequence[CaseScore]) -> dict[str, Any]:
    """The scores per case and their mean, as the JSON of ``provenance evaluate``."""
    submission_f1, passage_f1 = mean_f1(scores)
    return {
        "cases": [s.as_dict() for s in scores],
        "mean": {"submission_f1": round(submission_f1, 4), "passage_f1": round(passage_f1, 4)},
    }


def scores_table(scores: Sequence[CaseScore]) -> str:
    """Scores per case and their mean, as a fixed-width table."""
    header = (
        f"{'case':<36}{'sub P':>7}{'sub R':>7}{'sub F1':>8}"
        f"{'pas P':>7}{'pas R':>7}{'pas F1':>8}{'links':>7}{'secs':>7}"
    )
    lines = [header, "-" * len(header)]
    for s in scores:
        lines.append(
            f"{s.case[:35]:<36}{s.submission.precision:7.3f}{s.submission.recall:7.3f}"
            f"{s.submission.f1:8.3f}{s.passage.precision:7.3f}{s.passage.recall:7.3f}"
            f"{s.passage.f1:8.3f}{s.links:7d}{s.seconds:7.2f}"
        )
    submission_f1, passage_f1 = mean_f1(scores)
    lines.append("-" * len(header))
    lines.append(f"{'mean F1':<36}{'':>14}{submission_f1:8.3f}{'':>14}{passage_f1:8.3f}")
    return "\n".join(lines) + "\n"
