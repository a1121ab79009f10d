"""The store survives kills, concurrent writers and old schema versions (issue 5, point 2).

The kill tests run ``provenance attribute --db`` in child processes and SIGKILL them at
fixed times, as soon as the store's -wal file appears, and while a child sleeps at a
chosen point inside ``save_result``'s transaction (patched in the child only, by
``CHILD`` below). Every killed store must pass ``PRAGMA integrity_check`` and hold either
no trace of the run or all of it, row for row as an uninterrupted run (the same command,
in-process) stores it. All children start together, one thread each: a child spends
about 3 s importing spaCy, so the module takes that once per core, not once per child.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RUN_INPUT_COLUMNS, STORE_TABLES, downgrade_store

import provenance.store as store
from provenance.pipeline import attribute
from provenance.read import document_from_text
from provenance.store import SCHEMA_VERSION, StoreError, load_result_dict, open_store, save_result
from provenance_cli import cli

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "corpus" / "nap-en"
OTHER_CASE = ROOT / "corpus" / "regulation-en"
TABLES = STORE_TABLES
RUN_TABLES = {"runs": "id", **dict.fromkeys(TABLES[2:], "run_id")}
TIMED_KILLS = (0.2, 0.5, 1.0, 1.5)  # seconds after the start
# The save transaction's first write and its last before COMMIT.
PAUSED_KILLS = ("insert:documents", "insert:run_states")
WAIT = 90  # seconds a child may take to reach a point, on a loaded machine

# The CLI, with pauses: at point CHILD_PAUSE_AT it creates the file CHILD_MARK, then
# sleeps until the file CHILD_RELEASE exists (without one: until it is killed).
# "insert:<table>" follows the store's insert of that table's rows, "create:<table>"
# sqlite-utils' create (inside the save or schema transaction); "save" and "saved" come before
# and after save_result. CHILD_BUSY_MS overrides the store's busy timeout. Arguments
# "open-store PATH" only open a store, sparing the 3 s of spaCy's import.
CHILD = """
import os, sys, time
import sqlite_utils.db
import provenance
import provenance.store

AT, MARK, RELEASE = (os.environ.get(k, "") for k in ("CHILD_PAUSE_AT", "CHILD_MARK", "CHILD_RELEASE"))
if os.environ.get("CHILD_BUSY_MS"):
    provenance.store.BUSY_TIMEOUT_MS = int(os.environ["CHILD_BUSY_MS"])

def pause(where):
    if where != AT:
        return
    open(MARK, "w").close()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (RELEASE and os.path.exists(RELEASE)):
        time.sleep(0.01)

def after(method, label):
    def wrapped(self, *args, **kwargs):
        result = method(self, *args, **kwargs)
        pause(f"{label}:{self.name}")
        return result
    return wrapped

sqlite_utils.db.Table.create = after(sqlite_utils.db.Table.create, "create")
real_insert = provenance.store._insert_many

def insert_many(db, table, rows, **kwargs):
    real_insert(db, table, rows, **kwargs)
    pause(f"insert:{table}")

provenance.store._insert_many = insert_many
real_save = provenance.store.save_result

def save_result(db, result, **kwargs):
    pause("save")
    run_id = real_save(db, result, **kwargs)
    pause("saved")
    return run_id

provenance.result.save_result = provenance.store.save_result = save_result
if sys.argv[1] == "open-store":
    provenance.store.open_store(sys.argv[2])
else:
    from provenance_cli import cli
    cli(sys.argv[1:], prog_name="provenance")
