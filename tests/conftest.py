"""Fixtures and helpers every test module may use."""

from __future__ import annotations

import sqlite3
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
    "asks",
)
# Views that schema version 5 added, with links.label and an index.
STORE_VIEWS = ("credited_passages", "contributors", "run_inputs")
# Columns of links that schema version 4 added, with the asks table.
LINK_ASK_COLUMNS = ("id", "ask_id", "draft_start", "draft_end")
# Columns of runs that schema version 3 added: how each input was read.
RUN_INPUT_COLUMNS = tuple(
    f"{role}_{field}" for role in ("draft", "final") for field in ("lang", "format", "encoding")
)


def downgrade_store(path: Path, version: int) -> None:
    """Make the store at ``path`` as schema ``version`` (1 to 4) wrote it, runs kept."""
    conn = sqlite3.connect(path)
    try:
        if version < 5:
            # The views first: SQLite refuses to drop a column a view reads.
            for view in STORE_VIEWS:
                conn.execute(f"DROP VIEW IF EXISTS {view}")
            conn.execute("DROP INDEX IF EXISTS idx_links_run_id_submission_id")
            conn.execute("ALTER TABLE links DROP COLUMN label")
        if version < 4:
            conn.execute("DROP TABLE asks")
            for index in ("idx_links_run_id_ask_id",):
                conn.execute(f"DROP INDEX IF EXISTS {index}")
            for column in LINK_ASK_COLUMNS:
                conn.execute(f"ALTER TABLE links DROP COLUMN {column}")
        if version < 3:
            for column in RUN_INPUT_COLUMNS:
                conn.execute(f"ALTER TABLE runs DROP COLUMN {column}")
        if version < 2:
            conn.execute("DROP TABLE run_states")
        conn.execute(f"PRAGMA user_version = {version}")
        conn.commit()
    finally:
        conn.close()


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
