from __future__ import annotations

import json
import re
import zipfile

import pytest
from click.testing import CliRunner
from conftest import run_cli

import provenance_cli
from provenance_cli import cli

run = run_cli


@pytest.fixture
def pair(tmp_path):
    draft = tmp_path / "draft.txt"
    final = tmp_path / "final.txt"
    draft.write_text("## Commitment 1: Budgets\n\nMilestone 1.1: Publish budgets quarterly.\n")
    final.write_text(
        "## Commitment 1: Budgets\n\nMilestone 1.1: Publish budgets monthly.\n\n"
        "Milestone 1.2: Hold public hearings.\n"
    )
    return draft, final


def test_diff_text_is_a_labelled_redline(pair):
    result = run("diff", *map(str, pair))
    assert result.exit_code == 0
    out = result.stdout
    assert "2 changes: 1 modified, 1 inserted" in out
    assert "Commitment 1 > Milestone 1.1" in out
    assert "[-quarterly-]{+monthly+}" in out
    assert "{+Milestone 1.2: Hold public hearings.+}" in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_diff_color_on_request(pair):
    assert "\x1b[" in run("diff", *map(str, pair), "--color").stdout


def test_diff_json_follows_the_schema(pair):
    data = json.loads(run("diff", *map(str, pair), "--format", "json").stdout)
    assert data["schema"] == "provenance-diff/1"
    assert data["inputs"]["draft"]["path"].endswith("draft.txt")
    assert len(data["inputs"]["final"]["sha256"]) == 64
    assert [c["kind"] for c in data["changes"]] == ["modified", "inserted"]
    modified = data["changes"][0]
    assert modified["new_text"][0]["text"] == "monthly"
    assert modified["draft"]["text"].endswith("quarterly.")
    assert data["changes"][1]["draft"] is None


def test_json_offsets_point_into_the_normalised_final(pair):
    from provenance import read_document

    final = read_document(pair[1]).text
    data = json.loads(run("diff", *map(str, pair), "--format", "json").stdout)
    for change in data["changes"]:
        for span in change["new_text"]:
            assert final[span["start"] : span["end"]] == span["text"]


