"""Asks: the proposals of a submission (issue 14).

Every example here is fictional and written for these tests.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.asks import Ask, extract_asks
from provenance.quotes import quoted_ranges
from provenance.read import read_document
from provenance.submissions import find_submissions

pytestmark = pytest.mark.issue(14)


def kinds(text: str, lang: str = "en") -> list[tuple[str, str | None, str | None]]:
    return [(a.kind, a.old, a.new) for a in extract_asks(text, lang=lang)]


def spans(text: str, lang: str = "en") -> list[str]:
    return [a.span.text for a in extract_asks(text, lang=lang)]


# --- null cases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang",
    [
        ("", "en"),
        ("   \n\n  ", "en"),
        ("Thank you for the consultation.\n\nKind regards,\nAnn Lee", "en"),
        (
            "Dear Minister,\n\nThank you for listening to residents.\n\nYours sincerely,\nB. Cole",
            "en",
        ),
        ("Will the fee apply to duplexes?\n\nWho hears an appeal? And when does it start?", "en"),
        ("I have lived on Elm Street for ten years. The bus runs every hour.", "en"),
        ("id: pr-9\ntitle: Add a register\nauthor: someone\ndate: 2024-01-01", "en"),
        ("감사합니다.", "ko"),
        ("안녕하십니까.\n\n언제부터 시행되나요?\n수수료는 얼마인가요?\n\n답변 부탁드립니다.", "ko"),
        ("저는 이 동네에 20년째 살고 있습니다. 버스는 한 시간마다 옵니다.", "ko"),
        ("Bonjour,\n\nMerci pour cette consultation.\n\nCordialement,\nA. Morel", "fr"),
    ],
)
def test_a_submission_that_proposes_nothing_has_no_asks(text, lang):
    assert extract_asks(text, lang=lang) == ()


# --- rule 1: explicit edits in a unified diff -----------------------------------------

PR_HEAD = (
    "id: pr-7\ntitle: Shorter deadline\nauthor: A. Writer\n\nDescription:\n- Tidy the text\n\n"
)


@pytest.mark.parametrize(
    "diff, expected",
    [
        (
            "@@ -1,3 +1,3 @@\n keep\n-The Board meets twice a year.\n+The Board meets monthly.\n end\n",
            [("replace", "The Board meets twice a year.", "The Board meets monthly.")],
        ),
        (
            "@@ -1,2 +1,3 @@\n keep\n+Minutes are published within a week.\n end\n",
            [("add", None, "Minutes are published within a week.")],
        ),
        (
            "@@ -1,3 +1,2 @@\n keep\n-Fees may be charged.\n end\n",
            [("delete", "Fees may be charged.", None)],
        ),
        (  # two removed lines then two added ones: one replace, lines joined with \n
            "@@ -1,4 +1,4 @@\n a\n-one\n-two\n+uno\n+dos\n b\n",
            [("replace", "one\ntwo", "uno\ndos")],
        ),
        (  # the same line removed here and added there: a move, in the same hunk
            "@@ -1,5 +1,5 @@\n a\n+- Who are the users?\n b\n-- Who are the users?\n c\n",
            [("move", "- Who are the users?", "- Who are the users?")],
        ),
        (  # ... or across hunks, with spaces changed on the way
            "@@ -1,3 +1,2 @@\n a\n-Publish  the  plan.\n b\n@@ -9,2 +8,3 @@\n y\n+Publish the plan.\n z\n",
            [("move", "Publish the plan.", "Publish the plan.")],
        ),
        (  # a heading removed twice and added twice says nothing about where it went
            "@@ -1,6 +1,6 @@\n-## Checklist\n+## Checklist\n x\n-## Checklist\n y\n+## Checklist\n",
            [("delete", "## Checklist", None), ("add", None, "## Checklist")],
        ),
        (  # only trailing spaces changed: nothing a reader would see
            "@@ -1,1 +1,1 @@\n-Same words.   \n+Same words.\n",
            [],
        ),
    ],
)
def test_diff_lines_are_edits(diff, expected):
    assert kinds(PR_HEAD + diff) == expected


def test_a_diff_ask_spans_its_changed_lines_and_quotes_the_removed_ones():
    text = (
        PR_HEAD
        + "--- a/plan.md\n+++ b/plan.md\n@@ -4,3 +4,3 @@\n keep\n-old words\n+new words\n tail\n"
    )
    (ask,) = [a for a in extract_asks(text) if a.kind != "request"]
    assert ask.span.text == "-old words\n+new words"
    assert [c.text for c in ask.context] == ["old words"]
    # The removed line and the context lines are what quotes.py calls quoting text.
    quoted = quoted_ranges(text, kept_words=False)
    assert all(any(s <= c.start and c.end <= e for s, e in quoted) for c in ask.context)


def test_pull_request_metadata_is_no_ask_but_its_description_may_be():
    text = PR_HEAD.replace("Tidy the text", "Publish the minutes within a week") + (
        "@@ -1,2 +1,2 @@\n-a\n+b\n"
    )
    asks = extract_asks(text)
    assert [a.kind for a in asks] == ["request", "replace"]
    assert asks[0].span.text == "Publish the minutes within a week"
    header_end = text.index("Description:")
    assert all(a.span.start > header_end for a in asks)


def test_a_lone_line_that_looks_like_a_header_further_down_is_text():
    text = "Subject: fees\n\nWe read the draft.\n\nNote: the fee should be waived for pensioners."
    assert spans(text) == ["Note: the fee should be waived for pensioners."]


def test_a_description_that_restates_the_diff_is_the_diffs_ask():
    text = (
        'title: wording\n\nDescription:\n- Replaced "twice" with "four times"\n\n'
        "@@ -1,1 +1,1 @@\n-The Board meets twice a year.\n+The Board meets four times a year.\n"
    )
    assert kinds(text) == [
        ("replace", "The Board meets twice a year.", "The Board meets four times a year.")
    ]


# --- rule 1: explicit edits in words -------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ('Please replace "may" with "shall" in Section 4.', "en", ("replace", "may", "shall")),
        ("Replace 'monthly' with 'weekly'.", "en", ("replace", "monthly", "weekly")),
        ("Please replace “may” with “must”.", "en", ("replace", "may", "must")),
        ('Please substitute "must" for "may".', "en", ("replace", "may", "must")),
        (
            'We ask that "ten days" be replaced by "five days".',
            "en",
            ("replace", "ten days", "five days"),
        ),
        ('Change "annual" to "quarterly".', "en", ("replace", "annual", "quarterly")),
        (
            '"the Minister" should be "the Commission".',
            "en",
            ("replace", "the Minister", "the Commission"),
        ),
        ('"Director" → "hearing officer"', "en", ("replace", "Director", "hearing officer")),
        ('"Director" -> "hearing officer"', "en", ("replace", "Director", "hearing officer")),
        ('Section 3 should say "must" instead of "may".', "en", ("replace", "may", "must")),
        ('Strike "annual" and insert "biannual".', "en", ("replace", "annual", "biannual")),
        (
            "Please change the deadline from 90 days to 30 days.",
            "en",
            ("replace", "90 days", "30 days"),
        ),
        (
            "We ask you to reduce the period from 60 to 20 days.",
            "en",
            ("replace", "60 days", "20 days"),
        ),
        ("Please change may to shall in paragraph 2.", "en", ("replace", "may", "shall")),
        ("Section 8: 90 days → 30 days.", "en", ("replace", "90 days", "30 days")),
        (
            'Please delete "where practicable" from Section 9.',
            "en",
            ("delete", "where practicable", None),
        ),
        ('Strike the words "if funds allow".', "en", ("delete", "if funds allow", None)),
        (
            'Please delete section 4(2), the sentence "Fees are set each year."',
            "en",
            ("delete", "Fees are set each year.", None),
        ),
        (
            'Please move the definition of "stall" out of Section 8 and into Section 2.',
            "en",
            ("move", None, None),
        ),
        (
            'Please move "Fees are set each year." to Section 9.',
            "en",
            ("move", "Fees are set each year.", "Fees are set each year."),
        ),
        ("이 항을 제15조에서 빼서 제16조의 제2항으로 옮겨 주십시오.", "ko", ("move", None, None)),
        ('The phrase "as a rule" should be deleted.', "en", ("delete", "as a rule", None)),
        (
            'Please add the following to Section 5: "Every notice is sent by post and by e-mail."',
            "en",
            ("add", None, "Every notice is sent by post and by e-mail."),
        ),
        (
            'We propose that Section 2 read: "The Board meets monthly."',
            "en",
            ("replace", None, "The Board meets monthly."),
        ),
        (
            "Nous proposons de remplacer « trente jours » par « quinze jours ».",
            "fr",
            ("replace", "trente jours", "quinze jours"),
        ),
        (
            "Veuillez supprimer « le cas échéant » à l'article 4.",
            "fr",
            ("delete", "le cas échéant", None),
        ),
        (
            '제5조의 "30일 이내"를 "14일 이내"로 수정해 주십시오.',
            "ko",
            ("replace", "30일 이내", "14일 이내"),
        ),
        ('"연 1회"를 "분기별"로 바꿔 주세요.', "ko", ("replace", "연 1회", "분기별")),
        ("「30일」을 「60일」로 연장해 주십시오.", "ko", ("replace", "30일", "60일")),
        ('"위원장" → "공동위원장"', "ko", ("replace", "위원장", "공동위원장")),
        ("제3조: 위원장 → 공동위원장 (수정 바랍니다)", "ko", ("replace", "위원장", "공동위원장")),
        (
            '"노력한다" 대신 "하여야 한다"를 써 주십시오.',
            "ko",
            ("replace", "노력한다", "하여야 한다"),
        ),
        ("신청 기간 10일을 20일로 늘려 주십시오.", "ko", ("replace", "10일", "20일")),
        (
            '신청 기한을 "개최일 30일 전까지"에서 "개최일 10일 전까지"로 단축해 주십시오.',
            "ko",
            ("replace", "개최일 30일 전까지", "개최일 10일 전까지"),
        ),
        (
            '제2항은 "결과를 6개월 이내에 알린다"로 되어 있는데 "2개월 이내"로 단축해 주세요.',
            "ko",
            ("replace", "6개월 이내", "2개월 이내"),
        ),
        (
            '"다만, 예산의 범위에서"를 삭제해 주십시오.',
            "ko",
            ("delete", "다만, 예산의 범위에서", None),
        ),
        (
            '제7조에 "시민 의견은 공개한다."라는 항을 추가해 주십시오.',
            "ko",
            ("add", None, "시민 의견은 공개한다."),
        ),
    ],
)
def test_edit_phrasings(text, lang, expected):
    assert kinds(text, lang) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'Please do not delete "free of charge".',  # asks to keep it
        'Why not replace "may" with "shall"?',  # a question
        "I had to change jobs to survive that winter.",  # background, not a request
        "숫자를 손으로 옮겨 적어야 합니다.",  # "copy by hand", not a move
        "The population grew from 900 to 3,000 people.",
    ],
)
def test_what_only_looks_like_an_edit(text):
    assert all(kind == "request" for kind, _, _ in kinds(text, "ko" if text[0] > "z" else "en"))


def test_a_sentence_can_hold_two_edits():
    text = 'Please replace "may" with "shall" in Section 2, and replace "week" with "day" in Section 3.'
    asks = extract_asks(text)
    assert [(a.old, a.new) for a in asks] == [("may", "shall"), ("week", "day")]
    assert asks[0].span.end <= asks[1].span.start


def test_a_new_text_announced_then_quoted_below_is_one_add():
    text = (
        "Please add the following sentence to Section 6:\n\n"
        '"Inspectors show a photo card before they enter a home."\n\n'
        "Last year a man posing as an inspector entered two flats."
    )
    (ask,) = extract_asks(text)
    assert ask.kind == "add"
    assert ask.new == "Inspectors show a photo card before they enter a home."
    assert ask.span.text.startswith("Please add") and ask.span.text.endswith('home."')


@pytest.mark.parametrize(
    "text, expected_new",
    [
        (  # a quotation under a heading that calls it proposed
            "## Proposed addition to Section 4\n\n> Every inspector carries a photo card.\n\nWhy: fraud.",
            "Every inspector carries a photo card.",
        ),
        (  # a > block
            "다음 문구를 제9조에 새 항으로 넣어 주실 것을 요청합니다.\n\n> 위원회는 회의록을 공개하여야 한다.",
            "위원회는 회의록을 공개하여야 한다.",
        ),
        (  # a list item under an announcing paragraph
            "제4조에 아래 내용을 넣어 주시기 바랍니다.\n\n- 회의 결과를 7일 이내에 공개할 것\n\n저희는 매년 회의를 방청했습니다.",
            "회의 결과를 7일 이내에 공개할 것",
        ),
        (  # an unquoted provision after "the following"
            "We propose the following new subsection for Section 11:\n\n(4) Minutes are kept of every closed meeting.",
            "(4) Minutes are kept of every closed meeting.",
        ),
    ],
)
def test_announced_new_text_in_other_forms(text, expected_new):
    asks = extract_asks(text)
    assert asks[0].kind == "add"
    assert asks[0].new == expected_new


# --- rule 1: comparison tables -------------------------------------------------------


def test_korean_comparison_table_rows_are_edits():
    text = (
        "| 현행 | 개정안 | 사유 |\n"
        "| --- | --- | --- |\n"
        "| 30일 이내에 공개한다. | 14일 이내에 공개한다. | 신속한 공개 |\n"
        "| <신설> | ③ 시장은 결과를 누리집에 게시한다. | 투명성 |\n"
        "| ④ 수수료를 받을 수 있다. | <삭제> | 무료화 |\n"
        "| ⑤ 위원은 10명으로 한다. | (현행과 같음) | |"
    )
    asks = extract_asks(text, lang="ko")
    assert kinds(text, "ko") == [
        ("replace", "30일 이내에 공개한다.", "14일 이내에 공개한다."),
        ("add", None, "③ 시장은 결과를 누리집에 게시한다."),
        ("delete", "④ 수수료를 받을 수 있다.", None),
    ]
    assert asks[0].span.text == "| 30일 이내에 공개한다. | 14일 이내에 공개한다. | 신속한 공개 |"
    assert [c.text for c in asks[0].context] == ["30일 이내에 공개한다."]


@pytest.mark.parametrize(
    "header",
    [
        "| 조문 | 현행 | 개정(안) |",
        "| 조문 | 현행(안) | 개정안 | 사유 |",
        "| 조문 | 원안 | 수정안 |",
        "| Article | Current text | Proposed text |",
    ],
)
def test_comparison_headers_name_current_and_proposed_columns(header):
    # DOCX and HWP tables come without a separator row.
    text = f"{header}\n| 제3조 | 연 1회 | 분기마다 |\n| 제4조 | | 위원회를 둔다. |"
    assert kinds(text, "ko") == [("replace", "연 1회", "분기마다"), ("add", None, "위원회를 둔다.")]


def test_a_sentence_that_only_announces_a_comparison_table_is_no_ask():
    text = "아래와 같이 고쳐 주시기 바랍니다.\n\n| 조문 | 현행(안) | 개정안 |\n| --- | --- | --- |\n| 제5조 | 3일 전 | 7일 전 |"
    assert kinds(text, "ko") == [("replace", "3일 전", "7일 전")]


def test_other_tables_are_text():
    text = "| # | Recommendation | Cost |\n|---|---|---|\n| R1 | Publish the register every month | Low |\n| R2 | Staff costs | High |"
    assert spans(text) == ["Publish the register every month"]


# --- rule 2: requests in free text ---------------------------------------------------


def test_consecutive_request_sentences_of_a_paragraph_are_one_ask():
    text = (
        "We have read the draft with care. We ask the Council to publish the register. "
        "It should be free to search. The register exists since 2019.\n\n"
        "Please also keep the hearings in the evening."
    )
    assert spans(text) == [
        "We ask the Council to publish the register. It should be free to search.",
        "Please also keep the hearings in the evening.",
    ]


def test_list_items_are_separate_asks():
    text = "Our members agreed on two points.\n\n- Publish the budget every month\n- Add a map of the projects\n* Background: the map exists."
    assert spans(text) == ["Publish the budget every month", "Add a map of the projects"]


def test_greetings_thanks_and_signatures_are_no_asks():
    text = (
        "Dear Council,\n\nI live on Mill Road. Please extend the consultation by a month.\n\n"
        "Thank you for reading this.\n\nYours sincerely,\nAnn Lee\n12 Mill Road"
    )
    assert spans(text) == ["Please extend the consultation by a month."]
    assert spans("Hello,\nplease extend the deadline.") == ["please extend the deadline."]
    assert spans("Dear Council,\nPlease extend the deadline.") == ["Please extend the deadline."]
    text = "안녕하십니까.\n\n저는 주민입니다. 공청회를 두 번 열어 주십시오.\n\n감사합니다.\n홍길동 드림"
    assert spans(text, "ko") == ["공청회를 두 번 열어 주십시오."]


@pytest.mark.parametrize(
    "sentence",
    [
        "If a stall is refused, the least the council can do is give the reason.",
        "It would be fairer to charge by the metre.",
        "We urge the Ministry to publish every contract.",
        "I am asking that the fee be waived for pensioners.",
        "The City must inspect every unit each year.",
        "It is necessary to publish the minutes.",
        "Let tenants attend the inspection.",
        "We would like the hearings to be recorded.",
        "Our recommendation is a cap of ten dollars.",
        "The Board needs to meet in public.",
        "Kindly translate the notice into Spanish.",
        "Publish the list of barred companies.",
        "Put in the ordinance that the fee is the owner's.",
        "Add to Section 7 a duty to report.",
        "When the work starts, put a sign at the site.",
        "Milestone 3: publish the audit within a month.",
    ],
)
def test_english_request_markers(sentence):
    assert spans(f"The draft is long. {sentence} We read it twice.") == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "회의록을 공개해야 합니다.",
        "적극 검토해 주시기 바랍니다.",
        "자료를 미리 올려 주세요.",
        "점검 절차가 필요합니다.",
        "위원 수를 줄일 것을 제안합니다.",
        "온라인 투표도 했으면 합니다.",
        "결과를 분기마다 공개할 것.",
        "회의를 저녁에도 열어 주십시오.",
        "장애인 주민도 참여할 수 있도록 해 주십시오.",
        "공원에서는 못 피우게 정해 주시오.",
        "이 조항은 제9조로 옮기는 것이 자연스럽습니다.",
    ],
)
def test_korean_request_markers(sentence):
    assert spans(f"저는 주민입니다. {sentence} 작년에도 그랬습니다.", "ko") == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nous demandons que les agendas soient publiés.",
        "Il faut publier le registre chaque mois.",
        "Le ministère devrait répondre en trente jours.",
        "Veuillez publier les comptes rendus.",
        "Publier le registre chaque mois.",
    ],
)
def test_french_request_markers(sentence):
    assert spans(f"Nous avons lu le projet. {sentence} Merci.", "fr") == [sentence]


def test_without_marker_lists_every_own_sentence_but_a_question_is_a_request():
    text = "Die Frist ist zu kurz. Bitte verlängern Sie sie.\n\nWarum so kurz?"
    assert spans(text, "de") == ["Die Frist ist zu kurz. Bitte verlängern Sie sie."]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        (
            "Could you just keep the vans away from the school gates? We would be grateful.",
            "en",
            "Could you just keep the vans away from the school gates?",
        ),
        (
            "Would you please publish the minutes sooner?",
            "en",
            "Would you please publish the minutes sooner?",
        ),
        (
            "놀이터 옆에 그늘막을 더 설치해 주실 수 있을까요?",
            "ko",
            "놀이터 옆에 그늘막을 더 설치해 주실 수 있을까요?",
        ),
    ],
)
def test_a_request_put_as_a_question_is_a_request(text, lang, expected):
    assert spans(text, lang) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Could you tell me who decides?",
        "Increase in fees is what worries us.",
        "Will the fee apply to duplexes?",
        "Should the fee apply to duplexes?",
        "Please reply to this e-mail.",
        "I want to say something about the fees.",
        "I would also like to know who decides.",
    ],
)
def test_not_requests(text):
    assert extract_asks(text) == ()


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "We read the draft. Section 7 leaves out mould and pests. Please add them to the list.",
            "en",
        ),
        ("저는 주민입니다. 제5조에는 공청회 규정이 없습니다. 이를 꼭 넣어 주십시오.", "ko"),
    ],
)
def test_a_request_that_refers_back_takes_the_sentence_it_refers_to(text, lang):
    (ask,) = extract_asks(text, lang=lang)
    assert ask.span.text == text.split(". ", 1)[1]


def test_abbreviations_do_not_end_a_sentence():
    text = "We ask that Art. 5 be amended, e.g. by adding a deadline. Mr. Lee agrees with us."
    assert spans(text) == ["We ask that Art. 5 be amended, e.g. by adding a deadline."]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        (
            "We ask for the following:\n\n- a register of lobbyists\n- a cooling-off period of two years\n\nWe thank you.",
            "en",
            ["a register of lobbyists", "a cooling-off period of two years"],
        ),
        (
            "3. 이에 다음과 같이 요청합니다.\n가. 회의를 공개할 것\n나. 회의 자료를 7일 전에 게시할 것\n4. 사유: 알 권리",
            "ko",
            ["회의를 공개할 것", "회의 자료를 7일 전에 게시할 것"],
        ),
        (
            "Nous demandons donc :\n\n- la création d'un fonds ;\n- une plateforme commune.",
            "fr",
            ["la création d'un fonds ;", "une plateforme commune."],
        ),
        (  # not a request itself, but it calls the items below proposals
            "Our recommendations:\n1. a public register\n2. a cap on fees",
            "en",
            ["a public register", "a cap on fees"],
        ),
    ],
)
def test_the_items_under_a_request_are_its_asks(text, lang, expected):
    assert spans(text, lang) == expected


def test_a_request_before_its_items_stays_an_ask_when_it_says_more_than_that_they_follow():
    text = (
        "We propose that Section 15 require yearly figures for the Council, at minimum:\n"
        "- how many units are registered;\n- how many units were inspected."
    )
    assert spans(text) == [
        "We propose that Section 15 require yearly figures for the Council, at minimum:",
        "how many units are registered;",
        "how many units were inspected.",
    ]


# --- rule 3: quoted text is context, never an ask ------------------------------------


def test_email_quotes_are_no_asks():
    text = (
        "On 3 May, Jo Park wrote:\n> Please add a sentence on fees.\n> It should be short.\n\n"
        "I disagree. Please leave Section 4 as it is."
    )
    assert spans(text) == ["Please leave Section 4 as it is."]


def test_markers_inside_a_quotation_are_not_the_submitters():
    text = (
        'Section 2 reads: "The Board shall meet at least twice each year in public session."\n\n'
        "We ask that it meet monthly."
    )
    assert spans(text) == ["We ask that it meet monthly."]


def test_a_quoted_passage_in_a_request_is_its_context():
    passage = "the Board may, where it considers appropriate, publish its minutes"
    text = f'We ask that the clause "{passage}" be made a duty. The minutes matter.'
    (ask,) = extract_asks(text)
    assert ask.kind == "request"
    assert [c.text for c in ask.context] == [passage]
    short = extract_asks('We ask that "may" become a duty here.')[0]
    assert short.context == ()  # a short quote is a term of the submitter's own sentence


def test_a_quotation_over_several_paragraphs_is_no_ask():
    text = (
        'The draft reads:\n\n"(1) The Clerk shall answer within 20 days.\n\n'
        '(2) The Clerk must give reasons for a refusal."\n\nWe ask for 10 days instead.'
    )
    assert spans(text) == ["We ask for 10 days instead."]


def test_the_old_text_of_an_edit_is_context_and_the_new_text_is_not():
    (ask,) = extract_asks('Please replace "twice a year" with "every month".')
    assert [c.text for c in ask.context] == ["twice a year"]


# --- rule 4: form letters ------------------------------------------------------------

FORM_LETTER = (
    "{greeting}\n\nI support the Clean Air campaign. The list in Section 7 leaves out mould. "
    "Please add mould and pests to the list.\n\n"
    'We also ask that "annual" be replaced with "quarterly" in Section 9.\n\n'
    "Thank you.\n\n{signature}"
)


def test_the_copies_of_a_form_letter_have_the_same_asks_at_their_own_offsets():
    one = FORM_LETTER.format(greeting="Dear Council,", signature="Ann Lee")
    two = FORM_LETTER.format(
        greeting="To the members of the City Council:", signature="B. Okoro\nMill Road"
    )
    a, b = extract_asks(one), extract_asks(two)
    assert len(a) == 2
    assert [(x.kind, x.span.text, x.old, x.new) for x in a] == [
        (x.kind, x.span.text, x.old, x.new) for x in b
    ]
    shift = len("To the members of the City Council:") - len("Dear Council,")
    assert [x.span.start + shift for x in a] == [x.span.start for x in b]


# --- invariants ----------------------------------------------------------------------

FRAGMENTS = [
    "Please ", "publish ", "the ", "register", ". ", "? ", "\n", "\n\n", "- ", "1. ", "가. ", "① ",
    '"', "“", "”", "'", "«", "»", "「", "」", " shall ", "should ", "replace ", " with ", "→", " to ",
    "from 90 to 30 days", "| 현행 | 개정안 |\n", "| a | b |\n", "|", "@@ -1,2 +1,2 @@\n", "-old\n",
    "+new\n", " ctx\n", "--- a/x\n+++ b/x\n", "> quoted\n", "주십시오. ", "해야 합니다", "삭제", "를 ",
    "로 바꿔 ", "Dear Council,\n", "Thank you.", "e.g. ", "No. ", "# Title\n", "title: x\n", ":",
    "\x00", "\x02", "\x03", "\ud800", "\x85", "\u2028", "\t", " ",
]  # fmt: skip
structured = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
anything = st.text(alphabet=st.characters(codec=None, categories=None), max_size=300)


def check_invariants(text: str, asks: tuple[Ask, ...]) -> None:
    for i, ask in enumerate(asks):
        assert ask.index == i
        assert 0 <= ask.span.start <= ask.span.end <= len(text)
        assert text[ask.span.start : ask.span.end] == ask.span.text
        assert ask.kind in ("add", "replace", "delete", "move", "request")
        for c in ask.context:
            assert ask.span.start <= c.start <= c.end <= ask.span.end
            assert text[c.start : c.end] == c.text
    for a, b in zip(asks, asks[1:]):
        assert a.span.end <= b.span.start


@settings(max_examples=300, deadline=None)
@given(structured, st.sampled_from(["en", "ko", "fr", "de"]))
def test_invariants_on_submission_like_text(text, lang):
    check_invariants(text, extract_asks(text, lang=lang))


@settings(max_examples=300, deadline=None)
@given(anything, st.sampled_from(["en", "ko", "xx"]))
def test_invariants_on_any_text_with_surrogates_and_controls(text, lang):
    check_invariants(text, extract_asks(text, lang=lang))


# --- the module stays cheap and low in the house -------------------------------------

ALLOWED_IMPORTS = {
    "__future__",
    "bisect",
    "re",
    "collections.abc",
    "dataclasses",
    "typing",
    "model",
    "quotes",
    "normalize",
    "language",
}


def test_asks_imports_only_the_standard_library_and_low_modules(root):
    package = root / "src/provenance/asks"
    own = {path.stem for path in package.glob("*.py")}
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = list(ast.walk(tree))
        siblings = {n.module for n in nodes if isinstance(n, ast.ImportFrom) and n.level == 1}
        imported = {
            n.module for n in nodes if isinstance(n, ast.ImportFrom) and n.module and n.level != 1
        } | {alias.name for n in nodes if isinstance(n, ast.Import) for alias in n.names}
        assert imported <= ALLOWED_IMPORTS, path.name
        assert siblings <= own, path.name


# --- the project's corpus ------------------------------------------------------------


def corpus_cases(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if (p / "truth.json").is_file())


def test_every_corpus_submission_is_read_and_every_adopted_one_has_an_ask(corpus):
    cases = corpus_cases(corpus)
    assert cases
    for case in cases:
        truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))["submissions"]
        found, skipped = find_submissions([case / "submissions"])
        assert not skipped
        for submission in found:
            document = read_document(submission.path)
            asks = extract_asks(document.text, lang=document.lang)
            check_invariants(document.text, asks)
            if truth[submission.id]["adopted"]:
                assert asks, f"{case.name}/{submission.id}: adopted, but no ask found"
