"""Sweep --min-score and min_evidence on corpus/ only; print mean F1 for each pair.

This is how the defaults were set: the middle of the plateau of best mean F1 (the mean
of submission-level and passage-level F1 over the corpus cases). The real cases in
../shared/bench/real are never used here.

    python benchmarks/tune_min_score.py
"""

from __future__ import annotations

from pathlib import Path

from provenance import evaluate
from provenance.evaluate import mean_f1

CORPUS = sorted(p for p in (Path(__file__).parents[1] / "corpus").iterdir() if p.is_dir())
SCORES = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
EVIDENCE = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0)


def main() -> None:
    print(f"corpus: {', '.join(p.name for p in CORPUS)}")
    print("mean of submission and passage F1; rows: min_evidence, columns: min_score")
    print("      " + "".join(f"{s:>7.2f}" for s in SCORES))
    results = {}
    for evidence in EVIDENCE:
        row = []
        for score in SCORES:
            submission_f1, passage_f1 = mean_f1(
                evaluate(CORPUS, min_score=score, min_evidence=evidence)
            )
            results[(evidence, score)] = (submission_f1 + passage_f1) / 2
            row.append(results[(evidence, score)])
        print(f"{evidence:6.2f}" + "".join(f"{v:7.3f}" for v in row))
    best = max(results.values())
    plateau = sorted(k for k, v in results.items() if v >= best - 1e-9)
    print(f"best {best:.3f} at (min_evidence, min_score) = {plateau}")


if __name__ == "__main__":
    main()
