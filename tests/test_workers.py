"""The workers: generic over the payload they hand every task (issue 12)."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

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
        mapped = pool.map_partitions(_shifted, words, 2)
    assert [value for value, _ in submitted] == [
        result(here.submit(_scaled, n))[0] for n in numbers
    ]
    assert [value for value, _ in mapped] == [v for v, _ in here.map_partitions(_shifted, words, 2)]
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
