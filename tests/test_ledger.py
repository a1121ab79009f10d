"""The contributors' ledger: one row per ask, with what became of it (issue 15)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import run_cli

from provenance import attribute
from provenance.ledger import LABELS, ledger_csv, ledger_dict, ledger_rows, scorecard

DRAFT = "1. The council may publish the minutes.\n\n2. Meetings are held monthly.\n"
FINAL = (
    "1. The council shall publish the minutes.\n\n2. Meetings are held monthly.\n\n"
    "3. Every meeting is streamed live with captions in two languages.\n"
)
LETTERS = {
    "press": 'Please replace "may publish" with "shall publish".\n\n'
    "We also ask that meetings be moved to the evenings.",
    "access": "Every meeting should be streamed live with captions in two languages.",
    "thanks": "Thank you for the consultation.",
}


@pytest.fixture(scope="module")
def data() -> dict:
    return attribute(DRAFT, FINAL, LETTERS).to_dict()


@pytest.mark.issue(15)
def test_every_ask_has_a_row_with_its_outcome_and_place(data):
    rows = ledger_rows(data)
    by_ask = {(r.submission_id, r.kind): r for r in rows}
    edit = by_ask[("press", "replace")]
    assert edit.outcome == "adopted" and edit.final == "shall" and edit.where == "1."
    request = by_ask[("press", "request")]
    assert request.outcome == "not-found" and request.outcome_label == "not found in the final text"
    assert request.where == "" and request.final == "" and request.response == ""
    assert by_ask[("access", "request")].outcome == "adopted"
    assert "thanks" not in {r.submission_id for r in rows}  # a thank-you note asks nothing
    assert scorecard(rows) == {
        "press": {"asks": 2, "adopted": 1},
        "access": {"asks": 1, "adopted": 1},
    }


@pytest.mark.issue(15)
def test_korean_labels_and_no_word_rejected(data):
    rows = ledger_rows(data, lang="ko")
    assert {r.outcome_label for r in rows} <= set(LABELS["ko"].values())
    for words in LABELS.values():
        assert not any("reject" in w or "기각" in w for w in words.values())


@pytest.mark.issue(15)
def test_csv_and_json_hold_every_ask(data):
    rows = ledger_rows(data)
    table = list(csv.DictReader(io.StringIO(ledger_csv(rows))))
    assert [r["ask_id"] for r in table] == [r.ask_id for r in rows]
    assert all(r["response"] == "" for r in table)
    as_json = ledger_dict(data, rows)
    assert as_json["schema"] == "provenance-ledger/1" and as_json["run_id"] == data["run_id"]
    assert len(as_json["asks"]) == len(rows)


@pytest.mark.issue(15)
def test_cli_ledger_from_a_store_reads_without_writing(tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    for name, text in LETTERS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "final.txt").write_text(FINAL, encoding="utf-8")
    db = tmp_path / "p.db"
    run_cli("attribute", tmp_path / "draft.txt", tmp_path / "final.txt", folder, "--db", db, "-q")
    before = db.read_bytes()
    result = run_cli("ledger", "--db", db, "--format", "json", "--lang", "ko")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {a["outcome_label"] for a in data["asks"]} >= {"반영", "최종안에서 찾지 못함"}
    assert db.read_bytes() == before
    assert run_cli("ledger", "--db", db).stdout.startswith("submission_id,ask_id,kind,ask")
