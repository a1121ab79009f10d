"""How well does attribution match the truth of the benchmark cases? Compared with two peers.

Runs, in the same process and on the same inputs, three systems on every case folder:

- ``project``: ``provenance.pipeline.attribute`` with its default options;
- ``sentence-fuzzy``: final sentences with no draft sentence at ``fuzz.ratio >= 90`` are
  new; each is credited to every submission with ``fuzz.partial_ratio >= 80``;
- ``shared-10gram``: word 10-grams of the final that are not in the draft are new; a
  submission is credited for each one it contains, overlapping or adjacent windows of one
  submission merged into one link.

Both peers read the documents and the alignment exactly as the project does
(``read_document``, ``align``, ``find_submissions``/``read_submissions``) and return an
``AttributionResult``, so ``provenance.evaluate.score_case`` scores all three alike.

Cases: every folder in ``corpus/`` (the team's own) and in ``../shared/bench/real/`` (the
real cases, read in place), or the folders given with ``--cases``. Means are macro
averages over the cases of a group. Seconds include reading, alignment and attribution.

    python benchmarks/quality.py [--json] [--cases DIR ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from provenance import align, read_document
from provenance.errors import ProvenanceError
from provenance.evaluate import Case, CaseScore, load_case, score_case
from provenance.model import Alignment, Confidence, Link, Skipped, Span, Submission
from provenance.pipeline import AttributionResult, attribute
from provenance.segment import split_sentences
from provenance.submissions import find_submissions, read_submissions

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REAL = Path(__file__).parents[1] / ".." / "shared" / "bench" / "real"

SENTENCE_SAME = 90.0  # fuzz.ratio at which a final sentence already stood in the draft
SENTENCE_CREDIT = 80.0  # fuzz.partial_ratio at which a submission contains a new sentence
GRAM = 10  # words in a shingle of the 10-gram peer
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Inputs:
    alignment: Alignment
    submissions: tuple[Submission, ...]
    skipped: tuple[Skipped, ...]
    lang: str


def read_inputs(case: Case) -> Inputs:
    """Read a case as ``attribute`` does with default options (``lang="auto"``)."""
    draft = read_document(case.draft)
    final = read_document(case.final)
    found, skipped = find_submissions([case.submissions])
    subs: list[Submission] = []
    for item in read_submissions(found):
        if isinstance(item, Submission):
            subs.append(item)
        else:
            skipped.append(item)
    return Inputs(align(draft, final), tuple(subs), tuple(skipped), final.lang)


def _change_id(alignment: Alignment, start: int, end: int) -> str:
    """The change whose final span contains ``[start, end)``, or "" if none does."""
    for change in alignment.changes:
        if change.final is not None and change.final.start <= start and end <= change.final.end:
            return change.id
    return ""


def _result(inputs: Inputs, links: list[Link], params: dict[str, Any]) -> AttributionResult:
    links.sort(key=lambda k: (k.final.start, k.final.end, -k.score, k.submission_id))
    return AttributionResult(
        inputs.alignment, inputs.submissions, tuple(links), inputs.skipped, params
    )


# --------------------------------------------------------------------------- systems


def run_project(case: Case) -> AttributionResult:
    return attribute(case.draft, case.final, [case.submissions])


def run_sentence_fuzzy(case: Case) -> AttributionResult:
    inputs = read_inputs(case)
    alignment = inputs.alignment
    final_text = alignment.final.text
    draft_sentences = [s.text for s in split_sentences(alignment.draft.text, lang=inputs.lang)]
    new = [
        s
        for s in split_sentences(final_text, lang=inputs.lang)
        if process.extractOne(
            s.text, draft_sentences, scorer=fuzz.ratio, score_cutoff=SENTENCE_SAME
        )
        is None
    ]
    links: list[Link] = []
    for sentence in new:
        change_id = _change_id(alignment, sentence.start, sentence.end)
        for sub in inputs.submissions:
            found = fuzz.partial_ratio_alignment(
                sentence.text, sub.text, score_cutoff=SENTENCE_CREDIT
            )
            if found is None or found.score < SENTENCE_CREDIT:
                continue
            confidence: Confidence = (
                "high" if found.score >= 95 else "medium" if found.score >= 88 else "low"
            )
            links.append(
                Link(
                    change_id,
                    sub.id,
                    sentence,
                    Span.of(sub.text, found.dest_start, found.dest_end),
                    found.score / 100,
                    confidence,
                    "fuzzy",
                )
            )
    params = {"same": SENTENCE_SAME, "credit": SENTENCE_CREDIT, "lang": inputs.lang}
    return _result(inputs, links, params)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _grams(tokens: Sequence[tuple[str, int, int]]) -> list[tuple[str, ...]]:
    words = [t[0] for t in tokens]
    return [tuple(words[i : i + GRAM]) for i in range(len(words) - GRAM + 1)]


def run_shared_10gram(case: Case) -> AttributionResult:
    inputs = read_inputs(case)
    alignment = inputs.alignment
    final_text = alignment.final.text
    draft_grams = set(_grams(_tokens(alignment.draft.text)))
    final_tokens = _tokens(final_text)
    new = [(i, g) for i, g in enumerate(_grams(final_tokens)) if g not in draft_grams]
    links: list[Link] = []
    for sub in inputs.submissions:
        sub_tokens = _tokens(sub.text)
        where: dict[tuple[str, ...], int] = {}  # first window index of each gram
        for j, g in enumerate(_grams(sub_tokens)):
            where.setdefault(g, j)
        hits = [(i, where[g]) for i, g in new if g in where]
        groups: list[list[tuple[int, int]]] = []
        for i, j in hits:  # windows i..i+GRAM-1; merge when overlapping or adjacent
            if groups and i <= groups[-1][-1][0] + GRAM:
                groups[-1].append((i, j))
            else:
                groups.append([(i, j)])
        for group in groups:
            start = final_tokens[group[0][0]][1]
            end = final_tokens[group[-1][0] + GRAM - 1][2]
            sub_start = min(sub_tokens[j][1] for _, j in group)
            sub_end = max(sub_tokens[j + GRAM - 1][2] for _, j in group)
            covered = group[-1][0] + GRAM - group[0][0]
            score = len(group) / (covered - GRAM + 1)  # share of windows found
            links.append(
                Link(
                    _change_id(alignment, start, end),
                    sub.id,
                    Span.of(final_text, start, end),
                    Span.of(sub.text, sub_start, sub_end),
                    score,
                    "high" if len(group) >= 3 else "medium",
                    "fuzzy",
                )
            )
    return _result(inputs, links, {"gram": GRAM, "lang": inputs.lang})


SYSTEMS: dict[str, Callable[[Case], AttributionResult]] = {
    "project": run_project,
    "sentence-fuzzy": run_sentence_fuzzy,
    "shared-10gram": run_shared_10gram,
}


# --------------------------------------------------------------------------- running


def _warm_up(case: Case) -> None:
    """Load the case language's sentence pipeline etc. so no system pays for it."""
    lang = read_document(case.final).lang
    attribute(
        "1. Publish budgets.\n",
        "1. Publish budgets.\n2. Open every meeting to the press.",
        {"w": "Open every meeting to the press."},
        lang=lang,
    )
    split_sentences("Warm up. Twice.", lang=lang)


