"""The readable table stays readable at scale; JSON and CSV keep every link and submission."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from provenance import attribute
from provenance.read import document_from_text
from provenance.tables import attribution_table, links_csv

DRAFT = document_from_text("1. Publish budgets.")
FINAL = "1. Publish budgets.\n2. Open every council meeting to the press."
LETTER = "We ask you to open every council meeting to the press."


def _run(letters: int, others: int, *, letters_last: bool = False):
    """``letters`` copies of one form letter and ``others`` thank-you notes."""
    copies = [(f"letter-{i:03d}", LETTER) for i in range(letters)]
    notes = [(f"note-{i:03d}", f"Thank you for plan number {i}.") for i in range(others)]
    return attribute(DRAFT, FINAL, dict(notes + copies if letters_last else copies + notes))


def _contributors(table: str) -> list[str]:
    return [line for line in table.splitlines() if line.startswith("    ←")]


def test_a_few_senders_of_one_letter_each_get_a_line():
    lines = _contributors(attribution_table(_run(5, 0)))
    assert [line.split()[1] for line in lines] == [f"letter-{i:03d}" for i in range(5)]


def test_many_senders_of_one_letter_are_folded():
    result = _run(8, 0)
    lines = _contributors(attribution_table(result))
    assert [line.split()[1] for line in lines[:3]] == ["letter-000", "letter-001", "letter-002"]
    assert lines[3:] == ["    ← and 5 more with the same evidence"]
    rows = list(csv.DictReader(io.StringIO(links_csv(result))))
    assert len(rows) == len(result.links) == 8  # the CSV keeps every link


def test_every_submission_is_listed_up_to_a_hundred():
    table = attribution_table(_run(1, 99))
    rows = table.split("adopted  links\n")[1].splitlines()
    assert len(rows) == 100
    assert rows[0].startswith("letter-000") and "…" not in table


@pytest.mark.parametrize("letters_last", [False, True])
def test_past_a_hundred_submissions_the_adopted_come_first(letters_last):
    table = attribution_table(_run(2, 118, letters_last=letters_last))
    rows = table.split("adopted  links\n")[1].splitlines()
    assert len(rows) == 101
    assert [row.split()[:2] for row in rows[:2]] == [["letter-000", "yes"], ["letter-001", "yes"]]
    assert rows[2].startswith("note-000")
    assert rows[-1] == "… and 20 more, none adopted: --format json lists every one"


@pytest.mark.issue(17)
def test_past_a_hundred_submissions_every_adopted_one_is_listed():
    adopted = set(range(0, 150 * 13, 13))  # spread through the 2,000, not first
    subs = {
        f"sub-{i:04d}": LETTER if i in adopted else f"Thank you for plan number {i}."
        for i in range(2000)
    }
    result = attribute(DRAFT, FINAL, subs)
    assert sum(row["adopted"] for row in result.summary()) == 150
    table = attribution_table(result)
    rows = table.split("adopted  links\n")[1].splitlines()
    listed = [row.split()[0] for row in rows if row.split()[1:2] == ["yes"]]
    assert listed == [f"sub-{i:04d}" for i in sorted(adopted)]
    assert len(rows) == 151  # every adopted one, then the fold
    assert all(row.split()[1] == "yes" for row in rows[:150])
    assert rows[150] == "… and 1,850 more, none adopted: --format json lists every one"


@pytest.mark.issue(17)
def test_korean_ids_keep_the_columns_in_line():
    import wcwidth

    letters = {"한빛시민연대-의견서": LETTER, "press-club": LETTER}
    table = attribution_table(attribute(DRAFT, FINAL, letters))
    rows = [line for line in table.splitlines() if line.startswith(("한빛", "press-club"))]
    assert len(rows) == 2
    # "yes" starts in the same terminal cell on both rows.
    assert len({wcwidth.wcswidth(row[: row.index("yes")]) for row in rows}) == 1


@pytest.mark.issue(17)
def test_a_passage_starting_inside_a_clause_number_is_quoted_from_its_first_word():
    import dataclasses

    from provenance.model import Span

    final = "Milestone 12: Hold hearings.\nMilestone 13.1: Publish the budget every month.\n"
    result = attribute(
        "Milestone 12: Hold hearings.\n", final, {"a": "Publish the budget every month."}
    )
    (link,) = result.links
    start = final.index("13.1:") + len("13.")  # as a span cut inside the clause number
    cut = dataclasses.replace(link, final=Span.of(final, start, link.final.end))
    assert cut.final.text.startswith("1: Publish")
    table = attribution_table(dataclasses.replace(result, links=(cut,)))
    assert "  final: “Publish the budget every month.”" in table.splitlines()


KO_DRAFT = "제1조(목적) 이 조례는 공공데이터의 제공에 관한 사항을 정한다.\n"
KO_FINAL = KO_DRAFT + "제2조(공개) 시장은 위원회 회의록을 누리집에 공개하여야 한다.\n"
KO_LETTERS = {
    "한빛시민연대-의견서": "시장은 위원회 회의록을 누리집에 공개하여야 한다는 조항을 신설해 주십시오.",
    "resident-park": "좋은 조례를 만들어 주셔서 감사합니다.",
}


@pytest.mark.issue(17)
def test_a_korean_runs_table_speaks_korean():
    import wcwidth

    from provenance.ledger import LABELS

    result = attribute(KO_DRAFT, KO_FINAL, KO_LETTERS, lang="ko", semantic=False)
    assert result.params["lang"] == "ko"
    table = attribution_table(result)
    lines = table.splitlines()
    assert lines[0].startswith("초안: <text> (sha256 ")
    assert lines[1].startswith("최종안: <text> (sha256 ")
    assert lines[2].startswith(f"변경 {len(result.changes)}건; 연결 {len(result.links)}건으로 ")
    assert "의견서 2건 중 1건 반영; 실행 ID " in lines[2]
    assert lines[3] == f"다이제스트 {result.digest}"
    assert any(line.startswith("c") and " 추가  제2조(공개)" in line for line in lines)
    assert "  최종안 문구: “" in table
    header = next(line for line in lines if line.startswith(LABELS["ko"]["submission"]))
    assert header.split()[-2:] == [LABELS["ko"]["adopted"], "연결"]  # the ledger's word: 반영
    assert wcwidth.wcswidth(header[: header.index("반영")]) == 40  # columns as in English
    rows = {line.split()[0]: line.split()[1:] for line in lines[lines.index(header) + 1 :] if line}
    assert rows == {"한빛시민연대-의견서": ["예", "1"], "resident-park": ["아니요", "0"]}
    for word in ("change", "submissions", "with 1 link", "run ", "digest", "final:", "adopted"):
        assert word not in table


@pytest.mark.issue(17)
def test_a_korean_runs_table_folds_in_korean():
    subs = {f"sub-{i:03d}": f"{i}번 의견에 감사드립니다." for i in range(120)}
    subs["한빛시민연대-의견서"] = KO_LETTERS["한빛시민연대-의견서"]
    table = attribution_table(attribute(KO_DRAFT, KO_FINAL, subs, lang="ko", semantic=False))
    assert table.splitlines()[-1] == (
        "… 외 21건, 모두 반영되지 않음: --format json으로 전부 볼 수 있음"
    )


@pytest.mark.issue(17)
def test_an_english_runs_table_keeps_its_english_words():
    result = _run(1, 1)
    lines = attribution_table(result).splitlines()
    assert lines[0].startswith("draft: <text> (sha256 ")
    assert len(result.changes) == len(result.links) == 1
    assert lines[2] == f"1 change; 1 of 2 submissions adopted, with 1 link; run {result.run_id}"
    assert lines[3] == f"digest {result.digest}"
    assert "submission" + " " * 30 + "adopted  links" in lines
    assert "  final: “Open every council meeting to the press”" in lines
    assert lines[-2:] == [f"letter-000{' ' * 30}yes      1", f"note-000{' ' * 32}no       0"]


@pytest.mark.issue(17)
def test_a_passage_cut_inside_words_is_quoted_from_and_to_whole_words():
    from provenance.model import Link, Span

    result = attribute(KO_DRAFT, KO_FINAL, KO_LETTERS, lang="ko", semantic=False)
    link = result.links[0]
    final, letter = result.alignment.final.text, result.submissions[0].document.text
    # As the engine gives Korean passages: from inside one word to inside another.
    f_start, f_end = final.index("원회 회의록"), final.index("여야 한다.")
    s_start, s_end = letter.index("원회 회의록"), letter.index("여야 한다는")
    cut = Link(
        change_id=link.change_id,
        submission_id=link.submission_id,
        final=Span.of(final, f_start, f_end),
        submission=Span.of(letter, s_start, s_end),
        score=link.score,
        confidence=link.confidence,
        method=link.method,
    )
    table = attribution_table(replace(result, links=(cut,)))
    assert "“…회의록을 누리집에…”" in table
    assert "“원회" not in table and "공개하”" not in table


@pytest.mark.issue(17)
def test_a_korean_runs_table_names_confidence_and_method_in_korean():
    from provenance.messages import message

    result = attribute(KO_DRAFT, KO_FINAL, KO_LETTERS, lang="ko", semantic=False)
    (link,) = result.links
    line = next(line for line in attribution_table(result).splitlines() if "←" in line)
    confidence = message("ko", f"confidence.{link.confidence}")
    method = message("ko", f"method.{link.method}")
    assert f"{link.score:.2f} 신뢰도 {confidence} · {method}: “" in line
    assert link.confidence not in line and link.method not in line


def test_an_english_runs_table_names_confidence_and_method_as_before():
    line = next(line for line in attribution_table(_run(1, 0)).splitlines() if "←" in line)
    assert line == "    ← letter-000  0.90 high fuzzy: “open every council meeting to the press”"


@pytest.mark.issue(17)
@pytest.mark.parametrize(
    ("letters", "others", "counts"),
    [
        (1, 0, "1 change; 1 of 1 submission adopted, with 1 link"),
        (1, 1, "1 change; 1 of 2 submissions adopted, with 1 link"),
        (2, 0, "1 change; 2 of 2 submissions adopted, with 2 links"),
        (0, 1, "1 change; 0 of 1 submission adopted, with 0 links"),
    ],
)
def test_an_english_runs_counts_read_as_english(letters, others, counts):
    result = _run(letters, others)
    assert attribution_table(result).splitlines()[2] == f"{counts}; run {result.run_id}"
