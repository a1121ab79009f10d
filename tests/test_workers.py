"""The workers: generic over the payload they hand every task (issue 12), and ending
with the process that started them, however it ends (issue 13)."""

from __future__ import annotations

import ast
import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

import provenance.workers
from provenance.workers import PoolWorkers, Workers, result

WORKERS_SOURCE = Path(provenance.workers.__file__)


@dataclass(frozen=True)
class Toy:
    """A payload that is not the engine's plan."""

    factor: int


def _scaled(toy: Toy, work: int) -> tuple[int, int]:
    return toy.factor * work, os.getpid()


def _shifted(toy: Toy, work: str, shift: int) -> tuple[str, int]:
    return f"{work}:{toy.factor + shift}", os.getpid()


@pytest.mark.issue(12)
def test_workers_run_any_payload_here_and_in_a_pool():
    toy = Toy(3)
    numbers = list(range(7))
    words = ["a", "b", "c"]
    here = Workers(toy)
    with PoolWorkers(toy, 2) as pool:
        submitted = [result(pool.submit(_scaled, n)) for n in numbers]
        mapped = list(pool.imap_partitions(_shifted, words, 2))
    assert [value for value, _ in submitted] == [
        result(here.submit(_scaled, n))[0] for n in numbers
    ]
    assert [value for value, _ in mapped] == [
        v for v, _ in list(here.imap_partitions(_shifted, words, 2))
    ]
    assert [value for value, _ in mapped] == ["a:5", "b:5", "c:5"]
    # The pool's results came from its processes, not from this one.
    assert os.getpid() not in {pid for _, pid in submitted + mapped}


@pytest.mark.issue(12)
def test_workers_do_not_import_the_engine():
    """Not even for type hints: the engine imports the workers, not the other way."""
    tree = ast.parse(WORKERS_SOURCE.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {name for name in imported if "engine" in name}
    assert not any(name.startswith(".") for name in imported)  # nothing of this package


# --- workers end with the process that started them (issue 13) -----------------------

# A run of several seconds on 2 workers: 3,000 letters of 2,000 characters, each quoting
# the final's new sentence, in partitions of 20,000 characters. With "forkserver" another
# thread runs, which makes the pool start its workers from a forkserver. With "watcher"
# the workers do without Linux's parent-death signal, as elsewhere.
MATCHING = """
import sys, threading
import provenance, provenance.engine, provenance.workers

if sys.argv[1] == "forkserver":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
if sys.argv[2] == "watcher":
    provenance.workers._set_parent_death_signal = lambda: None
draft = "1. The council publishes its budget every year.\\n2. Meetings are held in the hall.\\n"
new = "Every council meeting is open to the press and streamed online with captions."
words = "river trust budget press meeting open captions streamed online council hall".split()
letters = {
    f"s{i}": " ".join(words[(i * 7 + k) % len(words)] for k in range(300)) + f" {i}. {new}"
    for i in range(3000)
}
provenance.engine.PARTITION_CHARS = 20_000
provenance.attribute(draft, f"{draft}3. {new}\\n", letters, jobs=2)
"""


def _alive(process: psutil.Process) -> bool:
    """Running, neither gone nor a zombie (whose exit nobody has collected yet)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _forked(process: psutil.Process) -> bool:
    """A worker: a copy of its parent (fork), not a program of its own."""
    try:
        return process.cmdline() == process.parent().cmdline()
    except (psutil.NoSuchProcess, AttributeError):  # gone, or parent() gone
        return False


def _cpu(process: psutil.Process) -> float:
    """User CPU seconds of a process, 0 when it has gone."""
    try:
        return process.cpu_times().user
    except psutil.NoSuchProcess:
        return 0.0


def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# SIGKILL and SIGTERM (without a handler) both end the main process at once, without
# cleanup: what its workers see is the same. What differs for them is how they were
# started, and whether Linux signals them (under fork) or they must watch ("watcher").
@pytest.mark.issue(13)
@pytest.mark.skipif(sys.platform == "win32", reason="signals and start methods of POSIX")
@pytest.mark.parametrize(
    "method, signum, watch",
    [
        ("fork", signal.SIGKILL, "all"),
        ("forkserver", signal.SIGKILL, "all"),
        ("fork", signal.SIGTERM, "watcher"),
    ],
    ids=["fork-SIGKILL", "forkserver-SIGKILL", "fork-SIGTERM-watcher"],
)
def test_workers_end_with_a_killed_run(method, signum, watch):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    src = str(Path(provenance.workers.__file__).parents[1])  # these sources, not another copy
    path = [src, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    run = subprocess.Popen([sys.executable, "-c", MATCHING, method, watch], env=env)
    main = psutil.Process(run.pid)
    started: list[psutil.Process] = []
    try:

        def matching() -> bool:
            assert run.poll() is None, "the run ended before it was killed"
            started[:] = main.children(recursive=True)
            workers = [p for p in started if _forked(p)]
            # Both workers are matching, past their start (a forkserver's workers import
            # the package and unpickle the plan first): CPU seconds tell.
            return len(workers) == 2 and all(_cpu(p) > 0.5 for p in workers)

        assert _until(matching, 20), "the workers never started matching"
        if method == "forkserver":
            assert any("forkserver" in " ".join(p.cmdline()) for p in started)
        else:
            assert {p.ppid() for p in started if _forked(p)} == {run.pid}
        os.kill(run.pid, signum)
        # Every process the run started: workers, and the forkserver and resource tracker.
        assert _until(lambda: not any(_alive(p) for p in started), 5), [
            (p.pid, " ".join(p.cmdline())[:80]) for p in started if _alive(p)
        ]
    finally:
        for process in started:  # left running by a failure: end them here
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        run.kill()
        run.wait()