"""


def attribute_args(case: Path, db: Path) -> list[str]:
    return [
        "attribute",
        str(case / "draft.txt"),
        str(case / "final.txt"),
        str(case / "submissions"),
        "--db",
        str(db),
        "--format",
        "json",
    ]


def entry_point() -> list[str]:
    """The installed ``provenance`` command, or the same entry point through -c."""
    script = shutil.which("provenance", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "from provenance_cli import cli; cli(prog_name='provenance')"]


@dataclass
class Child:
    """One ``provenance`` process; ``stdout`` and ``stderr`` are set once it ended."""

    proc: subprocess.Popen[str]
    out: Path
    err: Path
    stdout: str = ""
    stderr: str = ""
    killed_after: float | None = None  # seconds after its start

    @classmethod
    def start(
        cls, work: Path, name: str, args: list[str], *, patched: bool = True, **env: str
    ) -> Child:
        command = [sys.executable, "-c", CHILD] if patched else entry_point()
        out, err = work / f"{name}.out", work / f"{name}.err"
        with out.open("w") as o, err.open("w") as e:
            proc = subprocess.Popen(
                [*command, *args],
                stdout=o,
                stderr=e,
                stdin=subprocess.DEVNULL,
                # one thread for numpy's BLAS: the children already fill every core
                env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **env},
                cwd=work,
                text=True,
            )
        return cls(proc, out, err)

    def kill(self, started: float) -> None:
        self.killed_after = time.monotonic() - started
        self.proc.send_signal(signal.SIGKILL)
        self.finish()

    def finish(self, timeout: float = WAIT) -> int:
        code = self.proc.wait(timeout)
        self.stdout, self.stderr = self.out.read_text(), self.err.read_text()
        return code


def wait_for(path: Path, child: Child, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if child.proc.poll() is not None:
            child.finish()
            raise AssertionError(f"child ended before {path.name} appeared: {child.stderr}")
        if time.monotonic() > deadline:
            child.proc.kill()
            raise AssertionError(f"{path.name} did not appear within {timeout} s")
        time.sleep(0.002)


@dataclass
class Outcome:
    db: Path
    child: Child
    extra: dict[str, object] = field(default_factory=dict)


def seeded_result():
    """The run :func:`seed_store` saves."""
    return attribute(
        "1. Publish budgets.\n\n2. Hold hearings.",
        "1. Publish budgets monthly.\n\n2. Hold hearings.\n\n3. Publish all contracts within 30 days.",
        {"cso": "We ask that the ministry publish all contracts within 30 days."},
        semantic=False,
    )


def seed_store(path: Path) -> str:
    """A store holding one other run, so that a killed run has neighbours to spare."""
    with open_store(path) as db:
        return save_result(db, seeded_result())


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, Outcome]:
    """Run every scenario at once; each test then checks the store its child left."""
    work = tmp_path_factory.mktemp("atomic")
    seed = work / "seed.db"
    seed_id = seed_store(seed)

    def copy_of_seed(name: str) -> Path:
        db = work / f"{name}.db"
        shutil.copy(seed, db)
        return db

    def timed(seconds: float) -> Callable[[], Outcome]:
        def run() -> Outcome:
            db = copy_of_seed(f"timed-{seconds}")
            child = Child.start(work, f"timed-{seconds}", attribute_args(CASE, db), patched=False)
            started = time.monotonic()
            time.sleep(seconds)
            child.kill(started)
            return Outcome(db, child)

        return run

    def on_wal() -> Outcome:
        # The seed's -wal file went with its last connection; the child's open_store
        # brings it back, a few milliseconds before save_result commits.
        db = copy_of_seed("wal")
        wal = Path(f"{db}-wal")
        assert not wal.exists()
        child = Child.start(work, "wal", attribute_args(CASE, db), patched=False)
        started = time.monotonic()
        wait_for(wal, child)
        child.kill(started)
        return Outcome(db, child)

    def paused(point: str, fresh: bool = False) -> Callable[[], Outcome]:
        def run() -> Outcome:
            name = point.replace(":", "-")
            path = work / f"{name}.db" if fresh else copy_of_seed(name)
            args = ["open-store", str(path)] if fresh else attribute_args(CASE, path)
            mark = work / f"{name}.mark"
            child = Child.start(work, name, args, CHILD_PAUSE_AT=point, CHILD_MARK=str(mark))
            started = time.monotonic()
            wait_for(mark, child)
            child.kill(started)
            return Outcome(path, child)

        return run

    def concurrent() -> Outcome:
        # A pauses inside its save transaction, holding the write lock, until released;
        # B then tries to save and must wait for A (busy timeout), not fail. Both start
        # on a path that does not exist yet, so they also create the store together.
        db = work / "shared.db"
        marks = {k: work / f"concurrent-{k}.mark" for k in "AB"}
        release = {k: work / f"concurrent-{k}.go" for k in "AB"}
        a = Child.start(
            work,
            "concurrent-A",
            attribute_args(CASE, db),
            CHILD_PAUSE_AT="insert:links",
            CHILD_MARK=str(marks["A"]),
            CHILD_RELEASE=str(release["A"]),
        )
        b = Child.start(
            work,
            "concurrent-B",
            attribute_args(OTHER_CASE, db),
            CHILD_PAUSE_AT="save",
            CHILD_MARK=str(marks["B"]),
            CHILD_RELEASE=str(release["B"]),
        )
        wait_for(marks["A"], a)
        wait_for(marks["B"], b)
        release["B"].touch()
        time.sleep(0.5)
        b_waited = b.proc.poll() is None  # B is inside save_result, waiting for the lock
        release["A"].touch()
        codes = (a.finish(), b.finish())
        return Outcome(db, a, {"b": b, "codes": codes, "b_waited": b_waited})

    scenarios: dict[str, Callable[[], Outcome]] = {
        **{f"timed-{s}": timed(s) for s in TIMED_KILLS},
        "wal": on_wal,
        **{p: paused(p) for p in PAUSED_KILLS},
        "saved": paused("saved"),
        "create:changes": paused("create:changes", fresh=True),
        "concurrent": concurrent,
    }
    with ThreadPoolExecutor(len(scenarios)) as pool:
        futures = {name: pool.submit(run) for name, run in scenarios.items()}
        # meanwhile, the uninterrupted run that the killed ones are compared with
        reference = work / "reference.db"
        result = CliRunner().invoke(cli, attribute_args(CASE, reference), catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        results = {name: f.result() for name, f in futures.items()}
    results["reference"] = Outcome(reference, results["wal"].child, {"stdout": result.stdout})
    results["seed"] = Outcome(seed, results["wal"].child, {"run_id": seed_id})
    return results


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    return "; ".join(r[0] for r in rows)


def counts(db: Path, run_id: str | None = None) -> dict[str, int]:
    """Rows per table: all of them, or those of one run (documents: all)."""
    conn = sqlite3.connect(db)
    try:
        found = {}
        for table in TABLES:
            if run_id is None or table == "documents":
                sql, args = f"SELECT count(*) FROM {table}", []
            else:
                sql, args = f"SELECT count(*) FROM {table} WHERE {RUN_TABLES[table]} = ?", [run_id]
            found[table] = conn.execute(sql, args).fetchone()[0]
        return found
    finally:
        conn.close()


@pytest.fixture(scope="module")
def expected(outcomes) -> dict[str, object]:
    """What the uninterrupted CLI run stored, and what the seed store holds."""
    ref = outcomes["reference"]
    run = json.loads(str(ref.extra["stdout"]))
    seed = outcomes["seed"].db
    with open_store(ref.db, readonly=True) as db:
        stored = load_result_dict(db, run["run_id"])
    assert stored == run  # the reference itself: what it printed is what it stored
    with open_store(seed, readonly=True) as db:
        seed_dict = load_result_dict(db)
    return {
        "run_id": run["run_id"],
        "run": run,
        "run_counts": counts(ref.db),
        "seed_counts": counts(seed),
        "seed": seed_dict,
    }


def run_state(db: Path, expected: dict[str, object]) -> str:
    """'absent' or 'complete'; fails on anything in between or a damaged file."""
    assert integrity(db) == "ok"
    run_id = str(expected["run_id"])
    mine = counts(db, run_id)
    total = counts(db)
    seed_counts, run_counts = expected["seed_counts"], expected["run_counts"]
    assert isinstance(seed_counts, dict) and isinstance(run_counts, dict)
    with open_store(db) as opened:
        seed_id = expected["seed"]["run_id"]  # type: ignore[index]
        assert load_result_dict(opened, seed_id) == expected["seed"]
        if all(n == 0 for t, n in mine.items() if t != "documents"):
            assert total == seed_counts  # not even a stray document of the run
            return "absent"
        assert total == {t: seed_counts[t] + run_counts[t] for t in TABLES}
        assert load_result_dict(opened, run_id) == expected["run"]
        return "complete"


@pytest.mark.slow
@pytest.mark.issue(5)
@pytest.mark.parametrize("seconds", TIMED_KILLS)
def test_kill_at_a_fixed_time_leaves_run_absent_or_complete(outcomes, expected, seconds):
    outcome = outcomes[f"timed-{seconds}"]
    assert outcome.child.proc.returncode == -signal.SIGKILL
    state = run_state(outcome.db, expected)
    print(f"killed after {outcome.child.killed_after:.2f} s: integrity ok, run {state}")


@pytest.mark.slow
@pytest.mark.issue(5)
def test_kill_as_the_store_opens_leaves_run_absent_or_complete(outcomes, expected):
    outcome = outcomes["wal"]
    assert outcome.child.proc.returncode == -signal.SIGKILL
    state = run_state(outcome.db, expected)
    print(f"killed on -wal after {outcome.child.killed_after:.2f} s: integrity ok, run {state}")


@pytest.mark.slow
@pytest.mark.issue(5)
@pytest.mark.parametrize("point", PAUSED_KILLS)
def test_kill_inside_the_save_transaction_leaves_no_trace(outcomes, expected, point):
    outcome = outcomes[point]
    assert outcome.child.proc.returncode == -signal.SIGKILL
    assert Path(f"{outcome.db}-wal").exists()  # no clean close: recovery had work to do
    assert run_state(outcome.db, expected) == "absent"


@pytest.mark.slow
@pytest.mark.issue(5)
def test_kill_after_the_commit_keeps_the_whole_run(outcomes, expected):
    outcome = outcomes["saved"]
    assert outcome.child.proc.returncode == -signal.SIGKILL
    assert run_state(outcome.db, expected) == "complete"


@pytest.mark.slow
@pytest.mark.issue(5)
def test_kill_while_creating_the_store_leaves_a_file_that_opens(outcomes, expected):
    outcome = outcomes["create:changes"]
    assert outcome.child.proc.returncode == -signal.SIGKILL
    assert Path(f"{outcome.db}-journal").exists()  # a hot journal, rolled back on opening
    assert integrity(outcome.db) == "ok"
    conn = sqlite3.connect(outcome.db)
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert (tables, version) == ([], 0)
    with open_store(outcome.db) as db:  # a new store, not a "pre-release" one
        assert set(TABLES) <= set(db.table_names())


@pytest.mark.slow
@pytest.mark.issue(5)
def test_two_processes_writing_at_once_both_succeed(outcomes):
    outcome = outcomes["concurrent"]
    b: Child = outcome.extra["b"]  # type: ignore[assignment]
    assert outcome.extra["codes"] == (0, 0), (outcome.child.stderr, b.stderr)
    assert outcome.extra["b_waited"]  # B really waited for A's transaction
    assert integrity(outcome.db) == "ok"
    with open_store(outcome.db, readonly=True) as db:
        for child in (outcome.child, b):
            printed = json.loads(child.stdout)
            assert load_result_dict(db, printed["run_id"]) == printed


@pytest.mark.issue(5)
def test_a_writer_locked_out_too_long_fails_with_one_line(tmp_path, monkeypatch):
    # Another connection holds the write lock throughout; the save gives up after the
    # (shortened) busy timeout. In-process: the message is the point, not the process.
    db = tmp_path / "locked.db"
    seed_id = seed_store(db)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        args = attribute_args(ROOT / "corpus" / "ordinance-ko", db)
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {db}: cannot save run ")
    assert lines[0].endswith(
        "(another process kept it locked for over 0.3 s; try again when that process is done)"
    )
    assert integrity(db) == "ok"
    assert counts(db, seed_id)["runs"] == 1 and counts(db)["runs"] == 1


# Schema versions and migrations (library level).


def single_line(e: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(e.value)
    assert "\n" not in message
    return message


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


@pytest.fixture
def v1_store(tmp_path) -> tuple[Path, str]:
    """A store as version 1 wrote it: no run_states table, no inputs' lang, format, encoding."""
    path = tmp_path / "v1.db"
    run_id = seed_store(path)
    downgrade_store(path, 1)
    return path, run_id


