from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlite_utils
from conftest import RUN_INPUT_COLUMNS, STORE_TABLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import revisions, words

from provenance.errors import ProvenanceError
from provenance.export import diff_to_dict, run_digest
from provenance.model import Document
from provenance.pipeline import AttributionResult, attribute
from provenance.read import document_from_text
from provenance.result import load_run
from provenance.store import (
    SCHEMA_VERSION,
    StoreError,
    list_runs,
    load_result_dict,
    load_run_parts,
    open_store,
    save_result,
)

ROOT = Path(__file__).resolve().parent.parent
TABLES = set(STORE_TABLES)

DRAFT = "1. Publish budgets.\n\n2. Review data annually.\n\n3. Hold hearings."
FINAL = (
    "1. Publish budgets monthly.\n\n3. Hold hearings.\n\n"
    "4. The ministry shall publish all contracts within 30 days of signature."
)
SUBMISSIONS = {
    "cso/transparency": "We ask that the ministry publish all contracts within 30 days.",
    "press-club": "Open every council meeting to the press.",
}


@pytest.fixture(scope="module")
def result() -> AttributionResult:
    return attribute(DRAFT, FINAL, SUBMISSIONS)


@pytest.fixture(scope="module")
def result_with_files(tmp_path_factory) -> AttributionResult:
    folder = tmp_path_factory.mktemp("subs")
    (folder / "cso").mkdir()
    (folder / "cso" / "letter.txt").write_text(SUBMISSIONS["cso/transparency"])
    (folder / "empty.txt").write_text("")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    draft, final = folder.parent / "draft.txt", folder.parent / "final.txt"
    draft.write_text(DRAFT)
    final.write_text(FINAL)
    return attribute(draft, final, [folder])


def other_run(result: AttributionResult, factor: float = 0.5) -> AttributionResult:
    """The same inputs with another min_score: another run (the default may change)."""
    return attribute(DRAFT, FINAL, SUBMISSIONS, min_score=result.params["min_score"] * factor)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {t: db.table(t).count for t in sorted(TABLES)}


def single_line(e: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(e.value)
    assert "\n" not in message
    return message


def test_null_case_empty_store(fresh_store):
    assert counts(fresh_store) == dict.fromkeys(sorted(TABLES), 0)
    assert list_runs(fresh_store) == []
    with pytest.raises(StoreError, match="no runs in :memory:") as e:
        load_result_dict(fresh_store)
    single_line(e)


def test_schema_and_user_version(fresh_store):
    db = fresh_store
    assert set(db.table_names()) == TABLES
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    runs = {c.name: c for c in db.table("runs").columns}
    assert all(runs[c].type == "TEXT" and not runs[c].notnull for c in RUN_INPUT_COLUMNS)
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.table("documents").pks == ["sha256"]
    assert db.table("runs").pks == ["id"]
    assert db.table("links").pks == [
        "run_id",
        "change_id",
        "submission_id",
        "final_start",
        "final_end",
    ]
    assert db.table("skipped").pks == ["run_id", "path"]
    fks = {(fk.table, fk.column, fk.other_table) for t in TABLES for fk in db.table(t).foreign_keys}
    assert ("runs", "draft_text_sha256", "documents") in fks
    assert ("run_submissions", "text_sha256", "documents") in fks
    assert {t for t, c, o in fks if c == "run_id" and o == "runs"} == TABLES - {"documents", "runs"}
    # every primary-key column is NOT NULL (SQLite would allow NULL in a TEXT key)
    for t in TABLES:
        cols = {c.name: c for c in db.table(t).columns}
        assert all(cols[pk].notnull for pk in db.table(t).pks), t


def test_open_twice_keeps_schema(tmp_path):
    path = tmp_path / "p.db"
    open_store(path).close()
    with open_store(str(path)) as db:
        assert set(db.table_names()) == TABLES
        assert db.journal_mode == "wal"
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_save_then_row_counts(fresh_store, result):
    run_id = save_result(fresh_store, result)
    assert run_id == result.run_id
    new_text = sum(len(c.new_text) for c in result.changes)
    assert counts(fresh_store) == {
        "change_new_text": new_text,
        "changes": len(result.changes),
        "documents": 2 + len(SUBMISSIONS),
        "links": len(result.links),
        "run_submissions": len(SUBMISSIONS),
        "runs": 1,
        "skipped": 0,
        "run_states": 1,
        "asks": len(result.asks),
    }
    assert len(result.links) >= 1 and {c.kind for c in result.changes} >= {"modified", "deleted"}


def test_save_twice_changes_nothing(fresh_store, result):
    save_result(fresh_store, result)
    before = counts(fresh_store)
    rows = {t: list(fresh_store.table(t).rows) for t in TABLES}
    save_result(fresh_store, result)
    assert counts(fresh_store) == before
    assert {t: list(fresh_store.table(t).rows) for t in TABLES} == rows


def test_result_save_to_a_path_or_an_open_store(tmp_path, fresh_store, result):
    path = tmp_path / "runs.db"
    assert result.save(path) == result.run_id
    assert result.save(str(path)) == result.run_id  # again: no new rows
    with open_store(path, readonly=True) as db:
        assert counts(db)["runs"] == 1 and counts(db)["links"] == len(result.links)
        assert load_result_dict(db) == json.loads(json.dumps(result.to_dict()))
    assert result.save(fresh_store) == result.run_id
    assert counts(fresh_store)["links"] == len(result.links)


def test_created_is_kept_on_resave(fresh_store, result):
    save_result(fresh_store, result)
    fresh_store.execute("UPDATE runs SET created = '2000-01-01T00:00:00+00:00'")
    save_result(fresh_store, result)
    assert fresh_store.table("runs").get(result.run_id)["created"].startswith("2000-")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revisions(), st.lists(st.lists(words, min_size=3, max_size=15), max_size=3))
