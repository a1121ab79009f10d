"""The proof report: self-contained, safe with hostile input, every claim linked to its evidence.

The golden file ``tests/golden/report.html`` is the report of a small hand-written run;
regenerate it with ``UPDATE_GOLDEN=1 pytest tests/test_report.py`` after a deliberate change
to the templates, and look at the diff before committing it.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import provenance
from provenance.report import (
    ReportError,
    attribution_html,
    reproduce_command,
    slug,
    summary_html,
)

GOLDEN = Path(__file__).parent / "golden" / "report.html"

DRAFT = "1. Publish budgets.\n2. Hold public hearings on the budget."
FINAL = (
    "1. Publish budgets every month as open data.\n"
    "2. Hold public hearings on the budget.\n"
    "3. Open every council meeting to the press and livestream it."
)
SUBMISSIONS = {
    "press-club": "We ask you to open every council meeting to the press.",
    "ngo/budget-watch": "Budgets should be published every month as open data, please.",
    "citizens": "Please open every council meeting to the press and livestream it.",
}
HOSTILE_ID = 'evil"><img src=x onerror=alert(1)>'
HOSTILE = (
    "<script>alert('s')</script> <img src=x onerror=alert('i')> "
    "<a href=\"javascript:alert('j')\">click</a> </textarea> <style>body{display:none}</style>"
)


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of script and style elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.raw[self._in][-1] += data

    def all(self, tag=None, attr=None):
        return [
            a for t, a in self.tags if (tag is None or t == tag) and (attr is None or attr in a)
        ]

    def by_id(self):
        return {a["id"]: (t, a) for t, a in self.tags if "id" in a}


def _doc(text, path):
    return provenance.Document.from_text(text, path=path)


@pytest.fixture(scope="module")
def small():
    subs = {k: _doc(v, f"subs/{k}.txt") for k, v in SUBMISSIONS.items()}
    return provenance.attribute(_doc(DRAFT, "draft.txt"), _doc(FINAL, "final.txt"), subs)


@pytest.fixture(scope="module")
def hostile():
    """A submission (and the final that adopted it) full of markup, under a hostile id."""
    sentence = f"Publish every contract with its annexes: {HOSTILE} within ten days of signature."
    final = FINAL + "\n4. " + sentence
    subs = {
        HOSTILE_ID: _doc(f"Dear council,\n\nWe propose this: {sentence}\n\nRegards", "evil.txt"),
        "press-club": _doc(SUBMISSIONS["press-club"], "subs/press-club.txt"),
    }
    return provenance.attribute(_doc(DRAFT, "draft.txt"), _doc(final, "final.txt"), subs)


@pytest.fixture(scope="module")
def nap():
    corpus = Path(__file__).resolve().parent.parent / "corpus" / "nap-en"
    return provenance.attribute(
        corpus / "draft.txt", corpus / "final.txt", [corpus / "submissions"]
    )


def _check_self_contained(html: str) -> Page:
    page = Page(html)
    # Nothing is fetched: no src at all, no link elements, only in-page hrefs.
    assert page.all(attr="src") == []
    assert page.all("link") == [] and page.all("iframe") == [] and page.all("object") == []
    for attrs in page.all(attr="href"):
        assert attrs["href"].startswith("#"), attrs
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name not in ("content",):
                assert "//" not in value and "javascript:" not in value.lower(), (tag, name)
    assert not re.search(r"url\(|@import", "".join(page.raw["style"]))
    # CSP: nothing from anywhere, the page's own style and script by hash only.
    (csp,) = [
        a["content"] for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "default-src 'none'" in csp and "http" not in csp and "unsafe" not in csp
    for kind, directive in (("style", "style-src"), ("script", "script-src")):
        for text in page.raw[kind]:
            digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
            assert f"{directive} 'sha256-{digest}'" in csp
    return page


def _check_links(page: Page, n_links: int) -> None:
    ids = page.by_id()
    assert len(ids) == len([a for a in page.all(attr="id")]), "ids are unique"
    badges = page.all(attr="data-link")
    assert len(badges) == n_links
    assert sorted(int(b["data-link"]) for b in badges) == list(range(1, n_links + 1))
    for badge in badges:
        target = badge["href"][1:]
        assert target == f"ev-{badge['data-link']}" and target in ids
    for mark in page.all("mark", attr="data-links"):
        assert mark["data-links"]
    for attrs in page.all("a", attr="href"):
        assert attrs["href"][1:] in ids, attrs["href"]
    # Evidence sits in a disclosure, one per passage.
    for tag, attrs in page.tags:
        if attrs.get("id", "").startswith("ev-"):
            assert tag == "article"
    assert all(
        ids[a["href"][1:]][0] == "details"
        for a in page.all("a", "href")
        if a["href"].startswith("#p-")
    )


def _check_slugs(page: Page) -> None:
    for _, attrs in page.tags:
        if "id" in attrs:
            assert re.fullmatch(r"[a-z][a-z0-9-]*", attrs["id"]), attrs["id"]
        for name in attrs.get("class", "").split():
            assert re.fullmatch(r"[a-z][a-z0-9-]*", name), name


def test_null_case_no_links():
    result = provenance.attribute(DRAFT, DRAFT, {"nobody": "Nothing to do with it."})
    html = result.to_html()
    page = _check_self_contained(html)
    _check_links(page, 0)
    assert "No passage of the final text is credited" in html
    assert "No changes: the final text is the draft." in html


def test_small_report(small):
    html = small.to_html()
    page = _check_self_contained(html)
    _check_links(page, len(small.links))
    _check_slugs(page)
    assert page.all("html")[0]["lang"] == "en"
    for tag in ("header", "nav", "main", "section", "footer", "details", "summary"):
        assert page.all(tag), tag
    # Headings go down one level at a time.
    levels = [int(t[1]) for t, _ in page.tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    assert "@media print" in html and "@media (max-width" in html
    assert "Apple SD Gothic Neo" in html and "Malgun Gothic" in html
    # The two links on "Open every council meeting..." nest: the shared part is marked.
    shared = [a for a in page.all("mark") if "shared" in a["class"].split()]
    assert shared and all(len(a["data-links"].split()) == 2 for a in shared)
    for link in small.links:
        assert link.final.text.split()[-1] in html


def test_summary_figures(small):
    html = small.to_html()
    new = {(s.start, s.end) for s in small.alignment.new_text}
    new_chars = sum(e - s for s, e in new)
    covered = set()
    for link in small.links:
        covered |= {
            i for i in range(link.final.start, link.final.end) if any(s <= i < e for s, e in new)
        }
    assert f"({len(covered):,} of {new_chars:,} characters)" in html
    assert f"<strong>{len(small.changes)}</strong> change" in html
    adopted = sum(s["adopted"] for s in small.summary())
    assert (
        f"<strong>{adopted}</strong> of {len(small.submissions)} submissions adopted, with {len(small.links)} links"
        in html
    )


def test_past_a_hundred_contributors_the_uncredited_are_named_in_one_line():
    notes = {f"note-{i:03d}": f"Thank you for plan {i}." for i in range(100)}
    notes[HOSTILE_ID] = "Thanks."
    result = provenance.attribute(DRAFT, FINAL, {**SUBMISSIONS, **notes})
    html = result.to_html()
    rows = [a["id"] for t, a in Page(html).tags if t == "tr" and a.get("id", "").startswith("who-")]
    assert len(rows) == 3  # the three credited submissions
    assert "<strong>3</strong> of 104 submissions adopted" in html
    line = re.search(r'<p class="note unlisted">(.*?)</p>', html, re.S)[1]
    assert line.startswith("101 more submissions, with no passage credited: ")
    assert "note-000, note-001" in line and "&#34;&gt;&lt;img src=x" in line
    # Up to a hundred, every contributor has a row.
    hundred = dict(list(notes.items())[:97])  # with the three credited: exactly 100
    small = provenance.attribute(DRAFT, FINAL, {**SUBMISSIONS, **hundred}).to_html()
    rows = [a for t, a in Page(small).tags if t == "tr" and a.get("id", "").startswith("who-")]
    assert len(rows) == 100 and "unlisted" not in small


def test_evidence_shows_both_passages_with_word_differences(small):
    html = small.to_html()
    press = next(k for k in small.links if k.submission_id == "press-club")
    block = html[html.index(f'id="ev-{1 + small.links.index(press)}"') :]
    block = block[: block.index("</article>")]
    assert "press-club" in block and f"score {press.score:.2f}" in block
    assert press.confidence in block and press.method in block
    assert f"characters {press.submission.start}–{press.submission.end}" in block
    assert f"characters {press.final.start}–{press.final.end}" in block
    # "open" (submission) became "Open" (final): one struck, one inserted.
    assert "<del>open</del>" in block and "<ins>Open</ins>" in block


def test_hostile_input_is_inert_text(hostile):
    assert any(k.submission_id == HOSTILE_ID for k in hostile.links), "the hostile text is quoted"
    html = hostile.to_html()
    page = _check_self_contained(html)
    _check_links(page, len(hostile.links))
    _check_slugs(page)
    assert len(page.all("script")) == 1 and len(page.all("style")) == 1
    assert page.all("img") == [] and page.all("textarea") == []
    assert [a for a in page.all("a") if "javascript" in str(a).lower()] == []
    for raw in ("<script>alert", "<img", "</textarea>", "<style>body", 'href="javascript'):
        assert raw not in html
    assert "&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt;" in html
    assert "&lt;/textarea&gt;" in html and "&lt;style&gt;body{display:none}&lt;/style&gt;" in html
    assert "evil&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    # The inline script is ours alone.
    (script,) = page.raw["script"]
    assert "alert" not in script


def test_overlapping_passages_split_at_every_boundary():
    final = "aaaa bbbb cccc dddd"
    data = _data(
        final,
        [
            _link("c1", "one", final, "aaaa bbbb cccc"),
            _link("c1", "two", final, "bbbb cccc dddd"),
            _link("c1", "three", final, "cccc"),
        ],
    )
    page = Page(attribution_html(data, final_text=final, draft_text="x"))
    marks = [(a["data-links"], a.get("class", "")) for a in page.all("mark", attr="data-links")]
    # "aaaa " | "bbbb " | "cccc" | " dddd": one, one+two, all three, two
    assert [m[0] for m in marks] == ["1", "1 2", "1 2 3", "2"]
    assert ["shared" in m[1] for m in marks] == [False, True, True, False]
    _check_links(page, 3)
    html = attribution_html(data, final_text=final, draft_text="x")
    doc = html[html.index('<div class="doc">') :]
    refs = r'<span class="refs[^"]*">(<a [^>]*>[^<]*</a>)*(<span class="count"[^>]*>[^<]*</span>)?</span>'
    doc = re.sub(refs, "", doc[: doc.index("</div>")])
    assert re.sub(r"<[^>]+>", "", doc) == final


def test_coinciding_passages_get_a_badge_per_link():
    final = "Publish every contract."
    data = _data(final, [_link("c1", s, final, "every contract") for s in ("a", "b", "c")])
    html = attribution_html(data, final_text=final, draft_text="")
    page = Page(html)
    _check_links(page, 3)
    assert len(page.all("details")) == 1
    assert "×3" in html


def test_deterministic_and_same_from_json_and_store(small):
    first = small.to_html()
    assert small.to_html() == first
    data = json.loads(json.dumps(small.to_dict()))
    texts = {"final_text": small.alignment.final.text, "draft_text": small.alignment.draft.text}
    assert attribution_html(data, **texts) == first
    # A run saved and loaded again renders the same page.
    db = provenance.store.open_store(":memory:")
    provenance.store.save_result(db, small)
    assert attribution_html(provenance.store.load_result_dict(db), **texts) == first
    # Order of rows in the input does not matter.
    shuffled = copy.deepcopy(data)
    for key in ("links", "submissions"):
        shuffled[key].reverse()
    shuffled["inputs"]["submissions"].reverse()
    assert attribution_html(shuffled, **texts) == first


def test_summary_fragment(small):
    html = summary_html(small.to_dict(), small.alignment.final.text)
    page = Page(html)
    assert page.all("script") == [] and page.all("html") == []
    assert html.startswith('<div class="pv pv-fragment"')
    assert len(page.all(attr="data-link")) == len(small.links)
    assert page.all(attr="href") == []  # no evidence to go to in a notebook
    # Every rule is scoped to the fragment.
    css = re.sub(r"/\*.*?\*/", "", page.raw["style"][0], flags=re.S)
    css = re.sub(r'"[^"]*"', '""', css)
    selectors = [
        s.strip()
        for rule in re.findall(r"([^{}]+)\{", css)
        if not rule.strip().startswith("@")
        for s in rule.split(",")
    ]
    assert selectors and all(s.startswith((".pv", "body.pv")) for s in selectors), selectors


def test_mismatched_text_is_refused(small):
    data = small.to_dict()
    with pytest.raises(ReportError, match="final text given does not match"):
        attribution_html(data, final_text=small.alignment.final.text.upper(), draft_text=DRAFT)
    with pytest.raises(ReportError, match="provenance-attribution/2"):
        attribution_html({"schema": "x"}, final_text="", draft_text="")
    assert isinstance(ReportError("x"), provenance.ProvenanceError)


def test_reproduce_command(small):
    command = reproduce_command(small.to_dict())
    # "ngo/budget-watch" was found in subs/, so subs/ is given, and gives the ids back.
    assert command == (
        f"provenance attribute draft.txt final.txt subs --min-score {small.params['min_score']} "
        "--lang en"
    )
    data = small.to_dict()
    data["inputs"]["submissions"] = [
        {"id": "a", "path": "one/a.txt"},
        {"id": "x/b", "path": "two/x/b.md"},
        {"id": "c", "path": "two/c.txt"},
    ]
    assert (
        reproduce_command(data).split(" --")[0]
        == "provenance attribute draft.txt final.txt two one/a.txt"
    )
    # Flat ids: a folder holding two or more is named once; a file inside a walked folder
    # under an id that folder does not give stays a file.
    data["inputs"]["submissions"] = [
        {"id": "a", "path": "one/a.txt"},
        {"id": "b", "path": "one/b.txt"},
        {"id": "x/b", "path": "two/x/b.md"},
        {"id": "c", "path": "two/x/c.md"},
        {"id": "d", "path": "two/x/d.md"},
    ]
    assert (
        reproduce_command(data).split(" --")[0]
        == "provenance attribute draft.txt final.txt one two two/x/c.md two/x/d.md"
    )
    # Rows of a table: the table once, which gives the same ids again.
    data["inputs"]["submissions"] = [
        {"id": "r1", "path": "dump/comments.jsonl#row=1"},
        {"id": "letter", "path": "letter.txt"},
        {"id": "r2", "path": "dump/comments.jsonl#row=2"},
    ]
    assert (
        reproduce_command(data).split(" --")[0]
        == "provenance attribute draft.txt final.txt dump/comments.jsonl letter.txt"
    )
    data = small.to_dict()
    data["inputs"]["final"]["path"] = "my final; rm -rf ~.txt"
    data["params"]["semantic"] = False
    assert "'my final; rm -rf ~.txt'" in reproduce_command(data)
    assert reproduce_command(data).endswith("--no-semantic")
    data["inputs"]["draft"]["path"] = None
    assert reproduce_command(data) is None
    html = provenance.attribute(DRAFT, FINAL, SUBMISSIONS).to_html()
    assert "no command line repeats it" in html


def test_slug():
    assert slug("kctu/letter", "c") != slug("kctu-letter", "c")
    assert re.fullmatch(r"c-[0-9a-f]{6}", slug("한빛 시민연대", "c"))
    assert re.fullmatch(r"c-[a-z0-9-]+", slug('"><script>x</script>', "c"))


def test_corpus_report(nap):
    html = nap.to_html()
    page = _check_self_contained(html)
    _check_links(page, len(nap.links))
    _check_slugs(page)
    passages = {(k.final.start, k.final.end) for k in nap.links}
    assert len(page.all("details")) == len(passages)
    assert len(
        [t for t, a in page.tags if t == "article" and "change" in a.get("class", "")]
    ) == len(nap.changes)
    assert "provenance attribute " in html and "corpus/nap-en/submissions/" in html
    for doc in (nap.alignment.draft, nap.alignment.final, *(s.document for s in nap.submissions)):
        assert doc.sha256 in html


@pytest.mark.slow
def test_korean_corpus_report():
    corpus = Path(__file__).resolve().parent.parent / "corpus" / "ordinance-ko"
    result = provenance.attribute(
        corpus / "draft.txt", corpus / "final.txt", [corpus / "submissions"]
    )
    html = result.to_html()
    page = _check_self_contained(html)
    _check_links(page, len(result.links))
    _check_slugs(page)
    assert page.all("html")[0]["lang"] == "ko"
    assert "lang" not in page.all("header")[0]  # the page's own words are Korean too
    assert "<h1>어떤 제출 의견이 최종안에 반영되었나</h1>" in html
    english = _check_self_contained(result.to_html(lang="en"))
    assert english.all("html")[0]["lang"] == "ko" and english.all("header")[0]["lang"] == "en"


# --- golden --------------------------------------------------------------------------


def _span(text, part, start=0):
    at = text.index(part, start)
    return {"start": at, "end": at + len(part), "text": part}


def _link(change_id, who, final, part, sub_part=None, score=0.9):
    sub_part = sub_part or part
    sub_text = f"We ask for this: {sub_part}."
    return {
        "change_id": change_id,
        "submission_id": who,
        "final": _span(final, part),
        "submission": _span(sub_text, sub_part),
        "score": score,
        "confidence": "high" if score >= 0.8 else "medium",
        "method": "fuzzy",
    }


def _data(final, links, changes=None, draft=""):
    ids = sorted({k["submission_id"] for k in links})
    return {
        "schema": "provenance-attribution/1",
        "run_id": "0123456789abcdef",
        "tool": {"name": "policy-provenance", "version": "0.0.0-golden"},
        "params": {"min_score": 0.5, "lang": "en", "semantic": True},
        "inputs": {
            "draft": {"path": "draft.txt", "sha256": "d" * 64, "chars": len(draft)},
            "final": {"path": "final.txt", "sha256": "f" * 64, "chars": len(final)},
            "submissions": [
                {"id": i, "path": f"subs/{i}.txt", "sha256": "0" * 64, "chars": 99} for i in ids
            ],
        },
        "changes": changes
        or [
            {
                "id": "c1",
                "kind": "inserted",
                "label": "1.",
                "draft_label": None,
                "draft": None,
                "final": _span(final, final),
                "new_text": [_span(final, final)],
            }
        ],
        "links": links,
        "submissions": [
            {"id": i, "adopted": True, "links": sum(k["submission_id"] == i for k in links)}
            for i in ids
        ],
        "skipped": [],
    }


def _golden_case():
    draft = "1. Publish budgets.\n2. Hold hearings.\n3. Train staff."
    final = (
        "1. Publish budgets every month as open data.\n"
        "2. Hold hearings.\n"
        "3. Open every council meeting to the press <b>and</b> livestream it.\n"
        "4. Train staff."
    )
    budget_new = " every month as open data"
    meeting = final.split("\n")[2]
    changes = [
        {
            "id": "c1",
            "kind": "modified",
            "label": "1.",
            "draft_label": "1.",
            "draft": _span(draft, "1. Publish budgets."),
            "final": _span(final, final.split("\n")[0]),
            "new_text": [_span(final, budget_new)],
        },
        {
            "id": "c2",
            "kind": "inserted",
            "label": "3.",
            "draft_label": None,
            "draft": None,
            "final": _span(final, meeting),
            "new_text": [_span(final, meeting)],
        },
        {
            "id": "c3",
            "kind": "moved",
            "label": "4.",
            "draft_label": "3.",
            "draft": _span(draft, "3. Train staff."),
            "final": _span(final, "4. Train staff."),
            "new_text": [_span(final, "4")],
        },
    ]
    links = [
        _link(
            "c1",
            "ngo/budget-watch",
            final,
            "every month as open data",
            "published each month as open data",
            0.74,
        ),
        _link("c2", "press-club", final, "Open every council meeting to the press"),
        _link(
            "c2",
            "citizens",
            final,
            "Open every council meeting to the press <b>and</b> livestream it",
        ),
        _link(
            "c2",
            'x"><script>alert(1)</script>',
            final,
            "press <b>and</b> livestream it",
            score=0.55,
        ),
    ]
    for n, link in enumerate(links, 1):
        link["id"] = f"l{n}"
    data = _data(final, links, changes, draft)
    data["skipped"] = [{"path": "subs/broken.pdf", "reason": "not a PDF <really>"}]
    data["asks"] = [
        _ask("a1", "press-club", "Open every council meeting to the press.", "adopted", ["l2"]),
        _ask("a2", "citizens", "Livestream every meeting.", "adopted", ["l3"]),
        _ask("a3", "citizens", "Hold meetings in the evening.", "not-found", []),
        _ask(
            "a4",
            'x"><script>alert(1)</script>',
            "<b>and</b> livestream it",
            "adopted-in-part",
            ["l4"],
        ),
    ]
    return data, final, draft


def _ask(ask_id, who, text, outcome, link_ids):
    return {
        "id": ask_id,
        "submission_id": who,
        "kind": "request",
        "submission": {"text": text},
        "proposed": {"old": None, "new": None},
        "outcome": outcome,
        "link_ids": link_ids,
    }


def test_golden():
    data, final, draft = _golden_case()
    html = attribution_html(data, final_text=final, draft_text=draft)
    _check_links(_check_self_contained(html), len(data["links"]))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert GOLDEN.exists(), "run with UPDATE_GOLDEN=1 to create tests/golden/report.html"
    assert html == GOLDEN.read_text(encoding="utf-8"), (
        "the report changed; if on purpose, regenerate with UPDATE_GOLDEN=1 and review the diff"
    )


def test_notebook_shows_the_summary_and_highlighted_final_text():
    from provenance import attribute

    draft = "1. Council meetings are public.\n"
    final = draft + "2. Every council meeting will be streamed live with captions.\n"
    result = attribute(
        draft, final, {"press-club": "Every council meeting should be streamed live with captions."}
    )
    html = result._repr_html_()
    assert "press-club" in html and "data-link" in html
    assert "<script" not in html


@pytest.mark.issue(14)
def test_an_edit_and_a_deletion_show_what_they_took_from_the_draft():
    draft = (
        "1. The council may publish the minutes.\n\n2. Visitors shall wear a <badge>.\n\n"
        "3. Meetings are public.\n"
    )
    final = "1. The council shall publish the minutes.\n\n3. Meetings are public.\n"
    letters = {
        "a": 'Please replace "may publish" with "shall publish" in section 1.',
        "b": 'Please delete section 2, "Visitors shall wear a <badge>."',
    }
    result = provenance.attribute(draft, final, letters)
    assert {(k.submission_id, k.method) for k in result.links} == {("a", "edit"), ("b", "edit")}
    html = result.to_html()
    assert "Replaced in the draft" in html and "Deleted from the draft" in html
    assert "nothing stands here in the final" in html
    assert "&lt;badge&gt;" in html and "<badge>" not in html


@pytest.mark.issue(15)
def test_scorecard_per_contributor(small):
    html = small.to_html()
    page = _check_self_contained(html)
    _check_slugs(page)
    ids = page.by_id()
    data = small.to_dict()
    from provenance.ledger import asks_adopted, ledger_rows, scorecard

    for sid, counts in scorecard(ledger_rows(data)).items():
        anchor = slug(sid, "contributor")
        assert ids[anchor][0] == "article", anchor
        assert asks_adopted("en", adopted=counts["adopted"], asks=counts["asks"]) in html
    assert "scorecard:target" in html and "break-before: page" in html


@pytest.mark.issue(17)
def test_a_folder_of_letters_is_named_once_in_the_command(tmp_path, monkeypatch):
    import shlex

    from click.testing import CliRunner

    from provenance_cli import cli

    monkeypatch.chdir(tmp_path)
    Path("draft.txt").write_text(DRAFT, encoding="utf-8")
    Path("final.txt").write_text(FINAL, encoding="utf-8")
    Path("letters").mkdir()
    for i in range(50):
        text = f"Letter {i}: please open every council meeting to the press and livestream it."
        Path(f"letters/letter-{i:02d}.txt").write_text(text, encoding="utf-8")
    result = provenance.attribute("draft.txt", "final.txt", ["letters"])
    command = reproduce_command(result.to_dict())
    assert command is not None and len(command) < 120, command
    assert shlex.split(command)[:5] == [
        "provenance",
        "attribute",
        "draft.txt",
        "final.txt",
        "letters",
    ]
    assert "letter-" not in command
    # Re-running the command gives the same run.
    args = [*shlex.split(command)[1:], "--no-db", "--format", "json", "--jobs", "1", "-q"]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["run_id"] == result.run_id


def _evidence(html: str, n: int) -> str:
    block = html[html.index(f'id="ev-{n}"') :]
    return block[: block.index("</article>")]


@pytest.mark.issue(17)
def test_a_period_only_one_passage_takes_is_not_marked():
    final = "Publish the budget every month."
    data = _data(final, [_link("c1", "a", final, final, sub_part="Publish the budget every month")])
    block = _evidence(attribution_html(data, final_text=final, draft_text=""), 1)
    assert "<ins>" not in block and "<del>" not in block
    assert block.count("Publish the budget every month") == 2
    # A difference inside the passages is still marked.
    data = _data(final, [_link("c1", "a", final, final, sub_part="Publish the budget every week")])
    block = _evidence(attribution_html(data, final_text=final, draft_text=""), 1)
    assert "<del>week</del>" in block and "<ins>month</ins>" in block


@pytest.mark.issue(17)
def test_a_passage_starting_inside_a_clause_number_is_shown_from_its_first_word():
    final = "Milestone 13.1: Publish the budget every month."
    link = _link(
        "c1",
        "a",
        final,
        "1: Publish the budget every month.",
        sub_part="Publish the budget every month",
    )
    assert link["final"]["start"] == len("Milestone 13.")  # the span starts inside "13.1:"
    block = _evidence(attribution_html(_data(final, [link]), final_text=final, draft_text=""), 1)
    quote = block[block.index("Final text, characters") :]
    assert f"characters {link['final']['start']}–{link['final']['end']}" in quote  # as stored
    assert "<blockquote>Publish the budget every month.</blockquote>" in quote
    assert "1:" not in quote and "<ins>" not in block


def _doc_text(html: str) -> str:
    """The highlighted final text as a reader sees it, each badge as ``[key]``."""
    doc = html[html.index('<div class="doc">') :]
    doc = doc[: doc.index("</div>")]
    doc = re.sub(r"<(a|span) class=\"key [^\"]*\"[^>]*>(\d+)</\1>", r"[\2]", doc)
    return re.sub(r"<[^>]+>", "", doc)


KO_FINAL = "③ 시장은 공공데이터 목록을 반기마다 갱신하며, 시민참여를 활성화하며 운영하여야 한다."


@pytest.mark.issue(17)
def test_a_badge_stands_after_the_whole_word_its_passage_ends_inside():
    # The passage ends inside 활성화하며 (the engine's Korean shingles are characters).
    link = _link("c1", "a", KO_FINAL, "시민참여를 활성화하")
    html = attribution_html(_data(KO_FINAL, [link]), final_text=KO_FINAL, draft_text="")
    text = _doc_text(html)
    assert "활성화하며[1] 운영하여야" in text
    assert "하[1]며" not in text


@pytest.mark.issue(17)
def test_a_badge_at_the_end_of_a_word_stays_before_its_punctuation():
    final = "Publish the budget every month."
    link = _link("c1", "a", final, "every month")
    text = _doc_text(attribution_html(_data(final, [link]), final_text=final, draft_text=""))
    assert "every month[1]." in text


@pytest.mark.issue(17)
def test_a_passage_cut_inside_words_is_quoted_from_and_to_whole_words():
    part = "이터 목록을 반기마다 갱신하며, 시민참여를 활성화하"
    link = _link(
        "c1", "a", KO_FINAL, part, sub_part="이터 목록을 분기마다 갱신하며, 시민참여를 활성화하"
    )
    block = _evidence(
        attribution_html(_data(KO_FINAL, [link]), final_text=KO_FINAL, draft_text=""), 1
    )
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", block, re.S)
    shown = [re.sub(r"<[^>]+>", "", q) for q in quotes]
    assert shown == [
        "…목록을 분기마다 갱신하며, 시민참여를…",  # the submission's, cut where the final's is
        "…목록을 반기마다 갱신하며, 시민참여를…",
    ]
    # the offsets stay those of the stored passage
    assert f"characters {link['final']['start']}–{link['final']['end']}" in block


@pytest.mark.issue(17)
def test_an_ask_made_of_evidence_cut_inside_a_word_is_shown_as_that_evidence():
    # Evidence outside every ask becomes an ask of its own: the same text, cut the same way.
    link = {**_link("c1", "a", KO_FINAL, "시민참여를 활성화하"), "id": "l1", "ask_id": "a1.1"}
    data = _data(KO_FINAL, [link])
    data["asks"] = [
        {
            "id": "a1.1",
            "submission_id": "a",
            "submission": link["submission"],
            "kind": "request",
            "proposed": {"old": None, "new": None},
            "outcome": "adopted",
            "link_ids": ["l1"],
        }
    ]
    html = attribution_html(data, final_text=KO_FINAL, draft_text="")
    scorecards = html[html.index('id="scorecards"') :]
    assert '<td class="text">시민참여를…</td>' in scorecards
    assert "활성화하</td>" not in scorecards
