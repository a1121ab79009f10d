"""The contributors' ledger: one row per ask, with what became of it (issue 15)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re

import pytest
from conftest import run_cli
from test_report import Page

from provenance import attribute
from provenance.ledger import (
    LABELS,
    asks_adopted,
    ledger_csv,
    ledger_dict,
    ledger_rows,
    scorecard,
)
from provenance.ledger_docx import ledger_docx
from provenance.ledger_html import ledger_html
from provenance.report import slug

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


# --- the page and the document (issue 15, items 2 and 3) ------------------------------

HOSTILE_ID = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
HOSTILE_ASK = "Stream it <script>alert('s')</script> \"><img onerror=alert(3)> bell\x07 esc\x1b[31m rtl\u202e."


@pytest.fixture(scope="module")
def hostile(data) -> dict:
    """The run with the "access" letter under a hostile id, its asks full of markup."""
    text = json.dumps(data, ensure_ascii=False).replace('"access"', json.dumps(HOSTILE_ID))
    out = json.loads(text)
    for ask in out["asks"]:
        if ask["submission_id"] == HOSTILE_ID:
            ask["submission"]["text"] = HOSTILE_ASK
    return out


def _csp(html: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)


@pytest.mark.issue(15)
@pytest.mark.parametrize("by", ["submission", "clause"])
def test_html_escapes_hostile_ids_and_text_and_runs_nothing(hostile, by):
    html = ledger_html(hostile, by=by)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "onerror=alert(1)&gt;" in html and "&lt;script&gt;alert(&#39;s&#39;)" in html
    assert "\x07" not in html and "\x1b" not in html and "\u202e" not in html
    assert "bell\\x07" in html and "rtl\\u202e" in html
    csp = _csp(html)
    assert "default-src 'none'" in csp and "script-src" not in csp and "unsafe" not in csp
    (style,) = re.findall(r"<style>(.*?)</style>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp
    assert not re.search(r"url\(|@import|https?:", style)
    page = Page(html)
    assert {tag for tag, _ in page.tags}.isdisjoint({"script", "img", "link", "iframe", "object"})
    for tag, attrs in page.tags:
        assert "src" not in attrs and not any(name.startswith("on") for name in attrs), tag
        assert attrs.get("href", "#").startswith("#")
        for name in ("id", "class"):
            assert re.fullmatch(r"[a-z0-9 -]*", attrs.get(name, "")), attrs


@pytest.mark.issue(15)
def test_html_has_a_table_and_an_anchor_per_contributor(data):
    html = ledger_html(data)
    assert '<html lang="en">' in html and "<title>What became of each contribution" in html
    rows = ledger_rows(data)
    for sid, counts in scorecard(rows).items():
        anchor = slug(sid, "contributor")
        assert f'<section class="group" id="{anchor}"' in html and f'href="#{anchor}"' in html
        assert asks_adopted("en", adopted=counts["adopted"], asks=counts["asks"]) in html
    assert html.count("<table") == len(scorecard(rows)) + 1  # and the inputs
    assert "%" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert data["run_id"] in html and data["digest"] in html
    assert data["inputs"]["submissions"][0]["sha256"] in html
    assert "Submissions in which no ask was found: thanks" in html
    assert html.count('class="c-response" data-label="response"></td>') == len(rows)


@pytest.mark.issue(15)
def test_html_in_korean_by_clause(data):
    html = ledger_html(data, lang="ko", by="clause")
    assert '<html lang="ko">' in html and "Malgun Gothic" in html and "Noto Sans KR" in html
    for key in ("title", "by_clause", "submission", "ask", "outcome", "where", "final", "response"):
        assert LABELS["ko"][key] in html, key
    assert "제안 1건 중 1건 반영" in html and "최종안에서 찾지 못함" in html
    assert html.count('<tbody class="clause"') == len({r.where for r in ledger_rows(data)})
    # asks in no clause of the final come last
    heads = re.findall(r'scope="colgroup">(.*?) <span', html)
    assert heads[-1] == LABELS["ko"]["no_clause"] and "1." in heads[:-1]


def _docx(blob: bytes):
    from docx import Document

    return Document(io.BytesIO(blob))


@pytest.mark.issue(15)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_docx_opens_with_a_table_per_contributor_and_an_empty_response(hostile, lang):
    doc = _docx(ledger_docx(hostile, lang=lang))
    words = LABELS[lang]
    title = [p for p in doc.paragraphs if p.style.name == "Title"]
    assert [p.text for p in title] == [words["title"]]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    rows = ledger_rows(hostile)
    assert headings == [*scorecard(rows), words["inputs"]]
    assert HOSTILE_ID in headings  # as text, not markup
    *asks, inputs = doc.tables
    assert len(asks) == len(scorecard(rows))
    head = [words[k] for k in ("submission", "ask", "outcome", "where", "final", "response")]
    for table in asks:
        assert [c.text for c in table.rows[0].cells] == head
        assert all(r.cells[5].text == "" for r in table.rows[1:])
    cells = [c.text for t in asks for r in t.rows[1:] for c in r.cells]
    assert any("bell\\x07" in c and "<script>" in c for c in cells)
    assert hostile["inputs"]["final"]["sha256"] in [c.text for r in inputs.rows for c in r.cells]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert hostile["run_id"] in text and hostile["digest"] in text
    assert asks_adopted(lang, adopted=1, asks=1) in text


@pytest.mark.issue(15)
def test_docx_by_clause_is_one_table(data):
    doc = _docx(ledger_docx(data, lang="ko", by="clause"))
    asks, _inputs = doc.tables
    assert asks.rows[0].cells[5].text == "검토 의견"
    assert len(asks.rows) == 1 + len(ledger_rows(data)) + len({r.where for r in ledger_rows(data)})


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("ledger")
    folder = tmp_path / "letters"
    folder.mkdir()
    for name, text in LETTERS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "final.txt").write_text(FINAL, encoding="utf-8")
    db = tmp_path / "p.db"
    run_cli("attribute", tmp_path / "draft.txt", tmp_path / "final.txt", folder, "--db", db, "-q")
    return db


@pytest.mark.issue(15)
def test_cli_ledger_html(store):
    result = run_cli("ledger", "--db", store, "--format", "html", "--lang", "ko", "--by", "clause")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!doctype html>") and '<html lang="ko">' in result.stdout
    assert "최종안 조항별 제안" in result.stdout


@pytest.mark.issue(15)
def test_cli_ledger_docx(store, tmp_path):
    out = tmp_path / "ledger.docx"
    result = run_cli("ledger", "--db", store, "--format", "docx", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert len(_docx(out.read_bytes()).tables) == 3  # press, access, inputs


@pytest.mark.issue(15)
def test_cli_ledger_docx_needs_a_file(store):
    result = run_cli("ledger", "--db", store, "--format", "docx")
    assert result.exit_code == 2 and "-o" in result.output


KO_FINAL = "③ 시장은 공공데이터 목록을 반기마다 갱신하며, 시민참여를 활성화하며 운영하여야 한다."


def _cut_run() -> dict:
    """A Korean run whose one link was matched from inside a word to inside a word, and
    whose ask is that link's evidence alone (as outcomes.py makes one)."""
    part = "이터 목록을 반기마다 갱신하며, 시민참여를 활성화하"
    evidence = "이터 목록을 분기마다 갱신하며, 시민참여를 활성화하"
    at = KO_FINAL.index(part)
    span = {"start": 4, "end": 4 + len(evidence), "text": evidence}
    return {
        "run_id": "r",
        "params": {"lang": "ko"},
        "digest": "0" * 64,
        "inputs": {"submissions": [{"id": "a", "path": "a.txt", "sha256": "1" * 64}]},
        "changes": [
            {
                "id": "c1",
                "kind": "inserted",
                "label": "③",
                "draft": None,
                "final": {"start": 0, "end": len(KO_FINAL), "text": KO_FINAL},
            },
        ],
        "links": [
            {
                "id": "l1",
                "change_id": "c1",
                "submission_id": "a",
                "ask_id": "a1.1",
                "final": {"start": at, "end": at + len(part), "text": part},
                "submission": span,
                "draft": None,
            },
        ],
        "asks": [
            {
                "id": "a1.1",
                "submission_id": "a",
                "submission": span,
                "kind": "request",
                "proposed": {"old": None, "new": None},
                "outcome": "adopted",
                "link_ids": ["l1"],
            },
        ],
        "submissions": [{"id": "a", "adopted": True, "links": 1}],
    }