def run_case(folder: Path, notes: list[str]) -> list[tuple[str, CaseScore]]:
    try:
        case = load_case(folder)
        _warm_up(case)
    except ProvenanceError as e:
        notes.append(f"skipped {folder}: {e}")
        return []
    rows = []
    for name, system in SYSTEMS.items():
        started = time.perf_counter()
        try:
            result = system(case)
        except ProvenanceError as e:
            notes.append(f"{case.name}/{name}: {e}")
            continue
        seconds = time.perf_counter() - started
        s = score_case(case, result)
        rows.append((name, CaseScore(s.case, s.submission, s.passage, s.links, seconds)))
    return rows


def _group(folder: Path) -> str:
    resolved = folder.resolve()
    for name, root in (("corpus", CORPUS), ("real", REAL)):
        if root.exists() and resolved.is_relative_to(root.resolve()):
            return name
    return "cases"


def _case_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "truth.json").is_file())


def collect(given: Sequence[str] | None, notes: list[str]) -> dict[str, list[Path]]:
    groups: dict[str, list[Path]] = {}
    if given:
        for d in given:
            groups.setdefault(_group(Path(d)), []).append(Path(d))
        return groups
    groups["corpus"] = _case_folders(CORPUS) if CORPUS.is_dir() else []
    if REAL.is_dir():
        groups["real"] = _case_folders(REAL)
    else:
        notes.append(f"no real cases: {REAL.resolve()} is absent; skipped")
    return groups