def test_store_is_idempotent_and_round_trips(texts, subs):
    draft, final = texts
    submissions = {f"s{i}": " ".join(ws) for i, ws in enumerate(subs)}
    result = attribute(
        document_from_text(draft), document_from_text(final), submissions, semantic=False
    )
    with open_store(":memory:") as db:
        save_result(db, result)
        before = counts(db)
        save_result(db, result)
        assert counts(db) == before
        assert before["runs"] == 1
        assert load_result_dict(db) == result.to_dict()
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_load_equals_to_dict(fresh_store, result):
    save_result(fresh_store, result)
    assert load_result_dict(fresh_store) == result.to_dict()
    assert load_result_dict(fresh_store, result.run_id) == result.to_dict()


def test_load_equals_to_dict_with_files_and_skipped(fresh_store, result_with_files):
    r = result_with_files
    assert {Path(s.path).name for s in r.skipped} == {"empty.txt", "blob.txt"}
    assert [s.id for s in r.submissions] == ["cso/letter"]
    save_result(fresh_store, r)
    assert fresh_store.table("skipped").count == 2
    loaded = load_result_dict(fresh_store)
    assert loaded == r.to_dict()
    assert loaded["inputs"]["draft"]["path"].endswith("draft.txt")


@pytest.mark.issue(13)
def test_json_inputs_describe_draft_and_final_as_diff_json_does(fresh_store, result_with_files):
    r = result_with_files
    inputs = r.to_dict()["inputs"]
    diffed = diff_to_dict(r.alignment)["inputs"]
    assert {role: inputs[role] for role in ("draft", "final")} == diffed
    assert {k: inputs["final"][k] for k in ("lang", "format", "encoding")} == {
        "lang": "en",
        "format": "txt",
        "encoding": "utf-8",
    }
    assert [sorted(s) for s in inputs["submissions"]] == [["chars", "id", "path", "sha256"]]
    save_result(fresh_store, r)
    assert load_result_dict(fresh_store)["inputs"] == inputs


def how_read(*docs: Document) -> list[tuple[str, str, str | None]]:
    return [(d.lang, d.format, d.encoding) for d in docs]


@pytest.mark.issue(13)
def test_load_run_gives_draft_and_final_their_stored_lang_format_encoding(tmp_path):
    draft, final = tmp_path / "draft.md", tmp_path / "final.txt"
    draft.write_text("# Plan\n\n1. Le gouvernement publie le budget et les contrats.\n")
    final.write_bytes(b"\xef\xbb\xbf" + FINAL.encode())  # a BOM: utf-8-sig
    r = attribute(draft, final, SUBMISSIONS)
    described = how_read(r.alignment.draft, r.alignment.final)
    assert described == [("fr", "md", "utf-8"), ("en", "txt", "utf-8-sig")]
    db = tmp_path / "p.db"
    r.save(db)
    with open_store(db, readonly=True) as store:
        parts = load_run_parts(store)
    assert how_read(parts.draft, parts.final) == described
    again = load_run(db)
    assert how_read(again.alignment.draft, again.alignment.final) == described
    assert again.to_dict() == r.to_dict()


