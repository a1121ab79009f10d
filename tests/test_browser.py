"""The proof report in a real headless browser (Debian's Chromium driven by Playwright).

Skipped where Chromium or Playwright is missing, except on CI (CI=true), where .ci/run
installs both and a skip would hide a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from provenance import attribute
from provenance.ledger_html import ledger_html
from provenance.report import slug

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium must not reach for anything beyond the page: this machine has no network.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The markup sits inside the proposal, so it is part of the evidence the page quotes.
# The markup stands inside the evidence (a few words between matched ones keep one
# passage) and in the ids, the two places where a submission's own text reaches the page.
HOSTILE = (
    "We propose: every council meeting will be streamed <script>alert('x')</script>"
    " live with captions </textarea> in two languages."
)
HOSTILE_IDS = (
    "<b>evil</b>",
    '<img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a>',
    "<style>body{display:none}</style>",
)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser tests: install chromium and playwright")
        pytest.skip("needs Chromium and Playwright")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, html: str, folder: Path, *, width: int = 1280):
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    return page, seen


@pytest.fixture(scope="module")
def nap_result(request):
    corpus = Path(request.config.rootpath) / "corpus" / "nap-en"
    return attribute(corpus / "draft.txt", corpus / "final.txt", [corpus / "submissions"])


def test_corpus_report_highlights_every_link_and_reveals_evidence(browser, nap_result, tmp_path):
    page, seen = open_page(browser, nap_result.to_html(), tmp_path)
    assert page.locator("[data-link]").count() == len(nap_result.links) > 0
    first = page.locator("[data-link]").first
    target = first.get_attribute("href")
    evidence = page.locator(target)
    assert not evidence.is_visible()
    first.click()
    assert evidence.is_visible()
    page.screenshot(path=str(tmp_path / "desktop.png"), full_page=False)
    assert all(url.startswith("file://") for url in seen["requests"]), seen["requests"]
    assert seen["errors"] == [] and seen["dialogs"] == []


def test_keyboard_opens_a_passage(browser, nap_result, tmp_path):
    page, _ = open_page(browser, nap_result.to_html(), tmp_path)
    summary = page.locator("details.passage > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.passage").first.get_attribute("open") is not None


def test_phone_width_has_no_horizontal_scroll(browser, nap_result, tmp_path):
    page, seen = open_page(browser, nap_result.to_html(), tmp_path, width=390)
    page.screenshot(path=str(tmp_path / "phone.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert seen["errors"] == []


def test_hostile_submission_changes_nothing_and_runs_nothing(browser, tmp_path):
    draft = "1. Council meetings are public.\n"
    final = (
        draft + "2. Every council meeting will be streamed live with captions in two languages.\n"
    )
    result = attribute(draft, final, dict.fromkeys(HOSTILE_IDS, HOSTILE))
    assert result.links, "the hostile submission should still be credited"
    page, seen = open_page(browser, result.to_html(), tmp_path)
    page.locator("[data-link]").first.click()
    assert seen["dialogs"] == [] and seen["errors"] == []
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1  # the report's own
    assert page.locator("style").count() == 1
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("body").is_visible()
    text = page.inner_text("body")
    assert "<script>alert('x')</script>" in text and "<b>evil</b>" in text
    assert all(url.startswith("file://") for url in seen["requests"])


# --- the contributors' ledger (issue 15) ----------------------------------------------


@pytest.fixture(scope="module")
def ko_result(request):
    corpus = Path(request.config.rootpath) / "corpus" / "ordinance-ko"
    return attribute(corpus / "draft.txt", corpus / "final.txt", [corpus / "submissions"])


@pytest.fixture(scope="module")
def ko_run(ko_result):
    return ko_result.to_dict()


def _korean_fonts() -> set[str]:
    fc = shutil.which("fc-list")
    if fc is None:
        return set()
    out = subprocess.run([fc, ":lang=ko", "family"], capture_output=True, text=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def _platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium drew the first ``selector`` element's text with (CDP)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def _need_korean_fonts(found: object) -> None:
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have a Korean font (fonts-nanum or fonts-noto-cjk)")
        pytest.skip("no Korean font installed")


def _check_hangul_is_drawn_by_a_korean_font(page, selector: str) -> None:
    fonts = _korean_fonts()
    _need_korean_fonts(fonts)
    used = _platform_fonts(page, selector)
    assert {f["familyName"] for f in used} & fonts, used  # Hangul drawn by a Korean font


def _korean_faces() -> dict[str, int]:
    """Each installed Korean face's PostScript name and fontconfig weight (200 is bold)."""
    fc = shutil.which("fc-list")
    if fc is None:
        return {}
    out = subprocess.run(
        [fc, ":lang=ko", "postscriptname", "weight"], capture_output=True, text=True
    ).stdout
    faces = {}
    for line in out.splitlines():
        fields = dict(f.split("=", 1) for f in line.split(":") if "=" in f)
        if "postscriptname" in fields and "weight" in fields:
            faces[fields["postscriptname"]] = int(fields["weight"].strip("[]").split()[0])
    return faces