@pytest.mark.issue(17)
def test_pages_quote_passages_from_whole_word_to_whole_word_and_data_keeps_them_exact():
    run = _cut_run()
    (row,) = ledger_rows(run, lang="ko", whole_words=True)
    assert row.final == "…목록을 반기마다 갱신하며, 시민참여를…"
    assert row.evidence == row.ask == "…목록을 분기마다 갱신하며, 시민참여를…"
    page = ledger_html(run, lang="ko")
    assert "…목록을 반기마다 갱신하며, 시민참여를…" in page and "이터 목록" not in page
    # CSV and JSON are data: the stored passages, as they are.
    (exact,) = ledger_rows(run, lang="ko")
    assert exact.final.startswith("이터 목록을") and exact.ask.endswith("활성화하")
    assert "이터 목록을 반기마다" in ledger_csv([exact])


@pytest.mark.issue(17)
@pytest.mark.parametrize(
    ("lang", "adopted", "asks", "line"),
    [
        ("en", 1, 1, "1 of 1 ask adopted"),
        ("en", 0, 1, "0 of 1 ask adopted"),
        ("en", 2, 3, "2 of 3 asks adopted"),
        ("en", 1, 2, "1 of 2 asks adopted"),
        ("ko", 1, 1, "제안 1건 중 1건 반영"),
        ("ko", 2, 3, "제안 3건 중 2건 반영"),
        ("fr", 1, 1, "1 of 1 ask adopted"),  # no words for it: English
    ],
)
def test_asks_adopted_reads_naturally(lang, adopted, asks, line):
    assert asks_adopted(lang, adopted=adopted, asks=asks) == line


@pytest.mark.issue(17)
def test_every_scorecard_says_one_ask_in_the_singular(data):
    # "access" made 1 ask and "press" 2: each page and the Word document say so.
    docx = "\n".join(p.text for p in _docx(ledger_docx(data)).paragraphs)
    report = attribute(DRAFT, FINAL, LETTERS).to_html()
    for page in (ledger_html(data), docx, report):
        assert "1 of 1 ask adopted" in page and "1 of 2 asks adopted" in page
    by_clause = ledger_html(data, by="clause")  # a clause of the final with one ask each
    assert "1 of 1 ask adopted" in by_clause and "0 of 1 ask adopted" in by_clause
    for page in (ledger_html(data), docx, report, by_clause):
        assert "of 1 asks" not in page
