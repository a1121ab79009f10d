"""Sweep the differential pass's threshold over the team's own cases and print the scores.

``DIFFERENTIAL_MIN`` (provenance.params) is the least differential similarity of an ask
in other words to the final sentence it reads most like. It is chosen on ``corpus/``
only, the cases the team wrote; the shared cases (``../shared/bench/``) are then a check
on cases the threshold never saw (``--cases`` runs any others).

    python benchmarks/tune_differential.py [--values 0.14,0.16,...] [--cases DIR ...]

For each value: mean submission and passage F1, and the rejected submissions credited
(false positives at submission level), summed over the cases.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import provenance.params
from provenance.evaluate import evaluate, mean_f1

ROOT = Path(__file__).resolve().parents[1]


def sweep(cases: Sequence[Path], values: Sequence[float]) -> list[tuple[float, float, float, int]]:
    rows = []
    default = provenance.params.DIFFERENTIAL_MIN
    try:
        for value in values:
            provenance.params.DIFFERENTIAL_MIN = value
            scores = evaluate(list(cases))
            submission_f1, passage_f1 = mean_f1(scores)
            rows.append((value, submission_f1, passage_f1, sum(s.submission.fp for s in scores)))
    finally:
        provenance.params.DIFFERENTIAL_MIN = default
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", default="0.12,0.14,0.16,0.18,0.2,0.22,0.25,0.3,1.01")
    parser.add_argument("--cases", nargs="+", type=Path)
    args = parser.parse_args(argv)
    cases = args.cases or sorted(
        p for p in (ROOT / "corpus").iterdir() if (p / "truth.json").is_file()
    )
    values = [float(v) for v in args.values.split(",")]
    print(f"{len(cases)} cases; default DIFFERENTIAL_MIN {provenance.params.DIFFERENTIAL_MIN}")
    print(f"{'value':>6} {'sub F1':>7} {'pas F1':>7} {'false pos':>9}")
    for value, submission_f1, passage_f1, fp in sweep(cases, values):
        print(f"{value:6.2f} {submission_f1:7.3f} {passage_f1:7.3f} {fp:9d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