def _check_hangul_is_drawn_bold(page, selector: str) -> None:
    faces = _korean_faces()
    _need_korean_fonts(faces)
    assert int(page.eval_on_selector(selector, "e => getComputedStyle(e).fontWeight")) >= 600
    used = _platform_fonts(page, selector)
    korean = {
        f["postScriptName"]: faces[f["postScriptName"]]
        for f in used
        if f["postScriptName"] in faces
    }
    # A bold face, not the regular one thickened by the browser (FC_WEIGHT_BOLD is 200).
    assert korean and min(korean.values()) >= 200, (selector, used)


@pytest.mark.issue(15)
def test_ledger_runs_nothing_loads_nothing_and_renders_korean(browser, ko_run, tmp_path):
    html = ledger_html(ko_run, lang="ko")
    page, seen = open_page(browser, html, tmp_path)
    assert page.locator("script").count() == 0
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert "제출 의견별 반영 결과" in page.inner_text("h1")
    assert all(url.startswith("file://") for url in seen["requests"]), seen["requests"]
    assert seen["errors"] == [] and seen["dialogs"] == []
    _check_hangul_is_drawn_by_a_korean_font(page, "h1")


# --- the proof report in Korean (issue 17) ---------------------------------------------

# Letters, digits and marks on both sides of a badge would mean it stands inside a word.
BADGES_INSIDE_WORDS = """() => {
  const word = /[\\p{L}\\p{N}\\p{M}]/u;
  return Array.from(document.querySelectorAll('.doc .refs')).filter(refs => {
    const before = refs.previousSibling, after = refs.nextSibling;
    if (!before || !after) { return false; }
    const last = before.textContent.slice(-1), first = after.textContent.slice(0, 1);
    return word.test(last) && word.test(first);
  }).map(refs => refs.previousSibling.textContent.slice(-6) + '|' + refs.nextSibling.textContent.slice(0, 6));
}"""


@pytest.mark.issue(17)
def test_korean_report_speaks_korean_in_a_korean_font(browser, ko_result, tmp_path):
    page, seen = open_page(browser, ko_result.to_html(), tmp_path)
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert page.inner_text("h1") == "어떤 제출 의견이 최종안에 반영되었나"
    headings = page.eval_on_selector_all("h2", "hs => hs.map(h => h.innerText)")
    assert headings[:3] == ["요약", "최종안 (반영 문구 표시)", "반영 문구별 근거"]
    assert "이 보고서를 확인하는 방법" in headings
    assert all(re.search("[가-힣]", h) for h in headings), headings
    assert page.locator("[lang=en]").count() == 0  # no English part left on the page
    assert seen["errors"] == [] and seen["dialogs"] == []
    _check_hangul_is_drawn_by_a_korean_font(page, "h1")
    _check_hangul_is_drawn_by_a_korean_font(page, ".doc")


@pytest.mark.issue(17)
@pytest.mark.parametrize("case", ["ordinance-ko", "jorye-ko"])
def test_korean_report_badges_stand_after_whole_words(browser, case, request, tmp_path):
    # Both cases have passages ending inside a word ("활성화하|며", "7|일", "향상|에").
    corpus = Path(request.config.rootpath) / "corpus" / case
    result = attribute(corpus / "draft.txt", corpus / "final.txt", [corpus / "submissions"])
    page, _ = open_page(browser, result.to_html(), tmp_path)
    assert page.locator(".doc .refs").count() > 0
    assert page.evaluate(BADGES_INSIDE_WORDS) == []