def test_documents_are_keyed_by_normalised_text(fresh_store, result):
    save_result(fresh_store, result)
    run = fresh_store.table("runs").get(result.run_id)
    doc = fresh_store.table("documents").get(run["final_text_sha256"])
    assert doc["text"] == result.alignment.final.text
    assert run["final_sha256"] == result.alignment.final.sha256  # the input's bytes


def test_shared_documents_are_stored_once(fresh_store, result):
    one, two = result, other_run(result)
    assert one.run_id != two.run_id
    save_result(fresh_store, one)
    save_result(fresh_store, two)
    assert fresh_store.table("runs").count == 2
    assert fresh_store.table("documents").count == 2 + len(SUBMISSIONS)


def test_foreign_keys_hold(fresh_store, result, result_with_files):
    save_result(fresh_store, result)
    save_result(fresh_store, result_with_files)
    db = fresh_store
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # the composite references that sqlite-utils cannot declare
    orphans = """
        SELECT count(*) FROM links l WHERE
          NOT EXISTS (SELECT 1 FROM changes c WHERE c.run_id = l.run_id AND c.id = l.change_id)
          OR NOT EXISTS (SELECT 1 FROM run_submissions s
                         WHERE s.run_id = l.run_id AND s.submission_id = l.submission_id)
    """
    assert db.execute(orphans).fetchone()[0] == 0
    assert (
        db.execute(
            "SELECT count(*) FROM change_new_text n WHERE NOT EXISTS "
            "(SELECT 1 FROM changes c WHERE c.run_id = n.run_id AND c.id = n.change_id)"
        ).fetchone()[0]
        == 0
    )


def test_foreign_keys_are_enforced(fresh_store):
    with pytest.raises(sqlite3.IntegrityError):
        fresh_store.execute(
            "INSERT INTO skipped (run_id, path, idx, reason) VALUES ('nope', 'x', 0, 'r')"
        )


def test_stored_offsets_slice_stored_text(fresh_store, result):
    save_result(fresh_store, result)
    rows = fresh_store.execute(
        "SELECT l.final_text, substr(d.text, l.final_start + 1, l.final_end - l.final_start)"
        " FROM links l JOIN runs r ON r.id = l.run_id"
        " JOIN documents d ON d.sha256 = r.final_text_sha256"
    ).fetchall()
    assert rows and all(a == b for a, b in rows)


def test_failed_save_leaves_store_as_it_was(fresh_store, result):
    save_result(fresh_store, result)
    before = {t: list(fresh_store.table(t).rows) for t in TABLES}
    other = other_run(result)
    assert other.links
    broken = dataclasses.replace(other, links=other.links + other.links[:1])  # duplicate key
    with pytest.raises(StoreError, match=f"cannot save run {other.run_id}") as e:
        save_result(fresh_store, broken)
    single_line(e)
    assert {t: list(fresh_store.table(t).rows) for t in TABLES} == before


def test_latest_run_and_list_runs(fresh_store, result):
    other = other_run(result)
    save_result(fresh_store, result)
    save_result(fresh_store, other)
    assert load_result_dict(fresh_store)["run_id"] == other.run_id
    assert load_result_dict(fresh_store, result.run_id) == result.to_dict()
    runs = list_runs(fresh_store)
    assert [r["id"] for r in runs] == [result.run_id, other.run_id]
    assert runs[0]["params"] == dict(result.params)
    assert runs[0]["submissions"] == len(SUBMISSIONS)
    assert runs[0]["links"] == len(result.links)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", runs[0]["created"])


def test_unknown_run_id(fresh_store, result):
    save_result(fresh_store, result)
    with pytest.raises(StoreError) as e:
        load_result_dict(fresh_store, "deadbeef")
    assert single_line(e) == f"no run deadbeef in :memory:; runs: {result.run_id}"