@pytest.fixture
def v2_store(tmp_path) -> tuple[Path, str]:
    """A store as version 2 wrote it: runs without the draft's and final's lang, format, encoding."""
    path = tmp_path / "v2.db"
    run_id = seed_store(path)
    downgrade_store(path, 2)
    return path, run_id


def test_the_real_migration_upgrades_a_version_1_store(v1_store):
    path, run_id = v1_store
    before = {t: count_rows(path, t) for t in TABLES if t not in ("run_states", "asks")}
    with open_store(path) as db:
        assert load_result_dict(db, run_id)["run_id"] == run_id
        assert {"run_states", "asks"} <= set(db.table_names())
    assert user_version(path) == SCHEMA_VERSION == 5
    assert {t: count_rows(path, t) for t in before} == before
    assert set(RUN_INPUT_COLUMNS) <= set(columns(path, "runs"))


@pytest.mark.issue(13)
def test_the_real_migration_upgrades_a_version_2_store(v2_store):
    path, run_id = v2_store
    before = {t: count_rows(path, t) for t in TABLES if t != "asks"}
    with open_store(path) as db:
        old = load_result_dict(db, run_id)
    assert user_version(path) == SCHEMA_VERSION == 5
    assert {t: count_rows(path, t) for t in before} == before
    assert count_rows(path, "asks") == 0  # the run was stored before asks were kept
    assert columns(path, "runs")[-6:] == list(RUN_INPUT_COLUMNS)
    # The version 2 store never knew them: null, not a guess; the digest does not hash them.
    fresh = seeded_result()
    for role in ("draft", "final"):
        assert {k: old["inputs"][role][k] for k in ("lang", "format", "encoding")} == dict.fromkeys(
            ("lang", "format", "encoding")
        )
    assert old["digest"] == fresh.to_dict()["digest"] and old["run_id"] == fresh.run_id
    with open_store(path) as db:  # saving the run again fills them in
        save_result(db, fresh)
        assert load_result_dict(db, run_id) == fresh.to_dict()


