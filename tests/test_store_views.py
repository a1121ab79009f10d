"""The store's views (schema version 5): what they show, how a version 4 store gets them,
and that Datasette renders them (issue 17)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import STORE_TABLES, STORE_VIEWS, downgrade_store

from provenance import store
from provenance.pipeline import AttributionResult, attribute
from provenance.store import SCHEMA_VERSION, load_result_dict, open_store, save_result

DRAFT = "1. Publish budgets.\n\n2. Review data annually.\n\n3. Hold hearings."
FINAL = (
    "1. Publish budgets every month.\n\n3. Hold hearings.\n\n"
    "4. The ministry shall publish all contracts within 30 days of signature."
)
LETTERS = {
    "cso/transparency.txt": "We ask that the ministry publish all contracts within 30 days of signature.",
    "budget-watch.txt": '1. In clause 1, replace "Publish budgets." with "Publish budgets every month."\n\n'
    "2. We urge the council to abolish the tax on bread and milk.",
    "press-club.txt": "Open every council meeting to the press.",
}


@pytest.fixture
def small_run(tmp_path) -> tuple[Path, AttributionResult]:
    """A draft, a final and three letters in files, attributed and saved to a store."""
    for name, text in {"draft.txt": DRAFT, "final.txt": FINAL, **LETTERS}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    letters = [tmp_path / "cso", tmp_path / "budget-watch.txt", tmp_path / "press-club.txt"]
    result = attribute(tmp_path / "draft.txt", tmp_path / "final.txt", letters)
    path = tmp_path / "provenance.db"
    with open_store(path) as db:
        save_result(db, result)
    return path, result


def select(path: Path, sql: str, *args: Any) -> list[dict[str, Any]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, args)]
    finally:
        conn.close()


def view_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    return {view: select(path, f"SELECT * FROM {view}") for view in STORE_VIEWS}


def names(path: Path, kind: str) -> set[str]:
    return {r["name"] for r in select(path, "SELECT name FROM sqlite_master WHERE type = ?", kind)}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_null_case_views_of_an_empty_store(fresh_store):
    assert set(fresh_store.view_names()) == set(STORE_VIEWS)
    for view in STORE_VIEWS:
        assert fresh_store.execute(f"SELECT count(*) FROM {view}").fetchone()[0] == 0


def test_credited_passages_one_row_a_link(small_run):
    path, result = small_run
    rows = select(path, "SELECT * FROM credited_passages")
    assert list(rows[0]) == [
        "run_id",
        "label",
        "submission_id",
        "score",
        "confidence",
        "method",
        "final_text",
        "evidence",
        "ask_id",
        "change_id",
    ]
    assert [(r["label"], r["submission_id"], r["method"], r["ask_id"]) for r in rows] == [
        ("1.", "budget-watch", "verbatim", "a1.1"),
        ("4.", "transparency", "fuzzy", "a3.1"),
    ]
    assert rows[0]["final_text"] == "Publish budgets every month."
    assert rows[1]["evidence"] == "publish all contracts within 30 days of signature"
    # Scores as a person reads them, to 2 decimals; the links table keeps them exact.
    assert [r["score"] for r in rows] == [1.0, 0.65]
    assert select(path, "SELECT score FROM links ORDER BY idx")[1]["score"] == result.links[1].score
    labels = {c.id: c.label for c in result.alignment.changes}
    assert rows == [
        {
            "run_id": result.run_id,
            "label": labels[k.change_id],
            "submission_id": k.submission_id,
            "score": pytest.approx(k.score, abs=0.005),
            "confidence": k.confidence,
            "method": k.method,
            "final_text": k.final.text,
            "evidence": k.submission.text,
            "ask_id": k.ask_id,
            "change_id": k.change_id,
        }
        for k in result.links
    ]


def test_contributors_one_row_a_submission(small_run):
    path, result = small_run
    rows = select(path, "SELECT * FROM contributors")
    folder = path.parent
    assert rows == [
        {
            "run_id": result.run_id,
            "submission_id": "budget-watch",
            "path": str(folder / "budget-watch.txt"),
            "asks_made": 2,  # one adopted, one the final did not take up
            "asks_adopted": 1,
            "links": 1,
            "adopted": 1,
        },
        {
            "run_id": result.run_id,
            "submission_id": "press-club",
            "path": str(folder / "press-club.txt"),
            "asks_made": 0,
            "asks_adopted": 0,
            "links": 0,
            "adopted": 0,
        },
        {
            "run_id": result.run_id,
            "submission_id": "transparency",
            "path": str(folder / "cso" / "transparency.txt"),
            "asks_made": 1,
            "asks_adopted": 1,
            "links": 1,
            "adopted": 1,
        },
    ]
    outcomes = {a.id: a.outcome for a in result.asks}
    assert outcomes == {"a1.1": "adopted", "a1.2": "not-found", "a3.1": "adopted"}


def test_run_inputs_one_row_an_input(small_run):
    path, result = small_run
    folder = path.parent
    rows = select(path, "SELECT * FROM run_inputs")
    files = [
        ("draft", None, folder / "draft.txt"),
        ("final", None, folder / "final.txt"),
        ("submission", "budget-watch", folder / "budget-watch.txt"),
        ("submission", "press-club", folder / "press-club.txt"),
        ("submission", "transparency", folder / "cso" / "transparency.txt"),
    ]
    texts = [
        result.alignment.draft.text,
        result.alignment.final.text,
        *(s.document.text for s in result.submissions),
    ]
    assert rows == [
        {
            "run_id": result.run_id,
            "role": role,
            "id": sid,
            "path": str(file),
            "sha256": sha256(file),  # of the bytes, as read
            "chars": len(text),
        }
        for (role, sid, file), text in zip(files, texts, strict=True)
    ]


def test_views_keep_runs_apart_and_follow_a_resave(small_run):
    path, result = small_run
    before = view_rows(path)
    with open_store(path) as db:
        save_result(db, result)  # the same run again: the same rows
        other = attribute(DRAFT, FINAL, {"press-club": LETTERS["press-club.txt"]})
        save_result(db, other)
    after = view_rows(path)
    for view in STORE_VIEWS:
        assert [r for r in after[view] if r["run_id"] == result.run_id] == before[view]
    assert [r["submission_id"] for r in after["contributors"] if r["run_id"] == other.run_id] == [
        "press-club"
    ]
    assert [r["role"] for r in after["run_inputs"] if r["run_id"] == other.run_id] == [
        "draft",
        "final",
        "submission",
    ]


def test_save_result_fills_each_links_label(small_run):
    path, _ = small_run
    rows = select(
        path,
        "SELECT l.label AS link, c.label AS change FROM links l"
        " JOIN changes c ON c.run_id = l.run_id AND c.id = l.change_id",
    )
    assert len(rows) == 2 and all(r["link"] == r["change"] is not None for r in rows)


@pytest.mark.parametrize("table, columns", store._RELATIONS)
def test_every_relation_a_query_follows_has_an_index(tmp_path, table, columns):
    path = tmp_path / "p.db"
    open_store(path).close()
    prefixes = []
    for index in select(path, f"PRAGMA index_list({table})"):
        cols = [r["name"] for r in select(path, f"PRAGMA index_info([{index['name']}])")]
        prefixes.append(tuple(cols[: len(columns)]))
    assert columns in prefixes


@pytest.mark.parametrize("view", STORE_VIEWS)
def test_a_view_of_one_run_reads_no_table_whole(small_run, view):
    path, result = small_run
    plan = select(path, f"EXPLAIN QUERY PLAN SELECT * FROM {view} WHERE run_id = ?", result.run_id)
    details = [r["detail"] for r in plan]
    # Each table is searched by an index; run_inputs then reads its own union's rows.
    assert [d for d in details if d.startswith("SCAN") and "subquery" not in d.lower()] == []
    assert any(d.startswith("SEARCH") and ("(run_id=?" in d or "(id=?)" in d) for d in details)


# A store of version 4: upgraded on writing, read as it is on reading.


@pytest.fixture
def v4_store(small_run) -> tuple[Path, AttributionResult]:
    path, result = small_run
    downgrade_store(path, 4)
    return path, result


def columns(path: Path, table: str) -> list[str]:
    return [r["name"] for r in select(path, f"PRAGMA table_info({table})")]


def user_version(path: Path) -> int:
    return int(select(path, "PRAGMA user_version")[0]["user_version"])


def test_downgrade_makes_a_version_4_store(v4_store):
    path, _ = v4_store
    assert user_version(path) == 4
    assert names(path, "view") == set()
    assert "label" not in columns(path, "links")
    assert "idx_links_run_id_submission_id" not in names(path, "index")


def test_readonly_open_reads_a_version_4_store_as_it_is(v4_store):
    path, result = v4_store
    before = sha256(path)
    with open_store(path, readonly=True) as db:
        assert load_result_dict(db, result.run_id) == result.to_dict()
        assert db.view_names() == []
    assert user_version(path) == 4 < SCHEMA_VERSION
    assert sha256(path) == before


@pytest.mark.issue(17)
def test_the_migration_from_4_fills_labels_and_makes_the_views(v4_store, tmp_path):
    path, result = v4_store
    counts = {t: select(path, f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in STORE_TABLES}
    with open_store(path) as db:
        assert load_result_dict(db, result.run_id) == result.to_dict()
    assert user_version(path) == SCHEMA_VERSION == 5
    assert {t: select(path, f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in STORE_TABLES} == (
        counts
    )
    assert [r["label"] for r in select(path, "SELECT label FROM links ORDER BY idx")] == [
        "1.",
        "4.",
    ]
    assert names(path, "view") == set(STORE_VIEWS)
    assert "idx_links_run_id_submission_id" in names(path, "index")
    # The upgraded store shows what a store that saved the run at version 5 shows.
    fresh = tmp_path / "fresh.db"
    with open_store(fresh) as db:
        save_result(db, result)
    assert view_rows(path) == view_rows(fresh)
    assert select(path, "SELECT * FROM links ORDER BY idx") == select(
        fresh, "SELECT * FROM links ORDER BY idx"
    )


# The view of credited passages as version 5 first made it, with the scores unrounded.
OLD_CREDITED_PASSAGES = """
SELECT l.run_id, l.label, l.submission_id, l.score, l.confidence, l.method,
       l.final_text, l.submission_text AS evidence, l.ask_id, l.change_id
