import importlib
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.normalize import (
    NORMALIZE_STEPS,
    collapse_spaces,
    dehyphenate,
    join_wrapped_lines,
    limit_blank_lines,
    make_pipeline,
    nfc,
    normalize,
    normalize_bullets,
    remove_invisible,
    strip_blank_edges,
    strip_trailing_spaces,
    unify_line_breaks,
    unify_spaces,
)
from provenance.read import document_from_text

# Text with the characters normalize acts on, so hypothesis hits them often.
_PIECES = [
    *"ab가é \t\n\r-–—•◦*#()1.",
    *["\r\n", "\u2028", "\u2029", "\u00a0", "\u3000", "\ufeff", "\u200b", "\u00ad"],
    *["\x00", "\x85", "\x0c", "e\u0301", "\u0301", "\u212b", "\u2000"],
]
messy_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.characters()), max_size=60).map(
    "".join
)


@pytest.mark.parametrize(
    "text_in, expected",
    [
        ("", ""),
        ("plain text", "plain text"),
        ("a\r\nb\rc\u2028d\u2029e\x85f", "a\nb\nc\nd\ne\nf"),
        ("\ufeffTitle", "Title"),
        ("zero\u200bwidth\u200c\u200d", "zerowidth"),
        ("soft\u00adhyphen", "softhyphen"),
        ("bell\x07 and\x1b escape\x7f\x9f", "bell and escape"),
        ("bidi\u202emarks\u200f\u2066", "bidimarks"),
        ("a\tb", "a b"),
        ("a\u00a0b\u2009c\u3000d\u202fe", "a b c d e"),
        ("many    spaces  inside", "many spaces inside"),
        ("    indented line", "    indented line"),
        ("trailing   \nspaces \t", "trailing\nspaces"),
        ("para one\n\n\n\n\npara two", "para one\n\npara two"),
        ("para one\n \n\t\n \npara two", "para one\n\npara two"),
        ("\n\n\nbody\n\n\n", "body"),
        ("cafe\u0301", "café"),
        ("\u212b", "\u00c5"),  # ANGSTROM SIGN -> A WITH RING (NFC singleton)
        ("e\u200b\u0301", "é"),  # a removed character between base and combining mark
    ],
)
def test_normalize(text_in, expected):
    assert normalize(text_in) == expected


@pytest.mark.parametrize(
    "text_in, expected",
    [
        ("", ""),
        ("- already", "- already"),
        ("• item", "- item"),
        ("•item", "- item"),
        ("◦ item", "- item"),
        ("▪ item", "- item"),
        ("● item", "- item"),
        ("○ item", "- item"),
        ("■ item", "- item"),
        ("□ item", "- item"),
        ("‣ item", "- item"),
        ("⁃ item", "- item"),
        ("– item", "- item"),
        ("— item", "- item"),
        ("* item", "- item"),
        ("ㆍ 항목", "- 항목"),
        ("· item", "- item"),
        ("\uf0b7 item", "- item"),  # Word's Symbol-font bullet as PDFs extract it
        ("  ◦ nested", "  - nested"),
        ("•\u00a0\u00a0spaced", "- spaced"),
        ("—quoted speech", "—quoted speech"),
        ("*emphasis*", "*emphasis*"),
        ("–", "–"),
        ("a • b", "a • b"),
        ("※ 참고", "※ 참고"),
        ("one\n• two\n  • three", "one\n- two\n  - three"),
    ],
)
def test_normalize_bullets(text_in, expected):
    assert normalize(text_in) == expected


@pytest.mark.parametrize(
    "step, text_in, expected",
    [
        (unify_line_breaks, "a\r\n\r\nb\x0bc", "a\n\nb\nc"),
        (remove_invisible, "a\ufeff\tb\n", "a\tb\n"),
        (nfc, "A\u030a", "\u00c5"),
        (unify_spaces, "a\u2003b\u00a0\tc", "a b  c"),
        (normalize_bullets, "  ● x", "  - x"),
        (collapse_spaces, "  a   b  ", "  a b "),
        (strip_trailing_spaces, "a  \nb ", "a\nb"),
        (limit_blank_lines, "a\n\n\n\nb", "a\n\nb"),
        (strip_blank_edges, "\n\na\n\n", "a"),
    ],
)
def test_steps(step, text_in, expected):
    assert step(text_in) == expected


def test_make_pipeline_applies_steps_in_order():
    pipeline = make_pipeline(lambda s: s + "a", lambda s: s + "b", str.upper)
    assert pipeline("") == "AB"
    assert make_pipeline()("unchanged") == "unchanged"


def test_normalize_is_the_pipeline_of_its_steps():
    text = "\ufeff• a\u00a0 b \r\n\r\n\r\nc"
    assert normalize(text) == make_pipeline(*NORMALIZE_STEPS)(text) == "- a b\n\nc"