def count_rows(path, table) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _real_step_1_then(step):
    real = store._MIGRATIONS[1]

    def both(db) -> None:
        real(db)
        step(db)

    return both


def test_version_0_without_our_tables_is_initialised(tmp_path):
    path = tmp_path / "mine.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    with open_store(path) as db:
        assert set(TABLES) | {"notes"} == set(db.table_names())
        assert db.execute("SELECT text FROM notes").fetchall() == [("keep me",)]
    assert user_version(path) == SCHEMA_VERSION


@pytest.mark.parametrize("keep", [TABLES, ("documents", "runs")])
def test_version_0_with_our_tables_is_refused_and_says_how(tmp_path, keep):
    path = tmp_path / "pre.db"
    with open_store(path):
        pass
    conn = sqlite3.connect(path)
    for table in set(TABLES) - set(keep):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as e:
        open_store(path)
    message = single_line(e)
    assert message.startswith(f"{path}: has policy-provenance tables (")
    assert "pre-release store" in message and "give a new --db path" in message
    assert user_version(path) == 0
    conn = sqlite3.connect(path)
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} == set(
        keep
    )
    conn.close()


def _add_note(db) -> None:
    db.execute("ALTER TABLE runs ADD COLUMN note TEXT")


def _add_flag(db) -> None:
    db.execute("ALTER TABLE links ADD COLUMN flag INTEGER")