def test_surrogates_are_stored_as_replacement_characters(fresh_store):
    # Surrogates only where the pipeline accepts them: its sentence splitter (spaCy)
    # refuses them in new text, and in submissions when the semantic pass is on.
    r = attribute(
        document_from_text("1. Publish \ud800 budgets."),
        "1. Publish \ud800 budgets.\n2. Open meetings.",
        {"bad\udcffname": "open \udcff meetings"},
        semantic=False,
    )
    save_result(fresh_store, r)
    loaded = load_result_dict(fresh_store)
    assert loaded["inputs"]["final"]["chars"] == len(r.alignment.final.text)
    assert loaded["inputs"]["submissions"][0]["id"] == "bad\ufffdname"
    assert "\ufffd" in fresh_store.execute("SELECT group_concat(text) FROM documents").fetchone()[0]
    # the one documented difference: each lone surrogate reads back as U+FFFD
    expected = json.loads(re.sub(r"\\ud[89a-f][0-9a-f]{2}", r"\\ufffd", json.dumps(r.to_dict())))
    # ...and so the digest is that of the stored ids and texts
    expected["digest"] = run_digest({k: v for k, v in expected.items() if k != "digest"})
    assert loaded == expected


def test_file_store_is_seen_after_reopening(tmp_path, result):
    path = tmp_path / "provenance.db"
    with open_store(path) as db:
        save_result(db, result)
    with open_store(path) as db:
        assert load_result_dict(db) == result.to_dict()
        assert [r["id"] for r in list_runs(db)] == [result.run_id]
        with pytest.raises(StoreError, match=re.escape(f"in {path};")):
            load_result_dict(db, "nope")


def test_concurrent_writers_wait_for_each_other(tmp_path, result):
    path = tmp_path / "shared.db"  # created by the threads themselves
    results = [
        attribute(
            DRAFT,
            f"{FINAL}\n\n5. Publish contracts within {i} days.",
            {"cso": f"publish contracts within {i} days"},
            semantic=False,
        )
        for i in range(24)
    ]
    errors: list[BaseException] = []

    def save(chunk: list[AttributionResult]) -> None:
        try:
            with open_store(path) as db:
                for r in chunk:
                    save_result(db, r)
        except BaseException as e:  # reported below; a thread cannot fail the test itself
            errors.append(e)

    threads = [threading.Thread(target=save, args=(results[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(path) as db:
        assert {r["id"] for r in list_runs(db)} == {r.run_id for r in results}
        assert all(load_result_dict(db, r.run_id) == r.to_dict() for r in results)


def test_newer_user_version_is_refused(tmp_path):
    path = tmp_path / "future.db"
    with open_store(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError) as e:
        open_store(path)
    message = single_line(e)
    assert f"version {SCHEMA_VERSION + 1}" in message and "upgrade policy-provenance" in message
    assert message.endswith(  # issue 13: a hint that works from a clone too
        "(pip install -U policy-provenance, or git pull and pip install . in a clone)"
    )
    assert str(path) in message
    assert isinstance(e.value, ProvenanceError)


def test_non_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="not an SQLite database") as e:
        open_store(path)
    assert str(path) in single_line(e)
    assert path.read_text().startswith("these are my notes")


def test_folder_is_refused(tmp_path):
    with pytest.raises(StoreError) as e:
        open_store(tmp_path)
    assert str(tmp_path) in single_line(e)


def test_foreign_tables_are_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite_utils.Database(path) as other:
        other.table("documents").insert({"title": "mine"})
    with pytest.raises(StoreError, match="table documents lacks columns") as e:
        open_store(path)
    single_line(e)
    with sqlite_utils.Database(path) as other:
        assert other.table_names() == ["documents"]
        assert other.execute("PRAGMA user_version").fetchone()[0] == 0
        assert other.journal_mode == "delete"


def test_only_store_imports_sqlite_utils():
    users = [
        p.name
        for p in (ROOT / "src" / "provenance").glob("*.py")
        if re.search(r"^\s*(import|from) sqlite_utils", p.read_text(), re.M)
    ]
    assert users == ["store.py"]


@pytest.mark.issue(17)
def test_a_result_shows_itself_in_one_short_line(result):
    shown = repr(result)
    assert shown.startswith("<AttributionResult run ") and "\n" not in shown and len(shown) < 200
