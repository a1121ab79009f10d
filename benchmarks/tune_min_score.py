"""Sweep --min-score on corpus/ only and print mean F1 for each value (how the default was set).

python benchmarks/tune_min_score.py
"""

from __future__ import annotations

from pathlib import Path

from provenance import evaluate, mean_f1

CORPUS = sorted(p for p in (Path(__file__).parents[1] / "corpus").iterdir() if p.is_dir())


def main() -> None:
    print(f"{'min_score':>9} {'sub F1':>7} {'pas F1':>7} {'mean':>7}")
    for value in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8):
        submission_f1, passage_f1 = mean_f1(evaluate(CORPUS, min_score=value))
        mean = (submission_f1 + passage_f1) / 2
        print(f"{value:9.2f} {submission_f1:7.3f} {passage_f1:7.3f} {mean:7.3f}")


if __name__ == "__main__":
    main()