def test_migrations_run_in_order_and_keep_the_runs(v1_store, monkeypatch):
    path, run_id = v1_store
    before = {t: count_rows(path, t) for t in TABLES if t not in ("run_states", "asks")}
    steps = {
        1: _real_step_1_then(_add_note),
        2: store._MIGRATIONS[2],
        3: store._MIGRATIONS[3],
        4: store._MIGRATIONS[4],
        5: _add_flag,
    }
    monkeypatch.setattr(store, "SCHEMA_VERSION", 6)
    monkeypatch.setattr(store, "_MIGRATIONS", steps)
    with open_store(path) as db:
        assert load_result_dict(db, run_id)["run_id"] == run_id
    assert {t: count_rows(path, t) for t in before} == before
    assert user_version(path) == 6
    assert "note" in columns(path, "runs") and "flag" in columns(path, "links")


def test_a_failing_migration_leaves_the_store_as_it_was(v1_store, monkeypatch):
    path, _ = v1_store

    def broken(db) -> None:
        _add_note(db)
        db.execute("UPDATE no_such_table SET x = 1")

    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store, "_MIGRATIONS", {1: broken})
    with pytest.raises(StoreError, match="cannot set up the store") as e:
        open_store(path)
    assert str(path) in single_line(e)
    assert user_version(path) == 1
    assert "note" not in columns(path, "runs")


