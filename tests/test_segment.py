from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import documents, hostile_text, join

from provenance.abbreviations import OWN_LISTS
from provenance.segment import segment, sentence_pipeline, split_sentences


def labels(text: str, lang: str = "en") -> list[str]:
    return [c.label for c in segment(text, lang=lang)]


def test_empty_text_has_no_clauses():
    assert segment("") == []
    assert segment("  \n\n \n") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Just one paragraph.", ["¶1"]),
        ("First.\n\nSecond.", ["¶1", "¶2"]),
        ("A wrapped\nparagraph stays one clause.", ["¶1"]),
        (
            "Article 5 Definitions\n(1) One.\n(2) Two.\n(a) Sub.\n(b) Sub.\n(3) Three.",
            [
                "Article 5",
                "Article 5 > (1)",
                "Article 5 > (2)",
                "Article 5 > (2) > (a)",
                "Article 5 > (2) > (b)",
                "Article 5 > (3)",
            ],
        ),
        (
            "Article 1 One.\n(1) Para.\nArticle 2 Two.\n(1) Para.",
            ["Article 1", "Article 1 > (1)", "Article 2", "Article 2 > (1)"],
        ),
        ("§ 4(b) The board.\n§ 5 The fund.", ["§ 4(b)", "§ 5"]),
        (
            "Sec. 3 Scope.\nArt. 7 Rules.\nSec. 4 End.",
            ["Section 3", "Section 3 > Article 7", "Section 4"],
        ),
        (
            "(a) One.\n(i) Roman one.\n(ii) Roman two.\n(b) Two.",
            ["(a)", "(a) > (i)", "(a) > (ii)", "(b)"],
        ),
        ("1. One\n   wrapped\n2. Two", ["1.", "2."]),
        ("- a\n- b\n  - b1\n- c", ["•1", "•2", "•2 > •1", "•3"]),
        ("3.1 Scope.\n3.2 Terms.\n3.2.1 Detail.", ["3.1", "3.2", "3.2 > 3.2.1"]),
    ],
)
def test_labels_follow_the_documents_numbering(text, expected):
    assert labels(text) == expected


def test_markdown_headings_and_commitments():
    text = (
        "# National Action Plan\n\nIntro.\n\n## Commitment 3: Open contracting\n\n"
        "Lead agency: Finance.\n\nMilestone 3.1: Publish.\nMilestone 3.2: Train.\n\n"
        "After the milestones.\n\n## Commitment 4: Budgets\n\n1. First.\n"
    )
    assert labels(text) == [
        "National Action Plan",
        "¶1",
        "Commitment 3",
        "Commitment 3 > ¶1",
        "Commitment 3 > Milestone 3.1",
        "Commitment 3 > Milestone 3.2",
        "Commitment 3 > ¶2",
        "Commitment 4",
        "Commitment 4 > 1.",
    ]


def test_korean_ordinance_numbering():
    text = (
        "제1장 총칙\n\n제2조(정의) 이 조례에서 사용하는 용어의 뜻은 다음과 같다.\n"
        '1. "데이터"란 다음 각 목의 것을 말한다.\n가. 전자 자료\n나. 기타 자료\n2. "시민"이란 주민을 말한다.\n\n'
        "제3조(책무) ① 시장은 계획을 세워야 한다.\n② 시장은 예산을 지원할 수 있다.\n\n"
        "제2장 위원회\n\n제4조의2(위원) 위원을 둔다.\n\n부칙\n이 조례는 공포한 날부터 시행한다.\n"
    )
    assert labels(text, "ko") == [
        "제1장",
        "제1장 > 제2조(정의)",
        "제1장 > 제2조(정의) > 1.",
        "제1장 > 제2조(정의) > 1. > 가.",
        "제1장 > 제2조(정의) > 1. > 나.",
        "제1장 > 제2조(정의) > 2.",
        "제1장 > 제3조(책무) > ①",
        "제1장 > 제3조(책무) > ②",
        "제2장",
        "제2장 > 제4조의2(위원)",
        "부칙",
        "부칙 > ¶1",
    ]


