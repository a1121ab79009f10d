"""The same run on local processes and on a Dask cluster: its time, that the output is
byte-identical, and what 22 million comments would take on N workers.

    python benchmarks/dask_run.py CASE_FOLDER [--workers 2] [--target 22000000]

CASE_FOLDER holds draft.txt, final.txt and submissions.jsonl (a case of
``benchmarks/scale.py``, in its cache). Three measurements, each in this process:

1. ``attribute(..., jobs=W)``: W local worker processes;
2. ``attribute(..., client=...)``: a ``dask.distributed.LocalCluster`` of W one-thread
   worker processes on this machine. Both results are serialised as the JSON of
   ``AttributionResult.to_dict()`` and compared byte for byte;
3. the parts of a run, timed alone in this process on the case: the reading and
   splitting that the process holding the input does for every comment (serial), and
   pass 1 on each partition (what the workers do for every comment), per partition.

The estimate for ``--target`` comments of the case's mean size assumes what the code
does: reading is serial in the process holding the input and overlaps pass 1 on the
workers, so that part takes the longer of the two; pass 2 runs on the workers (its
measured time scaled by comments and divided among them); crediting runs in the calling
process (its measured time scaled by comments). Network and scheduler overheads of a
real cluster are not in it; the measured Dask run shows those of a local one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from provenance.align import align
from provenance.engine import PARTITION_CHARS, _Split, frequency_pass, plan_matching
from provenance.params import MIN_EVIDENCE, SEMANTIC_MIN
from provenance.pipeline import attribute
from provenance.progress import Progress
from provenance.read import read_document
from provenance.submission_tables import read_table


def digest(result: Any) -> str:
    """SHA-256 of the run's JSON, as ``provenance attribute --format json`` builds it."""
    data = json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def timed_run(
    case: Path, *, jobs: int, client: Any = None
) -> tuple[float, str, int, dict[str, float]]:
    """Seconds, digest, comments, and when (seconds from the start) each stage ended:
    "pass1" (the last pass-1 partition answered: reading ended before), "pass2" (the
    last pass-2 job answered), and "end" (crediting, asks and outcomes done)."""
    stages: dict[str, float] = {}
    started = time.perf_counter()

    def progress(event: Progress) -> None:
        if event.stage == "matched":
            stages[f"pass{event.step}"] = time.perf_counter() - started

    result = attribute(
        case / "draft.txt",
        case / "final.txt",
        [case / "submissions.jsonl"],
        jobs=jobs,
        client=client,
        progress=progress,
    )
    seconds = time.perf_counter() - started
    stages["end"] = seconds
    stages.setdefault("pass2", stages.get("pass1", 0.0))
    return seconds, digest(result), len(result.submissions), stages


def parts(case: Path, sample: int) -> dict[str, float]:
    """Per-comment serial time, and pass-1 seconds per partition, on the case's first
    ``sample`` partitions."""
    draft, final = read_document(case / "draft.txt"), read_document(case / "final.txt")
    plan = plan_matching(
        align(draft, final),
        lang=final.lang,
        semantic=True,
        semantic_min=SEMANTIC_MIN,
        embedder=None,
        min_evidence=MIN_EVIDENCE,
    )
    texts: list[str] = []

    def read() -> Any:
        for submission in read_table(case / "submissions.jsonl", lang=final.lang):
            if hasattr(submission, "text"):
                texts.append(submission.text)
                yield submission.text

    split = _Split(None, PARTITION_CHARS, None)
    started = time.perf_counter()
    partitions = []
    for partition in split.partitions(read()):
        partitions.append(partition)
        if len(partitions) >= sample:
            break
    serial = (time.perf_counter() - started) / len(texts)
    seconds = []
    for partition in partitions:
        started = time.perf_counter()
        frequency_pass(plan, partition)
        seconds.append(time.perf_counter() - started)
    return {
        "serial_per_comment": serial,
        "pass1_per_partition": statistics.median(seconds),
        "comments_per_partition": len(texts) / len(partitions),
        "chars_per_comment": sum(map(len, texts)) / len(texts),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--target", type=int, default=22_000_000)
    parser.add_argument("--sample", type=int, default=20, help="partitions timed alone")
    args = parser.parse_args(argv)

    local_s, local_digest, comments, stages = timed_run(args.case, jobs=args.workers)
    print(f"local processes ({args.workers}): {local_s:.1f} s, {comments:,} comments", flush=True)
    os.environ.setdefault("DASK_DISTRIBUTED__WORKER__DAEMON", "False")
    import dask.distributed as distributed

    with (
        distributed.LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        dask_s, dask_digest, _, _ = timed_run(args.case, jobs=1, client=client)
    print(f"Dask LocalCluster ({args.workers} workers): {dask_s:.1f} s", flush=True)
    same = "byte-identical" if dask_digest == local_digest else "DIFFERENT"
    print(f"output: {same} (sha256 {local_digest[:16]} / {dask_digest[:16]})")

    p = parts(args.case, args.sample)
    # From the local run's stage ends: pass 2 runs on the workers, so it divides by
    # them; crediting runs in the calling process, so it grows with the comments alone.
    pass2 = stages["pass2"] - stages["pass1"]
    credit = stages["end"] - stages["pass2"]
    print(
        f"parts: reading and splitting {p['serial_per_comment'] * 1e6:.0f} µs a comment in "
        f"one process; pass 1 {p['pass1_per_partition']:.2f} s a partition of "
        f"{p['comments_per_partition']:.0f} comments ({p['chars_per_comment']:.0f} characters "
        f"each) on a worker; in the local run pass 1 ended at {stages['pass1']:.1f} s, pass 2 "
        f"took {pass2:.1f} s on {args.workers} workers, crediting {credit:.1f} s"
    )
    scale = args.target / comments
    print(f"\nestimate for {args.target:,} comments (the case's mean size):")
    print("| workers | reading s | pass 1 s | pass 2 s | crediting s | total s |")
    print("|---:|---:|---:|---:|---:|---:|")
    partitions = args.target / p["comments_per_partition"]
    serial = p["serial_per_comment"] * args.target
    for n in (2, 8, 32, 128):
        first = partitions * p["pass1_per_partition"] / n
        second = pass2 * scale * args.workers / n
        total = max(serial, first) + second + credit * scale
        print(
            f"| {n} | {serial:,.0f} | {first:,.0f} | {second:,.0f} | {credit * scale:,.0f} "
            f"| {total:,.0f} |"
        )
    print(
        f"\narithmetic: reading {args.target:,} x {p['serial_per_comment'] * 1e6:.0f} µs in "
        f"one process, overlapping pass 1 ({partitions:,.0f} partitions x "
        f"{p['pass1_per_partition']:.2f} s / workers): the longer of the two; then pass 2 "
        f"({pass2:.1f} s x {args.workers} workers x {scale:,.0f} / workers) and crediting "
        f"({credit:.1f} s x {scale:,.0f})"
    )
    return 0 if same == "byte-identical" else 1


if __name__ == "__main__":
    sys.exit(main())
