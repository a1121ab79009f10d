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

``--ablate NAME[,NAME...]`` adds a system ``project-NAME`` per ablation: the project with
one part turned off (``no-semantic``: ``semantic=False``, no paraphrase pass at all;
``no-differential``: ``differential=False``, no asks in other words; ``no-gate``:
``gate=False``, asks in other words without the differential gate; ``no-edits``:
``explicit_edits=False``; ``all``: every one). An
ablation whose keyword ``attribute`` does not take is skipped with a note.

Cases: every folder with a ``truth.json`` in ``corpus/`` (the team's own), in
``../shared/bench/real/`` and in ``../shared/bench/reworded/`` (read in place), or the
folders given with ``--cases``. Means are macro averages over the cases of a group.
Seconds include reading, alignment and attribution.

Where the truth gives a submission a ``type`` (the reworded set), each group also gets a
table per type, summed over its cases: for a type of adopted submissions, how many of
them a system credits with at least one link (recall, "found/total"); for a type of
submissions not adopted (``near-miss``, ``off-topic``, ..., and ``form-letter (not
adopted)``), how many of them it credits (false positives, "credited/total"). Then, per
case, the target: at most one such false positive per case for the project.

    python benchmarks/quality.py [--json] [--cases DIR ...] [--ablate NAME[,NAME...]]
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
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
REWORDED = Path(__file__).parents[1] / ".." / "shared" / "bench" / "reworded"

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

# Ablations of the project: name -> keyword arguments of ``attribute``.
ABLATIONS: dict[str, dict[str, Any]] = {
    "no-semantic": {"semantic": False},
    "no-differential": {"differential": False},
    "no-gate": {"gate": False},
    "no-edits": {"explicit_edits": False},
}


def parse_ablations(values: Sequence[str] | None) -> list[str]:
    """The ablation names of ``--ablate`` values (comma lists, ``all``), in ABLATIONS order.

    >>> parse_ablations(["no-gate,no-semantic", "no-gate"])
    ['no-semantic', 'no-gate']
    >>> parse_ablations(["all"]) == list(ABLATIONS)
    True
    """
    names: set[str] = set()
    for value in values or ():
        for name in (n.strip() for n in value.split(",")):
            if name == "all":
                names.update(ABLATIONS)
            elif name in ABLATIONS:
                names.add(name)
            elif name:
                known = ", ".join([*ABLATIONS, "all"])
                raise ValueError(f"unknown ablation {name!r} (known: {known})")
    return [n for n in ABLATIONS if n in names]


def unsupported(function: Callable[..., Any], kwargs: dict[str, Any]) -> list[str]:
    """The keywords of ``kwargs`` that ``function`` does not take.

    >>> def f(a, *, b=1): ...
    >>> unsupported(f, {"b": 2, "c": 3})
    ['c']
    >>> def g(a, **options): ...
    >>> unsupported(g, {"c": 3})
    []
    """
    params = inspect.signature(function).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return []
    return [k for k in kwargs if k not in params]


def ablated(kwargs: dict[str, Any]) -> Callable[[Case], AttributionResult]:
    def run(case: Case) -> AttributionResult:
        return attribute(case.draft, case.final, [case.submissions], **kwargs)

    return run


def systems(ablations: Sequence[str], notes: list[str]) -> dict[str, Callable[[Case], Any]]:
    """The peers and the project, plus one ``project-NAME`` per ablation ``attribute`` takes."""
    chosen = dict(SYSTEMS)
    for name in ablations:
        missing = unsupported(attribute, ABLATIONS[name])
        if missing:
            notes.append(
                f"ablation {name} skipped: attribute takes no keyword {', '.join(missing)}"
            )
            continue
        chosen[f"project-{name}"] = ablated(ABLATIONS[name])
    return chosen


# --------------------------------------------------------------------------- types

ADOPTED_TYPES = (
    "paraphrase",
    "relocated",
    "light-edit",
    "partial",
    "substitution",
    "duplicate-credit",
    "form-letter",
)
NEGATIVE_TYPES = (
    "near-miss",
    "decoy-quotes-draft",
    "decoy-boilerplate",
    "already-in-draft",
    "off-topic",
    "question-only",
)
_ROW_ORDER = (*ADOPTED_TYPES, *NEGATIVE_TYPES, "form-letter (not adopted)")
MAX_NEGATIVE_FP = 1  # the target: false positives on negative types per case, project


def type_row(kind: str, adopted: bool) -> str:
    """The row of the per-type table for a submission of type ``kind``.

    A submission adopted in the truth counts under its type (recall), one not adopted
    under its type if that is a negative type and under ``TYPE (not adopted)`` if not
    (false positives); an adopted submission of a negative type under ``TYPE (adopted)``.

    >>> type_row("paraphrase", True), type_row("near-miss", False)
    ('paraphrase', 'near-miss')
    >>> type_row("form-letter", False), type_row("off-topic", True)
    ('form-letter (not adopted)', 'off-topic (adopted)')
    """
    if adopted:
        return f"{kind} (adopted)" if kind in NEGATIVE_TYPES else kind
    return kind if kind in NEGATIVE_TYPES else f"{kind} (not adopted)"


def _row_key(row: tuple[str, dict[str, Any]]) -> tuple[int, int, str]:
    name, cell = row
    known = _ROW_ORDER.index(name) if name in _ROW_ORDER else len(_ROW_ORDER)
    return (0 if cell["adopted"] else 1, known, name)


def type_counts(truth: dict[str, Any], credited: set[str]) -> dict[str, dict[str, Any]]:
    """Per type row: ``adopted`` (in the truth), ``credited`` and ``total`` submissions.

    Only submissions whose truth gives a ``type`` count; ``credited`` are the ids a
    system links at least once.

    >>> truth = {"submissions": {"a": {"adopted": True, "type": "partial"},
    ...     "b": {"adopted": False, "type": "off-topic"}, "c": {"adopted": False}}}
    >>> type_counts(truth, {"b", "c"})
    {'partial': {'adopted': True, 'credited': 0, 'total': 1}, \
'off-topic': {'adopted': False, 'credited': 1, 'total': 1}}
    """
    rows: dict[str, dict[str, Any]] = {}
    for sid, item in truth.get("submissions", {}).items():
        kind = item.get("type")
        if not kind:
            continue
        adopted = bool(item.get("adopted"))
        cell = rows.setdefault(
            type_row(kind, adopted), {"adopted": adopted, "credited": 0, "total": 0}
        )
        cell["total"] += 1
        cell["credited"] += sid in credited
    return dict(sorted(rows.items(), key=_row_key))


def negative_fp(types: dict[str, dict[str, Any]]) -> int | None:
    """Submissions not adopted in the truth that were credited; None when none is typed."""
    cells = [c for c in types.values() if not c["adopted"]]
    return sum(c["credited"] for c in cells) if cells else None


def sum_types(per_case: Sequence[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for types in per_case:
        for name, cell in types.items():
            into = rows.setdefault(name, {"adopted": cell["adopted"], "credited": 0, "total": 0})
            into["credited"] += cell["credited"]
            into["total"] += cell["total"]
    return dict(sorted(rows.items(), key=_row_key))


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


Row = tuple[str, CaseScore, dict[str, dict[str, Any]]]


def run_case(
    folder: Path, chosen: dict[str, Callable[[Case], AttributionResult]], notes: list[str]
) -> list[Row]:
    try:
        case = load_case(folder)
        _warm_up(case)
    except ProvenanceError as e:
        notes.append(f"skipped {folder}: {e}")
        return []
    rows = []
    for name, system in list(chosen.items()):
        started = time.perf_counter()
        try:
            result = system(case)
        except ProvenanceError as e:
            notes.append(f"{case.name}/{name}: {e}")
            continue
        except TypeError as e:  # an ablation keyword that attribute passes on but no one takes
            if name in SYSTEMS or "unexpected keyword" not in str(e):
                raise
            notes.append(f"ablation {name.removeprefix('project-')} skipped: {e}")
            del chosen[name]
            continue
        seconds = time.perf_counter() - started
        s = score_case(case, result)
        credited = {link.submission_id for link in result.links}
        types = type_counts(case.truth, credited)
        rows.append((name, dataclasses.replace(s, seconds=seconds), types))
    return rows


def _group(folder: Path) -> str:
    resolved = folder.resolve()
    for name, root in (("corpus", CORPUS), ("real", REAL), ("reworded", REWORDED)):
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
    for name, root in (("real", REAL), ("reworded", REWORDED)):
        if root.is_dir():
            groups[name] = _case_folders(root)
        else:
            notes.append(f"no {name} cases: {root.resolve()} is absent; skipped")
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


def build(
    groups: dict[str, list[Path]], notes: list[str], ablations: Sequence[str] = ()
) -> dict[str, Any]:
    chosen = systems(ablations, notes)
    report: dict[str, Any] = {"systems": list(chosen), "groups": {}, "notes": notes}
    for group, folders in groups.items():
        cases = []
        for folder in folders:
            for system, score, types in run_case(folder, chosen, notes):
                cases.append(
                    {
                        "case": score.case,
                        "system": system,
                        **_metrics(score),
                        "detail": score.as_dict(),
                        "types": types,
                        "negative_fp": negative_fp(types),
                    }
                )
        means = {}
        by_type = {}
        for system in chosen:
            rows = [c for c in cases if c["system"] == system]
            if rows:
                means[system] = {"cases": len(rows), **_mean(rows)}
            summed = sum_types([c["types"] for c in rows])
            if summed:
                by_type[system] = summed
        target = {
            "max_negative_fp_per_case": MAX_NEGATIVE_FP,
            "cases": {
                c["case"]: c["negative_fp"]
                for c in cases
                if c["system"] == "project" and c["negative_fp"] is not None
            },
        }
        target["met"] = all(n <= MAX_NEGATIVE_FP for n in target["cases"].values())
        report["groups"][group] = {
            "cases": cases,
            "mean": means,
            "types": by_type,
            "negative_target": target,
        }
    report["systems"] = list(chosen)  # less any ablation skipped while running
    return report


def _header(width: int) -> str:
    return (
        f"{'case':<34} {'system':<{width}} {'sub P':>6} {'sub R':>6} {'sub F1':>6} "
        f"{'pas P':>6} {'pas R':>6} {'pas F1':>6} {'links':>6} {'secs':>6}"
    )


def _line(case: str, system: str, m: dict[str, float], width: int = 15) -> str:
    links = f"{m['links']:.0f}" if float(m["links"]).is_integer() else f"{m['links']:.1f}"
    return (
        f"{case[:34]:<34} {system:<{width}} {m['sub_p']:6.3f} {m['sub_r']:6.3f} "
        f"{m['sub_f1']:6.3f} {m['pas_p']:6.3f} {m['pas_r']:6.3f} {m['pas_f1']:6.3f} "
        f"{links:>6} {m['secs']:6.2f}"
    )


def _type_table(by_type: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Rows = types, columns = systems, cells "credited/total"."""
    names = list(by_type)
    rows: dict[str, dict[str, Any]] = {}
    for cells in by_type.values():
        for name, cell in cells.items():
            rows.setdefault(name, cell)
    order = [name for name, _ in sorted(rows.items(), key=_row_key)]
    first = max(len("type"), *(len(r) + 2 for r in order))
    widths = [max(len(n), 7) for n in names]
    lines = [
        f"{'type':<{first}}" + "".join(f" {n:>{w}}" for n, w in zip(names, widths, strict=True))
    ]
    lines.append("-" * len(lines[0]))
    section = None
    for name in order:
        adopted = rows[name]["adopted"]
        if adopted != section:
            section = adopted
            lines.append("adopted: found/total" if adopted else "not adopted: credited/total")
        cells = []
        for system, w in zip(names, widths, strict=True):
            cell = by_type[system].get(name)
            text = f"{cell['credited']}/{cell['total']}" if cell else "-"
            cells.append(f" {text:>{w}}")
        lines.append(f"  {name:<{first - 2}}" + "".join(cells))
    return lines


def _target_table(group: str, data: dict[str, Any]) -> list[str]:
    """Per case, negative-type submissions credited by the project and its ablations."""
    limit = data["negative_target"]["max_negative_fp_per_case"]
    names = [s for s in data["mean"] if s == "project" or s.startswith("project-")]
    widths = [max(len(n), 9) for n in names]
    lines = [
        f"-- {group}: negative-type submissions credited, per case (target: at most {limit}",
        "   for project; form letters not adopted count as negative; * = over the target)",
        f"{'case':<34} {'of':>3}"
        + "".join(f" {n:>{w}}" for n, w in zip(names, widths, strict=True)),
    ]
    cells: dict[str, dict[str, int | None]] = {}
    totals: dict[str, int] = {}
    for c in data["cases"]:
        cells.setdefault(c["case"], {})[c["system"]] = c["negative_fp"]
        totals[c["case"]] = sum(t["total"] for t in c["types"].values() if not t["adopted"])
    for case, row in cells.items():
        if all(n is None for n in row.values()):
            continue
        texts = []
        for name, w in zip(names, widths, strict=True):
            n = row.get(name)
            text = "-" if n is None else f"{n}{'*' if n > limit else ''}"
            texts.append(f" {text:>{w}}")
        lines.append(f"{case[:34]:<34} {totals[case]:>3}" + "".join(texts))
    met = "met" if data["negative_target"]["met"] else "MISSED"
    lines.append(f"target for project: {met}")
    return lines


def _ask_table(group: str, data: dict[str, Any]) -> list[str]:
    """Per case, the project's ask-level scores, or the ask proxy where the truth has no asks."""
    rows = [c for c in data["cases"] if c["system"] == "project"]
    if not any(c["detail"].get("ask") or c["detail"].get("ask_proxy") for c in rows):
        return []
    lines = [
        f"-- {group}: asks (project); where the truth has no asks, the proxy: share of",
        "   submissions adopted with an ask adopted, rejected with none, partial with both",
        "   an ask adopted and one not found",
        f"{'case':<34} {'ask P':>6} {'ask R':>6} {'ask F1':>6} {'unfound':>7}"
        f" {'proxy':>6} {'adopted':>9} {'rejected':>9} {'partial':>9}",
    ]
    for c in rows:
        ask, proxy = c["detail"].get("ask"), c["detail"].get("ask_proxy")
        if ask:
            cells = (
                f" {ask['precision']:6.3f} {ask['recall']:6.3f} {ask['f1']:6.3f}"
                f" {ask['unfound']:>7}"
            )
        else:
            cells = f" {'-':>6} {'-':>6} {'-':>6} {'-':>7}"
        if proxy:
            share = proxy["all"]["share"]
            cells += f" {share:6.3f}" if share is not None else f" {'-':>6}"
            for kind in ("adopted", "rejected", "partial"):
                cells += f" {str(proxy[kind]['holds']) + '/' + str(proxy[kind]['submissions']):>9}"
        lines.append(f"{c['case'][:34]:<34}{cells}")
    return lines


def print_table(report: dict[str, Any]) -> None:
    width = max(15, *(len(s) for s in report["systems"]))
    header = _header(width)
    rule = "-" * len(header)
    for group, data in report["groups"].items():
        print(f"== {group} ({len({c['case'] for c in data['cases']})} cases)")
        print(header)
        print(rule)
        last = None
        for c in data["cases"]:
            if last is not None and c["case"] != last:
                print()
            last = c["case"]
            print(_line(c["case"], c["system"], c, width))
        print(rule)
        for system, m in data["mean"].items():
            print(_line(f"MEAN {group}", system, m, width))
        print()
        if data["types"]:
            print(f"-- {group}: per submission type, summed over its cases")
            for line in _type_table(data["types"]):
                print(line)
            print()
            for line in _target_table(group, data):
                print(line)
            print()
        ask_lines = _ask_table(group, data)
        if ask_lines:
            for line in ask_lines:
                print(line)
            print()
    for note in report["notes"]:
        print(f"note: {note}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--cases", nargs="+", metavar="DIR", help="case folders to run")
    parser.add_argument(
        "--ablate",
        action="append",
        metavar="NAME[,NAME...]",
        help=f"add the project with a part off: {', '.join(ABLATIONS)} or all",
    )
    args = parser.parse_args(argv)
    try:
        ablations = parse_ablations(args.ablate)
    except ValueError as e:
        parser.error(str(e))
    notes: list[str] = []
    started = time.perf_counter()
    report = build(collect(args.cases, notes), notes, ablations)
    report["ablations"] = {
        name: {
            "kwargs": ABLATIONS[name],
            "run": f"project-{name}" in report["systems"],
        }
        for name in ablations
    }
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
