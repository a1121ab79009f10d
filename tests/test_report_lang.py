"""The proof report speaks the documents' language (English or Korean), or the one asked for.

Its own words come from ``provenance.messages``; input text is never translated. English
pages are byte for byte what they were before the page had Korean words (the golden file
in ``test_report.py`` holds one).
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

import provenance
from provenance.messages import MESSAGES
from provenance.report import attribution_html, summary_html
from provenance_cli import cli

DRAFT = "제1조(목적) 이 조례는 공공데이터의 제공에 관한 사항을 정한다.\n"
FINAL = DRAFT + "제2조(공개) 시장은 위원회 회의록을 누리집에 공개하여야 한다.\n"
LETTERS = {
    "한빛시민연대": "시장은 위원회 회의록을 누리집에 공개하여야 한다는 조항을 신설해 주십시오.",
    "resident-park": "좋은 조례를 만들어 주셔서 감사합니다.",
}
EN_DRAFT = "1. Publish budgets.\n"
EN_FINAL = EN_DRAFT + "2. Open every council meeting to the press and livestream it.\n"
EN_LETTERS = {"press-club": "Please open every council meeting to the press and livestream it."}

pytestmark = pytest.mark.issue(17)


@pytest.fixture(scope="module")
def korean():
    return provenance.attribute(DRAFT, FINAL, LETTERS, lang="ko", semantic=False)


@pytest.fixture(scope="module")
def english():
    return provenance.attribute(EN_DRAFT, EN_FINAL, EN_LETTERS, semantic=False)


def _text(page: str) -> str:
    """What a reader sees, and the titles and labels a screen reader says."""
    page = re.sub(r"<(style|script)>.*?</\1>", "", page, flags=re.S)
    said = " ".join(re.findall(r'(?:title|aria-label|data-label)="([^"]*)"', page))
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page) + " " + said)


def _sentences(lang: str) -> set[str]:
    """The page's own words in ``lang`` that are whole phrases, their fields cut out."""
    out = set()
    for key, text in MESSAGES[lang].items():
        if key.startswith(("report.", "diff.")) or key in ("confidence.medium", "method.fuzzy"):
            for part in re.split(r"\{[^}]*\}|<[^>]+>", text):
                part = part.strip(" .,;:()·")
                if len(part) >= 12 and " " in part:
                    out.add(part)
    return out


def test_a_korean_run_reads_in_korean(korean):
    page = korean.to_html()
    assert '<html lang="ko">' in page and ' lang="en"' not in page
    seen = _text(page)
    left = sorted(s for s in _sentences("en") if s in seen)
    assert left == [], "English words on a Korean page"
    for key in ("report.heading", "report.summary", "report.evidence", "report.check"):
        assert MESSAGES["ko"][key] in seen
    assert "<title>의견 반영 근거 보고서: 최종안</title>" in page  # given as text, not a file
    assert "신뢰도 높음" in seen or "신뢰도 보통" in seen or "신뢰도 낮음" in seen
    assert "제안 1건 중 1건 반영" in seen  # the scorecard says what the ledger says


def test_an_english_run_reads_in_english_and_auto_changes_nothing(english):
    data = english.to_dict()
    texts = dict(final_text=english.alignment.final.text, draft_text=english.alignment.draft.text)
    page = attribution_html(data, **texts)
    assert page == attribution_html(data, **texts, lang="en")
    assert page == attribution_html(data, **texts, lang="auto")
    assert page == english.to_html() == english.to_html(lang="en")
    assert not any(s in _text(page) for s in _sentences("ko"))


def test_lang_forces_the_pages_words_not_its_texts(korean, english):
    page = korean.to_html(lang="en")
    assert '<html lang="ko">' in page and '<header lang="en">' in page
    assert "<h1>Which submissions shaped the final text</h1>" in page
    assert "시장은 위원회 회의록을 누리집에 공개하여야 한다" in page  # the texts stay
    forced = english.to_html(lang="ko")
    assert '<html lang="en">' in forced and '<header lang="ko">' in forced
    assert "<h1>어떤 제출 의견이 최종안에 반영되었나</h1>" in forced
    assert "Open every council meeting" in forced


def test_a_language_without_messages_reads_in_english(english):
    data = dict(english.to_dict(), params={**english.params, "lang": "fr"})
    page = attribution_html(
        data, final_text=english.alignment.final.text, draft_text=english.alignment.draft.text
    )
    assert '<html lang="fr">' in page and '<header lang="en">' in page


def test_the_notebook_summary_follows_the_documents_or_lang(korean):
    fragment = korean._repr_html_()
    assert 'lang="ko"' in fragment and MESSAGES["ko"]["report.summary"] in fragment
    data, final = korean.to_dict(), korean.alignment.final.text
    assert MESSAGES["en"]["report.final_heading"] in summary_html(data, final, lang="en")


def test_report_command_takes_lang(tmp_path, korean):
    from click.testing import CliRunner

    db = tmp_path / "ko.db"
    korean.save(db)
    runner = CliRunner()
    pages = {}
    for lang in ("auto", "ko", "en"):
        out = runner.invoke(cli, ["report", "--db", str(db), "--lang", lang])
        assert out.exit_code == 0, out.output
        pages[lang] = out.stdout
    assert pages["auto"] == pages["ko"] != pages["en"]
    assert "<h1>Which submissions shaped the final text</h1>" in pages["en"]
    bad = runner.invoke(cli, ["report", "--db", str(db), "--lang", "fr"])
    assert bad.exit_code == 2 and "--lang" in bad.output


def _font_stacks(page: str) -> set[str]:
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    return {" ".join(f.split()) for f in re.findall(r"font-family:([^;]*);", style)}


def test_every_page_names_one_font_stack_with_a_korean_font_for_each_platform(korean):
    from provenance.ledger_html import ledger_html
    from provenance.output import format_diff

    report = _font_stacks(korean.to_html())
    assert report == _font_stacks(format_diff(korean.alignment, "html"))
    assert report == _font_stacks(ledger_html(korean.to_dict(), lang="ko"))
    (sans,) = [s for s in report if "sans-serif" in s]
    for font in ("Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR", "NanumGothic"):
        assert f'"{font}"' in sans  # macOS and iOS, Windows, Linux and Android, Debian


def test_korean_wraps_between_words_on_pages_with_korean(korean, english):
    rule = ".pv { word-break: keep-all; }"
    assert rule in korean.to_html() and rule in english.to_html(lang="ko")
    assert rule in korean._repr_html_()
    assert rule not in english.to_html()  # Chinese and Japanese break between characters


@pytest.mark.parametrize(
    ("lang", "asks", "false_claims"),
    [
        ("en", "asks", ("does not cut", "cannot count")),
        ("ko", "제안", ("나누지 않", "셀 수 없")),
    ],
)
def test_summary_note_says_submissions_are_split_into_asks(korean, lang, asks, false_claims):
    # The note once said the tool does not cut a submission into separate suggestions;
    # it does (the asks package), and each contributor's scorecard counts them.
    note = re.search(r'<p class="note">([^<]*<em>.*?)</p>', korean.to_html(lang=lang)).group(1)
    assert not [claim for claim in false_claims if claim in note], note
    assert asks in note and MESSAGES[lang]["report.found_in_final"] in note
