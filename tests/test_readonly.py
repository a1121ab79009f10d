"""Reading a store never writes to it, and a bad --db is refused before any work (issue 13).

``report``, ``verify``, ``attribute --add-to`` (reading the earlier run), ``load_run`` and
``verify_run`` open the store read-only: a foreign SQLite file given to them is refused
in one line and left byte-identical, an older store is read without being upgraded, and
a store on read-only media (where SQLite cannot create the -wal and -shm files a WAL
store needs) can still be read. ``attribute`` checks its --db target before matching.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, downgrade_store, run_cli

import provenance_cli
from provenance import store as stores
from provenance.pipeline import attribute
from provenance.result import load_run
from provenance.store import SCHEMA_VERSION, StoreError, load_result_dict, open_store, save_result
from provenance.verify import verify_run

pytestmark = pytest.mark.issue(13)

DRAFT = "1. Publish budgets.\n\n2. Hold hearings."
FINAL = "1. Publish budgets.\n\n2. Hold hearings.\n\n3. Publish all contracts within 30 days."
SUBMISSIONS = {"cso": "We ask that the ministry publish all contracts within 30 days."}


def seed(path: Path) -> str:
    """A store at ``path`` holding one run of texts given as strings; its run id."""
    with open_store(path) as db:
        return save_result(db, attribute(DRAFT, FINAL, SUBMISSIONS, semantic=False))


def foreign(path: Path, user_version: int = 0) -> Path:
    """Someone else's SQLite file (rollback journal, one table of notes)."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` by name, with the SHA-256 of its bytes."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    (folder / "subs").mkdir(parents=True)
    (folder / "draft.txt").write_text(DRAFT)
    (folder / "final.txt").write_text(FINAL)
    (folder / "subs" / "cso.txt").write_text(SUBMISSIONS["cso"])
    return folder


def _reading_commands(inputs: Path, db: Path) -> dict[str, list[str]]:
    return {
        "report": ["report", "--db", str(db)],
        "verify": ["verify", "--db", str(db)],
        "add-to": [
            "attribute",
            *(str(inputs / name) for name in ("draft.txt", "final.txt", "subs")),
            "--db",
            str(db),
            "--add-to",
            "latest",
            "--no-semantic",
        ],
    }


# Reading commands refuse a foreign SQLite file and leave it as it was.


@pytest.mark.parametrize("command", ["report", "verify", "add-to"])
@pytest.mark.parametrize("version", [0, 7])
def test_a_reading_command_leaves_a_foreign_sqlite_file_byte_identical(
    tmp_path, inputs, command, version
):
    folder = tmp_path / "theirs"
    folder.mkdir()
    db = foreign(folder / "other.db", version)
    before = snapshot(folder)
    result = run_cli(*_reading_commands(inputs, db)[command])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {db}: not a policy-provenance store")
    assert lines[0].endswith("give the --db path a run was saved to")
    assert snapshot(folder) == before  # no tables, no user_version, no WAL, no -wal file


@pytest.mark.parametrize("version", [0, 7])
def test_library_readers_refuse_a_foreign_file_without_writing(tmp_path, version):
    folder = tmp_path / "theirs"
    folder.mkdir()
    db = foreign(folder / "other.db", version)
    before = snapshot(folder)
    for read in (load_run, verify_run, lambda p: open_store(p, readonly=True)):
        with pytest.raises(StoreError, match="not a policy-provenance store") as e:
            read(db)
        assert "\n" not in str(e.value)
    assert snapshot(folder) == before


def test_a_writing_open_calls_a_foreign_file_of_another_version_no_store(tmp_path):
    db = foreign(tmp_path / "other.db", 7)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match="not a policy-provenance store"):
        open_store(db)
    assert snapshot(tmp_path) == before


def test_report_reads_a_store_without_changing_it(tmp_path):
    db = tmp_path / "runs.db"
    run_id = seed(db)
    before = snapshot(tmp_path)
    result = run_cli("report", "--db", db)
    assert result.exit_code == 0 and run_id in result.stdout
    after = snapshot(tmp_path)
    # A WAL reader may leave the empty -wal and -shm files SQLite shares between
    # connections; the store itself keeps every byte.
    assert after["runs.db"] == before["runs.db"]
    assert set(after) - set(before) <= {"runs.db-wal", "runs.db-shm"}


def _older(path: Path, version: int) -> str:
    """A store at ``path`` as schema ``version`` wrote it, holding one run; its id."""
    run_id = seed(path)
    downgrade_store(path, version)
    return run_id


@pytest.mark.parametrize("version", [1, 2])
def test_reading_commands_read_an_older_store_without_upgrading_it(tmp_path, version):
    db = tmp_path / "old.db"
    run_id = _older(db, version)
    before = snapshot(tmp_path)["old.db"]
    report = run_cli("report", "--db", db)
    assert report.exit_code == 0 and run_id in report.stdout
    verify = run_cli("verify", "--db", db)
    assert verify.exit_code == 0 and verify.stdout.endswith(f"run {run_id}: ok\n")
    loaded = load_run(db)
    assert loaded.run_id == run_id and (loaded.state is None) == (version == 1)
    with open_store(db, readonly=True) as store:
        data = load_result_dict(store)
    assert data["run_id"] == run_id
    assert data["inputs"]["draft"]["lang"] is None  # not stored before version 3
    assert user_version(db) == version < SCHEMA_VERSION
    assert snapshot(tmp_path)["old.db"] == before


