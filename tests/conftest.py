"""Fixtures and helpers every test module may use."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from provenance.store import Store, open_store
from provenance_cli import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/strategies.py, formats.py

# Every table of the store, in the order a run's rows depend on each other.
STORE_TABLES = (
    "documents",
    "runs",
    "run_submissions",
    "changes",
    "change_new_text",
    "links",
    "skipped",
    "run_states",
)


def run_cli(*args: Any) -> Result:
    """The ``provenance`` command in this process; exceptions propagate (a crash fails)."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def corpus() -> Path:
    return ROOT / "corpus"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def fresh_store() -> Iterator[Store]:
    """An empty store in memory, closed afterwards."""
    with open_store(":memory:") as db:
        yield db