def test_a_missing_migration_step_says_how(v1_store, monkeypatch):
    path, _ = v1_store
    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(store, "_MIGRATIONS", {1: _add_note})
    with pytest.raises(StoreError) as e:
        open_store(path)
    message = single_line(e)
    assert message == (
        f"{path}: store schema version 1 cannot be upgraded to 3 (no step from version 2);"
        " read it with the policy-provenance version that wrote it, or give a new --db path"
    )
    assert user_version(path) == 1
    assert "note" not in columns(path, "runs")  # step 1 was rolled back with the rest


def test_the_real_migration_table_reaches_the_current_version():
    assert all(v in store._MIGRATIONS for v in range(1, SCHEMA_VERSION))


def test_readonly_open_never_creates_or_upgrades(tmp_path, v1_store):
    missing = tmp_path / "nope.db"
    with pytest.raises(StoreError, match="no such store") as e:
        open_store(missing, readonly=True)
    assert str(missing) in single_line(e)
    assert not missing.exists()
    current = tmp_path / "current.db"
    run_id = seed_store(current)
    with open_store(current, readonly=True) as db:
        assert load_result_dict(db, run_id)["run_id"] == run_id
        with pytest.raises(StoreError, match="readonly"):
            save_result(
                db,
                attribute(
                    document_from_text("a b c."),
                    document_from_text("a b c. d e f."),
                    {"x": "d e f"},
                ),
            )
    path, v1_run = v1_store  # read as it is (issue 13), not upgraded
    with open_store(path, readonly=True) as db:
        assert load_result_dict(db, v1_run)["run_id"] == v1_run
        assert "run_states" not in db.table_names()
    assert user_version(path) == 1
    assert not set(RUN_INPUT_COLUMNS) & set(columns(path, "runs"))


@pytest.mark.issue(13)
def test_readonly_open_reads_a_version_2_store_with_null_input_details(v2_store):
    path, run_id = v2_store
    expected = seeded_result().to_dict()
    for role in ("draft", "final"):
        expected["inputs"][role].update(lang=None, format=None, encoding=None)
    expected["asks"] = []  # version 2 kept no asks, nor the links' asks
    for link in expected["links"]:
        link["ask_id"] = None
    with open_store(path, readonly=True) as db:
        assert load_result_dict(db, run_id) == expected
    assert user_version(path) == 2
    assert not set(RUN_INPUT_COLUMNS) & set(columns(path, "runs"))
