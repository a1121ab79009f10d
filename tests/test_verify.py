"""verify_run finds every way a stored run can stop matching its inputs (issue 5, point 4)."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from pathlib import Path

import pytest

from provenance.pipeline import attribute
from provenance.read import document_from_text
from provenance.store import StoreError, open_store, save_result
from provenance.verify import Finding, VerifyReport, verify_run

DRAFT = "1. Publish budgets.\n\n2. Review data annually.\n\n3. Hold hearings."
FINAL = (
    "1. Publish budgets monthly.\n\n3. Hold hearings.\n\n"
    "4. The ministry shall publish all contracts within 30 days of signature.\n\n"
    "5. Open every council meeting to the press."
)
SUBMISSIONS = {
    "cso/letter.txt": "We ask that the ministry publish all contracts within 30 days.",
    "press-club.txt": "Please open every council meeting to the press, we say.",
    "other.txt": "Plant more trees along the river.",
}


@dataclasses.dataclass
class Stored:
    db: Path
    folder: Path
    run_id: str

    def sql(self, statement: str, *args: object) -> int:
        conn = sqlite3.connect(self.db)
        try:
            changed = conn.execute(statement, args).rowcount
            conn.commit()
        finally:
            conn.close()
        return changed


@pytest.fixture
def stored(tmp_path) -> Stored:
    folder = tmp_path / "case"
    subs = folder / "submissions"
    for name, text in SUBMISSIONS.items():
        (subs / name).parent.mkdir(parents=True, exist_ok=True)
        (subs / name).write_text(text, encoding="utf-8")
    (folder / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "final.txt").write_text(FINAL, encoding="utf-8")
    result = attribute(folder / "draft.txt", folder / "final.txt", [subs], semantic=False)
    assert {link.submission_id for link in result.links} == {"cso/letter", "press-club"}
    db = tmp_path / "provenance.db"
    with open_store(db) as store:
        save_result(store, result)
    return Stored(db, folder, result.run_id)


def kinds(report: VerifyReport) -> list[str]:
    return [f.kind for f in report.problems]


def test_clean_run_verifies(stored):
    before = stored.db.read_bytes()
    report = verify_run(stored.db)
    assert report.ok
    assert report.problems == () and report.unchecked == ()
    assert report.run_id == stored.run_id
    assert report.rerun_digest == report.digest and len(report.digest) == 64
    assert (report.files, report.documents, report.links) == (5, 5, 2)
    assert report.changes >= 2
    assert stored.db.read_bytes() == before  # a path is opened read-only
    assert verify_run(stored.db, stored.run_id) == report
    with open_store(stored.db) as db:  # an open store works as well
        assert verify_run(db) == report


def test_report_as_dict():
    report = VerifyReport(
        "r1",
        1,
        2,
        3,
        4,
        (Finding("missing", "a.txt", "draft: gone"),),
        (Finding("unchecked", "final", "text"),),
    )
    assert not report.ok
    assert report.as_dict() == {
        "run_id": "r1",
        "ok": False,
        "checked": {"files": 1, "documents": 2, "changes": 3, "links": 4},
        "digest": "",
        "rerun_digest": None,
        "problems": [{"kind": "missing", "subject": "a.txt", "detail": "draft: gone"}],
        "unchecked": [{"kind": "unchecked", "subject": "final", "detail": "text"}],
    }


@pytest.mark.issue(5)
def test_edited_submission_file_is_caught_and_named(stored):
    path = stored.folder / "submissions" / "press-club.txt"
    path.write_text(SUBMISSIONS["press-club.txt"].replace("press", "public"), encoding="utf-8")
    report = verify_run(stored.db)
    assert not report.ok
    assert report.problems == (
        Finding(
            "altered",
            str(path),
            f"submission press-club: SHA-256 of the file is {_sha(path)[:12]}..., the run read "
            f"{_sha_text(SUBMISSIONS['press-club.txt'])[:12]}...",
        ),
    )
    assert report.files == 5  # re-hashed, all of them


@pytest.mark.parametrize("name", ["draft.txt", "final.txt", "submissions/other.txt"])
def test_deleted_file_is_reported_missing(stored, name):
    (stored.folder / name).unlink()
    report = verify_run(stored.db)
    assert [(f.kind, f.subject) for f in report.problems] == [
        ("missing", str(stored.folder / name))
    ]
    assert "no file at this path any more" in report.problems[0].detail
    assert report.files == 4


def test_folder_in_place_of_a_file_is_unreadable(stored):
    path = stored.folder / "submissions" / "other.txt"
    path.unlink()
    path.mkdir()
    assert kinds(verify_run(stored.db)) == ["unreadable"]


@pytest.mark.issue(5)
@pytest.mark.parametrize("column", ["final_text", "submission_text"])
def test_edited_link_text_is_caught(stored, column):
    changed = stored.sql(
        f"UPDATE links SET {column} = replace({column}, 'contracts', 'tenders')"
        " WHERE submission_id = 'cso/letter'"
    )
    assert changed == 1
    report = verify_run(stored.db)
    assert kinds(report) == ["text"]
    finding = report.problems[0]
    assert finding.subject.endswith("<- cso/letter)")
    name = "final" if column == "final_text" else "submission cso/letter"
    assert finding.detail.startswith(f"stored {name} text ")
    assert "tenders" in finding.detail and "contracts" in finding.detail


@pytest.mark.issue(5)
def test_edited_document_text_is_caught(stored):
    changed = stored.sql(
        "UPDATE documents SET text = replace(text, 'contracts', 'tenders')"
        " WHERE text LIKE '%ministry shall publish%'"
    )
    assert changed == 1
    report = verify_run(stored.db)
    assert "document" in kinds(report)
    document = next(f for f in report.problems if f.kind == "document")
    assert document.detail.startswith("its stored text hashes to ")
    # the final's links no longer quote it either
    assert "text" in kinds(report)


def test_missing_document_row_is_caught(stored):
    # a plain connection does not enforce foreign keys, as a careless editor would not
    assert stored.sql("DELETE FROM documents WHERE text LIKE 'Plant more trees%'") == 1
    report = verify_run(stored.db)
    assert kinds(report) == ["document"]
    assert "not stored" in report.problems[0].detail


def test_shifted_spans_and_deleted_rows_are_caught(stored):
    stored.sql("UPDATE changes SET final_end = final_end + 100000 WHERE idx = 0")
    stored.sql("DELETE FROM links WHERE submission_id = 'press-club'")
    report = verify_run(stored.db)
    assert sorted(kinds(report)) == ["count", "count", "span"]
    span = next(f for f in report.problems if f.kind == "span")
    assert "lies outside its" in span.detail


def test_inputs_given_as_text_are_not_checkable(tmp_path):
    db = tmp_path / "p.db"
    with open_store(db) as store:
        save_result(store, attribute(DRAFT, FINAL, {"cso": SUBMISSIONS["cso/letter.txt"]}))
    report = verify_run(db)
    assert report.ok and report.files == 0
    assert [(f.kind, f.subject) for f in report.unchecked] == [
        ("unchecked", "draft"),
        ("unchecked", "final"),
        ("unchecked", "submission cso"),
        ("unchecked", f"run {report.run_id}"),  # not run again: nothing to read it from
    ]
    assert all("given as text" in f.detail for f in report.unchecked)


def test_name_not_stored_exactly_is_not_checkable(stored):
    stored.sql("UPDATE run_submissions SET path = path || '\ufffd' WHERE submission_id = 'other'")
    report = verify_run(stored.db)
    assert report.ok
    assert [f.kind for f in report.unchecked] == ["unchecked", "unchecked"]
    assert report.unchecked[1].detail.startswith("not run again")
    assert "not stored exactly" in report.unchecked[0].detail


def test_relative_paths_resolve_against_base(tmp_path, monkeypatch):
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "final.txt").write_text(FINAL, encoding="utf-8")
    (folder / "cso.txt").write_text(SUBMISSIONS["cso/letter.txt"], encoding="utf-8")
    monkeypatch.chdir(folder)
    db = tmp_path / "p.db"
    with open_store(db) as store:
        save_result(store, attribute(Path("draft.txt"), Path("final.txt"), [Path("cso.txt")]))
    assert verify_run(db).ok
    monkeypatch.chdir(tmp_path)
    assert kinds(verify_run(db)) == ["missing"] * 3
    assert verify_run(db, base=folder).ok


def test_unknown_run_and_missing_store(stored, tmp_path):
    with pytest.raises(StoreError, match="no run nope in"):
        verify_run(stored.db, "nope")
    missing = tmp_path / "none.db"
    with pytest.raises(StoreError, match="no such store"):
        verify_run(missing)
    assert not missing.exists()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sha_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_rows_of_a_submission_table_are_rehashed(tmp_path, monkeypatch):
    import json

    monkeypatch.chdir(tmp_path)
    rows = [
        {"id": "press", "text": "Please open every meeting to the press."},
        {"id": "other", "text": "Plant more trees along the river."},
    ]
    table = tmp_path / "comments.jsonl"
    table.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = attribute(
        document_from_text("1. Publish budgets."),
        "1. Publish budgets.\n2. Open every meeting to the press.",
        ["comments.jsonl"],
    )
    assert [s.document.path for s in result.submissions] == [
        "comments.jsonl#row=1",
        "comments.jsonl#row=2",
    ]
    db = open_store(tmp_path / "p.db")
    save_result(db, result)
    report = verify_run(db)
    assert report.ok and report.files == 2
    assert [f.subject for f in report.unchecked if not f.subject.startswith("run ")] == [
        "draft",
        "final",
    ]  # given as text

    rows[1]["text"] += " And parks."
    table.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (finding,) = verify_run(db).problems
    assert finding.kind == "altered" and finding.subject == "comments.jsonl#row=2"

    table.write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    (finding,) = verify_run(db).problems
    assert finding.kind == "missing" and finding.subject == "comments.jsonl#row=2"

    table.unlink()
    assert kinds(verify_run(db)) == ["missing", "missing"]


# --- forged stores: everything in the store agrees with itself, only the files disagree ---


def _forge_adoption(stored: Stored) -> None:
    """Rewrite other.txt's stored text to propose the final's sentence 5, credit it with a
    verbatim link, and fix every hash and count, as a careful forger would."""
    forged = "Plant more trees. Open every council meeting to the press."
    key = hashlib.sha256(forged.encode()).hexdigest()
    stored.sql(
        "INSERT INTO documents (sha256, chars, text) VALUES (?, ?, ?)", key, len(forged), forged
    )
    stored.sql("UPDATE run_submissions SET text_sha256 = ? WHERE submission_id = 'other'", key)
    link = stored.sql(
        "INSERT INTO links SELECT run_id, change_id, 'other', final_start, final_end,"
        " (SELECT max(idx) + 1 FROM links), final_text, ?, ?, ?, 0.99, 'high', 'verbatim',"
        " 'l99', NULL, NULL, NULL, label FROM links WHERE submission_id = 'press-club'",
        forged.index("Open"),
        len(forged) - 1,
        forged[forged.index("Open") : -1],
    )
    assert link == 1
    stored.sql("UPDATE run_submissions SET links = 1, adopted = 1 WHERE submission_id = 'other'")
    stored.sql("UPDATE runs SET links = links + 1")


@pytest.mark.issue(13)
def test_a_forged_adoption_with_fixed_hashes_fails_verify(stored):
    _forge_adoption(stored)
    report = verify_run(stored.db, rerun=False)
    assert report.ok  # the store agrees with itself: only a re-run can tell
    report = verify_run(stored.db)
    assert not report.ok and set(kinds(report)) == {"rerun"}
    subjects = {f.subject for f in report.problems}
    assert "submission other" in subjects
    assert any(s.startswith("link ") and "<- other" in s for s in subjects)
    assert report.rerun_digest != report.digest


@pytest.mark.issue(13)
def test_a_raised_score_fails_verify(stored):
    changed = stored.sql(
        "UPDATE links SET score = 0.99, confidence = 'high', method = 'verbatim'"
        " WHERE submission_id = 'cso/letter'"
    )
    assert changed == 1
    report = verify_run(stored.db)
    [finding] = report.problems
    assert finding.kind == "rerun" and "<- cso/letter" in finding.subject
    assert "stored 0.99 high verbatim" in finding.detail and "the re-run gives" in finding.detail


@pytest.mark.issue(13)
def test_a_deleted_link_fails_verify(stored):
    stored.sql("DELETE FROM links WHERE submission_id = 'press-club'")
    stored.sql(
        "UPDATE run_submissions SET links = 0, adopted = 0 WHERE submission_id = 'press-club'"
    )
    stored.sql("UPDATE runs SET links = links - 1")
    report = verify_run(stored.db)
    assert {f.subject for f in report.problems} >= {"submission press-club"}
    assert any("the store does not" in f.detail for f in report.problems)


def test_the_digest_is_the_same_for_a_re_run_and_the_store(stored, tmp_path):
    from provenance.store import load_result_dict

    with open_store(stored.db, readonly=True) as db:
        data = load_result_dict(db)
    again = attribute(
        stored.folder / "draft.txt",
        stored.folder / "final.txt",
        [stored.folder / "submissions"],
        semantic=False,
    ).to_dict()
    assert again["digest"] == data["digest"]
    moved = tmp_path / "elsewhere"
    stored.folder.rename(moved)  # paths are not part of the claim
    elsewhere = attribute(
        moved / "draft.txt", moved / "final.txt", [moved / "submissions"], semantic=False
    ).to_dict()
    assert elsewhere["digest"] == data["digest"]


@pytest.mark.issue(13)
def test_a_changed_ask_outcome_fails_verify(stored):
    changed = stored.sql("UPDATE asks SET outcome = 'already-in-draft' WHERE outcome = 'adopted'")
    assert changed >= 1
    report = verify_run(stored.db)
    assert report.problems and {f.kind for f in report.problems} == {"rerun"}
    assert all(f.subject.startswith("ask ") for f in report.problems)