def test_heading_flags():
    clauses = segment("# Title\n\n## Part\n\nText.")
    assert [c.heading for c in clauses] == [True, True, False]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "See Art. 5 and Sec. 3 of No. 12. It applies.",
            ["See Art. 5 and Sec. 3 of No. 12.", "It applies."],
        ),
        ("1. First item. Second sentence.", ["1. First item.", "Second sentence."]),
        (
            "The U.S. agency acts, e.g. online. Done.",
            ["The U.S. agency acts, e.g. online.", "Done."],
        ),
    ],
)
def test_sentences_respect_legal_abbreviations_and_markers(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_korean_sentences():
    spans = split_sentences("시장은 계획을 수립하여야 한다. 이 경우 의견을 들어야 한다.", lang="ko")
    assert [s.text for s in spans] == [
        "시장은 계획을 수립하여야 한다.",
        "이 경우 의견을 들어야 한다.",
    ]


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        (
            "fr",
            "M. Dupont et Mme. Martin, c.-à-d. la direction, voir chap. 4, al. 2. Qui paie ? L'État.",
            [
                "M. Dupont et Mme. Martin, c.-à-d. la direction, voir chap. 4, al. 2.",
                "Qui paie ?",
                "L'État.",
            ],
        ),
        (
            "id",
            "Yth. Bpk. Ir. Budi, S.H. dari Kab. Bandung, Jl. Merdeka, dll. Rapat dibuka! Selesai.",
            [
                "Yth. Bpk. Ir. Budi, S.H. dari Kab. Bandung, Jl. Merdeka, dll. Rapat dibuka!",
                "Selesai.",
            ],
        ),
        (
            "nl",
            "Dhr. Jansen, d.w.z. de wethouder, m.b.t. art. 12, bijv. nr. 3. Wie controleert? Niemand.",
            [
                "Dhr. Jansen, d.w.z. de wethouder, m.b.t. art. 12, bijv. nr. 3.",
                "Wie controleert?",
                "Niemand.",
            ],
        ),
    ],
)
def test_own_abbreviation_lists(lang, text, expected):
    assert [s.text for s in split_sentences(text, lang=lang)] == expected


@pytest.mark.parametrize("lang", sorted(OWN_LISTS))
def test_languages_with_own_lists_skip_spacys_slow_pipeline(lang):
    # spaCy's own pipelines for these take seconds to build (benchmarks/languages.py).
    assert sentence_pipeline(lang).lang == "xx"
    for abbreviation in OWN_LISTS[lang]:
        assert abbreviation.endswith(".") and not any(ch.isspace() for ch in abbreviation)
        assert [
            s.text for s in split_sentences(f"See {abbreviation} 5 here. Next.", lang=lang)
        ] == [
            f"See {abbreviation} 5 here.",
            "Next.",
        ]


def test_unknown_language_falls_back_to_multilingual():
    assert [s.text for s in split_sentences("One. Two.", lang="zz")] == ["One.", "Two."]


def _check_offsets(text: str) -> None:
    clauses = segment(text)
    for c in clauses:
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip() and c.text
        for s in c.sentences:
            assert text[s.start : s.end] == s.text
            assert c.start <= s.start < s.end <= c.end
        assert all(a.end <= b.start for a, b in zip(c.sentences, c.sentences[1:]))
    assert all(a.end <= b.start for a, b in zip(clauses, clauses[1:]))
    assert [c.index for c in clauses] == list(range(len(clauses)))
    # Every word of the text lies in some clause.
    covered = "".join(text[c.start : c.end] for c in clauses)
    assert "".join(text.split()) == "".join(covered.split())


@given(documents(), st.sampled_from(["\n\n", "\n", "\n \n"]))
@settings(max_examples=150, deadline=None)
def test_offsets_round_trip_on_structured_text(parts, separator):
    _check_offsets(join(parts) if separator == "\n\n" else separator.join(parts))


@given(hostile_text)
@settings(max_examples=200, deadline=None)
def test_offsets_round_trip_on_any_text(text):
    _check_offsets(text)


def test_raw_html_blocks_in_markdown_are_clauses():
    text = (
        '### Footnotes\n<ul>\n<li id="fn1">First note.</li>\n<li id="fn2">Second note.</li>\n</ul>'
    )
    assert [c.text for c in segment(text)][2:4] == [
        '<li id="fn1">First note.</li>',
        '<li id="fn2">Second note.</li>',
    ]


@pytest.mark.parametrize("lang", ["zh", "ja", "th", "ar", "he", "ru"])
def test_sentences_in_languages_with_their_own_tokenizers(lang):
    spans = split_sentences("第一句。Second one. 第三句", lang=lang)
    assert spans and all(s.text for s in spans)