# Read-only media: a private mount namespace binds a folder read-only, so that even
# root (who runs these tests) cannot create files in it.

_READ_ONLY_SHELL = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'


def _on_read_only_media(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` with ``folder`` mounted read-only (for it alone)."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) to mount a folder read-only")
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", _READ_ONLY_SHELL, "sh", str(folder), "touch", str(folder)],
        capture_output=True,
        text=True,
    )
    if probe.returncode == 0 or "Read-only" not in probe.stderr:
        pytest.skip(f"cannot mount a folder read-only here: {probe.stderr.strip()[:200]}")
    env = {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'cli'}", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", _READ_ONLY_SHELL, "sh", str(folder), *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


_READ_ON_MEDIA = """
import json, sys
from click.testing import CliRunner
from provenance.store import StoreError, load_result_dict, open_store
from provenance.verify import verify_run
from provenance_cli import cli

store, logged = sys.argv[1:]
with open_store(store, readonly=True) as db:
    run_id = load_result_dict(db)["run_id"]
report = CliRunner().invoke(cli, ["report", "--db", store])
try:
    open_store(logged, readonly=True)
    refused = None
except StoreError as e:
    refused = str(e)
print(json.dumps({
    "run_id": run_id,
    "verify_ok": verify_run(store).ok,
    "report": [report.exit_code, report.output[:300]],
    "refused": refused,
}))
"""


def test_a_wal_store_on_read_only_media_can_be_read(tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    store = media / "runs.db"
    run_id = seed(store)
    assert not (media / "runs.db-wal").exists()  # checkpointed on close
    # A store whose last writer left committed pages in its log (and no -shm): on
    # read-only media SQLite cannot read that log, and reading the file without it
    # would show an older state, so it is refused.
    logged = media / "logged.db"
    seed(tmp_path / "writer.db")
    writer = sqlite3.connect(tmp_path / "writer.db")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("DELETE FROM run_states")
    writer.commit()
    shutil.copy(tmp_path / "writer.db", logged)
    shutil.copy(tmp_path / "writer.db-wal", media / "logged.db-wal")
    writer.close()
    before = snapshot(media)
    done = _on_read_only_media(media, sys.executable, "-c", _READ_ON_MEDIA, str(store), str(logged))
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["run_id"] == run_id and found["verify_ok"] is True
    assert found["report"][0] == 0 and found["report"][1].lower().startswith("<!doctype html>")
    assert found["refused"].startswith(f"{logged}: ")
    assert "logged.db-wal" in found["refused"] and "\n" not in found["refused"]
    assert snapshot(media) == before


# attribute checks its --db before reading or matching anything.


@pytest.fixture
def no_matching(monkeypatch):
    """Fail the test if ``attribute`` gets as far as matching."""

    def matching(*args, **kwargs):
        raise AssertionError("matching started before the --db was checked")

    monkeypatch.setattr(provenance_cli, "attribute_run", matching)


def _bad_targets(folder: Path) -> dict[str, tuple[Path, str]]:
    folder.mkdir()
    notes = folder / "notes.db"
    notes.write_text("these are my notes, not a database\n" * 50)
    prerelease = folder / "pre.db"
    seed(prerelease)
    conn = sqlite3.connect(prerelease)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    newer = folder / "newer.db"
    seed(newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return {
        "missing folder": (folder / "no" / "such" / "runs.db", "no such folder"),
        "not SQLite": (notes, "not an SQLite database"),
        "foreign of another version": (foreign(folder / "f.db", 7), "not a policy-provenance"),
        "pre-release store": (prerelease, "pre-release store"),
        "newer store": (newer, "is newer than this tool's"),
    }


@pytest.mark.parametrize(
    "target",
    [
        "missing folder",
        "not SQLite",
        "foreign of another version",
        "pre-release store",
        "newer store",
    ],
)
def test_attribute_checks_a_bad_db_before_matching(tmp_path, inputs, no_matching, target):
    db, reason = _bad_targets(tmp_path / "targets")[target]
    before = snapshot(db.parent) if db.parent.exists() else None
    args = [str(inputs / name) for name in ("draft.txt", "final.txt", "subs")]
    result = run_cli("attribute", *args, "--db", db, "--no-semantic")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {db}") and reason in lines[0]
    if before is not None:
        assert snapshot(db.parent) == before


def test_check_store_accepts_what_a_save_can_use_and_writes_nothing(tmp_path):
    new = tmp_path / "new.db"
    stores.check_store(new)
    assert not new.exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    mine = foreign(tmp_path / "mine.db")  # version 0, none of our tables: gets them on save
    current = tmp_path / "current.db"
    seed(current)
    v1, v2 = tmp_path / "v1.db", tmp_path / "v2.db"
    _older(v1, 1)
    _older(v2, 2)
    before = snapshot(tmp_path)
    for path in (empty, mine, current, v1, v2, ":memory:"):
        stores.check_store(path)
    assert snapshot(tmp_path) == before


def test_check_store_refuses_a_folder(tmp_path):
    with pytest.raises(StoreError, match="is a folder") as e:
        stores.check_store(tmp_path)
    assert "\n" not in str(e.value)