@pytest.mark.issue(17)
def test_korean_report_phone_width_has_no_horizontal_scroll(browser, ko_result, tmp_path):
    page, seen = open_page(browser, ko_result.to_html(), tmp_path, width=390)
    page.locator("details.passage").first.locator("summary").click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert seen["errors"] == []


@pytest.mark.issue(15)
def test_ledger_contributor_anchor_scrolls_and_prints_alone(browser, ko_run, tmp_path):
    html = ledger_html(ko_run, lang="ko")
    sid = ko_run["asks"][-1]["submission_id"]
    anchor = slug(sid, "contributor")
    path = tmp_path / "ledger.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{path.as_uri()}#{anchor}")
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert page.evaluate("window.scrollY") > 0 and abs(top) < 20
    page.emulate_media(media="print")
    shown = page.evaluate(
        "Array.from(document.querySelectorAll('section.group'))"
        ".filter(s => getComputedStyle(s).display !== 'none').map(s => s.id)"
    )
    assert shown == [anchor]


@pytest.mark.issue(15)
def test_ledger_phone_width_has_no_horizontal_scroll(browser, ko_run, tmp_path):
    page, seen = open_page(
        browser, ledger_html(ko_run, lang="ko", by="clause"), tmp_path, width=390
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert seen["errors"] == []


@pytest.mark.issue(15)
def test_report_prints_one_scorecard_from_its_anchor(browser, nap_result, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(nap_result.to_html(), encoding="utf-8")
    sid = nap_result.to_dict()["asks"][0]["submission_id"]
    anchor = slug(sid, "contributor")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{path.as_uri()}#{anchor}")
    assert (
        abs(page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")) < 20
    )
    page.emulate_media(media="print")
    shown = page.evaluate(
        "Array.from(document.querySelectorAll('.scorecard, main > section, body > header, body > footer'))"
        ".filter(s => getComputedStyle(s).display !== 'none').map(s => s.id || s.tagName)"
    )
    assert shown == ["scorecards", anchor]


@pytest.mark.issue(17)
@pytest.mark.parametrize("page_kind", ["report", "ledger"])
def test_korean_headings_are_drawn_in_a_bold_face(browser, ko_result, page_kind, tmp_path):
    # Debian's fonts-nanum names its family "NanumGothic"; "Nanum Gothic" alone found only
    # the regular face there, so headings were drawn in the regular weight.
    html = (
        ko_result.to_html()
        if page_kind == "report"
        else ledger_html(ko_result.to_dict(), lang="ko")
    )
    page, _ = open_page(browser, html, tmp_path)
    assert page.evaluate("document.documentElement.lang") == "ko"
    _check_hangul_is_drawn_bold(page, "h1")
    _check_hangul_is_drawn_bold(page, "h2" if page_kind == "report" else "thead th")


# Each scorecard table at a phone's width: the wrapper scrolls sideways only when a table
# cannot fit, and a column past the edge is easy to miss.
SCORECARDS_CUT = """() => Array.from(document.querySelectorAll('.scorecard .table-wrap'))
  .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.closest('.scorecard').id)"""


@pytest.mark.issue(17)
@pytest.mark.parametrize("case", ["ordinance-ko", "nap-en"])
def test_scorecards_show_every_column_at_phone_width(browser, case, request, tmp_path):
    corpus = Path(request.config.rootpath) / "corpus" / case
    result = attribute(corpus / "draft.txt", corpus / "final.txt", [corpus / "submissions"])
    page, _ = open_page(browser, result.to_html(), tmp_path, width=390)
    assert page.locator(".scorecard table").count() > 0
    assert page.evaluate(SCORECARDS_CUT) == []


# The text of each column heading of the inputs table, on how many lines it stands.
HEADING_LINES = """() => Array.from(document.querySelectorAll('footer thead th')).map(th => {
  const range = document.createRange(); range.selectNodeContents(th);
  const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
  return [th.innerText, tops.size];
})"""


@pytest.mark.issue(17)
def test_korean_column_headings_of_the_inputs_stand_on_one_line(browser, ko_result, tmp_path):
    page, _ = open_page(browser, ko_result.to_html(), tmp_path)
    lines = page.evaluate(HEADING_LINES)
    assert ["글자 수", 1] in lines, lines  # not "글자" above "수"