@given(messy_text)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(messy_text)
def test_normalize_output_invariants(text):
    out = normalize(text)
    assert "\r" not in out
    assert "\n\n\n" not in out
    assert unicodedata.is_normalized("NFC", out)
    assert not re.search(r" +$", out, re.MULTILINE)
    assert not out.startswith("\n") and not out.endswith("\n")
    assert not re.search(r"[\t\u00a0\u3000\ufeff\u200b\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
    assert not re.search(r"(?<=[^ \n])  ", out)


@pytest.mark.parametrize(
    "text_in, expected",
    [
        ("", ""),
        ("no breaks at all", "no breaks at all"),
        ("infor-\nmation", "information"),
        ("access to infor-\nmation for all", "access to information\nfor all"),
        ("infor-\nmation, and more", "information,\nand more"),
        ("infor-  \n   mation", "information"),
        ("infor\u00ad\nmation", "information"),  # soft hyphen
        ("infor\u2010\nmation", "information"),  # U+2010 HYPHEN
        ("infor-\r\nmation", "information"),
        ("Jean-\nPaul", "Jean-\nPaul"),  # capital after the break: a name, kept
        ("2020-\n2025", "2020-\n2025"),  # digits: a range, kept
        ("infor-\n\nmation", "infor-\n\nmation"),  # a paragraph break is not a wrap
        ("list -\nitem", "list -\nitem"),  # a spaced dash is not a hyphen
        ("a well-\nknown fact; a well-known one", "a well-known\nfact; a well-known one"),
        ("the proce-\ndure; the procedure", "the procedure;\nthe procedure"),
    ],
)
def test_dehyphenate(text_in, expected):
    assert dehyphenate(text_in) == expected


@given(st.text(alphabet="ab-\u00ad\n Z1", max_size=60))
def test_dehyphenate_only_removes_hyphens_and_whitespace(text):
    def letters(s):
        return re.sub(r"[\s\-\u00ad\u2010]", "", s)

    out = dehyphenate(text)
    assert letters(out) == letters(text)
    assert len(out) <= len(text) + text.count("\n")


FULL = "The national action plan shall be published on the government portal"  # 70 chars


@pytest.mark.parametrize(
    "text_in, expected",
    [
        ("", ""),
        ("one line", "one line"),
        (f"{FULL}\nand kept up to date.", f"{FULL} and kept up to date."),
        ("short\n\nparagraphs\n\n", "short\n\nparagraphs\n\n"),
        # a short line ends a paragraph (a heading, or a paragraph's last line)
        (f"Open Contracting\n{FULL}\n{FULL}", f"Open Contracting\n\n{FULL} {FULL}"),
        (f"{FULL}\nends here.\n{FULL}", f"{FULL} ends here.\n\n{FULL}"),
        # a short line that ends with a comma or "and" goes on
        (f"{FULL}\nwith the public,\n{FULL}", f"{FULL} with the public, {FULL}"),
        # Chinese and Japanese join without a space
        ("政府は国家行動計画を\n公表する。", "政府は国家行動計画を公表する。"),
        # Korean joins with a space
        ("정부는 국가 실행계획을\n공개한다.", "정부는 국가 실행계획을 공개한다."),
        # a bullet alone on its line takes the next line as its item
        ("•\nitem text", "• item text"),
        # a compound split after its hyphen keeps the hyphen and no space
        (f"{FULL} COVID-\n19 response", f"{FULL} COVID-19 response"),
    ],
)
def test_join_wrapped_lines(text_in, expected):
    assert join_wrapped_lines(text_in) == expected


@pytest.mark.parametrize(
    "marker_line",
    [
        "1. First item",
        "12) Twelfth item",
        "3.2 Sub-section",
        "(a) lettered item",
        "(iv) roman item",
        "b. lettered item",
        "- dash bullet",
        "* star bullet",
        "• round bullet",
        "Article 5 (Definitions)",
        "Article 5",
        "Section 3. Scope",
        "Commitment 2: Open budgets",
        "§ 4 Transparency",
        "제5조(정의) 이 법에서",
        "제2장 총칙",
        "① 시장은 매년",
        "가. 공개 대상",
        "(가) 공개 대상",
        "## Heading",
        "| cell | cell |",
    ],
)
def test_join_wrapped_lines_keeps_a_break_before_numbering(marker_line):
    text = f"{FULL}\n{marker_line}"
    assert join_wrapped_lines(text) == text


@pytest.mark.parametrize(
    "continuation",
    [
        "article 5 of the law applies",  # "Article 5" inside a sentence
        "2024 budget and the rest",  # a year, not numbering
        "제5조에 따라 공개한다",  # a cross-reference, not an article heading
        "i think not",
    ],
)
def test_join_wrapped_lines_joins_text_that_only_looks_numbered(continuation):
    assert join_wrapped_lines(f"{FULL}\n{continuation}") == f"{FULL} {continuation}"


@given(st.text(alphabet="ab 가日.,\n-•(1)", max_size=80))
def test_join_wrapped_lines_only_moves_whitespace(text):
    out = join_wrapped_lines(text)
    assert re.sub(r"\s", "", out) == re.sub(r"\s", "", text)


def test_lone_surrogates_become_replacement_characters():
    from provenance.normalize import normalize

    assert normalize("a\udc80b") == "a\ufffdb"


def test_text_with_lone_surrogates_can_be_attributed():
    from provenance import attribute

    result = attribute(
        document_from_text("1. a b c."),
        "1. a b c.\n2. new \udc80 text here now.",
        {"x": "new \udc80 text here now"},
    )
    assert [link.submission_id for link in result.links] == ["x"]


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_the_plain_ascii_shortcut_gives_what_every_step_gives(text):
    # normalize skips the first steps for printable ASCII; they must have had nothing to do.
    from provenance.normalize import _NORMALIZE

    assert normalize(text) == _NORMALIZE(text)


@given(st.text(alphabet=" \n\r\t*-•\u00a0\u2028ab"))
def test_the_cheap_checks_before_each_step_change_nothing(text):
    n = importlib.import_module("provenance.normalize")  # the package attribute is the function

    # Every step's regular expression applied without its check for work to do.
    expected = n.replace_surrogates(text)
    expected = n._LINE_BREAK_RE.sub("\n", expected)
    expected = n.unify_spaces(n.nfc(n.remove_invisible(expected)))
    expected = n._BULLET_RE.sub(r"\1- ", expected)
    expected = n._INNER_SPACES_RE.sub(" ", expected)
    expected = n._TRAILING_SPACES_RE.sub("", expected)
    expected = n._BLANK_LINES_RE.sub("\n\n", expected).strip("\n")
    assert normalize(text) == expected
