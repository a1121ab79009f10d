"""Campaign copies: found by their lines, mapped onto their template, credited for what
their own text supports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import campaigns
from provenance.campaigns import Templates, compare
from provenance.pipeline import attribute

REASONS = [
    "Our rivers carry the waste of three factories and nobody measures what they carry.",
    "Families in the valley buy bottled water because the tap water smells of metal.",
    "The council promised yearly tests in 2019 and published none of them since then.",
    "Children at the primary school fell ill twice last winter after heavy rain fell.",
]
DEMAND = 'I call for a new article: "The water board shall publish every test result online."'
TEMPLATE = "\n\n".join(
    ["Dear members of the council,", *REASONS[:2], DEMAND, *REASONS[2:], "Yours sincerely,"]
)


def signed(name: str, text: str = TEMPLATE) -> str:
    return f"{text}\n{name}, Riverside"


def test_a_signed_copy_keeps_the_template_and_owns_its_closing_paragraph() -> None:
    copy = signed("Maria Lopez")
    found = compare(TEMPLATE, copy)
    assert found is not None
    assert found.own_text(copy) == "Yours sincerely,\nMaria Lopez, Riverside"  # its paragraph
    start = TEMPLATE.index("The water board")
    at = found.to_copy(start, start + 30)
    assert at is not None and copy[at[0] : at[1]] == TEMPLATE[start : start + 30]


def test_a_typo_in_the_demand_makes_that_line_the_copys_own() -> None:
    copy = signed("Jon Park", TEMPLATE.replace("every test", "evrey test"))
    found = compare(TEMPLATE, copy)
    assert found is not None
    start = TEMPLATE.index("The water board")
    assert found.to_copy(start, start + 30) is None  # changed: not carried over
    own = found.own_text(copy)
    assert "evrey test" in own
    s, e = found.from_own(own.index("The water"), own.index("online") + 6)
    assert copy[s:e] == "The water board shall publish evrey test result online"


def test_a_copy_that_dropped_the_demand_carries_nothing_of_it() -> None:
    copy = signed("Ann Wu", TEMPLATE.replace(DEMAND + "\n\n", ""))
    found = compare(TEMPLATE, copy)
    assert found is not None
    start = TEMPLATE.index("The water board")
    assert found.to_copy(start, start + 30) is None
    assert "water board" not in found.own_text(copy)


def test_a_letter_that_only_quotes_the_same_line_is_not_a_copy() -> None:
    other = "\n\n".join(["To the council,", REASONS[0], "We oppose the plan entirely.", "Ben"])
    assert compare(TEMPLATE, other) is None
    held = Templates(lambda n: [TEMPLATE, other][n])
    assert held.copy_or_add(0, TEMPLATE) is None
    assert held.copy_or_add(1, other) is None  # registered as a template of its own
    found = held.copy_or_add(2, signed("Maria Lopez"))
    assert found is not None and found[0] == 0


def test_a_diff_is_never_split_from_its_hunk() -> None:
    patch = (
        "Fix the link.\n@@ -1,2 +1,2 @@\n context line that stays the same\n-old text\n+new text\n"
    )
    assert compare(patch + "\n" * 4, patch.replace("+new text", "+newer text") + "\n" * 4) is None


def test_a_changed_line_makes_its_whole_paragraph_the_copys_own() -> None:
    wrapped = TEMPLATE.replace("I call for a new article: ", "I call for a new article:\n")
    copy = wrapped.replace("every test result", "every tset result")
    found = compare(wrapped, copy)
    assert found is not None
    assert found.own_text(copy) == DEMAND.replace(": ", ":\n").replace("test result", "tset result")


paragraph = st.text(alphabet="abcdefgh ", min_size=40, max_size=80).map(str.strip).filter(len)


@given(
    st.lists(paragraph, min_size=6, max_size=10, unique=True),
    st.lists(st.tuples(st.integers(0, 9), st.sampled_from(["drop", "edit", "insert"]))),
)
def test_the_map_gives_back_the_same_characters_both_ways(
    lines: list[str], changes: list[tuple[int, str]]
) -> None:
    template = "\n".join(lines)
    copy_lines = list(lines)
    for at, change in changes[:2]:
        k = at % len(copy_lines)
        if change == "drop" and len(copy_lines) > 1:
            del copy_lines[k]
        elif change == "edit":
            copy_lines[k] = copy_lines[k] + " x"
        else:
            copy_lines.insert(k, "my own sentence about the river and the school")
    copy = "\n".join(copy_lines)
    found = compare(template, copy)
    if found is None:
        return
    for t_start, c_start, size in found.shared:
        assert copy[c_start : c_start + size] == template[t_start : t_start + size]
        assert found.to_copy(t_start, t_start + size) == (c_start, c_start + size)
    own = found.own_text(copy)
    at = 0
    for s, e in found.own:
        assert own[at : at + e - s] == copy[s:e]
        assert found.from_own(at, at + e - s) == (s, e)
        at += e - s + len(campaigns.OWN_SEPARATOR)


def _links(result: object) -> set[tuple[str, str, str]]:
    return {(k.submission_id, k.final.text, k.submission.text) for k in result.links}  # type: ignore[attr-defined]


@pytest.fixture
def campaign() -> tuple[str, str, dict[str, str]]:
    draft = "1. The water board tests the water.\n\n2. Results go to the ministry.\n"
    final = (
        "1. The water board tests the water.\n\n2. Results go to the ministry.\n\n"
        "3. The water board shall publish every test result online.\n"
    )
    letters = {f"form-{n:03d}": signed(f"Sender {n}") for n in range(30)}
    letters["form-typo"] = signed("Jon Park", TEMPLATE.replace("result online", "reslut online"))
    letters["form-dropped"] = signed("Ann Wu", TEMPLATE.replace(DEMAND + "\n\n", ""))
    letters["form-own"] = signed(
        "Kim Lee",
        TEMPLATE.replace("Yours", "The board must also publish every test result.\n\nYours"),
    )
    letters["unrelated"] = "We support the plan.\n\nThe rivers are fine as they are."
    return draft, final, letters


def test_copies_get_what_a_whole_match_gives_them(
    campaign: tuple[str, str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft, final, letters = campaign
    through_template = attribute(draft, final, letters, semantic=False)
    monkeypatch.setattr(campaigns, "MIN_SHARED", 2.0)  # no text is anyone's copy
    whole = attribute(draft, final, letters, semantic=False)
    assert _links(through_template) == _links(whole)
    credited = {k.submission_id for k in through_template.links}
    assert {f"form-{n:03d}" for n in range(30)} | {"form-typo", "form-own"} <= credited
    assert "form-dropped" not in credited and "unrelated" not in credited
    # Every submission's asks, credited or not: carried over from the template as split whole.
    assert [(a.id, a.submission.text, a.kind, a.outcome) for a in through_template.asks] == [
        (a.id, a.submission.text, a.kind, a.outcome) for a in whole.asks
    ]


def test_rows_read_again_give_what_texts_held_give(
    campaign: tuple[str, str, dict[str, str]], tmp_path: Path
) -> None:
    draft, final, letters = campaign
    table = tmp_path / "comments.jsonl"
    table.write_text(
        "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in letters.items()),
        encoding="utf-8",
    )
    streamed = attribute(draft, final, [table], semantic=False, jobs=2)
    held = attribute(draft, final, letters, semantic=False)
    assert _links(streamed) == _links(held)
    assert [(a.id, a.submission.text, a.outcome) for a in streamed.asks] == [
        (a.id, a.submission.text, a.outcome) for a in held.asks
    ]