def _metrics(s: CaseScore) -> dict[str, float]:
    return {
        "sub_p": s.submission.precision,
        "sub_r": s.submission.recall,
        "sub_f1": s.submission.f1,
        "pas_p": s.passage.precision,
        "pas_r": s.passage.recall,
        "pas_f1": s.passage.f1,
        "links": s.links,
        "secs": s.seconds,
    }


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = ("sub_p", "sub_r", "sub_f1", "pas_p", "pas_r", "pas_f1", "links", "secs")
    return {k: sum(r[k] for r in rows) / len(rows) for k in keys}


def build(groups: dict[str, list[Path]], notes: list[str]) -> dict[str, Any]:
    report: dict[str, Any] = {"systems": list(SYSTEMS), "groups": {}, "notes": notes}
    for group, folders in groups.items():
        cases = []
        for folder in folders:
            for system, score in run_case(folder, notes):
                cases.append(
                    {
                        "case": score.case,
                        "system": system,
                        **_metrics(score),
                        "detail": score.as_dict(),
                    }
                )
        means = {}
        for system in SYSTEMS:
            rows = [c for c in cases if c["system"] == system]
            if rows:
                means[system] = {"cases": len(rows), **_mean(rows)}
        report["groups"][group] = {"cases": cases, "mean": means}
    return report


HEADER = (
    f"{'case':<34} {'system':<15} {'sub P':>6} {'sub R':>6} {'sub F1':>6} "
    f"{'pas P':>6} {'pas R':>6} {'pas F1':>6} {'links':>6} {'secs':>6}"
)


def _line(case: str, system: str, m: dict[str, float]) -> str:
    links = f"{m['links']:.0f}" if float(m["links"]).is_integer() else f"{m['links']:.1f}"
    return (
        f"{case[:34]:<34} {system:<15} {m['sub_p']:6.3f} {m['sub_r']:6.3f} "
        f"{m['sub_f1']:6.3f} {m['pas_p']:6.3f} {m['pas_r']:6.3f} {m['pas_f1']:6.3f} "
        f"{links:>6} {m['secs']:6.2f}"
    )


def print_table(report: dict[str, Any]) -> None:
    rule = "-" * len(HEADER)
    for group, data in report["groups"].items():
        print(f"== {group} ({len({c['case'] for c in data['cases']})} cases)")
        print(HEADER)
        print(rule)
        last = None
        for c in data["cases"]:
            if last is not None and c["case"] != last:
                print()
            last = c["case"]
            print(_line(c["case"], c["system"], c))
        print(rule)
        for system, m in data["mean"].items():
            print(_line(f"MEAN {group}", system, m))
        print()
    for note in report["notes"]:
        print(f"note: {note}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--cases", nargs="+", metavar="DIR", help="case folders to run")
    args = parser.parse_args(argv)
    notes: list[str] = []
    started = time.perf_counter()
    report = build(collect(args.cases, notes), notes)
    report["total_seconds"] = round(time.perf_counter() - started, 2)
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print_table(report)
        print(f"total {report['total_seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
