"""Text from the inputs reaches the terminal with its control characters escaped (issue 13).

A file name with a newline must not break a table, nor an ``ESC ]0;`` in one retitle
the terminal. Every human form (the attribute table, notes on standard error, the
verify table, the text redline, error lines) shows such characters as escapes; JSON
and CSV keep the data as it is.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_cli

from provenance.align import align
from provenance.model import Document
from provenance.redline import redline_text

pytestmark = pytest.mark.issue(13)

# C0, DEL, C1 and the bidi embeddings, overrides and isolates.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EVIL = "evil\n\x1b]0;owned\x07"  # a newline, and an OSC sequence that retitles a terminal
EVIL_SHOWN = "evil\\n\\x1b]0;owned\\x07"
SGR = re.compile("\x1b\\[[0-9;]*m")  # the redline's own colours


@pytest.mark.parametrize(
    "text_in, expected",
    [
        ("", ""),
        ("plain ASCII, é, 한국어, “quotes” …", "plain ASCII, é, 한국어, “quotes” …"),
        ("a\nb\r\tc", "a\\nb\\r\\tc"),
        ("\x00\x1b\x7f", "\\x00\\x1b\\x7f"),
        ("\x85\x9b", "\\x85\\x9b"),
        ("abc\u202edcba\u202c", "abc\\u202edcba\\u202c"),
        ("\u2066x\u2069", "\\u2066x\\u2069"),
        ("C:\\folder\\file.txt", "C:\\folder\\file.txt"),  # backslashes stay as they are
    ],
)
def test_visible_escapes_control_and_bidi_characters(text_in, expected):
    from provenance.terminal import visible

    assert visible(text_in) == expected


def test_visible_can_keep_line_breaks():
    from provenance.terminal import visible

    assert visible("one\ntwo\x1b", keep="\n") == "one\ntwo\\x1b"


@pytest.fixture
def evil_consultation(tmp_path):
    draft = tmp_path / "draft.txt"
    final = tmp_path / "final.txt"
    subs = tmp_path / "subs"
    subs.mkdir()
    draft.write_text("1. Publish the annual budget.\n")
    final.write_text(
        "1. Publish the annual budget.\n"
        "2. Every municipality will hold open hearings on its draft budget.\n"
    )
    (subs / f"{EVIL}.txt").write_text(
        "Every municipality should hold open hearings on its draft budget."
    )
    (subs / "bad\x1b[2J\u202e.pdf").write_bytes(b"%PDF-1.4 truncated")
    return draft, final, subs


def test_attribute_table_and_notes_escape_file_names(evil_consultation, tmp_path):
    draft, final, subs = evil_consultation
    db = tmp_path / "runs\x1b]0;x\x07.db"
    result = run_cli("attribute", draft, final, subs, "--db", db, "--no-semantic")
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.stdout), result.stdout
    assert f"    ← {EVIL_SHOWN}  " in result.stdout
    assert any(line.startswith(EVIL_SHOWN) for line in result.stdout.splitlines())
    assert not RAW.search(result.stderr), result.stderr
    assert "bad\\x1b[2J\\u202e.pdf" in result.stderr
    assert "runs\\x1b]0;x\\x07.db" in result.stderr


def test_json_and_csv_keep_the_names_as_they_are(evil_consultation):
    draft, final, subs = evil_consultation
    args = ("attribute", draft, final, subs, "--no-db", "--no-semantic", "-q")
    data = json.loads(run_cli(*args, "--format", "json").stdout)
    assert [link["submission_id"] for link in data["links"]] == [EVIL]
    assert [s["path"] for s in data["skipped"]] == [str(subs / "bad\x1b[2J\u202e.pdf")]
    assert f'"{EVIL}"' in run_cli(*args, "--format", "csv").stdout


def test_verify_table_escapes_paths(evil_consultation, tmp_path):
    draft, final, subs = evil_consultation
    db = tmp_path / "runs.db"
    assert run_cli("attribute", draft, final, subs, "--db", db, "-q").exit_code == 0
    (subs / f"{EVIL}.txt").unlink()
    result = run_cli("verify", "--db", db)
    assert result.exit_code == 1
    assert not RAW.search(result.stdout), result.stdout
    assert f"{EVIL_SHOWN}.txt: submission {EVIL_SHOWN}: no file" in result.stdout


def test_diff_text_escapes_names_and_text_but_keeps_its_colours(tmp_path):
    draft = tmp_path / f"draft{EVIL}.txt"
    final = tmp_path / "final\u202e.txt"
    draft.write_text("1. Publish the annual budget.\n")
    final.write_text("1. Publish the annual budget monthly.\n")
    for color in ("--no-color", "--color"):
        out = run_cli("diff", draft, final, color).stdout
        assert f"draft{EVIL_SHOWN}.txt" in out and "final\\u202e.txt" in out
        assert not RAW.search(SGR.sub("", out)), out
    assert SGR.search(run_cli("diff", draft, final, "--color").stdout)


def test_redline_escapes_passage_text_and_keeps_line_breaks():
    # Documents as a library user may build them: reading a file would drop the controls.
    draft = Document.from_text("1. Keep\nthis.")
    final = Document.from_text("1. Keep\nthis \x1b[2J\u202eand that.")
    text = redline_text(align(draft, final))
    assert "this{+ \\x1b[2J\\u202eand that+}." in text
    assert "    1. Keep\n    this" in text  # a clause's own line breaks stay, indented


def test_error_lines_escape_the_path(tmp_path):
    db = tmp_path / "gone\n\x1b]0;x\x07.db"
    result = run_cli("verify", "--db", db)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "gone\\n\\x1b]0;x\\x07.db: no such store" in lines[0]


def test_scores_table_escapes_case_names():
    from provenance.evaluate import CaseScore, Score
    from provenance.output import format_scores

    scores = [CaseScore(EVIL, Score(tp=1, fp=0, fn=0), Score(tp=1, fp=0, fn=0), links=1)]
    table = format_scores(scores, "table")
    assert not RAW.search(table) and table.splitlines()[2].startswith(EVIL_SHOWN)
    assert json.loads(format_scores(scores, "json"))["cases"][0]["case"] == EVIL