FROM links l
ORDER BY l.run_id, l.idx"""


def view_sql(path: Path) -> dict[str, str]:
    return {
        r["name"]: r["sql"]
        for r in select(path, "SELECT name, sql FROM sqlite_master WHERE type = 'view'")
    }


@pytest.fixture
def old_views_store(small_run) -> tuple[Path, AttributionResult]:
    """A version 5 store whose credited_passages view is the first one, scores unrounded."""
    path, result = small_run
    conn = sqlite3.connect(path)
    try:
        conn.execute("DROP VIEW credited_passages")
        conn.execute(f"CREATE VIEW credited_passages AS{OLD_CREDITED_PASSAGES}")
        conn.commit()
    finally:
        conn.close()
    assert select(path, "SELECT score FROM credited_passages")[1]["score"] == result.links[1].score
    return path, result


@pytest.mark.issue(17)
def test_opening_for_writing_renews_the_views(old_views_store, tmp_path):
    path, result = old_views_store
    with open_store(path):
        pass
    assert user_version(path) == SCHEMA_VERSION
    assert [r["score"] for r in select(path, "SELECT score FROM credited_passages")] == [1.0, 0.65]
    fresh = tmp_path / "fresh.db"
    open_store(fresh).close()
    assert view_sql(path) == view_sql(fresh)
    before = sha256(path)
    with open_store(path):
        pass  # views already current: nothing to write
    assert sha256(path) == before


@pytest.mark.issue(17)
def test_readonly_open_leaves_old_views_as_they_are(old_views_store):
    path, result = old_views_store
    before, views = sha256(path), view_sql(path)
    with open_store(path, readonly=True) as db:
        assert load_result_dict(db, result.run_id) == result.to_dict()
    store.check_store(path)
    assert sha256(path) == before and view_sql(path) == views


def test_the_migration_from_1_reaches_the_views(small_run):
    path, result = small_run
    downgrade_store(path, 1)
    with open_store(path) as db:
        assert set(db.view_names()) == set(STORE_VIEWS)
    labels = select(path, "SELECT label FROM credited_passages")
    assert [r["label"] for r in labels] == ["1.", "4."]


# Datasette's own test client, on the store as `datasette provenance.db` would serve it.


def _import_datasette() -> Any:
    if os.environ.get("CI") == "true":  # in the test group: CI must run this test
        import datasette.app

        return datasette.app
    return pytest.importorskip(
        "datasette.app", reason="datasette is not installed (pip install datasette)"
    )


@pytest.mark.issue(17)
def test_datasette_renders_the_three_views(small_run):
    app = _import_datasette()
    path, result = small_run

    async def fetch() -> dict[str, Any]:
        ds = app.Datasette([str(path)])
        await ds.invoke_startup()
        got: dict[str, Any] = {}
        response = await ds.client.get("/provenance.json")
        assert response.status_code == 200
        got["views"] = {v["name"] for v in response.json()["views"]}
        for view in STORE_VIEWS:
            response = await ds.client.get(f"/provenance/{view}.json?_shape=array")
            assert response.status_code == 200, (view, response.text)
            got[view] = response.json()
            page = await ds.client.get(f"/provenance/{view}")
            assert page.status_code == 200 and view in page.text
        return got

    got = asyncio.run(fetch())
    assert got.pop("views") == set(STORE_VIEWS)
    assert got == view_rows(path)
    assert [r["submission_id"] for r in got["credited_passages"]] == [
        "budget-watch",
        "transparency",
    ]
    assert got["contributors"][0]["asks_made"] == 2
    assert [r["score"] for r in got["credited_passages"]] == [1.0, 0.65]  # not 0.6538461538461539
    assert {r["run_id"] for r in got["run_inputs"]} == {result.run_id}


def test_the_readme_shows_each_views_sql(root):
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    for view, sql in store._VIEWS.items():
        assert f"CREATE VIEW {view} AS {' '.join(sql.split())};" in readme, view