def test_diff_html_to_file(pair, tmp_path):
    out = tmp_path / "redline.html"
    result = run("diff", *map(str, pair), "--format", "html", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    html = out.read_text()
    assert html.startswith("<!doctype html>")
    assert "<ins>monthly</ins>" in html
    assert "http://" not in html and "https://" not in html


def test_diff_html_escapes_input(tmp_path):
    draft = tmp_path / "d.txt"
    final = tmp_path / "f.txt"
    draft.write_text("1. Safe text.\n")
    final.write_text("1. Safe text.\n2. <script>alert(1)</script> <img src=x onerror=alert(2)>\n")
    html = run("diff", str(draft), str(final), "--format", "html").stdout
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.issue(17)
def test_diff_of_korean_documents_speaks_korean(corpus):
    pair = (corpus / "ordinance-ko" / "draft.txt", corpus / "ordinance-ko" / "final.txt")
    lines = run("diff", *pair).stdout.splitlines()
    assert lines[0].startswith("초안: ") and "자, ko, sha256 " in lines[0]
    assert lines[1].startswith("최종안: ")
    assert lines[2].startswith("변경 ") and "수정 " in lines[2] and "추가 " in lines[2]
    kinds = {line.split()[1] for line in lines if line[:1] == "c" and line[1:2].isdigit()}
    assert kinds == {"수정", "추가", "삭제", "이동"}
    assert any("  (이전: 제4장 > 제19조" in line for line in lines)
    text = "\n".join(lines)
    for word in ("changes", "modified", "inserted", "deleted", "moved", "draft:", " chars"):
        assert word not in text


@pytest.mark.issue(17)
def test_diff_page_of_korean_documents_speaks_korean(corpus):
    pair = (corpus / "ordinance-ko" / "draft.txt", corpus / "ordinance-ko" / "final.txt")
    html = run("diff", *pair, "--format", "html").stdout
    assert '<html lang="ko">' in html
    assert ' lang="en"' not in html  # no English words left to mark
    assert "<h1>초안에서 최종안으로 바뀐 내용</h1>" in html
    assert '<h2 id="redline-title">초안 대비 최종안 변경 사항</h2>' in html
    assert '<span class="kind">이동</span>' in html and '<span class="kind">추가</span>' in html
    assert '<article class="change moved"' in html  # the CSS classes stay the kinds
    assert "<del>삭제된</del>" in html and "<td>초안</td>" in html and "<h2>입력 파일</h2>" in html
    for word in ("Redline", "What changed", ">modified<", ">inserted<", "Inputs", "Made by"):
        assert word not in html
    data = json.loads(run("diff", *pair, "--format", "json").stdout)
    assert {c["kind"] for c in data["changes"]} == {"modified", "inserted", "deleted", "moved"}


@pytest.mark.issue(17)
def test_diff_page_of_english_documents_stays_english(pair):
    html = run("diff", *map(str, pair), "--format", "html").stdout
    assert '<html lang="en">' in html and ' lang="en"' not in html.split("<html", 1)[1][12:]
    assert "<h1>What changed from draft to final</h1>" in html
    assert '<span class="kind">modified</span>' in html
    assert "<td>draft</td>" in html and "<h2>Inputs</h2>" in html


def test_identical_texts_exit_zero(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("Same text.\n")
    result = run("diff", str(draft), str(draft))
    assert result.exit_code == 0
    assert "no changes" in result.stdout


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    pdf = tmp_path / "corrupt.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    docx = tmp_path / "corrupt.docx"
    docx.write_bytes(b"PK\x03\x04 this is not really a zip")
    missing = tmp_path / "missing.txt"
    notdocx = tmp_path / "zip.docx"
    with zipfile.ZipFile(notdocx, "w") as z:
        z.writestr("hello.txt", "no word document here")
    return {
        "empty": empty,
        "binary": binary,
        "pdf": pdf,
        "docx": docx,
        "missing": missing,
        "zip": notdocx,
    }


@pytest.mark.parametrize("which", ["empty", "binary", "pdf", "docx", "missing", "zip"])
def test_unreadable_draft_exits_1_with_one_line(tmp_path, pair, which):
    bad = _bad_inputs(tmp_path)[which]
    result = run("diff", str(bad), str(pair[1]))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and bad.name in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error(pair):
    assert CliRunner().invoke(cli, ["diff", *map(str, pair), "--nope"]).exit_code == 2


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and "policy-provenance" in result.stdout


# --- attribute ---------------------------------------------------------------------


@pytest.fixture
def consultation(tmp_path):
    draft = tmp_path / "draft.txt"
    final = tmp_path / "final.txt"
    subs = tmp_path / "subs"
    (subs / "coalition").mkdir(parents=True)
    draft.write_text("## Commitment 1: Budgets\n\nMilestone 1.1: Publish the annual budget.\n")
    final.write_text(
        "## Commitment 1: Budgets\n\nMilestone 1.1: Publish the annual budget.\n\n"
        "Milestone 1.2: Every municipality will hold open hearings on its draft budget.\n"
    )
    (subs / "coalition" / "letter.txt").write_text(
        "Dear Ministry, every municipality should hold open hearings on its draft budget."
    )
    (subs / "resident.md").write_text("Please publish the annual budget. Thank you.")
    (subs / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (subs / ".DS_Store").write_bytes(b"\0\0\0")
    return draft, final, subs


def test_attribute_json(consultation, tmp_path):
    draft, final, subs = consultation
    result = run("attribute", str(draft), str(final), str(subs), "--format", "json", "--no-db")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "provenance-attribution/2"
    assert [s["id"] for s in data["inputs"]["submissions"]] == ["coalition/letter", "resident"]
    assert [(l["submission_id"], l["change_id"]) for l in data["links"]] == [
        ("coalition/letter", "c1")
    ]
    assert {s["id"]: s["adopted"] for s in data["submissions"]} == {
        "coalition/letter": True,
        "resident": False,
    }
    assert [s["path"].endswith("broken.pdf") for s in data["skipped"]] == [True]
    assert "broken.pdf" in result.stderr
    assert not (tmp_path / "provenance.db").exists()


def test_attribute_table_and_csv(consultation):
    draft, final, subs = consultation
    table = run("attribute", str(draft), str(final), str(subs), "--no-db").stdout
    assert "coalition/letter" in table and "1 of 2 submissions adopted, with 1 link;" in table
    rows = run("attribute", str(draft), str(final), str(subs), "--no-db", "--format", "csv").stdout
    header, *lines = rows.strip().splitlines()
    assert header.startswith("change_id,change_kind,label,submission_id,score")
    assert len(lines) == 1 and "coalition/letter" in lines[0]


def test_attribute_db_rerun_adds_no_rows(consultation, tmp_path):
    import sqlite3

    draft, final, subs = consultation
    db = tmp_path / "p.db"
    args = ["attribute", str(draft), str(final), str(subs), "--db", str(db), "-q"]

    def counts():
        with sqlite3.connect(db) as conn:
            tables = [
                r[0] for r in conn.execute("select name from sqlite_master where type='table'")
            ]
            return {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}

    assert run(*args).exit_code == 0
    first = counts()
    assert first["links"] == 1 and first["runs"] == 1
    assert run(*args).exit_code == 0
    assert counts() == first


def test_attribute_json_is_identical_with_and_without_db(consultation, tmp_path):
    draft, final, subs = consultation
    base = ["attribute", str(draft), str(final), str(subs), "--format", "json", "-q"]
    with_db = run(*base, "--db", str(tmp_path / "x.db")).stdout
    without = run(*base, "--no-db").stdout
    assert with_db == without


def test_attribute_unreadable_final_exits_1(consultation, tmp_path):
    draft, _, subs = consultation
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = run("attribute", str(draft), str(empty), str(subs), "--no-db")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "empty.txt" in result.stderr


def test_attribute_corpus_end_to_end(corpus):
    case = corpus / "nap-en"
    result = run(
        "attribute",
        str(case / "draft.txt"),
        str(case / "final.txt"),
        str(case / "submissions"),
        "--format",
        "json",
        "--no-db",
    )
    data = json.loads(result.stdout)
    adopted = {s["id"] for s in data["submissions"] if s["adopted"]}
    # chamber-of-commerce asks the opposite of what was adopted (on the same topic).
    assert "transparency-watch" in adopted and "chamber-of-commerce" not in adopted
    asks = {a["id"]: a for a in data["asks"]}
    assert all(
        asks[link["ask_id"]]["submission_id"] == link["submission_id"] for link in data["links"]
    )


def test_evaluate_corpus(corpus):
    result = run(
        "evaluate", str(corpus / "nap-en"), str(corpus / "ordinance-ko"), "--format", "json"
    )
    data = json.loads(result.stdout)
    assert [c["case"] for c in data["cases"]] == ["nap-en", "ordinance-ko"]
    assert data["mean"]["submission_f1"] >= 0.8
    assert "mean F1" in run("evaluate", str(corpus / "nap-en")).stdout


def test_verify_catches_an_edited_submission(consultation, tmp_path):
    draft, final, subs = consultation
    db = tmp_path / "v.db"
    assert run("attribute", str(draft), str(final), str(subs), "--db", str(db), "-q").exit_code == 0
    clean = run("verify", "--db", str(db))
    assert clean.exit_code == 0 and clean.stdout.strip().endswith(": ok")
    (subs / "coalition" / "letter.txt").write_text("changed after the run")
    result = CliRunner().invoke(cli, ["verify", "--db", str(db), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [p["kind"] for p in data["problems"]] == ["altered"]
    assert "letter.txt" in data["problems"][0]["subject"]


@pytest.mark.issue(13)
def test_verify_from_another_folder_hints_at_base(consultation, tmp_path, monkeypatch):
    draft, final, subs = consultation
    db = tmp_path / "v.db"
    monkeypatch.chdir(tmp_path)
    args = (draft.name, final.name, subs.name)  # relative, as people type them
    assert run("attribute", *args, "--db", str(db), "-q").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("verify", "--db", str(db))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("missing ")] == lines[:4]
    assert lines[-2].endswith(": 4 problems")
    assert lines[-1] == (
        "hint: the missing inputs' paths are relative, read from the current folder;"
        " give --base FOLDER, the folder attribute ran in"
    )
    wrong = run("verify", "--db", str(db), "--base", str(elsewhere))
    assert wrong.stdout.splitlines()[-1] == (
        f"hint: the missing inputs' paths are relative, read from --base {elsewhere};"
        " give the folder attribute ran in"
    )
    right = run("verify", "--db", str(db), "--base", str(tmp_path))
    assert right.exit_code == 0 and "hint:" not in right.stdout
    as_json = run("verify", "--db", str(db), "--format", "json")
    assert "hint:" not in as_json.stdout and len(json.loads(as_json.stdout)["problems"]) == 4


@pytest.mark.issue(13)
def test_verify_gives_no_hint_when_absolute_paths_are_missing(consultation, tmp_path):
    draft, final, subs = consultation
    db = tmp_path / "v.db"
    assert run("attribute", draft, final, subs, "--db", db, "-q").exit_code == 0
    (subs / "resident.md").unlink()
    result = run("verify", "--db", db)
    assert result.exit_code == 1 and "hint:" not in result.stdout
    assert result.stdout.splitlines()[-1].endswith(": 1 problems")


# --- --lang (issue 13, item 7) -------------------------------------------------------


def _args(command, draft, final, subs, db):
    files = [draft, final] if command == "diff" else [draft, final, subs, "--db", db]
    return [command, *map(str, files)]


UNKNOWN = "not a language spaCy knows; give an ISO 639-1 code such as en, ko, fr, or auto"


@pytest.mark.issue(13)
@pytest.mark.parametrize("command", ["attribute", "diff"])
@pytest.mark.parametrize(
    "lang, message",
    [
        ("zz", f"--lang zz: {UNKNOWN}"),
        ("english", f"--lang english: {UNKNOWN}"),
        ("EN", "--lang EN: language codes are lower case; give en"),
        ("z\x1b]0;z", f"--lang 'z\\x1b]0;z': {UNKNOWN}"),  # one line, nothing sent to the terminal
    ],
)
def test_an_unknown_lang_is_a_usage_error_before_any_reading(
    consultation, tmp_path, command, lang, message
):
    db = tmp_path / "p.db"
    for draft, final in (consultation[:2], (tmp_path / "no-draft.txt", tmp_path / "no-final.txt")):
        result = run(*_args(command, draft, final, consultation[2], db), "--lang", lang)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.splitlines()[-1] == f"Error: {message}"
        assert "no-draft.txt" not in result.stderr  # the files were not read
    assert not db.exists()


@pytest.mark.issue(13)
def test_lang_xx_is_spacys_multi_language_code(consultation):
    draft, final, subs = consultation
    result = run("attribute", draft, final, subs, "--no-db", "--format", "json", "--lang", "xx")
    assert result.exit_code == 0 and json.loads(result.stdout)["params"]["lang"] == "xx"
    assert run("diff", draft, final, "--lang", "xx").exit_code == 0


@pytest.mark.issue(13)
@pytest.mark.parametrize("lang", ["auto", "en"])
def test_attribute_json_inputs_describe_draft_and_final_as_diff_json_does(consultation, lang):
    draft, final, subs = consultation
    attributed = run("attribute", draft, final, subs, "--no-db", "--format", "json", "--lang", lang)
    diffed = run("diff", draft, final, "--format", "json", "--lang", lang)
    inputs = json.loads(attributed.stdout)["inputs"]
    for role in ("draft", "final"):
        assert inputs[role] == json.loads(diffed.stdout)["inputs"][role]
        assert (inputs[role]["lang"], inputs[role]["format"], inputs[role]["encoding"]) == (
            "en",
            "txt",
            "utf-8",
        )
    assert [sorted(s) for s in inputs["submissions"]] == [["chars", "id", "path", "sha256"]] * 2


class _Ticking:
    """A clock that moves ``step`` seconds each time it is read: a long run, quickly."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def _attribute_json(corpus, *extra):
    case = corpus / "nap-en"
    paths = (case / "draft.txt", case / "final.txt", case / "submissions")
    return run("attribute", *paths, "--no-db", "--format", "json", *extra)


@pytest.mark.issue(16)
def test_progress_goes_to_stderr_and_never_changes_the_json(corpus, monkeypatch):
    quiet = _attribute_json(corpus, "--quiet")
    plain = _attribute_json(corpus)  # stderr is no terminal and the run short: no progress
    monkeypatch.setattr(provenance_cli, "_stderr_is_terminal", lambda: True)
    shown = _attribute_json(corpus)
    hushed = _attribute_json(corpus, "--quiet")
    assert quiet.stdout == plain.stdout == shown.stdout == hushed.stdout
    assert json.loads(shown.stdout)["schema"] == "provenance-attribution/2"
    assert "\r" not in shown.stdout and "submissions read" not in shown.stdout
    assert quiet.stderr == plain.stderr == hushed.stderr == ""
    # One line, redrawn (the erase-line code is dropped here: CliRunner is no terminal).
    *redraws, summary = shown.stderr.split("\r")[1:]
    assert re.fullmatch(r"\[0:0\d\] preparing", redraws[0])
    for stage in ("reading", "matching \\(pass 1/2\\)", "matching \\(pass 2/2\\)"):
        assert any(re.fullmatch(rf"\[\d:\d\d\] {stage}( done)?: .*", r) for r in redraws), stage
    assert any(r.endswith("] writing the result") for r in redraws)
    assert "\n" not in "".join(redraws)
    assert re.fullmatch(
        r"done in 0:0\d: 23 submissions read( \([0-9.,]+/s\))?, 23 distinct texts through pass 1"
        r" and \d+ through pass 2\n",
        summary,
    )


@pytest.mark.issue(16)
def test_progress_on_a_terminal_tells_saving_and_makes_way_for_notes(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(provenance_cli, "_stderr_is_terminal", lambda: True)
    case = corpus / "nap-en"
    db = tmp_path / "p.db"
    result = run("attribute", case / "draft.txt", case / "final.txt", case / "submissions",
                 "--db", db, "--format", "json")  # fmt: skip
    *_, summary, note = result.stderr.split("\r")[-1].splitlines()
    assert summary.endswith(" rows saved") and "saving done: " in result.stderr
    assert note.startswith("stored run ")


@pytest.mark.issue(16)
def test_an_error_on_a_terminal_starts_on_a_clean_line(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance_cli, "_stderr_is_terminal", lambda: True)
    (tmp_path / "final.txt").write_text("1. Publish budgets.\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["attribute", str(tmp_path / "nope.txt"), str(tmp_path / "final.txt"),
              str(tmp_path / "final.txt"), "--no-db"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.split("\r")[-1].startswith("Error: ")


@pytest.mark.issue(16)
def test_progress_in_a_log_is_a_line_now_and_then_and_a_summary(corpus, monkeypatch):
    quiet = _attribute_json(corpus, "--quiet")
    monkeypatch.setattr(provenance_cli, "_clock", _Ticking(3.0))  # a long run
    logged = _attribute_json(corpus)
    assert logged.stdout == quiet.stdout
    lines = logged.stderr.splitlines()
    assert "\r" not in logged.stderr and len(lines) >= 3
    assert all(re.fullmatch(r"\[\d+:\d\d\] .+", line) for line in lines[:-1])
    assert "] reading done: 23 submissions" in logged.stderr  # each stage's end is logged
    assert lines[-1].startswith("done in ") and "23 submissions read" in lines[-1]
    assert _attribute_json(corpus, "--quiet").stderr == ""
