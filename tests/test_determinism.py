"""Same inputs and parameters, same bytes out: across runs, processes and --db/--no-db."""

from __future__ import annotations

import os
import subprocess
import sys


def _json(corpus, tmp_path, seed: str, *extra: str) -> bytes:
    case = corpus / "regulation-en"
    code = "from provenance_cli import cli; cli()"
    args = [
        sys.executable,
        "-c",
        code,
        "attribute",
        str(case / "draft.txt"),
        str(case / "final.txt"),
        str(case / "submissions"),
        "--format",
        "json",
        "-q",
        *extra,
    ]
    # A different hash seed changes the order of sets and str-keyed dicts in each process.
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(args, capture_output=True, env=env, cwd=tmp_path, check=True)
    return done.stdout


def test_json_is_byte_identical_across_processes_and_stores(corpus, tmp_path):
    first = _json(corpus, tmp_path, "1", "--no-db")
    assert first.startswith(b"{") and b'"links"' in first
    assert _json(corpus, tmp_path, "2", "--no-db") == first
    assert _json(corpus, tmp_path, "3", "--db", str(tmp_path / "a.db")) == first
    # Re-running into the same store does not change the output either.
    assert _json(corpus, tmp_path, "4", "--db", str(tmp_path / "a.db")) == first
